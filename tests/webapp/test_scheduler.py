from datetime import datetime, timedelta, timezone

from webapp.models import Job
from webapp.scheduler import PERIODIC, build
from tests.factories import make_lead, make_user


def test_escalation_offer_expiry_retraining_drift_rescore_statistics_and_uploads_are_scheduled(app):
    scheduler = build(app)
    assert {job.id for job in scheduler.get_jobs()} == {"escalations", "time-windows", "offer-expiry", "overdue-invoices",
                                                         "retrain", "drift", "rescore", "statistics", "notification-digest",
                                                         "import-uploads"}
    build(app)  # building again (a second scheduler process) registers nothing twice
    assert len(PERIODIC) == 10


def test_run_once_from_the_command_line_records_a_job(app, db):
    owner = make_user("sales")
    make_lead(owner_id=owner.id, due_at=datetime.now(timezone.utc) - timedelta(days=3))
    result = app.test_cli_runner().invoke(args=["scheduler", "once", "escalations"])
    assert "escalations: done — 1 lead(s) escalated" in result.output
    assert db.session.query(Job).filter_by(kind="escalations", status="done").count() == 1
    unknown = app.test_cli_runner().invoke(args=["scheduler", "once", "nope"])
    assert unknown.exit_code != 0 and "No job 'nope'" in unknown.output
    assert all(kind in unknown.output for kind in ("offer-expiry", "retrain", "drift"))  # every domain's job runs once


def test_the_nightly_statistics_job_gives_the_planner_statistics(app, db):
    from sqlalchemy import text

    for i in range(20):
        make_lead(title=f"Lead {i}", probability=i / 20)
    assert app.test_cli_runner().invoke(args=["scheduler", "once", "statistics"]).exit_code == 0
    assert db.session.query(Job).filter_by(kind="statistics", status="done").count() == 1
    if db.engine.dialect.name == "sqlite":
        assert db.session.execute(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'leads'")).scalar() > 0
    else:
        analyzed = "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'leads'"
        assert db.session.execute(text(analyzed)).scalar() is not None
