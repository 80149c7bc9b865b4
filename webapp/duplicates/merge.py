"""Merging two contacts (or organizations) into one: everything of the other moves to the kept.

What refers to a contact or organization is read from the table metadata, not listed by hand,
so a table added later moves too (tests/webapp/duplicates/test_merge.py names every reference
it knows and fails on a new one, so someone looks at what moving it means). Rows move through
the ORM where a model maps them, so field history records them and versions count up.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import UniqueConstraint, and_, delete, exists, inspect, select, update
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from webapp.consent.services import merged as merged_consent
from webapp.database import lock_for_update
from webapp.duplicates.pair_list import pass_on
from webapp.extensions import db
from webapp.locking import check_version, conflict_for
from webapp.models import Activity, ActivityKind, Contact, FieldChange, Organization, User

# The fields a person chooses between, in the order the merge screen shows them.
CONTACT_FIELDS = {
    "salutation": _l("Salutation"), "first_name": _l("First name"), "last_name": _l("Last name"),
    "function": _l("Function / role"), "organization_id": _l("Organization"), "email": _l("E-mail"),
    "phone": _l("Phone"), "mobile": _l("Mobile"), "street": _l("Street"), "postal_code": _l("Postal code"),
    "city": _l("City"), "country": _l("Country"), "industry": _l("Industry"), "notes": _l("Notes"),
    "language": _l("Language of offers"), "scoring_opt_out": _l("Opted out of automated scoring"),
}
ORGANIZATION_FIELDS = {
    "name": _l("Name"), "industry": _l("Industry"), "employees": _l("Employees"), "website": _l("Website"),
    "phone": _l("Phone"), "street": _l("Street"), "postal_code": _l("Postal code"), "city": _l("City"),
    "country": _l("Country"), "territory": _l("Territory"),
}
MODELS = {"contact": Contact, "organization": Organization}
FIELDS = {"contact": CONTACT_FIELDS, "organization": ORGANIZATION_FIELDS}
# Required columns: the kept record never takes an empty value for these.
REQUIRED = {"first_name", "last_name", "name"}


ALREADY_MERGED = _l("Already merged: one of these two records no longer exists, someone merged (or deleted) it "
                    "meanwhile. Nothing was changed.")


class AlreadyMerged(Exception):
    """One of the two records is gone: a colleague merged (or deleted) it since the screen was opened."""

    def __init__(self):
        super().__init__(str(ALREADY_MERGED))


@dataclass
class FieldChoice:
    name: str
    label: object
    kept: object
    other: object
    default: str  # "kept" or "other"

    @property
    def differs(self) -> bool:
        return self.kept != self.other


def _empty(value) -> bool:
    return value is None or value == "" or value is False


def field_choices(kind: str, kept, other) -> list[FieldChoice]:
    """Each field's two values; the default keeps the kept record's unless it is empty."""
    choices = []
    for name, label in FIELDS[kind].items():
        mine, theirs = getattr(kept, name), getattr(other, name)
        default = "other" if _empty(mine) and not _empty(theirs) else "kept"
        choices.append(FieldChoice(name, label, mine, theirs, default))
    return choices


def references_to(table_name: str) -> list[tuple[str, str]]:
    """(table, column) of every foreign key pointing at `table_name`'s rows."""
    found = []
    for table in db.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table.name == table_name:
                found.append((table.name, key.parent.name))
    return sorted(found)


def _mapped_class(table):
    for mapper in db.Model.registry.mappers:
        if mapper.local_table is table:
            return mapper
    return None


def _move_references(table_name: str, from_id: int, to_id: int) -> None:
    for referring, column_name in references_to(table_name):
        table = db.metadata.tables[referring]
        column = table.c[column_name]
        _drop_colliding_rows(table, column, from_id, to_id)
        mapper = _mapped_class(table)
        if mapper is None:
            db.session.execute(update(table).where(column == from_id).values({column_name: to_id}))
            continue
        attribute = mapper.get_property_by_column(column).key
        for row in db.session.scalars(select(mapper.class_).where(column == from_id)):
            setattr(row, attribute, to_id)
    db.session.flush()


