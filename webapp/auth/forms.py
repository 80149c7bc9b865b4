from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length

from webapp.forms_base import BaseForm


class LoginForm(BaseForm):
    email = EmailField("E-mail", validators=[DataRequired(), Email()])
    password = PasswordField("Password", validators=[DataRequired()])
    remember = BooleanField("Keep me signed in")


class TokenForm(BaseForm):
    name = StringField("Name of the token", validators=[DataRequired(), Length(max=80)],
                       description="e.g. “web form on our site”")
