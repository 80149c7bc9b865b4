"""Background jobs recorded in Job rows, with a database lock so one job of a kind runs at a time.

Works the same with one process or many: the lock is a row, not memory, and a job that dies
leaves its lock to expire instead of blocking forever.
"""

import os
import socket
import threading
import time
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from flask import Flask, current_app
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from webapp.extensions import db
from webapp.models import Job, JobLock

Progress = Callable[[int, str], None]
WAITING = "Waiting for the running one to finish"


class JobBusy(RuntimeError):
    """Another run of the same job holds the lock."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def acquire_lock(name: str, holder: str, ttl: timedelta) -> bool:
    """Take the lock, or take over one whose holder let it expire; False when it is held."""
    now = _now()
    try:
        db.session.add(JobLock(name=name, holder=holder, acquired_at=now, expires_at=now + ttl))
        db.session.commit()
        return True
    except IntegrityError:
        db.session.rollback()
    taken = db.session.execute(
        update(JobLock).where(JobLock.name == name, JobLock.expires_at < now)
        .values(holder=holder, acquired_at=now, expires_at=now + ttl))
    db.session.commit()
    return taken.rowcount == 1


def release_lock(name: str, holder: str) -> None:
    db.session.execute(delete(JobLock).where(JobLock.name == name, JobLock.holder == holder))
    db.session.commit()


def create_job(kind: str, user_id: int | None = None, message: str = "Waiting to start") -> Job:
    job = Job(kind=kind, status="queued", progress=0, message=message, created_by_id=user_id)
    db.session.add(job)
    db.session.commit()
    return job


def _acquire_waiting(job: Job, holder: str, ttl: timedelta, wait: timedelta, poll: float) -> bool:
    """Take the job kind's lock, waiting up to `wait` for a running job of the kind to finish."""
    deadline = _now() + wait
    while not acquire_lock(job.kind, holder, ttl):
        if _now() >= deadline:
            return False
        if job.message != WAITING:
            job.message = WAITING
            db.session.commit()
        time.sleep(poll)
    return True


def run_job(job_id: int, work: Callable[[Progress], dict | None], ttl: timedelta = timedelta(hours=2),
            wait: timedelta = timedelta(0), poll: float = 1.0) -> Job:
    """Run `work` under the job kind's lock, recording progress, result or error on the Job row.

    With `wait`, a job finding another of its kind running stays queued until that one finishes
    (or `wait` has passed); without it, it does not start.
    A failure rolls back whatever `work` had not committed and is recorded with its message;
    callers design `work` so that nothing visible changes until its last step.
    """
    job = db.session.get(Job, job_id)
    holder = holder_name()
    if not _acquire_waiting(job, holder, ttl, wait, poll):
        _finish(job, "failed", "Another run of this job is in progress; this one did not start.")
        raise JobBusy(job.message)
    job.status, job.started_at, job.message = "running", _now(), "Started"
    db.session.commit()

    def progress(percent: int, message: str) -> None:
        job.progress, job.message = max(0, min(100, percent)), message
        db.session.commit()

    try:
        result = work(progress)
    except Exception as exc:  # recorded for the admin; the previous state stays as it was
        db.session.rollback()
        current_app.logger.error("Job %s (%s) failed:\n%s", job.id, job.kind, traceback.format_exc())
        _finish(job, "failed", f"Failed: {exc}")
    else:
        job.result = result
        _finish(job, "done", (result or {}).get("message", "Done"))
    finally:
        release_lock(job.kind, holder)
    return job


def _finish(job: Job, status: str, message: str) -> None:
    job = db.session.merge(job)
    job.status, job.message, job.finished_at = status, message, _now()
    if status == "done":
        job.progress = 100
    db.session.commit()


def run_in_background(app: Flask, job_id: int, work: Callable[[Progress], dict | None],
                      wait: timedelta = timedelta(0)) -> threading.Thread | None:
    """Start a job from a web request without holding the request open.

    With JOBS_IN_BACKGROUND off (tests) the job runs to its end before this returns, in an app
    context of its own as in the thread; the caller's Job row is then reloaded, so the request
    shows the result. None is returned then.
    """

    def target() -> None:
        with app.app_context():
            try:
                run_job(job_id, work, wait=wait)
            except JobBusy:
                pass  # recorded on the Job row already

    if not app.config.get("JOBS_IN_BACKGROUND", True):
        target()
        job = db.session.get(Job, job_id)  # the caller's copy, from its session
        if job is not None:
            db.session.refresh(job)
        return None
    thread = threading.Thread(target=target, name=f"job-{job_id}", daemon=True)
    thread.start()
    return thread
