from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, StringField, URLField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, URL

from webapp.forms_base import BaseForm
from webapp.forms_common import blank_to_none, phone_number, strip
from webapp.locking import VersionedForm


class OrganizationForm(BaseForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    industry = StringField(_l("Industry"), filters=[blank_to_none], validators=[Length(max=80)])
    employees = IntegerField(_l("Employees"), validators=[Optional(), NumberRange(min=0, max=10_000_000)])
    website = URLField(_l("Website"), filters=[blank_to_none],
                       validators=[Optional(), URL(message=_l("Enter a full address, e.g. https://example.com.")),
                                   Length(max=200)])
    phone = StringField(_l("Phone"), filters=[blank_to_none], validators=[Optional(), phone_number])
    street = StringField(_l("Street"), filters=[blank_to_none], validators=[Length(max=160)])
    postal_code = StringField(_l("Postal code"), filters=[blank_to_none], validators=[Length(max=20)])
    city = StringField(_l("City"), filters=[blank_to_none], validators=[Length(max=120)])
    country = StringField(_l("Country"), filters=[blank_to_none], validators=[Length(max=80)])
    territory = StringField(_l("Territory"), filters=[blank_to_none], validators=[Length(max=80)])
    # Sent by the "Create anyway" button after the form warned of likely duplicates.
    allow_duplicate = BooleanField(_l("Create anyway"))


class OrganizationEditForm(VersionedForm, OrganizationForm):
    """Editing an organization: carries the version it was opened on."""
