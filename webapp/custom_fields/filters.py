"""A list's custom-field filters from its query string: `f_<key>` (text contains, choice equals),
`f_<key>_from` / `f_<key>_to` (number and date ranges). What cannot be read is ignored, as every
list ignores a filter it does not understand."""

from datetime import date

from babel.numbers import NumberFormatError, parse_decimal

from webapp.custom_fields.definitions import fields_for
from webapp.custom_fields.query import Criterion, criteria_clause
from webapp.formats import current_language
from webapp.models import CustomField
from webapp.request_args import text_arg

RANGED = ("number", "date")


def arg_names(field: CustomField) -> list[str]:
    return [f"f_{field.key}_from", f"f_{field.key}_to"] if field.type in RANGED else [f"f_{field.key}"]


def raw_filters(entity: str) -> dict[str, str]:
    """The filter arguments given for the entity's fields, as typed."""
    found = {}
    for field in fields_for(entity):
        for name in arg_names(field):
            value = text_arg(name)[:200]
            if value:
                found[name] = value
    return found


def criteria_from(fields: list[CustomField], raw: dict[str, str]) -> list[Criterion]:
    criteria = []
    for field in fields:
        if field.type in RANGED:
            low, high = (_bound(field, raw.get(f"f_{field.key}_{end}")) for end in ("from", "to"))
            if low is not None or high is not None:
                criteria.append(Criterion(field.key, "between", (low, high)))
        elif raw.get(f"f_{field.key}"):
            op = "contains" if field.type == "text" else "equals"
            criteria.append(Criterion(field.key, op, raw[f"f_{field.key}"]))
    return criteria


def filter_clause(model, entity: str, raw: dict[str, str] | None):
    """The list query's condition for the filters in `raw` (see raw_filters)."""
    fields = fields_for(entity)
    return criteria_clause(model, fields, criteria_from(fields, raw or {}))


def _bound(field: CustomField, text: str | None):
    if not text:
        return None
    try:
        if field.type == "date":
            return date.fromisoformat(text)
        number = parse_decimal(text, locale=current_language(), strict=True)
        return number if number.is_finite() else None
    except (ValueError, NumberFormatError):
        return None
