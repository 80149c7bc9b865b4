"""An import that did not finish says so: "failed" (an error, recorded as it happens) or
"interrupted" (its process stopped; found from its job's silence). Either keeps the ids of what it
had written, batch by batch, so a revert deletes exactly that."""

from webapp.extensions import db
from webapp.jobs import FAILED, INTERRUPTED
from webapp.models import Import, Job
from webapp.models._base import utcnow
from webapp.stored_text import english

UNFINISHED = ("checking", "running")
STOPPED = ("failed", "interrupted")


def record_failure(record: Import, exc: Exception) -> None:
    """Mark `record` failed with the error. What the failed batch had not committed is rolled back;
    the ids of the batches committed before it stay on the record."""
    import_id = record.id
    db.session.rollback()
    record = db.session.get(Import, import_id)
    record.status, record.finished_at = "failed", utcnow()
    record.error = english(FAILED, error=exc)
    db.session.commit()


def settle_stopped(record: Import) -> Import:
    """An import still "checking" or "running" whose job has stopped (its process died, or it never
    got its turn) takes the job's state and message."""
    if record.status not in UNFINISHED:
        return record
    job = db.session.get(Job, record.job_id) if record.job_id else None
    if job is None or job.state not in STOPPED:
        return record
    # A job that died is "interrupted" by its silence before any run has recorded it so.
    message = job.message if job.status in STOPPED else english(INTERRUPTED)
    record.status, record.error, record.finished_at = job.state, message, utcnow()
    db.session.commit()
    return record
