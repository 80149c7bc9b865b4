from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Email, Length, Optional

from webapp.forms_base import BaseForm
from webapp.forms_common import blank_to_none, choices, phone_number, strip
from webapp.labels import ACTIVITY_KINDS, SALUTATIONS
from webapp.language_field import LanguageField
from webapp.locking import VersionedForm
from webapp.models import LOGGABLE_KINDS
from webapp.settings.locale import company_language

SALUTATION_CHOICES = choices([("", "—"), *SALUTATIONS.items()])


def parse_custom(text: str | None) -> dict[str, str]:
    """'name: value' per line → dict; raises ValueError naming the bad line."""
    result: dict[str, str] = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, value = line.partition(":")
        if not sep or not name.strip():
            raise ValueError(_("Line %(number)s needs the form 'name: value'.", number=number))
        result[name.strip()] = value.strip()
    return result


def format_custom(custom: dict | None) -> str:
    return "\n".join(f"{k}: {v}" for k, v in (custom or {}).items())


class ContactForm(BaseForm):
    salutation = SelectField(_l("Salutation"), choices=SALUTATION_CHOICES, validators=[Optional()])
    first_name = StringField(_l("First name"), filters=[strip], validators=[DataRequired(), Length(max=80)])
    last_name = StringField(_l("Last name"), filters=[strip], validators=[DataRequired(), Length(max=80)])
    function = StringField(_l("Function / role"), filters=[blank_to_none], validators=[Length(max=120)])
    organization_id = SelectField(_l("Organization"), coerce=int, validators=[Optional()])
    email = EmailField(_l("E-mail"), filters=[blank_to_none], validators=[Optional(), Email(), Length(max=254)])
    phone = StringField(_l("Phone"), filters=[blank_to_none], validators=[Optional(), phone_number])
    mobile = StringField(_l("Mobile"), filters=[blank_to_none], validators=[Optional(), phone_number])
    street = StringField(_l("Street"), filters=[blank_to_none], validators=[Length(max=160)])
    postal_code = StringField(_l("Postal code"), filters=[blank_to_none], validators=[Length(max=20)])
    city = StringField(_l("City"), filters=[blank_to_none], validators=[Length(max=120)])
    country = StringField(_l("Country"), filters=[blank_to_none], validators=[Length(max=80)])
    industry = StringField(_l("Industry"), filters=[blank_to_none], validators=[Length(max=80)])
    notes = TextAreaField(_l("Notes"), filters=[blank_to_none])
    # Attributes no custom field defines (older free text): kept, and editable as text.
    custom_text = TextAreaField(_l("Other attributes"), filters=[blank_to_none])
    scoring_opt_out = BooleanField(_l("Opted out of automated scoring"))
    language = LanguageField(_l("Language of offers"), fallback=company_language)
    # Sent by the "Create anyway" button after the form warned of likely duplicates.
    allow_duplicate = BooleanField(_l("Create anyway"))

    def validate_custom_text(self, field) -> None:
        try:
            parse_custom(field.data)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc


class ContactEditForm(VersionedForm, ContactForm):
    """Editing a contact: carries the version it was opened on."""


class ActivityForm(BaseForm):
    kind = SelectField(_l("Kind"), choices=choices((k.value, ACTIVITY_KINDS[k]) for k in LOGGABLE_KINDS))
    subject = StringField(_l("Subject"), filters=[blank_to_none], validators=[Length(max=200)])
    body = TextAreaField(_l("What happened"), filters=[strip], validators=[DataRequired()])
    lead_id = SelectField(_l("Project"), coerce=int, validators=[Optional()])
    occurred_at = DateTimeLocalField(_l("When"), validators=[Optional()])
