"""What other processes see of a job and its lock, read through a connection of their own: the
admin's progress page, another worker about to start the same kind, the scheduler. A step that
forgot to commit shows here, where a test sharing the job's own session would not notice it."""

import logging
import os
import socket
import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from webapp import jobs
from webapp.extensions import db
from webapp.jobs import (INTERRUPTED, WAITING, JobBusy, acquire_lock, create_job, holder_name, interrupt_stalled,
                         release_lock, run_in_background, run_job)
from webapp.models import Job, JobLock
from webapp.models.job import HEARTBEAT_TTL
from tests.factories import make_user

HOUR = timedelta(hours=1)


def _aware(value: datetime | None) -> datetime | None:
    return value if value is None or value.tzinfo else value.replace(tzinfo=timezone.utc)  # SQLite: naive UTC


def _row(table, *where) -> dict | None:
    """The row as another process reads it: on a connection of its own, committed data only."""
    with db.engine.connect() as other:
        row = other.execute(select(table).where(*where)).mappings().first()
    return None if row is None else {k: _aware(v) if isinstance(v, datetime) else v for k, v in row.items()}


def job_seen_by_others(job_id: int) -> dict | None:
    return _row(Job.__table__, Job.__table__.c.id == job_id)


def lock_seen_by_others(name: str) -> dict | None:
    return _row(JobLock.__table__, JobLock.__table__.c.name == name)


def in_another_process(app, call):
    """Run `call` with a session of its own, as another worker would."""
    with app.app_context():
        return call()


@pytest.fixture
def app(shared_app):
    return shared_app


def test_a_taken_lock_is_seen_by_other_workers_at_once_and_only_its_holder_frees_it(app):
    before = datetime.now(timezone.utc)
    assert acquire_lock("retrain", "worker-1", HOUR)
    lock = lock_seen_by_others("retrain")
    assert lock["holder"] == "worker-1" and before <= lock["acquired_at"] <= datetime.now(timezone.utc)
    assert before + HOUR <= lock["expires_at"] <= datetime.now(timezone.utc) + HOUR
    assert not in_another_process(app, lambda: acquire_lock("retrain", "worker-2", HOUR))
    release_lock("retrain", "worker-2")  # not its lock: nothing happens
    assert lock_seen_by_others("retrain")["holder"] == "worker-1"
    release_lock("retrain", "worker-1")
    assert lock_seen_by_others("retrain") is None
    assert in_another_process(app, lambda: acquire_lock("retrain", "worker-2", HOUR))


def test_a_lock_taken_over_from_a_dead_holder_keeps_a_third_runner_out(app):
    assert acquire_lock("rescore", "dead-worker", timedelta(seconds=-1))  # its holder died: already expired
    before = datetime.now(timezone.utc)
    assert in_another_process(app, lambda: acquire_lock("rescore", "second", HOUR))
    lock = lock_seen_by_others("rescore")
    assert lock["holder"] == "second" and lock["acquired_at"] >= before
    assert before + HOUR <= lock["expires_at"] <= datetime.now(timezone.utc) + HOUR
    assert not in_another_process(app, lambda: acquire_lock("rescore", "third", HOUR))
    assert not acquire_lock("rescore", "third", HOUR)
    assert lock_seen_by_others("rescore")["holder"] == "second"


def test_taking_over_or_freeing_a_lock_leaves_the_other_kinds_alone(app):
    assert acquire_lock("import", "dead-importer", timedelta(seconds=-1))
    assert acquire_lock("retrain", "dead-trainer", timedelta(seconds=-1))
    assert acquire_lock("rescore", "worker", HOUR)
    assert acquire_lock("retrain", "worker", HOUR)
    assert lock_seen_by_others("import")["holder"] == "dead-importer"
    release_lock("retrain", "worker")
    assert lock_seen_by_others("retrain") is None and lock_seen_by_others("rescore")["holder"] == "worker"


def test_a_new_job_is_listed_as_waiting_to_start_for_everyone(app):
    user = make_user(role="admin")
    job = create_job("import", user.id)
    seen = job_seen_by_others(job.id)
    assert (seen["kind"], seen["status"], seen["progress"], seen["message"], seen["created_by_id"]) == \
        ("import", "queued", 0, "Waiting to start", user.id)
    assert job_seen_by_others(create_job("rescore", message="Queued by the scheduler").id)["message"] == \
        "Queued by the scheduler"


def _job(kind: str, status: str, silent_for: timedelta) -> int:
    job = create_job(kind)
    job.status, job.heartbeat_at = status, datetime.now(timezone.utc) - silent_for
    db.session.commit()
    return job.id


