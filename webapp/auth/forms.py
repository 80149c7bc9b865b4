from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length

from webapp.forms_base import BaseForm
from webapp.language_field import language_choices


class LoginForm(BaseForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Keep me signed in"))


class TokenForm(BaseForm):
    name = StringField(_l("Name of the token"), validators=[DataRequired(), Length(max=80)],
                       description=_l("e.g. “web form on our site”"))


class LanguageForm(BaseForm):
    language = SelectField(_l("Language"), choices=language_choices(none_label=_l("As my browser asks")), default="")
