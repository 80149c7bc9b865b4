"""Scoring's background work: retraining (on the settings' schedule and on request) and the daily drift
report. The app factory registers the periodic ones with the scheduler."""

from flask_babel import lazy_gettext as _l

from webapp.scheduler import Periodic, cron, register
from webapp.settings.services import get_settings
from webapp.scoring.messages import RESCORING
from webapp.stored_text import english, stored

DRIFT_CRON = "15 6 * * *"  # daily, before the working day; the report is also refreshed on promotion
RESCORE_CRON = "45 2 * * *"  # nightly: scores that move with the passage of time are current by morning
# Stored in English on the Job row, translated where shown.
COMPARING = stored(_l("Comparing open leads with the training data"))
NO_MODEL = stored(_l("No current model; there is nothing to compare with."))
DRIFT_DONE = stored(_l("%(open)s open leads against %(training)s training leads; %(shifted)s field(s) shifted."))
RESCORED = stored(_l("%(count)s open lead(s) rescored."))


def retrain_job(progress) -> dict:
    from webapp.scoring.training import retrain

    return retrain(progress)


def drift_job(progress) -> dict:
    """Recompute and store the current model's drift report (the daily job and the page's button)."""
    from webapp.scoring.drift import refresh_drift

    progress(10, english(COMPARING))
    report = refresh_drift()
    if report is None:
        return {"message": english(NO_MODEL)}
    shifted = [f["feature"] for f in report["features"] if f["shifted"]]
    return {"message": english(DRIFT_DONE, open=report["open_leads"], training=report["training_leads"],
                               shifted=len(shifted)), "shifted": shifted}


def rescore_job(progress) -> dict:
    """Rescore every open lead: a change of what feeds a score rescores it at once
    (webapp.scoring.live); this catches up with time passing and with anything missed."""
    from webapp.scoring.service import rescore_all

    progress(10, english(RESCORING))
    count = rescore_all(open_only=True)
    return {"message": english(RESCORED, count=count), "count": count}


def register_periodic() -> None:
    """Nightly (or as set) retraining, on the cron expression from the settings; a daily drift report;
    a nightly rescore of open leads."""
    def trigger(app):
        with app.app_context():
            return cron(get_settings()["scoring"]["retrain_cron"])

    register(Periodic("retrain", trigger, retrain_job))
    register(Periodic("drift", lambda app: cron(DRIFT_CRON), drift_job))
    register(Periodic("rescore", lambda app: cron(RESCORE_CRON), rescore_job))
