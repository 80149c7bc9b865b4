"""The field definitions: which fields a contact or an organization has, in which order."""

import re
import unicodedata

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import CustomField

# Keys go into JSON paths on SQLite and PostgreSQL: plain lower-case ASCII keeps them safe there.
KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,59}")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def key_from_label(label: str, taken=()) -> str:
    """A key for a new field: the label in plain lower-case ASCII, unique among `taken`."""
    plain = unicodedata.normalize("NFKD", label.translate(_UMLAUTS)).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")[:50] or "field"
    if base[0].isdigit():
        base = f"f_{base}"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def fields_for(entity: str, active_only: bool = True) -> list[CustomField]:
    """The fields of contacts or organizations in the order forms and lists show them."""
    query = select(CustomField).where(CustomField.entity == entity)
    if active_only:
        query = query.where(CustomField.active.is_(True))
    return list(db.session.scalars(query.order_by(CustomField.position, CustomField.id)))


def list_columns(entity: str) -> list[CustomField]:
    return [field for field in fields_for(entity) if field.in_list]


def field_by_key(entity: str, key: str) -> CustomField | None:
    return db.session.scalar(select(CustomField).where(CustomField.entity == entity, CustomField.key == key))


def all_keys(entity: str) -> set[str]:
    """Keys of every field, inactive ones too: their values are kept, not free attributes."""
    return set(db.session.scalars(select(CustomField.key).where(CustomField.entity == entity)))


def save_field(field: CustomField | None, data: dict) -> CustomField:
    """Create (field=None) or change a definition. Entity, key and type are fixed once created:
    stored values were written for them."""
    if field is None:
        field = CustomField(entity=data["entity"], type=data["type"],
                            key=data.get("key") or key_from_label(data["label"], all_keys(data["entity"])))
        db.session.add(field)
    for name in ("label", "required", "position", "active", "in_list"):
        setattr(field, name, data[name])
    field.options = list(data.get("options") or []) if field.type == "choice" else []
    db.session.commit()
    return field