def _drop_colliding_rows(table, column, from_id: int, to_id: int) -> None:
    """A row that would repeat one the kept record has under a unique constraint (the same
    campaign membership twice) is the same fact: the kept record's row stays, the other goes."""
    uniques = [list(c.columns) for c in table.constraints if isinstance(c, UniqueConstraint)]
    uniques += [list(index.columns) for index in table.indexes if index.unique]
    for columns in uniques:
        if column not in columns or len(columns) < 2:
            continue
        twin = table.alias("twin")
        same = and_(twin.c[column.name] == to_id,
                    *[twin.c[c.name] == c for c in columns if c is not column])
        db.session.execute(delete(table).where(column == from_id, exists().where(same)))


def _move_history(kind: str, from_id: int, to_id: int) -> None:
    """The removed record's field history continues as the kept record's."""
    db.session.execute(update(FieldChange).where(FieldChange.entity_type == kind, FieldChange.entity_id == from_id)
                       .values(entity_id=to_id))


def merge(kind: str, kept, other, chosen: dict[str, str], user: User, kept_version: int | None,
          other_version: int | None):
    """Merge `other` into `kept` in one transaction; `chosen` names per field whose value stays
    ("kept" or "other", else the default). EditConflict when either changed since the screen
    was opened or while merging, AlreadyMerged when either is gone; nothing is kept then."""
    if kept.id == other.id:
        raise ValueError("A record cannot be merged with itself.")
    # Both rows locked and read afresh (in id order, so two merges of a pair queue rather than
    # deadlock): a second merge of the same pair waits here for the first, then finds its record gone.
    for record_id in sorted((kept.id, other.id)):
        if lock_for_update(MODELS[kind], record_id) is None:
            db.session.rollback()
            raise AlreadyMerged()
    check_version(kept, kept_version)
    check_version(other, other_version)
    values = {}
    for choice in field_choices(kind, kept, other):
        side = chosen.get(choice.name) if chosen.get(choice.name) in ("kept", "other") else choice.default
        value = choice.other if side == "other" else choice.kept
        values[choice.name] = choice.kept if choice.name in REQUIRED and _empty(value) else value
    other_name = other.full_name if kind == "contact" else other.name
    other_id, seen = other.id, {id(kept): kept.version, id(other): other.version}
    table_name = MODELS[kind].__tablename__
    try:
        _move_references(table_name, other.id, kept.id)
        _move_history(kind, other.id, kept.id)
        # Custom values: the kept record's where both have one; consent: the stricter word.
        values["custom"] = {**(other.custom or {}), **(kept.custom or {})}
        if kind == "contact":
            values.update(merged_consent(kept, other))
        # The removed record's relationships were loaded before its rows moved: forget them, so
        # deleting it touches nothing that now belongs to the kept record.
        db.session.expire(other, [rel.key for rel in inspect(MODELS[kind]).relationships])
        db.session.delete(other)
        db.session.flush()  # its e-mail is free now, before the kept record takes it
        kept.updated_by_id = user.id
        flag_modified(kept, "updated_by_id")
        for name, value in values.items():
            setattr(kept, name, value)  # the kept row is written, and its version checked, always
        db.session.flush()
        _write_history(kind, kept, other_id, other_name, user)
        pass_on(kind, other_id, kept.id)  # the finder's list changes at once, with the merge
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise _conflict(kept, other, seen) from None
    return kept


def _conflict(kept, other, seen: dict):
    """The conflict of whichever of the two was changed (or deleted) meanwhile."""
    for record in (other, kept):
        conflict = conflict_for(record)  # reads the row as the winner left it
        if conflict.deleted or conflict.version != seen[id(record)]:
            return conflict
    return conflict_for(kept)


def _write_history(kind: str, kept, other_id: int, other_name: str, user: User) -> None:
    details = {"merged_kind": kind, "merged_id": other_id, "merged_name": other_name, "by_name": user.name}
    if kind == "contact":
        contacts = [kept]
    else:
        contacts = list(db.session.scalars(select(Contact).where(Contact.organization_id == kept.id)))
        details["into_name"] = kept.name
    for contact in contacts:
        db.session.add(Activity(contact_id=contact.id, kind=ActivityKind.MERGE, user_id=user.id,
                                subject=f"Merged {kind} {other_name} ({other_id})", details=details))

