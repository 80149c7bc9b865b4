"""Jobs record what happened; the database lock lets only one run of a kind at a time."""

import threading
from datetime import datetime, timedelta, timezone

import pytest

from webapp.heartbeat import Heartbeat, beat
from webapp.jobs import LOCK_TTL, JobBusy, acquire_lock, create_job, release_lock, run_job
from webapp.models import Job, JobLock
from tests.factories import make_contact


def test_a_held_lock_refuses_a_second_holder_until_released_or_expired(db):
    assert acquire_lock("retrain", "worker-1", timedelta(minutes=5))
    assert not acquire_lock("retrain", "worker-2", timedelta(minutes=5))
    release_lock("retrain", "worker-1")
    assert acquire_lock("retrain", "worker-2", timedelta(minutes=5))
    # A holder that died leaves an expired lock, which the next run takes over.
    assert acquire_lock("rescore", "dead-worker", timedelta(seconds=-1))
    assert acquire_lock("rescore", "worker-3", timedelta(minutes=5))


def test_a_second_run_while_one_holds_the_lock_does_not_start(db):
    acquire_lock("retrain", "other-process", timedelta(minutes=5))
    job = create_job("retrain")
    with pytest.raises(JobBusy):
        run_job(job.id, lambda progress: {"message": "should not run"})
    job = db.session.get(Job, job.id)
    assert job.status == "failed" and "in progress" in job.message


def test_a_successful_job_records_progress_and_result_and_frees_the_lock(db):
    job = create_job("rescore")

    def work(progress):
        progress(50, "Half way")
        return {"message": "Scored 3 leads", "count": 3}

    run_job(job.id, work)
    job = db.session.get(Job, job.id)
    assert (job.status, job.progress, job.message, job.result["count"]) == ("done", 100, "Scored 3 leads", 3)
    assert db.session.query(JobLock).count() == 0


def test_a_failed_job_keeps_the_previous_state_and_says_why(db):
    contact = make_contact(first_name="Before")
    job = create_job("import")

    def work(progress):
        contact.first_name = "Half-written"
        db.session.flush()
        raise ValueError("row 7 has no e-mail")

    run_job(job.id, work)
    db.session.expire_all()
    assert db.session.get(Job, job.id).message == "Failed: row 7 has no e-mail"
    assert db.session.get(type(contact), contact.id).first_name == "Before"
    assert db.session.query(JobLock).count() == 0


def test_a_job_told_to_wait_starts_when_the_running_one_lets_go(db):
    acquire_lock("rescore", "other-process", timedelta(milliseconds=300))  # its holder finishes soon
    job = create_job("rescore")
    run_job(job.id, lambda progress: {"message": "Rescored 2 leads"}, wait=timedelta(seconds=10), poll=0.05)
    assert (db.session.get(Job, job.id).status, db.session.get(Job, job.id).message) == ("done", "Rescored 2 leads")


def test_a_waiting_job_gives_up_when_the_wait_is_over(db):
    acquire_lock("rescore", "other-process", timedelta(minutes=5))
    job = create_job("rescore")
    with pytest.raises(JobBusy):
        run_job(job.id, lambda progress: {"message": "should not run"}, wait=timedelta(milliseconds=200), poll=0.05)
    job = db.session.get(Job, job.id)
    assert job.status == "failed" and "did not start" in job.message


def _killed_run(db, kind: str, silent_for: timedelta, status: str = "running") -> Job:
    """What a run leaves when its process is killed: a job still marked running, its last
    heartbeat `silent_for` ago, and its lock as that heartbeat last renewed it."""
    last_beat = datetime.now(timezone.utc) - silent_for
    job = create_job(kind)
    job.status, job.started_at, job.heartbeat_at = status, last_beat - timedelta(minutes=1), last_beat
    db.session.add(JobLock(name=kind, holder="killed-host:4242:1", acquired_at=job.started_at,
                           expires_at=last_beat + LOCK_TTL))
    db.session.commit()
    return job


