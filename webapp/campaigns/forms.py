from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from webapp import labels
from webapp.decimal_input import LocaleDecimalField
from webapp.forms_base import BaseForm
from webapp.forms_common import blank_to_none, choices, strip
from webapp.models.campaign import CAMPAIGN_STATUSES, CHANNELS, MEMBER_STATUSES

MONEY_LIMIT = 10**9


def _not_before_start(form, field) -> None:
    if field.data and form.starts_on.data and field.data < form.starts_on.data:
        raise ValidationError(_l("The end cannot lie before the start."))


class CampaignForm(BaseForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=160)])
    channel = SelectField(_l("Channel"), choices=choices(labels.choices_of(labels.CHANNELS, CHANNELS)))
    status = SelectField(_l("Status"), choices=choices(labels.choices_of(labels.CAMPAIGN_STATUSES, CAMPAIGN_STATUSES)))
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional(), _not_before_start])
    budget = LocaleDecimalField(_l("Budget (€)"), places=2, validators=[Optional(), NumberRange(min=0, max=MONEY_LIMIT)])
    actual_cost = LocaleDecimalField(_l("Actual cost (€)"), places=2,
                                     validators=[Optional(), NumberRange(min=0, max=MONEY_LIMIT)])
    owner_id = SelectField(_l("Owner"), coerce=int, validators=[Optional()])
    description = TextAreaField(_l("Description"), filters=[blank_to_none], validators=[Length(max=4000)])


class AddMemberForm(BaseForm):
    contact_id = IntegerField(_l("Contact"), validators=[InputRequired()])


class JoinCampaignForm(BaseForm):
    """From the contact page: put this contact on a campaign."""
    campaign_id = SelectField(_l("Campaign"), coerce=int, validators=[InputRequired()])


class MemberStatusForm(BaseForm):
    status = SelectField(_l("Status"), choices=choices(labels.choices_of(labels.MEMBER_STATUSES, MEMBER_STATUSES)))
