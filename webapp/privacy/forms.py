from flask_babel import lazy_gettext as _l
from wtforms import StringField, ValidationError
from wtforms.validators import DataRequired

from webapp.forms_base import BaseForm
from webapp.forms_common import strip


def _same_name(typed: str | None) -> str:
    return " ".join((typed or "").split()).casefold()


class EraseForm(BaseForm):
    """The admin types the person's name: an erasure cannot be undone, so it is never one click."""

    confirm_name = StringField(_l("Type the person's name to confirm"), filters=[strip],
                               validators=[DataRequired()])

    def __init__(self, expected_name: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected_name = expected_name

    def validate_confirm_name(self, field) -> None:
        if _same_name(field.data) != _same_name(self.expected_name):
            raise ValidationError(_l("This is not the person's name as stored."))
