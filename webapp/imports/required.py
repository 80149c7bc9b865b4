"""Required custom fields in an import: a record the file creates must bring a value for each, and
one it changes must hold them afterwards (a record left unchanged is not asked). A contact or lead
file cannot fill an organization's custom fields, so it makes no new organization while those
have required fields: the organizations come first, from their own file."""

from flask_babel import lazy_gettext as _l

from webapp.custom_fields.required import missing, required_fields
from webapp.imports.columns import CUSTOM_PREFIX
from webapp.imports.rows import REQUIRED_MISSING, ParsedRow
from webapp.stored_text import english, stored

NEW_ORGANIZATION = stored(_l("A new organization needs %(fields)s, which this file cannot fill: import the "
                             "organizations first"))
ENTITIES = {"contacts": "contact", "organizations": "organization"}


class RequiredValues:
    """The required fields of contacts and organizations, loaded once per import."""

    def __init__(self):
        self.fields = {table: required_fields(entity) for table, entity in ENTITIES.items()}

    def asks(self, table: str) -> bool:
        return bool(self.fields.get(table))

    def reject_missing(self, row: ParsedRow, table: str, custom: dict | None) -> list[dict]:
        """The row's errors for each required field of `table` that `custom` leaves empty."""
        for field in missing(self.fields.get(table, []), custom):
            row.reject(CUSTOM_PREFIX + field.key, REQUIRED_MISSING)
        return row.errors

    def reject_new_organization(self, row: ParsedRow) -> list[dict]:
        labels = ", ".join(field.label for field in self.fields["organizations"])
        row.errors.append({"row": row.line, "field": "organization",
                           "message": english(NEW_ORGANIZATION, fields=labels)})
        return row.errors