def test_only_silent_unfinished_jobs_of_the_kind_are_recorded_as_interrupted(app):
    silent = HEARTBEAT_TTL + timedelta(seconds=5)
    dead_running, dead_queued = _job("retrain", "running", silent), _job("retrain", "queued", silent)
    alive = _job("retrain", "running", HEARTBEAT_TTL - timedelta(seconds=30))
    finished, other_kind = _job("retrain", "done", HOUR), _job("rescore", "running", HOUR)
    before = datetime.now(timezone.utc)
    assert interrupt_stalled("retrain") == 2
    for job_id in (dead_running, dead_queued):
        seen = job_seen_by_others(job_id)
        assert (seen["status"], seen["message"]) == ("interrupted", INTERRUPTED) and seen["finished_at"] >= before
    assert [job_seen_by_others(i)["status"] for i in (alive, finished, other_kind)] == ["running", "done", "running"]
    assert job_seen_by_others(alive)["finished_at"] is None


def test_interrupting_is_judged_at_the_time_given(app):
    job_id = _job("retrain", "running", timedelta(seconds=0))
    beat = job_seen_by_others(job_id)["heartbeat_at"]
    assert interrupt_stalled("retrain", now=beat + HEARTBEAT_TTL) == 0  # silent exactly as long as allowed
    later = beat + HEARTBEAT_TTL + timedelta(seconds=5)
    assert interrupt_stalled("retrain", now=later) == 1
    assert job_seen_by_others(job_id)["finished_at"] == later


def test_a_running_job_shows_its_state_and_progress_to_others_as_it_goes(app):
    job = create_job("rescore")
    seen, ttl = [], timedelta(minutes=3)

    def work(progress):
        seen.append((job_seen_by_others(job.id), lock_seen_by_others("rescore"), datetime.now(timezone.utc)))
        progress(40, "Scored 4 of 10 leads")
        seen.append((job_seen_by_others(job.id), lock_seen_by_others("rescore"), datetime.now(timezone.utc)))
        progress(250, "Almost")
        seen.append((job_seen_by_others(job.id), None, None))
        progress(-3, "Starting over")
        seen.append((job_seen_by_others(job.id), None, None))
        return {"message": "Rescored 10 leads", "count": 10}

    before = datetime.now(timezone.utc)
    run_job(job.id, work, ttl=ttl)
    (started, lock, at), (half, renewed, later), (over, _, _), (under, _, _) = seen
    assert (started["status"], started["message"], started["progress"]) == ("running", "Started", 0)
    assert before <= started["started_at"] <= at and before <= started["heartbeat_at"] <= at
    assert lock["holder"] == holder_name() == f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"
    assert before + ttl <= lock["expires_at"] <= at + ttl
    assert (half["status"], half["progress"], half["message"]) == ("running", 40, "Scored 4 of 10 leads")
    assert at <= half["heartbeat_at"] <= later and at + ttl <= renewed["expires_at"] <= later + ttl
    assert (over["progress"], under["progress"], under["message"]) == (100, 0, "Starting over")
    done = job_seen_by_others(job.id)
    assert (done["status"], done["progress"], done["message"], done["result"]) == \
        ("done", 100, "Rescored 10 leads", {"message": "Rescored 10 leads", "count": 10})
    assert done["finished_at"] >= later and lock_seen_by_others("rescore") is None


def test_progress_renews_this_runs_own_lock_only(app):
    assert acquire_lock("import", holder_name(), HOUR)  # the same thread holds another kind's lock
    other_kind = lock_seen_by_others("import")["expires_at"]
    job, seen = create_job("rescore"), {}

    def work(progress):
        def take_over():  # this run's lock expired while it hung; another worker took the kind over
            db.session.query(JobLock).filter_by(name="rescore").delete()
            db.session.add(JobLock(name="rescore", holder="intruder", acquired_at=datetime.now(timezone.utc),
                                   expires_at=datetime.now(timezone.utc) + HOUR))
            db.session.commit()

        in_another_process(app, take_over)
        seen["before"] = lock_seen_by_others("rescore")["expires_at"]
        progress(50, "Half way")
        seen["after"] = lock_seen_by_others("rescore")

    run_job(job.id, work, ttl=timedelta(minutes=2))
    assert seen["after"]["holder"] == "intruder" and seen["after"]["expires_at"] == seen["before"]
    assert lock_seen_by_others("import")["expires_at"] == other_kind
    assert lock_seen_by_others("rescore")["holder"] == "intruder"  # not freed by the run that lost it


def test_a_job_without_a_message_of_its_own_reads_done(app):
    job = create_job("rescore")
    run_job(job.id, lambda progress: None)
    assert (job_seen_by_others(job.id)["status"], job_seen_by_others(job.id)["message"]) == ("done", "Done")


def test_a_failed_job_tells_others_why_keeps_its_progress_and_logs_the_trace(app, caplog):
    job = create_job("import")

    def work(progress):
        progress(30, "Row 7")
        raise ValueError("row 7 has no e-mail")

    with caplog.at_level(logging.ERROR):
        run_job(job.id, work)
    seen = job_seen_by_others(job.id)
    assert (seen["status"], seen["message"], seen["progress"]) == ("failed", "Failed: row 7 has no e-mail", 30)
    assert seen["finished_at"] is not None and lock_seen_by_others("import") is None
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.getMessage().startswith(f"Job {job.id} (import) failed:\nTraceback")
    assert record.getMessage().endswith("ValueError: row 7 has no e-mail\n")


