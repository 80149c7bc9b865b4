"""The consent changes of a contact as its page lists them: who, when, which field, old and new,
in the words of the consent form."""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _

from webapp.consent.forms import ConsentForm
from webapp.consent.labels import CONSENT, FIELDS, SOURCES
from webapp.field_history import changes_for
from webapp.formats import format_date
from webapp.models import Contact

SHOWN = 20


@dataclass(frozen=True)
class ConsentChange:
    at: datetime
    who: str
    field: str
    old: str
    new: str


def _label(field: str) -> str:
    """The label of the consent form's field that edits it."""
    return str(getattr(ConsentForm, field).args[0])


def _text(field: str, value) -> str:
    if value is None or value == "":
        return "—"
    if field == "marketing_consent":
        return str(CONSENT.get(value, value))
    if field.endswith("_source"):
        return str(SOURCES.get(value, value))
    if field == "do_not_contact":
        return _("yes") if value else _("no")
    if field.endswith("_at"):
        try:
            return format_date(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    return str(value)


def consent_history(contact: Contact) -> list[ConsentChange]:
    """Newest first; the values a new contact starts with are not changes worth listing."""
    changes = [c for c in changes_for(Contact, contact.id, fields=FIELDS, limit=SHOWN)
               if not (c.old_value is None and c.new_value in (None, "unknown", False))]
    return [ConsentChange(at=c.changed_at, who=c.changed_by.name if c.changed_by else _("system"),
                          field=_label(c.field), old=_text(c.field, c.old_value), new=_text(c.field, c.new_value))
            for c in changes]
