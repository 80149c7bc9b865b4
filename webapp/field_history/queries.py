"""Reading the field history: the changes of a record, and its fields as they were at a moment.

The value of a field at T is the newest change at or before T; with none (a record created
before the history began, or a field unchanged since), the value the first later change
replaced; with no change at all, the current value. So history written from today on answers
for older records too, without a back-fill. Ask only for moments after the record's creation.
"""

from datetime import datetime

from sqlalchemy import select

from webapp.extensions import db
from webapp.field_history.recorder import tracked_models
from webapp.field_history.values import plain
from webapp.models import FieldChange
from webapp.utc import as_utc


def _type_name(entity) -> str:
    return entity if isinstance(entity, str) else entity.tracked_as


def _model(entity) -> type:
    return tracked_models()[_type_name(entity)]


def changes_for(entity, entity_ids, fields=None, since: datetime | None = None,
                until: datetime | None = None, limit: int | None = None) -> list[FieldChange]:
    """Changes of the records `entity_ids` (one id or several) of `entity` ("lead" or Lead),
    newest first; optionally of some fields only and within [since, until]."""
    ids = [entity_ids] if isinstance(entity_ids, int) else list(entity_ids)
    query = select(FieldChange).where(FieldChange.entity_type == _type_name(entity),
                                      FieldChange.entity_id.in_(ids))
    if fields is not None:
        query = query.where(FieldChange.field.in_(list(fields)))
    if since is not None:
        query = query.where(FieldChange.changed_at >= since)
    if until is not None:
        query = query.where(FieldChange.changed_at <= until)
    query = query.order_by(FieldChange.changed_at.desc(), FieldChange.id.desc())
    return list(db.session.scalars(query.limit(limit) if limit else query))


def values_as_of(entity, entity_id: int, when: datetime, fields=None) -> dict:
    """The tracked fields (or `fields`) of one record as they were at `when`."""
    model = _model(entity)
    names = tuple(fields or model.tracked_fields)
    when = as_utc(when)
    before: dict[str, object] = {}  # newest change at or before `when`
    after: dict[str, object] = {}  # oldest change after it
    for change in reversed(changes_for(entity, entity_id, names)):
        if as_utc(change.changed_at) <= when:
            before[change.field] = change.new_value
        else:
            after.setdefault(change.field, change.old_value)
    result = {name: before[name] if name in before else after[name]
              for name in names if name in before or name in after}
    missing = [name for name in names if name not in result]
    if missing:  # never changed: as it is now
        record = db.session.get(model, entity_id)

        result |= {name: plain(getattr(record, name)) if record else None for name in missing}
    return {name: result[name] for name in names}


def value_as_of(entity, entity_id: int, field: str, when: datetime):
    """One field of one record as it was at `when` (JSON-typed: dates as ISO strings)."""
    return values_as_of(entity, entity_id, when, (field,))[field]
