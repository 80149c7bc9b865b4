"""Every contact and organization carries its comparison keys, however it was saved (form, API,
import, merge, demo data): one session hook stamps them before each flush."""

from flask import Flask
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from webapp.duplicates.keys import DEFAULT_REGION, organization_key, phone_key
from webapp.models import Contact, Organization

# The attribute each key follows.
CONTACT_KEYS = {"phone_key": "phone", "mobile_key": "mobile"}
ORGANIZATION_KEYS = {"phone_key": "phone"}


def phone_region() -> str:
    """The region numbers without a country code are read in (settings "data.phone_region")."""
    from webapp.settings.services import get_settings  # settings import models; keep this module light

    return (get_settings().get("data", {}).get("phone_region") or DEFAULT_REGION).upper()


def contact_keys(values: dict, region: str) -> dict:
    """The keys for a row of contact values (for writers that insert rows without the ORM)."""
    return {key: phone_key(values.get(field), region) for key, field in CONTACT_KEYS.items()}


def organization_keys(values: dict, region: str) -> dict:
    return {"phone_key": phone_key(values.get("phone"), region), "name_key": organization_key(values.get("name"))}


def _changed(obj, fields) -> bool:
    state = inspect(obj)
    return state.pending or any(state.attrs[field].history.has_changes() for field in fields)


def _stamp(session: Session, flush_context, instances) -> None:
    touched = [obj for obj in (*session.new, *session.dirty) if isinstance(obj, (Contact, Organization))]
    if not touched:
        return
    region = None
    for obj in touched:
        if isinstance(obj, Contact) and _changed(obj, CONTACT_KEYS.values()):
            region = region or phone_region()
            for key, value in contact_keys({f: getattr(obj, f) for f in CONTACT_KEYS.values()}, region).items():
                setattr(obj, key, value)
        elif isinstance(obj, Organization) and _changed(obj, ("phone", "name")):
            region = region or phone_region()
            for key, value in organization_keys({"phone": obj.phone, "name": obj.name}, region).items():
                setattr(obj, key, value)


def init_app(app: Flask) -> None:
    if not event.contains(Session, "before_flush", _stamp):
        event.listen(Session, "before_flush", _stamp)


def restamp_all(region: str) -> int:
    """Every stored key read anew in `region` (after the setting changed); returns how many rows
    changed. Plain UPDATEs of the keys alone: nobody's version, history or "changed at" moves,
    since no value a person entered changes."""
    from sqlalchemy import text

    from webapp.extensions import db

    changed = 0
    contacts = [{"i": row.id, "p": phone_key(row.phone, region), "m": phone_key(row.mobile, region)}
                for row in db.session.execute(text("SELECT id, phone, mobile, phone_key, mobile_key FROM contacts"))
                if (row.phone_key, row.mobile_key) != (phone_key(row.phone, region), phone_key(row.mobile, region))]
    if contacts:
        db.session.execute(text("UPDATE contacts SET phone_key = :p, mobile_key = :m WHERE id = :i"), contacts)
    organizations = [{"i": row.id, "p": phone_key(row.phone, region)}
                     for row in db.session.execute(text("SELECT id, phone, phone_key FROM organizations"))
                     if row.phone_key != phone_key(row.phone, region)]
    if organizations:
        db.session.execute(text("UPDATE organizations SET phone_key = :p WHERE id = :i"), organizations)
    changed = len(contacts) + len(organizations)
    db.session.commit()
    return changed
