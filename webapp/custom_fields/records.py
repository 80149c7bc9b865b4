"""A record's custom JSON as pages and forms use it: the values of its fields, and attributes no
field defines (older free text, an API or import), which are kept and shown as they are."""

from webapp.custom_fields.definitions import all_keys, fields_for
from webapp.custom_fields.values import shown


def other_attributes(entity: str, custom: dict | None) -> dict:
    """The attributes no field (active or not) defines."""
    keys = all_keys(entity)
    return {name: value for name, value in (custom or {}).items() if name not in keys}


def with_other_attributes(entity: str, custom: dict | None, typed: dict[str, str]) -> dict:
    """`custom` with its undefined attributes replaced by those `typed` as text; a value typed as
    it was shown keeps its stored JSON type (a yes/no stays a boolean)."""
    keys, old = all_keys(entity), custom or {}
    result = {name: value for name, value in old.items() if name in keys}
    for name, text in typed.items():
        unchanged = name in old and name not in keys and str(old[name]) == text
        result[name] = old[name] if unchanged else text
    return result


def shown_values(entity: str, custom: dict | None) -> list[tuple[str, str]]:
    """(label, value) for the detail page: active fields in their order, then other attributes."""
    custom = custom or {}
    rows = [(field.label, shown(field, custom.get(field.key))) for field in fields_for(entity)]
    rows = [(label, value) for label, value in rows if value]
    return rows + [(name, shown(None, value)) for name, value in other_attributes(entity, custom).items()]


def labelled(entity: str, custom: dict | None) -> list[dict]:
    """Every stored value with its field's label and type (inactive fields too; other attributes
    labelled with their own name): what a person's data export lists."""
    fields = {field.key: field for field in fields_for(entity, active_only=False)}
    return [{"key": key, "label": fields[key].label if key in fields else key,
             "type": fields[key].type if key in fields else None, "value": value}
            for key, value in (custom or {}).items()]