def test_a_running_job_holds_its_lock_only_shortly_past_its_last_heartbeat(db):
    job = create_job("retrain")
    seen = {}

    def work(progress):
        seen["taken"] = db.session.query(JobLock).one().expires_at
        progress(50, "Half way")
        seen["renewed"] = db.session.query(JobLock).one().expires_at
        seen["beat"] = db.session.get(Job, job.id).heartbeat_at
        return {"message": "Done"}

    before = datetime.now(timezone.utc)
    run_job(job.id, work)
    expiry = _aware(seen["taken"])
    assert before < expiry <= before + timedelta(minutes=5)  # not hours: a killed run frees it soon
    assert _aware(seen["renewed"]) >= expiry and _aware(seen["beat"]) >= before


def test_a_killed_run_is_recorded_as_interrupted_and_the_next_run_starts_at_once(db):
    killed = _killed_run(db, "retrain", silent_for=LOCK_TTL + timedelta(seconds=5))
    assert killed.state == "interrupted" and not killed.active  # shown so before anyone writes
    job = run_job(create_job("retrain").id, lambda progress: {"message": "Trained"})
    assert (job.status, job.message) == ("done", "Trained")
    db.session.expire_all()
    killed = db.session.get(Job, killed.id)
    assert killed.status == "interrupted" and "stopped" in killed.message and killed.finished_at


def test_a_run_that_still_heartbeats_keeps_its_lock(db):
    alive = _killed_run(db, "retrain", silent_for=timedelta(seconds=30))  # heartbeat recent: alive
    assert alive.state == "running"
    with pytest.raises(JobBusy):
        run_job(create_job("retrain").id, lambda progress: {"message": "should not run"})
    assert db.session.get(Job, alive.id).status == "running"


def test_the_model_page_shows_a_killed_retraining_as_interrupted_and_retrains_at_once(client, login_as, db):
    login_as("admin")
    killed = _killed_run(db, "retrain", silent_for=timedelta(minutes=10))
    fragment = client.get(f"/scoring/jobs/{killed.id}", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert "was interrupted" in body and "hx-trigger" not in body and fragment.headers["HX-Trigger"] == "job-done"
    page = client.post("/scoring/retrain", follow_redirects=True).get_data(as_text=True)
    assert "already running" not in page
    assert db.session.query(Job).filter_by(kind="retrain").count() == 2  # a new run started
    assert db.session.get(Job, killed.id).status == "interrupted"


def test_a_queued_rescore_whose_process_died_is_not_joined(app, db):
    from webapp.settings import rescoring

    dead = _killed_run(db, rescoring.KIND, silent_for=timedelta(minutes=10), status="queued")
    db.session.query(JobLock).delete()  # it died while waiting, holding nothing
    db.session.commit()
    job = rescoring.rescore_open_leads(None, "settings changed")
    assert job.id != dead.id and job.status == "done"
    assert db.session.get(Job, dead.id).status == "interrupted"


def test_the_heartbeat_writes_the_job_row_and_extends_the_lock(db):
    job = create_job("retrain")
    acquire_lock("retrain", "me", timedelta(seconds=1))
    at = datetime.now(timezone.utc) + timedelta(minutes=1)
    beat(db.engine, job.id, "retrain", "me", LOCK_TTL, now=at)
    db.session.expire_all()
    assert _aware(db.session.get(Job, job.id).heartbeat_at) == at
    assert _aware(db.session.get(JobLock, "retrain").expires_at) == at + LOCK_TTL


def test_the_heartbeat_timer_keeps_beating_after_a_failed_beat():
    beats, done = [], threading.Event()

    def pulse():
        beats.append(1)
        if len(beats) == 1:
            raise OSError("database busy")
        done.set()

    with Heartbeat(pulse, every=0.001):
        assert done.wait(timeout=10)
    assert len(beats) >= 2


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)  # SQLite gives naive UTC
