from wtforms import IntegerField, StringField, URLField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, URL

from webapp.forms_base import BaseForm
from webapp.forms_common import blank_to_none, phone_number, strip
from webapp.locking import VersionedForm


class OrganizationForm(BaseForm):
    name = StringField("Name", filters=[strip], validators=[DataRequired(), Length(max=200)])
    industry = StringField("Industry", filters=[blank_to_none], validators=[Length(max=80)])
    employees = IntegerField("Employees", validators=[Optional(), NumberRange(min=0, max=10_000_000)])
    website = URLField("Website", filters=[blank_to_none],
                       validators=[Optional(), URL(message="Enter a full address, e.g. https://example.com."),
                                   Length(max=200)])
    phone = StringField("Phone", filters=[blank_to_none], validators=[Optional(), phone_number])
    street = StringField("Street", filters=[blank_to_none], validators=[Length(max=160)])
    postal_code = StringField("Postal code", filters=[blank_to_none], validators=[Length(max=20)])
    city = StringField("City", filters=[blank_to_none], validators=[Length(max=120)])
    country = StringField("Country", filters=[blank_to_none], validators=[Length(max=80)])
    territory = StringField("Territory", filters=[blank_to_none], validators=[Length(max=80)])


class OrganizationEditForm(VersionedForm, OrganizationForm):
    """Editing an organization: carries the version it was opened on."""
