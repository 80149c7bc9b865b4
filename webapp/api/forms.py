"""Validation of JSON bodies with the same WTForms rules the HTML forms use."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import DecimalField, EmailField, FloatField, IntegerField, StringField
from wtforms.validators import AnyOf, DataRequired, Email, Length, NumberRange, Optional

from webapp.api.errors import ApiError
from webapp.forms_base import BaseForm
from webapp.forms_common import blank_to_none, phone_number, strip
from webapp.models import BANT_ANSWERS, OPEN_STAGES, Reaction, Source


MAX_AGE_DAYS = 36_500  # a century: a lead older than that is a typing error


def _choice(values):
    return [Optional(), AnyOf(list(values), message=_l("Use one of: %(values)s."))]


def _count(label):
    return IntegerField(label, validators=[Optional(), NumberRange(min=0, max=100_000)])


class _ApiForm(BaseForm):
    class Meta:
        csrf = False


class LeadFeaturesForm(_ApiForm):
    """A lead as the scoring model reads it: the lead snapshot's column names. Every field is
    optional; what is not given is unknown, except what webapp.scoring.new_lead fills in."""

    source = StringField(filters=[blank_to_none], validators=_choice(s.value for s in Source))
    campaign_channel = StringField(filters=[blank_to_none], validators=[Length(max=40)])
    industry = StringField(filters=[blank_to_none], validators=[Length(max=80)])
    employees = IntegerField(validators=[Optional(), NumberRange(min=0, max=10_000_000)])
    territory = StringField(filters=[blank_to_none], validators=[Length(max=80)])
    country = StringField(filters=[blank_to_none], validators=[Length(max=80)])
    function = StringField(filters=[blank_to_none], validators=[Length(max=120)])
    budget = StringField(filters=[blank_to_none], validators=_choice(BANT_ANSWERS["budget"]))
    authority = StringField(filters=[blank_to_none], validators=_choice(BANT_ANSWERS["authority"]))
    need = StringField(filters=[blank_to_none], validators=_choice(BANT_ANSWERS["need"]))
    timeline = StringField(filters=[blank_to_none], validators=_choice(BANT_ANSWERS["timeline"]))
    reaction = StringField(filters=[blank_to_none], validators=_choice(r.value for r in Reaction))
    expected_value = DecimalField(validators=[Optional(), NumberRange(min=0, max=10**9)])
    created_month = IntegerField(validators=[Optional(), NumberRange(min=1, max=12)])
    calls, emails, meetings = _count("calls"), _count("emails"), _count("meetings")
    notes, materials_sent = _count("notes"), _count("materials_sent")
    offers_sent = _count("offers_sent")
    stage = StringField(filters=[blank_to_none], validators=_choice(s.value for s in OPEN_STAGES))
    age_days = FloatField(validators=[Optional(), NumberRange(min=0, max=MAX_AGE_DAYS)])


class LeadIntakeForm(_ApiForm):
    """A new lead from a web form or another system."""

    first_name = StringField(filters=[strip], validators=[DataRequired(), Length(max=80)])
    last_name = StringField(filters=[strip], validators=[DataRequired(), Length(max=80)])
    email = EmailField(filters=[strip], validators=[DataRequired(), Email(), Length(max=254)])
    phone = StringField(filters=[blank_to_none], validators=[Optional(), phone_number])
    organization = StringField(filters=[blank_to_none], validators=[Length(max=200)])
    function = StringField(filters=[blank_to_none], validators=[Length(max=120)])
    industry = StringField(filters=[blank_to_none], validators=[Length(max=80)])
    title = StringField(filters=[strip], validators=[DataRequired(), Length(max=200)])
    source = StringField(filters=[blank_to_none], validators=_choice(s.value for s in Source))
    budget = LeadFeaturesForm.budget
    authority = LeadFeaturesForm.authority
    need = LeadFeaturesForm.need
    timeline = LeadFeaturesForm.timeline
    reaction = LeadFeaturesForm.reaction
    expected_value = LeadFeaturesForm.expected_value
    message = StringField(filters=[blank_to_none], validators=[Length(max=4000)])


def _as_formdata(field_class, value) -> str | None:
    """A JSON value as the text a form field reads, or None when its JSON type is wrong for the field."""
    if value is None:
        return ""  # null: not given
    if isinstance(value, bool):
        return None
    if issubclass(field_class, IntegerField):
        whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        return str(int(value)) if whole else None
    if issubclass(field_class, (DecimalField, FloatField)):
        return repr(value) if isinstance(value, (int, float)) else None
    return value if isinstance(value, str) else None


def _type_error(field_class) -> str:
    if issubclass(field_class, IntegerField):
        return _("Send a whole number.")
    return _("Send a number.") if issubclass(field_class, (DecimalField, FloatField)) else _("Send a string.")


def validated(form_class, payload) -> dict:
    """The body as clean values, or a 400/422 ApiError naming each bad field (JSON types checked too)."""
    if not isinstance(payload, dict):
        raise ApiError(400, _("Send a JSON object as the request body."))
    formdata, problems = MultiDict(), {}
    for name, value in payload.items():
        field_class = getattr(getattr(form_class, name, None), "field_class", None)
        if field_class is None:
            problems[name] = [_("Unknown field.")]
        elif (text := _as_formdata(field_class, value)) is None:
            problems[name] = [_type_error(field_class)]
        else:
            formdata[name] = text
    form = form_class(formdata=formdata)
    if not form.validate() or problems:
        raise ApiError(422, _("Some fields are not valid."), {**form.errors, **problems})
    return {name: field.data for name, field in form._fields.items() if name in payload}
