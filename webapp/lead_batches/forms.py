from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from webapp.decimal_input import LocaleDecimalField
from webapp.forms_base import BaseForm
from webapp.forms_common import strip
from webapp.leads.forms import SOURCES


class BatchForm(BaseForm):
    """Which contacts (ticked contacts, or a campaign's members: ticked or all) become leads, and how.
    The preview adds its token and the plan's fingerprint; "Create" sends them back."""

    title = StringField(_l("Project"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    source = SelectField(_l("Source"), choices=SOURCES, validators=[Optional()])
    # Choices set by the route (webapp.leads.presenter.campaign_choices); 0 is "none".
    campaign_id = SelectField(_l("Campaign"), coerce=int, validators=[Optional()])
    expected_value = LocaleDecimalField(_l("Expected value (€)"), places=2,
                                        validators=[Optional(), NumberRange(min=0, max=10**9)])
    contact_ids = SelectMultipleField(_l("Contacts"), coerce=int, validate_choice=False)
    members_of = IntegerField(_l("Members of campaign"), validators=[Optional()])
    member_ids = SelectMultipleField(_l("Members"), coerce=int, validate_choice=False)
    scope = HiddenField()  # "all" members of `members_of`, else the ticked ones
    token = HiddenField(validators=[Length(max=64)])
    fingerprint = HiddenField(validators=[Length(max=64)])
