from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField

from webapp.forms_base import BaseForm
from webapp.forms_common import choices as select_choices
from webapp.imports.columns import field_labels, field_names

KIND_CHOICES = select_choices([("contacts", _l("Contacts")), ("organizations", _l("Organizations")), ("leads", _l("Leads"))])
POLICY_CHOICES = select_choices([("skip", _l("Skip the row")), ("fill", _l("Fill only empty fields of the existing record")),
                  ("overwrite", _l("Overwrite the existing record")),
                  ("create", _l("Create a new record anyway"))])


class UploadForm(BaseForm):
    file = FileField(_l("File (CSV or Excel workbook)"), validators=[FileRequired()])
    kind = SelectField(_l("What the file holds"), choices=KIND_CHOICES, default="contacts")


class MappingOptions(BaseForm):
    on_duplicate = SelectField(_l("When a row is a duplicate"), choices=POLICY_CHOICES, default="skip")
    all_or_nothing = BooleanField(_l("All or nothing: import nothing when any row has an error"))


def mapping_form(kind: str, headers: list[str], preset: dict[int, str], **kwargs) -> MappingOptions:
    """One select per column of the file, the guessed or remembered field preselected."""
    labels = field_labels(kind)
    choices = select_choices([("", _l("(not imported)"))] + [(name, labels[name]) for name in field_names(kind)])

    class MappingForm(MappingOptions):
        pass

    for position, header in enumerate(headers):
        setattr(MappingForm, f"column_{position}",
                SelectField(header or f"#{position + 1}", choices=choices, default=preset.get(position, "")))
    form = MappingForm(**kwargs)
    form.columns = [getattr(form, f"column_{position}") for position in range(len(headers))]
    return form
