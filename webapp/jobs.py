"""Background jobs recorded in Job rows, with a database lock so one job of a kind runs at a time.

Works the same with one process or many: the lock is a row, not memory. A running job renews
its lock with each heartbeat (webapp/heartbeat.py); a job whose process was killed stops
heartbeating, its lock expires minutes later, and the next run records it as interrupted and
starts at once instead of being refused for hours.
"""

import os
import socket
import threading
import time
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from webapp.extensions import db
from webapp.heartbeat import Heartbeat, beat
from webapp.models import Job, JobLock
from webapp.models.job import ACTIVE, HEARTBEAT_TTL
from webapp.stored_text import english, stored

Progress = Callable[[int, str], None]
# Job messages are stored in English and translated where a page shows them (webapp.stored_text).
WAITING = stored(_l("Waiting for the running one to finish"))
LOCK_TTL = HEARTBEAT_TTL  # renewed by every heartbeat, so only a dead holder lets it run out
INTERRUPTED = stored(_l("Interrupted: the process running it stopped before it finished. Nothing it had not "
                        "finished was kept."))
WAITING_TO_START = stored(_l("Waiting to start"))
NOT_STARTED = stored(_l("Another run of this job is in progress; this one did not start."))
STARTED = stored(_l("Started"))
FAILED = stored(_l("Failed: %(error)s"))
DONE = stored(_l("Done"))


# Called with each job that finished (done or failed), after it is recorded; the app factory adds
# the notifications here, so this low module imports no domain.
FINISHED: list[Callable[[Job], None]] = []


def on_finish(callback: Callable[[Job], None]) -> None:
    if callback not in FINISHED:
        FINISHED.append(callback)


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


def create_job(kind: str, user_id: int | None = None, message: str | None = None) -> Job:
    job = Job(kind=kind, status="queued", progress=0, message=message or english(WAITING_TO_START),
              created_by_id=user_id)
    db.session.add(job)
    db.session.commit()
    return job


def interrupt_stalled(kind: str, now: datetime | None = None) -> int:
    """Record queued or running jobs of `kind` that stopped heartbeating (their process died) as
    interrupted; called by the run that takes over their kind's lock."""
    now = now or _now()
    result = db.session.execute(
        update(Job).where(Job.kind == kind, Job.status.in_(ACTIVE), Job.heartbeat_at < now - HEARTBEAT_TTL)
        .values(status="interrupted", message=english(INTERRUPTED), finished_at=now)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount


def _acquire_waiting(job: Job, holder: str, ttl: timedelta, wait: timedelta, poll: float) -> bool:
    """Take the job kind's lock, waiting up to `wait` for a running job of the kind to finish.
    A waiting job heartbeats too, so one whose process dies while it waits reads as interrupted."""
    deadline = _now() + wait
    while not acquire_lock(job.kind, holder, ttl):
        now = _now()
        if now >= deadline:
            return False
        job.message, job.heartbeat_at = english(WAITING), now
        db.session.commit()
        time.sleep(poll)
    return True


def run_job(job_id: int, work: Callable[[Progress], dict | None], ttl: timedelta = LOCK_TTL,
            wait: timedelta = timedelta(0), poll: float = 1.0) -> Job:
    """Run `work` under the job kind's lock, recording progress, result or error on the Job row.

    With `wait`, a job finding another of its kind running stays queued until that one finishes
    (or `wait` has passed); without it, it does not start.
    A failure rolls back whatever `work` had not committed and is recorded with its message;
    callers design `work` so that nothing visible changes until its last step.
    While `work` runs, each progress report and a timer (JOB_HEARTBEAT_SECONDS) renew the
    heartbeat and the lock's `ttl`.
    """
    job = db.session.get(Job, job_id)
    holder, kind = holder_name(), job.kind
    if not _acquire_waiting(job, holder, ttl, wait, poll):
        _finish(job, "failed", english(NOT_STARTED))
        raise JobBusy(job.message)
    interrupt_stalled(kind)  # a run that died without releasing the lock is over; say so
    now = _now()
    job.status, job.started_at, job.heartbeat_at, job.message = "running", now, now, english(STARTED)
    db.session.commit()

    def progress(percent: int, message: str) -> None:
        now = _now()
        job.progress, job.message, job.heartbeat_at = max(0, min(100, percent)), message, now
        db.session.execute(update(JobLock).where(JobLock.name == kind, JobLock.holder == holder)
                           .values(expires_at=now + ttl).execution_options(synchronize_session=False))
        db.session.commit()

    engine = db.engine
    timer = Heartbeat(lambda: beat(engine, job_id, kind, holder, ttl),
                      every=current_app.config.get("JOB_HEARTBEAT_SECONDS", 20))
    try:
        with timer:
            result = work(progress)
    except Exception as exc:  # recorded for the admin; the previous state stays as it was
        db.session.rollback()
        current_app.logger.error("Job %s (%s) failed:\n%s", job.id, job.kind, traceback.format_exc())
        _finish(job, "failed", english(FAILED, error=exc))
    else:
        job.result = result
        _finish(job, "done", (result or {}).get("message", english(DONE)))
    finally:
        release_lock(kind, holder)
    return job


def _finish(job: Job, status: str, message: str) -> None:
    job = db.session.merge(job)
    job.status, job.message, job.finished_at = status, message, _now()
    if status == "done":
        job.progress = 100
    db.session.commit()
    for callback in FINISHED:
        try:
            callback(job)
            db.session.commit()
        except Exception:  # being told is extra; the job's record stands
            db.session.rollback()
            current_app.logger.exception("After job %s (%s) finished", job.id, job.kind)


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
