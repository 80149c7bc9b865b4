"""Time windows, temperature and stale leads, all computed against an explicit `now`."""

from datetime import datetime, timedelta, timezone

from sqlalchemy import ColumnElement, and_, or_

from webapp.models import OPEN_STAGES, Lead


def aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything is stored in UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone.utc)


def time_left(lead: Lead, now: datetime) -> timedelta | None:
    return None if lead.due_at is None else aware(lead.due_at) - now


def window_state(left: timedelta | None, escalation_hours: int) -> tuple[bool, bool]:
    """(overdue, escalated) from the time left in the window: past due, and a second window past."""
    if left is None:
        return False, False
    return left < timedelta(0), left < -timedelta(hours=escalation_hours)


def temperature(lead: Lead, now: datetime, days: dict) -> str:
    """Hot, warm or cold from the last real contact; it cools as days pass without one.

    A lead nobody has spoken to yet counts from its creation, so new leads start hot.
    """
    last = aware(lead.last_contact_at) or aware(lead.created_at) or now
    age = now - last
    if age <= timedelta(days=days["hot"]):
        return "hot"
    return "warm" if age <= timedelta(days=days["warm"]) else "cold"


def temperature_clause(value: str, now: datetime, days: dict) -> ColumnElement[bool]:
    """The same rule as temperature(), as SQL, for filtering lists."""
    last = Lead.last_contact_at
    hot_since, warm_since = now - timedelta(days=days["hot"]), now - timedelta(days=days["warm"])
    if value == "hot":
        return or_(last >= hot_since, and_(last.is_(None), Lead.created_at >= hot_since))
    if value == "warm":
        return or_(and_(last < hot_since, last >= warm_since),
                   and_(last.is_(None), Lead.created_at < hot_since, Lead.created_at >= warm_since))
    return or_(last < warm_since, and_(last.is_(None), Lead.created_at < warm_since))


def overdue_clause(now: datetime) -> ColumnElement[bool]:
    return and_(Lead.due_at.is_not(None), Lead.due_at < now)


def escalation_clause(now: datetime, escalation_hours: int) -> ColumnElement[bool]:
    return and_(Lead.due_at.is_not(None), Lead.due_at < now - timedelta(hours=escalation_hours))


def breaking_off_clause(now: datetime, stale_days: int) -> ColumnElement[bool]:
    """Open, no contact for `stale_days`, and no follow-up ahead: none set, or its date has lapsed.
    A lapsed date is no plan (the demo alone has hundreds of them), so it counts as breaking off."""
    since = now - timedelta(days=stale_days)
    return and_(
        Lead.stage.in_(OPEN_STAGES),
        or_(Lead.follow_up_on.is_(None), Lead.follow_up_on < now.date()),
        or_(Lead.last_contact_at < since, and_(Lead.last_contact_at.is_(None), Lead.created_at < since)),
    )
