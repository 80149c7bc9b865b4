"""Each lead's first contact (`leads.first_contact_at`): the earliest call, e-mail or meeting a person
logged on it. Reports measure the time from the request to the first callback from this column, so
they never read the activities.

After every ORM flush that adds, edits or deletes such an activity, its leads' column is recomputed
from their activities with one Core UPDATE (an edited time or a deleted call moves it; no edit
version is bumped). The migration that added the column filled it the same way.
"""

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, attributes

from webapp.column_watch import listen_once
from webapp.models import Activity, ActivityKind, Lead

CONTACT_KINDS = (ActivityKind.CALL, ActivityKind.EMAIL, ActivityKind.MEETING)


def first_contact_of(lead_id_column):
    """The moment of a lead's first contact, as a correlated subquery."""
    return (select(func.min(Activity.occurred_at))
            .where(Activity.lead_id == lead_id_column, Activity.kind.in_(CONTACT_KINDS),
                   Activity.user_id.is_not(None))
            .scalar_subquery())


def init_app(app) -> None:
    listen_once(Session, "after_flush", _refresh)


def touched_leads(session: Session) -> set[int]:
    """The leads whose first contact this flush may move."""
    ids = set()
    for objects, created in ((session.new, True), (session.dirty, False), (session.deleted, False)):
        for obj in objects:
            if not isinstance(obj, Activity):
                continue
            state = attributes.instance_state(obj)
            kinds = {obj.kind, *state.attrs.kind.history.deleted}
            if not kinds & set(CONTACT_KINDS):
                continue
            ids.add(obj.lead_id)
            if not created:  # moved to another lead: the old one loses a contact
                ids.update(state.attrs.lead_id.history.deleted)
    return ids - {None}


def _refresh(session: Session, _flush_context) -> None:
    ids = touched_leads(session)
    if not ids:
        return
    table = Lead.__table__
    session.execute(update(table).where(table.c.id.in_(ids))
                    .values(first_contact_at=first_contact_of(table.c.id)))
    for lead_id in ids:  # loaded leads read the new value on next access
        lead = session.identity_map.get(session.identity_key(Lead, lead_id))
        if lead is not None:
            session.expire(lead, ["first_contact_at"])
