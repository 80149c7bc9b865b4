"""The merge screen's form: which of the two values each field keeps, and both versions."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField

from webapp.duplicates.merge import FIELDS
from webapp.forms_base import BaseForm
from webapp.forms_common import choices
from webapp.locking import VersionField

SIDES = [("kept", _l("Keep this record's")), ("other", _l("Take the other's"))]


def merge_form_class(kind: str) -> type[BaseForm]:
    """A form with one radio group per field of this kind of record."""

    class MergeForm(BaseForm):
        kept_version = VersionField()
        other_version = VersionField()

    # Without a choice (a field the page did not show) the merge takes the field's default side.
    for name, label in FIELDS[kind].items():
        setattr(MergeForm, name, RadioField(label, choices=choices(SIDES), validate_choice=False))
    return MergeForm


class DismissForm(BaseForm):
    """Only the CSRF token: the pair is in the address."""


class SearchForm(BaseForm):
    """Only the CSRF token: "Search again" has nothing to choose."""
