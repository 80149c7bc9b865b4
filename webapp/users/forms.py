from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from webapp import labels
from webapp.auth.services import MIN_PASSWORD_LENGTH
from webapp.forms_base import BaseForm
from webapp.forms_common import blank_to_none, choices, strip
from webapp.models import Role

ROLE_CHOICES = choices(labels.choices_of(labels.ROLES, [role.value for role in Role]))


class UserForm(BaseForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=120)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    territory = StringField(_l("Territory"), filters=[blank_to_none], validators=[Optional(), Length(max=80)])
    absent_until = DateField(_l("Absent until"), validators=[Optional()])
    is_team_lead = BooleanField(_l("Team lead (reports, weekly KPI e-mail, escalations)"))


class NewUserForm(UserForm):
    email = EmailField(_l("E-mail"), filters=[strip], validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Initial password"), validators=[
        DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200,
                               message=_l("The password needs at least %(num)d characters.", num=MIN_PASSWORD_LENGTH))])
