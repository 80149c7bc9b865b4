"""Telling owners about their time windows: two hours before one ends, and once it has passed.

The scheduler looks every quarter of an hour; each notice carries the window's due time as its
key, so a lead is told once per window however often the job runs, and again for a new window.
Windows that passed longer ago than the escalation time are left to the escalation.
"""

from datetime import datetime, timedelta

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import OPEN_STAGES, Lead
from webapp.notifications import events
from webapp.settings.services import get_settings

WARN_HOURS = 2


def tell_windows(now: datetime) -> dict:
    escalation = timedelta(hours=get_settings()["escalation_hours"])
    open_ = (Lead.stage.in_(OPEN_STAGES), Lead.due_at.is_not(None))
    ending = db.session.scalars(select(Lead).where(
        *open_, Lead.due_at > now, Lead.due_at <= now + timedelta(hours=WARN_HOURS))).all()
    passed = db.session.scalars(select(Lead).where(
        *open_, Lead.due_at <= now, Lead.due_at > now - escalation, Lead.escalated_at.is_(None))).all()
    for lead in ending:
        events.window_ending(lead, WARN_HOURS)
    for lead in passed:
        events.window_passed(lead)
    db.session.commit()
    return {"ending": len(ending), "passed": len(passed)}
