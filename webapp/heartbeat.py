"""A running job's sign of life: its Job row's heartbeat and its lock's expiry, renewed together.

A job's lock lives only HEARTBEAT_TTL past the last heartbeat, so when the process running a job
is killed, the lock expires within minutes and the job reads as interrupted; the next run then
starts at once. Progress reports beat; so does a light timer while long steps (training) run.
"""

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from sqlalchemy import update
from sqlalchemy.engine import Engine

from webapp.models import Job, JobLock

log = logging.getLogger(__name__)


def beat(engine: Engine, job_id: int, lock: str, holder: str, ttl: timedelta,
         now: datetime | None = None) -> None:
    """Stamp the job's heartbeat and extend its lock, on a connection of its own (committed at once,
    whatever the job's own session has pending)."""
    now = now or datetime.now(timezone.utc)
    with engine.begin() as connection:
        connection.execute(update(Job.__table__).where(Job.__table__.c.id == job_id).values(heartbeat_at=now))
        connection.execute(update(JobLock.__table__)
                           .where(JobLock.__table__.c.name == lock, JobLock.__table__.c.holder == holder)
                           .values(expires_at=now + ttl))


class Heartbeat:
    """Calls `pulse` every `every` seconds in a daemon thread until stopped (a context manager).

    A failed pulse (a busy database) is logged and retried at the next tick: only a process that
    stopped altogether lets its lock expire.
    """

    def __init__(self, pulse: Callable[[], None], every: float):
        self._pulse, self._every = pulse, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="job-heartbeat", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            try:
                self._pulse()
            except Exception:  # noqa: BLE001 - the next tick tries again
                log.warning("Job heartbeat failed; retrying in %s s", self._every, exc_info=True)

    def __enter__(self) -> "Heartbeat":
        if self._every > 0:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
