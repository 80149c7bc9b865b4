from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField
from wtforms import SelectField, StringField
from wtforms.validators import URL, DataRequired, Length, Optional

from webapp import labels
from webapp.forms_base import BaseForm
from webapp.forms_common import blank_to_none, choices, strip
from webapp.materials.storage import TYPES

KINDS = choices(labels.choices_of(labels.MATERIAL_KINDS, list(labels.MATERIAL_KINDS)))


class MaterialForm(BaseForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=160)])
    kind = SelectField(_l("Kind"), choices=KINDS)
    url = StringField(_l("Link"), filters=[blank_to_none],
                      validators=[Optional(), Length(max=500), URL(message=_l("Enter a link starting with https://."))])
    file = FileField(_l("File"), validators=[
        FileAllowed(list(TYPES), _l("Upload a PDF, PNG, JPG, DOCX, XLSX or PPTX file."))])
