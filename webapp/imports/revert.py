"""Reverting an import: delete what it created, unless used since (a contact that got a lead or an
activity, a company with other people, a lead with activities or offers: kept and named), and
restore the values it changed, newest change first, through the ORM (field history records it).
An import that failed or was interrupted is reverted the same way: its ids are saved per batch."""

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, delete, select

from webapp.extensions import db
from webapp.imports.stopped import STOPPED, settle_stopped
from webapp.imports.writer import MODELS
from webapp.models import Activity, CampaignMember, Contact, Import, Lead, Offer
from webapp.models._base import utcnow
from webapp.reports import lead_days
from webapp.stored_text import english, stored

CHUNK = 500  # ids per IN (…), well under every database's limit for bound parameters
NOT_REVERTIBLE = stored(_l("Only a finished import can be reverted; this one is %(status)s."))


class RevertError(ValueError):
    pass


def _chunks(ids):
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def _used(column, ids) -> set[int]:
    """The ids among `ids` that `column` refers to."""
    used = set()
    for chunk in _chunks(ids):
        used |= set(db.session.scalars(select(column).where(column.in_(chunk))))
    return used


def _referenced(column, referrer_id, ids, leaving: set[int]) -> set[int]:
    """The ids among `ids` referred to by a row that is not itself about to go."""
    used = set()
    for chunk in _chunks(ids):
        for target, referrer in db.session.execute(select(column, referrer_id).where(column.in_(chunk))):
            if referrer not in leaving:
                used.add(target)
    return used


def _restored(target, name: str, value):
    """A value as the import's row kept it (money as text, days ISO), as the column takes it."""
    if value is None:
        return None
    if name == "expected_value":
        return Decimal(value)
    if isinstance(type(target).__table__.c[name].type, Date):
        return date.fromisoformat(value)
    return value


def revert_import(record: Import) -> dict:
    """Undo `record`; what was kept and why is stored on it and returned."""
    settle_stopped(record)
    if record.status not in ("done", *STOPPED):
        raise RevertError(english(NOT_REVERTIBLE, status=record.status))
    restored = 0
    for change in reversed(record.changes or []):
        target = db.session.get(MODELS[change["table"]], change["id"])
        if target is not None:
            for name, value in change["before"].items():
                setattr(target, name, _restored(target, name, value))
            restored += 1
    db.session.flush()  # a restored link to a company made by the import no longer keeps it
    created = record.created_ids or {}
    leads = set(created.get("leads", []))
    keep_leads = _used(Activity.lead_id, leads) | _used(Offer.lead_id, leads)
    drop_leads = leads - keep_leads
    contacts = set(created.get("contacts", []))
    keep_contacts = _referenced(Lead.contact_id, Lead.id, contacts, drop_leads)
    keep_contacts |= _used(Activity.contact_id, contacts) | _used(CampaignMember.contact_id, contacts)
    drop_contacts = contacts - keep_contacts
    organizations = set(created.get("organizations", []))
    keep_organizations = _referenced(Contact.organization_id, Contact.id, organizations, drop_contacts)
    kept = _describe("leads", keep_leads) + _describe("contacts", keep_contacts) + \
        _describe("organizations", keep_organizations)
    connection = db.session.connection()
    counted_in = lead_days.groups_of(connection, drop_leads)  # the report's counts, recounted without them
    for model, ids in ((Lead, drop_leads), (Contact, drop_contacts)):
        for chunk in _chunks(ids):
            db.session.execute(delete(model).where(model.id.in_(chunk)))
    lead_days.recount_groups(connection, counted_in)
    for chunk in _chunks(organizations - keep_organizations):
        db.session.execute(delete(MODELS["organizations"]).where(MODELS["organizations"].id.in_(chunk)))
    record.status, record.reverted_at, record.kept = "reverted", utcnow(), kept
    db.session.commit()
    return {"deleted": len(drop_leads) + len(drop_contacts) + len(organizations - keep_organizations),
            "restored": restored, "kept": kept}


def _describe(table: str, ids) -> list[dict]:
    model = MODELS[table]
    kept = []
    for chunk in _chunks(sorted(ids)):
        for record in db.session.scalars(select(model).where(model.id.in_(chunk))):
            name = record.full_name if table == "contacts" else (record.title if table == "leads" else record.name)
            kept.append({"table": table, "id": record.id, "name": name})
    return kept
