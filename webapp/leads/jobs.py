"""Escalation of overdue leads and notices about time windows as periodic jobs: every quarter of an
hour, under the job lock."""

from datetime import datetime, timezone

from apscheduler.triggers.interval import IntervalTrigger

from webapp.leads.services import mark_escalations
from webapp.leads.windows import tell_windows
from webapp.scheduler import Periodic, register


def _mark_escalations(progress) -> dict:
    count = mark_escalations(datetime.now(timezone.utc))
    return {"message": f"{count} lead(s) escalated", "count": count}


def _tell_windows(progress) -> dict:
    counts = tell_windows(datetime.now(timezone.utc))
    return {"message": f"{counts['ending']} window(s) ending, {counts['passed']} passed", **counts}


def register_periodic() -> None:
    register(Periodic("escalations", lambda app: IntervalTrigger(minutes=15), _mark_escalations))
    register(Periodic("time-windows", lambda app: IntervalTrigger(minutes=15), _tell_windows))
