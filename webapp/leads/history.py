"""System entries in the contact history: stage changes and hand-offs, with who/when/why."""

from datetime import datetime

from webapp.extensions import db
from webapp.models import Activity, ActivityKind, Lead, User


def record_stage_change(lead: Lead, by: User | None, old: str, new: str, now: datetime,
                        reason: str | None = None) -> Activity:
    activity = Activity(
        contact_id=lead.contact_id, lead_id=lead.id, kind=ActivityKind.STAGE_CHANGE,
        subject=f"{old.capitalize()} → {new.capitalize()}", body=reason, occurred_at=now,
        user_id=by.id if by else None, details={"from": old, "to": new, "reason": reason},
    )
    db.session.add(activity)
    return activity


def record_handoff(lead: Lead, by: User | None, old_owner: User | None, new_owner: User,
                   now: datetime, reason: str | None = None) -> Activity:
    activity = Activity(
        contact_id=lead.contact_id, lead_id=lead.id, kind=ActivityKind.HANDOFF,
        subject=f"Handed to {new_owner.name} ({new_owner.role})", body=reason, occurred_at=now,
        user_id=by.id if by else None,
        details={
            "from_user": old_owner.id if old_owner else None,
            "from_role": old_owner.role if old_owner else None,
            "to_user": new_owner.id, "to_role": new_owner.role, "to_name": new_owner.name, "reason": reason,
        },
    )
    db.session.add(activity)
    return activity
