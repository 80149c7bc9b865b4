"""Figures for the overview page."""

from datetime import datetime, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from webapp.contacts.services import visible_contacts
from webapp.extensions import db
from webapp.leads import timing
from webapp.leads.services import escalations, visible_leads
from webapp.models import OPEN_STAGES, Activity, Lead, User
from webapp.visibility import on_visible_leads


def overview(user: User) -> dict:
    now = datetime.now(timezone.utc)
    open_leads = visible_leads(user).where(Lead.stage.in_(OPEN_STAGES))
    count = lambda q: db.session.scalar(select(func.count()).select_from(q.subquery()))  # noqa: E731
    recent = (
        select(Activity)
        .where(on_visible_leads(user, Activity.lead_id))  # a partner: only their leads' history
        .options(joinedload(Activity.contact), joinedload(Activity.user))
        .order_by(Activity.occurred_at.desc(), Activity.id.desc())
        .limit(10)
    )
    return {
        "contacts": count(visible_contacts(user)),
        "open_leads": count(open_leads),
        "my_open_leads": count(open_leads.where(Lead.owner_id == user.id)),
        "overdue": count(open_leads.where(timing.overdue_clause(now))),
        "escalations": escalations(user, now),
        "recent": list(db.session.scalars(recent)),
    }
