from datetime import datetime, timedelta, timezone

from webapp.models import Job
from webapp.scheduler import PERIODIC, build
from tests.factories import make_lead, make_user


def test_escalation_offer_expiry_retraining_and_drift_are_scheduled(app):
    scheduler = build(app)
    assert {job.id for job in scheduler.get_jobs()} == {"escalations", "offer-expiry", "retrain", "drift"}
    build(app)  # building again (a second scheduler process) registers nothing twice
    assert len(PERIODIC) == 4


def test_run_once_from_the_command_line_records_a_job(app, db):
    owner = make_user("sales")
    make_lead(owner_id=owner.id, due_at=datetime.now(timezone.utc) - timedelta(days=3))
    result = app.test_cli_runner().invoke(args=["scheduler", "once", "escalations"])
    assert "escalations: done — 1 lead(s) escalated" in result.output
    assert db.session.query(Job).filter_by(kind="escalations", status="done").count() == 1
    unknown = app.test_cli_runner().invoke(args=["scheduler", "once", "nope"])
    assert unknown.exit_code != 0 and "No job 'nope'" in unknown.output
    assert all(kind in unknown.output for kind in ("offer-expiry", "retrain", "drift"))  # every domain's job runs once
