"""Jobs record what happened; the database lock lets only one run of a kind at a time."""

from datetime import timedelta

import pytest

from webapp.jobs import JobBusy, acquire_lock, create_job, release_lock, run_job
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
