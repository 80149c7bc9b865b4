"""The definition form (Settings → Custom fields) and the custom fields of the contact and
organization forms, built per request from the active definitions."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from webapp.custom_fields.definitions import KEY_PATTERN
from webapp.custom_fields.values import NUMBER_LIMIT, for_form, to_stored
from webapp.decimal_input import LocaleDecimalField
from webapp.forms_base import BaseForm
from webapp.forms_common import blank_to_none, choices, strip
from webapp.models import CustomField

TYPES = {"text": _l("Text"), "number": _l("Number"), "date": _l("Date"), "choice": _l("Choice")}
ENTITIES = {"contact": _l("Contacts"), "organization": _l("Organizations")}
PREFIX = "cf_"


class FieldDefinitionForm(BaseForm):
    entity = SelectField(_l("For"), choices=choices(ENTITIES.items()))
    label = StringField(_l("Label"), filters=[strip], validators=[DataRequired(), Length(max=120)])
    key = StringField(_l("Key"), filters=[blank_to_none], validators=[Optional(), Length(max=60)])
    type = SelectField(_l("Type"), choices=choices(TYPES.items()))
    options_text = TextAreaField(_l("Choices"), filters=[blank_to_none])
    required = BooleanField(_l("Required"))
    position = IntegerField(_l("Order"), default=0, validators=[Optional(), NumberRange(min=0, max=10_000)])
    active = BooleanField(_l("Active"), default=True)
    in_list = BooleanField(_l("Show in the list"))

    def validate_key(self, field) -> None:
        if field.data and not KEY_PATTERN.fullmatch(field.data):
            raise ValidationError(_("Lower-case letters, digits and _, starting with a letter."))

    def validate_options_text(self, field) -> None:
        options = self.options()
        if self.type.data == "choice" and not options:
            raise ValidationError(_("A choice field needs at least one choice, one per line."))
        if any(len(option) > 100 for option in options):
            raise ValidationError(_("A choice may have at most 100 characters."))

    def options(self) -> list[str]:
        """One choice per line, each once, in the order typed."""
        lines = [line.strip() for line in (self.options_text.data or "").splitlines()]
        return list(dict.fromkeys(line for line in lines if line))


def _input(field: CustomField):
    need = [InputRequired()] if field.required else [Optional()]
    if field.type == "number":
        return LocaleDecimalField(field.label, places=None,
                                  validators=[*need, NumberRange(min=-NUMBER_LIMIT, max=NUMBER_LIMIT)])
    if field.type == "date":
        return DateField(field.label, validators=need)
    if field.type == "choice":
        return SelectField(field.label, choices=choices([("", "—"), *[(o, o) for o in field.options or []]]), validators=need)
    return StringField(field.label, filters=[blank_to_none], validators=[*need, Length(max=500)])


def with_custom_fields(form_class, fields: list[CustomField]):
    """`form_class` with one input per field, named cf_<key>."""
    inputs = {PREFIX + field.key: _input(field) for field in fields}
    return type(form_class.__name__, (form_class,), inputs)


def prepare(form, fields: list[CustomField], custom: dict | None, show_stored: bool) -> None:
    """Let a choice keep a stored value no longer among the options; with `show_stored` (a form
    just opened) fill in the record's values. One that does not read as its type is shown as
    stored, so the user sees and corrects it rather than losing it."""
    custom = custom or {}
    for field in fields:
        stored, element = custom.get(field.key), form[PREFIX + field.key]
        if field.type == "choice" and stored is not None and str(stored) not in (field.options or []):
            element.choices = [*element.choices, *choices([(str(stored), str(stored))])]
        if show_stored:
            element.data = for_form(field, stored)
            if element.data is None and stored is not None:
                element.raw_data = [str(stored)]


def stored_values(form, fields: list[CustomField], custom: dict | None) -> dict:
    """The record's custom JSON after the form: its fields' values replaced, anything else kept."""
    result = dict(custom or {})
    for field in fields:
        value = to_stored(field, form[PREFIX + field.key].data)
        if value is None:
            result.pop(field.key, None)
        else:
            result[field.key] = value
    return result


def inputs(form, fields: list[CustomField]) -> list:
    return [form[PREFIX + field.key] for field in fields]
