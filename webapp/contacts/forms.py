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
from webapp.language_field import LanguageField
from webapp.locking import VersionedForm
from webapp.models import LOGGABLE_KINDS
from webapp.settings.locale import company_language

SALUTATIONS = choices([("", "—"), ("Ms", "Ms"), ("Mr", "Mr"), ("Mx", "Mx"), ("Dr", "Dr")])


def parse_custom(text: str | None) -> dict[str, str]:
    """'name: value' per line → dict; raises ValueError naming the bad line."""
    result: dict[str, str] = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, value = line.partition(":")
        if not sep or not name.strip():
            raise ValueError(f"Line {number} needs the form 'name: value'.")
        result[name.strip()] = value.strip()
    return result


def format_custom(custom: dict | None) -> str:
    return "\n".join(f"{k}: {v}" for k, v in (custom or {}).items())


class ContactForm(BaseForm):
    salutation = SelectField("Salutation", choices=SALUTATIONS, validators=[Optional()])
    first_name = StringField("First name", filters=[strip], validators=[DataRequired(), Length(max=80)])
    last_name = StringField("Last name", filters=[strip], validators=[DataRequired(), Length(max=80)])
    function = StringField("Function / role", filters=[blank_to_none], validators=[Length(max=120)])
    organization_id = SelectField("Organization", coerce=int, validators=[Optional()])
    email = EmailField("E-mail", filters=[blank_to_none], validators=[Optional(), Email(), Length(max=254)])
    phone = StringField("Phone", filters=[blank_to_none], validators=[Optional(), phone_number])
    mobile = StringField("Mobile", filters=[blank_to_none], validators=[Optional(), phone_number])
    street = StringField("Street", filters=[blank_to_none], validators=[Length(max=160)])
    postal_code = StringField("Postal code", filters=[blank_to_none], validators=[Length(max=20)])
    city = StringField("City", filters=[blank_to_none], validators=[Length(max=120)])
    country = StringField("Country", filters=[blank_to_none], validators=[Length(max=80)])
    industry = StringField("Industry", filters=[blank_to_none], validators=[Length(max=80)])
    notes = TextAreaField("Notes", filters=[blank_to_none])
    custom_text = TextAreaField("Custom attributes", filters=[blank_to_none])
    scoring_opt_out = BooleanField("Opted out of automated scoring")
    language = LanguageField(_l("Language of offers"), fallback=company_language)

    def validate_custom_text(self, field) -> None:
        try:
            parse_custom(field.data)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc


class ContactEditForm(VersionedForm, ContactForm):
    """Editing a contact: carries the version it was opened on."""


class ActivityForm(BaseForm):
    kind = SelectField("Kind", choices=choices((k.value, k.value.capitalize()) for k in LOGGABLE_KINDS))
    subject = StringField("Subject", filters=[blank_to_none], validators=[Length(max=200)])
    body = TextAreaField("What happened", filters=[strip], validators=[DataRequired()])
    lead_id = SelectField("Project", coerce=int, validators=[Optional()])
    occurred_at = DateTimeLocalField("When", validators=[Optional()])
