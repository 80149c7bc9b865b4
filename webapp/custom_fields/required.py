"""Required custom fields: a contact or organization is created or changed only with a value for
each. Records that existed before a field became required keep working: they are asked for the
value when they are next changed (form, import, API), and nothing else about them is refused."""

from webapp.custom_fields.definitions import fields_for
from webapp.models import CustomField


def required_fields(entity: str) -> list[CustomField]:
    """The active fields that must be filled (an inactive field asks for nothing)."""
    return [field for field in fields_for(entity) if field.required]


def blank(value) -> bool:
    """No value: nothing, or only spaces (0 and "no" are values)."""
    return value is None or (isinstance(value, str) and not value.strip())


def missing(fields: list[CustomField], custom: dict | None) -> list[CustomField]:
    """Those of the required `fields` that `custom` (a record's JSON) holds no value for."""
    custom = custom or {}
    return [field for field in fields if blank(custom.get(field.key))]
