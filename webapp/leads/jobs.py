"""Escalation of overdue leads as a periodic job: every quarter of an hour, under the job lock."""

from datetime import datetime, timezone

from apscheduler.triggers.interval import IntervalTrigger

from webapp.leads.services import mark_escalations
from webapp.scheduler import Periodic, register


def _mark_escalations(progress) -> dict:
    count = mark_escalations(datetime.now(timezone.utc))
    return {"message": f"{count} lead(s) escalated", "count": count}


def register_periodic() -> None:
    register(Periodic("escalations", lambda app: IntervalTrigger(minutes=15), _mark_escalations))
