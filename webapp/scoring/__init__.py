"""The one place in the web app that talks to the scoring library."""


def _retrain_job(progress) -> dict:
    from webapp.scoring.training import retrain

    return retrain(progress)


def register_periodic() -> None:
    """Nightly (or as set) retraining, on the cron expression from the settings."""
    from webapp.scheduler import Periodic, cron, register
    from webapp.settings.services import get_settings

    def trigger(app):
        with app.app_context():
            return cron(get_settings()["scoring"]["retrain_cron"])

    register(Periodic("retrain", trigger, _retrain_job))
