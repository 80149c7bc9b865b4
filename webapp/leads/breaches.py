"""Time windows that passed before anyone acted (`window_breaches`), kept when the window ends.

A window ends when its due time is cleared or replaced: the owner acted, the lead was handed on,
closed or paid. If the due time had passed by then, the window was breached: one row with the
lead's stage and owner while it ran, when it passed and whether it was escalated. Windows still
running past their due time are read from the leads themselves (they are overdue now). Like the
escalations, only windows in open stages count. One hook after each ORM flush writes the rows in
the flush's transaction; the app changes `due_at` only through the ORM.
"""

from sqlalchemy import insert
from sqlalchemy.orm import Session, attributes

from webapp.column_watch import keep_old_values, listen_once
from webapp.leads.timing import aware
from webapp.models import OPEN_STAGES, Lead, WindowBreach
from webapp.models._base import utcnow

WATCHED = ("due_at", "escalated_at", "stage", "owner_id")  # their values before the flush are needed


def init_app(app) -> None:
    keep_old_values(Lead, WATCHED)
    listen_once(Session, "after_flush", _record)


def _before(state, name: str):
    """The attribute's value before this flush."""
    history = state.attrs[name].history
    return history.deleted[0] if history.deleted else state.dict.get(name)


def breach_of(lead: Lead, now) -> dict | None:
    """The breach row for a flushed lead whose passed window just ended, else None."""
    state = attributes.instance_state(lead)
    history = state.attrs.due_at.history
    if not history.deleted or history.deleted[0] is None:
        return None
    due = aware(history.deleted[0])
    if due > now or (history.added and history.added[0] is not None and aware(history.added[0]) == due):
        return None
    stage = _before(state, "stage")
    if stage not in OPEN_STAGES:
        return None
    return {"lead_id": lead.id, "stage": stage, "owner_id": _before(state, "owner_id"), "due_at": due,
            "ended_at": now, "escalated_at": _before(state, "escalated_at")}


def _record(session: Session, _flush_context) -> None:
    now = utcnow()
    rows = [row for obj in session.dirty if isinstance(obj, Lead) and (row := breach_of(obj, now))]
    if rows:
        session.connection().execute(insert(WindowBreach.__table__), rows)
