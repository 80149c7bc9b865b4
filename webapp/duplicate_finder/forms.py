"""The merge screen's form: which of the two values each field keeps, and both versions."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField

from webapp.duplicates.merge import FIELDS
from webapp.forms_base import BaseForm
from webapp.locking import VersionField

SIDES = [("kept", _l("Keep this record's")), ("other", _l("Take the other's"))]


def merge_form_class(kind: str) -> type[BaseForm]:
    """A form with one radio group per field of this kind of record."""

    class MergeForm(BaseForm):
        kept_version = VersionField()
        other_version = VersionField()

    for name, label in FIELDS[kind].items():
        setattr(MergeForm, name, RadioField(label, choices=SIDES, default="kept"))
    return MergeForm


class DismissForm(BaseForm):
    """Only the CSRF token: the pair is in the address."""
