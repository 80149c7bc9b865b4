"""Who gets a lead on hand-off: a matching routing rule first, then round robin."""

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import or_, select

from webapp.extensions import db
from webapp.labels import role_label
from webapp.leads.errors import NoAssignee
from webapp.models import Lead, User


def available_users(role: str, today: date) -> list[User]:
    """Active users of the role who are not absent today."""
    query = select(User).where(
        User.role == role,
        User.is_active_user.is_(True),
        or_(User.absent_until.is_(None), User.absent_until < today),
    )
    return list(db.session.scalars(query.order_by(User.id)))


def _rule_matches(rule: dict, lead: Lead) -> bool:
    organization = lead.contact.organization
    value = {
        "territory": organization.territory if organization else None,
        "industry": lead.contact.effective_industry,
    }.get(rule.get("field"))
    return value is not None and str(value).lower() == str(rule.get("value", "")).lower()


def pick_owner(lead: Lead, role: str, now: datetime, rules: list[dict]) -> User:
    """Round robin among available users of `role`, narrowed by the first matching rule.

    The user assigned longest ago goes next; the choice is remembered on the user row, so several
    web workers share one rotation through the database.
    """
    candidates = available_users(role, now.date())
    if not candidates:
        raise NoAssignee(_("Nobody with the role %(role)s is available to take this lead.", role=role_label(role)))
    for rule in rules:
        if rule.get("role") == role and _rule_matches(rule, lead):
            preferred = [u for u in candidates if u.id in set(rule.get("user_ids", []))]
            if preferred:
                candidates = preferred
                break
    epoch = datetime.min
    chosen = min(candidates, key=lambda u: (u.last_assigned_at.replace(tzinfo=None) if u.last_assigned_at
                                            else epoch, u.id))
    chosen.last_assigned_at = now
    return chosen
