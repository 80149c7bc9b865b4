"""Scoring's background work: retraining (on the settings' schedule and on request) and the daily drift
report. The app factory registers the periodic ones with the scheduler."""

from webapp.scheduler import Periodic, cron, register
from webapp.settings.services import get_settings

DRIFT_CRON = "15 6 * * *"  # daily, before the working day; the report is also refreshed on promotion


def retrain_job(progress) -> dict:
    from webapp.scoring.training import retrain

    return retrain(progress)


def drift_job(progress) -> dict:
    """Recompute and store the current model's drift report (the daily job and the page's button)."""
    from webapp.scoring.drift import refresh_drift

    progress(10, "Comparing open leads with the training data")
    report = refresh_drift()
    if report is None:
        return {"message": "No current model; there is nothing to compare with."}
    shifted = [f["feature"] for f in report["features"] if f["shifted"]]
    return {"message": f"{report['open_leads']} open leads against {report['training_leads']} training leads; "
                       f"{len(shifted)} field(s) shifted.", "shifted": shifted}


def register_periodic() -> None:
    """Nightly (or as set) retraining, on the cron expression from the settings; a daily drift report."""
    def trigger(app):
        with app.app_context():
            return cron(get_settings()["scoring"]["retrain_cron"])

    register(Periodic("retrain", trigger, retrain_job))
    register(Periodic("drift", lambda app: cron(DRIFT_CRON), drift_job))
