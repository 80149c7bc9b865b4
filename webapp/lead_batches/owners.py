"""Who takes each lead of a batch: the same rule as one new lead (webapp.leads.lifecycle.create_lead),
decided for all at once. A marketing user keeps the leads they mark; anyone else hands them to
marketing by the routing rules and the round robin of webapp.leads.routing, turned as often as
there are leads, so a batch spreads over the team as the same leads made one by one would."""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from webapp.extensions import db
from webapp.labels import role_label
from webapp.leads.errors import NoAssignee
from webapp.leads.routing import available_users
from webapp.models import Contact, Organization, Role, User
from webapp.settings.services import get_settings

EPOCH = datetime.min


def _firmographics(contact_ids: list[int]) -> dict[int, dict]:
    """What routing rules read of each contact (territory, industry), in one query per chunk."""
    from webapp.lead_batches.planning import chunks

    found = {}
    for chunk in chunks(contact_ids):
        query = (select(Contact.id, Contact.industry, Organization.industry.label("org_industry"),
                        Organization.territory).outerjoin(Contact.organization).where(Contact.id.in_(chunk)))
        for row in db.session.execute(query):
            found[row.id] = {"territory": row.territory, "industry": row.industry or row.org_industry}
    return found


def _matches(rule: dict, facts: dict) -> bool:
    value = facts.get(rule.get("field"))
    return value is not None and str(value).lower() == str(rule.get("value", "")).lower()


def owners_for(contact_ids: list[int], by: User, now: datetime) -> tuple[list[User], str]:
    """One owner per contact, in order, and the reason the hand-off is recorded with."""
    if by.role == Role.MARKETING:
        return [by] * len(contact_ids), "created"
    candidates = available_users(Role.MARKETING, now.date())
    if not candidates:
        raise NoAssignee(_("Nobody with the role %(role)s is available to take this lead.",
                           role=role_label(Role.MARKETING)))
    rules = [r for r in get_settings()["routing_rules"] if r.get("role") == Role.MARKETING]
    facts = _firmographics(contact_ids) if rules else {}
    # The round robin's order: assigned longest ago first; each assignment here moves the user last.
    turn = {u.id: (u.last_assigned_at.replace(tzinfo=None) if u.last_assigned_at else EPOCH, 0, u.id)
            for u in candidates}
    owners = []
    for n, contact_id in enumerate(contact_ids, start=1):
        pool = candidates
        for rule in rules:
            if _matches(rule, facts.get(contact_id, {})):
                preferred = [u for u in candidates if u.id in set(rule.get("user_ids", []))]
                if preferred:
                    pool = preferred
                    break
        chosen = min(pool, key=lambda u: turn[u.id])
        turn[chosen.id] = (now.replace(tzinfo=None), n, chosen.id)
        owners.append(chosen)
    for user in {u.id: u for u in owners}.values():
        user.last_assigned_at = now
    return owners, "new lead"
