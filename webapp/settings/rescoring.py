"""Rescore every open lead in the background after a setting that scores depend on has changed.

One rescore runs at a time (the job lock "rescore"). A change while one runs queues one more,
which waits for the running one and then reads the settings as they are by then; further
changes meanwhile join that queued job instead of adding another.
"""

from datetime import datetime, timedelta, timezone

from flask import current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from webapp.extensions import db
from webapp.jobs import create_job, run_in_background
from webapp.models import Job
from webapp.models.job import HEARTBEAT_TTL
from webapp.stored_text import english, stored

KIND = "rescore"
WAIT = timedelta(minutes=30)  # how long a queued rescore waits for the running one
# Stored in English on the Job row, translated where shown.
RESCORING = stored(_l("Rescoring open leads"))
RESCORED = stored(_l("%(count)s open lead(s) rescored."))
WAITING = stored(_l("Waiting to rescore open leads: %(reason)s"))
POINTS_CHANGED = stored(_l("BANT points or classes changed"))
THRESHOLDS_CHANGED = stored(_l("probability thresholds changed"))


def _rescore(progress) -> dict:
    from webapp.scoring.service import rescore_all

    progress(5, english(RESCORING))
    count = rescore_all(open_only=True)
    return {"message": english(RESCORED, count=count), "count": count}


def _queued_job() -> Job | None:
    """A rescore that has not started yet (it reads the settings when it starts) and whose
    process still heartbeats: one that died with its process would never run."""
    now = datetime.now(timezone.utc)
    return db.session.scalar(select(Job).where(Job.kind == KIND, Job.status == "queued", Job.created_at >= now - WAIT,
                                               Job.heartbeat_at >= now - HEARTBEAT_TTL)
                             .order_by(Job.id.desc()))


def rescore_open_leads(user_id: int | None, reason: LazyString | str) -> Job:
    """Start (or join) a background rescore of all open leads (`reason`: one of the declared
    reasons above); returns its Job row."""
    queued = _queued_job()
    if queued is not None:
        return queued
    job = create_job(KIND, user_id, english(WAITING, reason=english(reason)))
    run_in_background(current_app._get_current_object(), job.id, _rescore, wait=WAIT)
    return job


def latest_job() -> Job | None:
    return db.session.scalar(select(Job).where(Job.kind == KIND).order_by(Job.id.desc()))
