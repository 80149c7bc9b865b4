"""Optimistic locking for records several people edit.

A versioned record carries a counter that SQLAlchemy checks in every UPDATE (`version_id_col`:
``UPDATE … WHERE id = ? AND version = ?``), so a save from a stale form, or the loser of two
simultaneous saves, is refused instead of silently overwriting a colleague's change. Edit forms
carry the version the user saw in a hidden field; `editing()` compares it and turns every
refusal into an `EditConflict` that names who saved in between.
"""

import re
from contextlib import contextmanager

from flask import g, has_request_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import ForeignKey, Integer, event, inspect
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError
from wtforms import HiddenField
from wtforms.validators import StopValidation

from webapp.extensions import db

VERSION_MISSING = _l("This form came without the version of the record it edits. "
                     "Reload the page and enter your change again.")

# Each kind of record with "this" (VersionedMixin.locking_noun): German needs the article's gender.
THIS_RECORD = {
    "record": _l("This record"),
    "lead": _l("This lead"),
    "contact": _l("This contact"),
    "organization": _l("This organization"),
    "offer": _l("This offer"),
    "offer line": _l("This offer line"),
    "setting": _l("This setting"),
    "settings page": _l("This settings page"),
}


def this_record(noun: str) -> str:
    known = THIS_RECORD.get(noun)
    return str(known) if known is not None else _("This %(noun)s", noun=noun)


class EditConflict(Exception):
    """Someone saved the record since this user opened it; str() names them."""

    def __init__(self, what: str, by: str | None, version: int | None = None, deleted: bool = False):
        self.by, self.version, self.deleted = by, version, deleted
        if deleted:
            super().__init__(_("%(record)s was deleted meanwhile; there is nothing left to save.",
                               record=this_record(what)))
            return
        super().__init__(_("%(record)s was changed by %(who)s meanwhile.", record=this_record(what),
                           who=by or _("someone else")))


class VersionedMixin:
    """`version` checked on every UPDATE, and who saved the row last."""

    # No Python default: the ORM numbers versions itself, and plain INSERTs get the server default.
    version: Mapped[int] = mapped_column(Integer, server_default="1")

    @declared_attr
    def updated_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @declared_attr
    def updated_by(cls) -> Mapped["User | None"]:  # noqa: F821
        return relationship("User", foreign_keys=f"{cls.__name__}.updated_by_id")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}

    # What the conflict message calls this kind of record ("lead", "offer line").
    locking_noun = "record"


def actor_id() -> int | None:
    """The signed-in user (page or API token) making this change; None in jobs and the CLI."""
    if not has_request_context():
        return None
    user = g.get("api_user") or current_user
    return user.id if getattr(user, "is_authenticated", False) else None


@event.listens_for(VersionedMixin, "before_insert", propagate=True)
@event.listens_for(VersionedMixin, "before_update", propagate=True)
def _stamp_changed_by(mapper, connection, target) -> None:
    """Every saved change records its author, unless the service named one itself."""
    attrs = inspect(target).attrs
    if attrs.updated_by_id.history.has_changes() or attrs.updated_by.history.has_changes():
        return
    target.updated_by_id = actor_id()


def conflict_for(record) -> EditConflict:
    """The conflict as the database has it now (call after a rollback to see the winner)."""
    try:
        version, by = record.version, record.updated_by
    except ObjectDeletedError:
        return EditConflict(record.locking_noun, None, deleted=True)
    return EditConflict(record.locking_noun, by.name if by else None, version)


def check_version(record, expected: int | None) -> None:
    """Refuse a save from a form opened on another version of the record."""
    if expected is None or expected != record.version:
        raise conflict_for(record)


@contextmanager
def editing(record, expected: int | None, by=None, races: tuple = (StaleDataError,)):
    """Change `record` inside the block and commit, if nobody saved it since `expected`; `by`
    is who saves (else the signed-in user).

    Also when two saves race past the check: the loser's UPDATE finds no row with its version
    (StaleDataError; records created on first save also pass IntegrityError in `races`, for the
    loser's INSERT). Either way nothing of the loser's is kept and an EditConflict names the winner.
    """
    check_version(record, expected)
    try:
        yield record
        if by is not None:
            record.updated_by_id = by.id
        db.session.commit()
    except races:
        db.session.rollback()  # expires the record: conflict_for() reads the winner's row
        raise conflict_for(record) from None


class VersionField(HiddenField):
    """The version of the record the form was opened on; a form without it is refused."""

    def process_formdata(self, valuelist) -> None:
        raw = valuelist[0] if valuelist else ""
        self.data = int(raw) if re.fullmatch(r"[0-9]{1,9}", str(raw).strip()) else None

    def _value(self) -> str:
        return "" if self.data is None else str(self.data)

    def pre_validate(self, form) -> None:
        if self.data is None:
            raise StopValidation(str(VERSION_MISSING))


class VersionedForm:
    """Mixin for the edit form of a versioned record (put it before FlaskForm)."""

    version = VersionField()

    def report_conflict(self, conflict: EditConflict) -> int:
        """Keep what the user typed, say who saved meanwhile, and let a second save apply it."""
        if conflict.deleted:
            self.form_errors.append(str(conflict))
        else:
            self.form_errors.append(_("%(conflict)s Your entries are kept below: check the current version (open it "
                                      "in a new tab), then save again to replace it with yours.", conflict=conflict))
        self.version.data = conflict.version
        return 409
