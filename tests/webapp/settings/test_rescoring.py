"""Rescoring open leads after a settings change: one at a time, and changes meanwhile join the queue."""

from datetime import datetime, timedelta, timezone

from webapp.jobs import create_job
from webapp.models import Job
from webapp.settings.rescoring import rescore_open_leads
from tests.factories import make_lead


def test_a_change_while_a_rescore_waits_to_start_joins_that_rescore(db):
    make_lead(budget="confirmed")
    waiting = create_job("rescore", message="Waiting to rescore open leads")
    job = rescore_open_leads(None, "probability thresholds changed")
    assert job.id == waiting.id and job.status == "queued"
    assert db.session.query(Job).filter_by(kind="rescore").count() == 1


def test_a_rescore_left_queued_long_ago_does_not_block_a_new_one(db):
    lead = make_lead(budget="confirmed")
    stale = create_job("rescore")
    stale.created_at = datetime.now(timezone.utc) - timedelta(hours=2)  # its process died before it started
    db.session.commit()
    job = rescore_open_leads(None, "BANT points changed")
    assert job.id != stale.id and (job.status, job.result["count"]) == ("done", 1)
    db.session.refresh(lead)
    assert lead.bant_points == 30 and lead.abc_class == "C"


def test_the_rescore_progress_polls_itself_until_the_job_ends(client, login_as, db):
    login_as("admin")
    job = create_job("rescore")
    job.status, job.progress, job.message = "running", 5, "Rescoring open leads"
    db.session.commit()
    running = client.get(f"/settings/rescore/{job.id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'hx-trigger="every 1s"' in running and "Rescoring open leads" in running and "<html" not in running
    job.status, job.message = "done", "12 open lead(s) rescored."
    db.session.commit()
    done = client.get(f"/settings/rescore/{job.id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "hx-trigger" not in done and "Last rescore of open leads: 12 open lead(s) rescored." in done
    assert client.get(f"/settings/rescore/{create_job('retrain').id}").status_code == 404


def test_only_admins_see_the_rescore_progress(client, login_as, db):
    login_as("sales")
    assert client.get(f"/settings/rescore/{create_job('rescore').id}").status_code == 403