def test_a_refused_run_is_recorded_for_everyone_and_leaves_the_holders_lock(app):
    acquire_lock("retrain", "other-process", HOUR)
    job = create_job("retrain")
    with pytest.raises(JobBusy, match="Another run of this job is in progress; this one did not start."):
        run_job(job.id, lambda progress: {"message": "should not run"})
    seen = job_seen_by_others(job.id)
    assert (seen["status"], seen["message"]) == ("failed", "Another run of this job is in progress; this one did not start.")
    assert seen["finished_at"] is not None and seen["progress"] == 0
    assert lock_seen_by_others("retrain")["holder"] == "other-process"


def test_a_waiting_job_tells_others_it_waits_and_starts_when_the_lock_is_freed(app, monkeypatch):
    acquire_lock("rescore", "other-process", HOUR)
    job = create_job("rescore")
    waits = []

    def sleep(seconds):  # instead of waiting: note what others see, then let the running job finish
        seen = job_seen_by_others(job.id)
        waits.append((seconds, seen["status"], seen["message"], seen["heartbeat_at"]))
        in_another_process(app, lambda: release_lock("rescore", "other-process"))

    monkeypatch.setattr(jobs.time, "sleep", sleep)
    before = datetime.now(timezone.utc)
    run_job(job.id, lambda progress: {"message": "Rescored"}, wait=HOUR, poll=0.25)
    [(seconds, status, message, heartbeat)] = waits
    assert (seconds, status, message) == (0.25, "queued", WAITING) and heartbeat >= before
    assert job_seen_by_others(job.id)["status"] == "done"


class _ManualHeartbeat:
    """Stands in for the heartbeat timer: records its period; the test beats by hand."""

    made = []

    def __init__(self, pulse, every):
        self.pulse, self.every = pulse, every
        _ManualHeartbeat.made.append(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


def test_the_heartbeat_timer_renews_this_jobs_row_and_lock_at_the_configured_period(app, monkeypatch):
    monkeypatch.setattr(jobs, "Heartbeat", _ManualHeartbeat)
    monkeypatch.setitem(app.config, "JOB_HEARTBEAT_SECONDS", 7)
    _ManualHeartbeat.made.clear()
    job, ttl, seen = create_job("retrain"), timedelta(minutes=4), {}

    def work(progress):
        seen["before"] = (job_seen_by_others(job.id)["heartbeat_at"], lock_seen_by_others("retrain")["expires_at"])
        _ManualHeartbeat.made[0].pulse()
        seen["after"] = (job_seen_by_others(job.id)["heartbeat_at"], lock_seen_by_others("retrain")["expires_at"],
                         datetime.now(timezone.utc))

    run_job(job.id, work, ttl=ttl)
    (beat_before, expiry_before), (beat_after, expiry_after, now) = seen["before"], seen["after"]
    assert _ManualHeartbeat.made[0].every == 7
    assert beat_before < beat_after <= now and expiry_before < expiry_after <= now + ttl
    assert expiry_after >= beat_after + ttl


def test_a_background_job_runs_in_a_daemon_thread_and_others_see_it_finish(app, monkeypatch):
    monkeypatch.setitem(app.config, "JOBS_IN_BACKGROUND", True)
    job = create_job("rescore")
    thread = run_in_background(app, job.id, lambda progress: {"message": "Rescored in the background"})
    thread.join(timeout=60)
    assert not thread.is_alive() and thread.daemon and thread.name == f"job-{job.id}"
    assert job_seen_by_others(job.id)["message"] == "Rescored in the background"


def test_a_background_job_that_may_not_start_ends_quietly_with_its_reason(app, monkeypatch):
    monkeypatch.setitem(app.config, "JOBS_IN_BACKGROUND", True)
    acquire_lock("rescore", "other-process", HOUR)
    job = create_job("rescore")
    errors = []
    monkeypatch.setattr(threading, "excepthook", lambda args: errors.append(args.exc_value))
    run_in_background(app, job.id, lambda progress: {"message": "should not run"}).join(timeout=60)
    assert errors == [] and job_seen_by_others(job.id)["status"] == "failed"


def test_a_job_run_within_the_request_shows_its_result_on_the_callers_copy(app, monkeypatch):
    monkeypatch.setitem(app.config, "JOBS_IN_BACKGROUND", False)
    acquire_lock("rescore", "other-process", HOUR)
    job = create_job("rescore")
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        in_another_process(app, lambda: release_lock("rescore", "other-process"))

    monkeypatch.setattr(jobs.time, "sleep", sleep)
    assert run_in_background(app, job.id, lambda progress: {"message": "Rescored"}, wait=HOUR) is None
    assert (job.status, job.message) == ("done", "Rescored") and waits == [1.0]
