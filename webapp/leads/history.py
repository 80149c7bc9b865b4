"""System entries in the contact history: stage changes and hand-offs, with who/when/why.

The `*_values` functions give an entry's columns, so a bulk path (webapp.lead_batches) writes the
same entries with one INSERT as the record_* functions write one by one."""

from datetime import datetime

from webapp.extensions import db
from webapp.models import Activity, ActivityKind, Lead, User


def stage_change_values(lead_id: int, contact_id: int, by: User | None, old: str, new: str, now: datetime,
                        reason: str | None = None) -> dict:
    return {"contact_id": contact_id, "lead_id": lead_id, "kind": ActivityKind.STAGE_CHANGE,
            "subject": f"{old.capitalize()} → {new.capitalize()}", "body": reason, "occurred_at": now,
            "user_id": by.id if by else None, "details": {"from": old, "to": new, "reason": reason}}


def handoff_values(lead_id: int, contact_id: int, by: User | None, old_owner: User | None, new_owner: User,
                   now: datetime, reason: str | None = None) -> dict:
    return {
        "contact_id": contact_id, "lead_id": lead_id, "kind": ActivityKind.HANDOFF,
        "subject": f"Handed to {new_owner.name} ({new_owner.role})", "body": reason, "occurred_at": now,
        "user_id": by.id if by else None,
        "details": {
            "from_user": old_owner.id if old_owner else None,
            "from_role": old_owner.role if old_owner else None,
            "to_user": new_owner.id, "to_role": new_owner.role, "to_name": new_owner.name, "reason": reason,
        },
    }


def record_stage_change(lead: Lead, by: User | None, old: str, new: str, now: datetime,
                        reason: str | None = None) -> Activity:
    activity = Activity(**stage_change_values(lead.id, lead.contact_id, by, old, new, now, reason))
    db.session.add(activity)
    return activity


def record_handoff(lead: Lead, by: User | None, old_owner: User | None, new_owner: User,
                   now: datetime, reason: str | None = None) -> Activity:
    activity = Activity(**handoff_values(lead.id, lead.contact_id, by, old_owner, new_owner, now, reason))
    db.session.add(activity)
    return activity
