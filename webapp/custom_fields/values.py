"""A custom field's value in its three shapes: as stored in JSON (numbers as numbers, dates ISO),
as a form field holds it, and as a page shows it. Also text from an import file, read per type."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, parse_decimal
from flask_babel import gettext as _

from webapp.formats import format_date, format_decimal
from webapp.models import CustomField
from webapp.storable import has_unstorable_chars

# JSON numbers beyond this lose digits as floats; nobody's custom figure needs more.
NUMBER_LIMIT = Decimal("1e15")
TEXT_LIMIT = 500  # characters of a text value, as the form takes them


def to_stored(field: CustomField, value):
    """The form's value as JSON keeps it; None for empty."""
    if value is None or value == "":
        return None
    if field.type == "number":
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else float(number)
    if field.type == "date":
        return value.isoformat()
    return str(value)


def for_form(field: CustomField, stored):
    """The stored value as the form field takes it; None when it does not read as the type (the
    form then shows the raw text, see webapp/custom_fields/forms.py)."""
    if stored is None:
        return None
    try:
        if field.type == "number":
            return None if isinstance(stored, bool) else Decimal(str(stored))
        if field.type == "date":
            return date.fromisoformat(str(stored))
    except (InvalidOperation, ValueError):
        return None
    return str(stored)


def shown(field: CustomField | None, stored) -> str:
    """The value as a page shows it, in the reader's notation."""
    if stored is None or stored == "":
        return ""
    typed = for_form(field, stored) if field is not None else None
    if field is not None and field.type == "number" and typed is not None:
        return format_decimal(typed)
    if field is not None and field.type == "date" and typed is not None:
        return format_date(typed)
    if isinstance(stored, bool):
        return _("yes") if stored else _("no")
    return str(stored)


def from_text(field: CustomField, text: str):
    """A cell of an import file as the field stores it; ValueError when it does not read as the
    field's type. Numbers as _money reads amounts (the last separator is the decimal one: 1.234,5
    and 1,234.5 alike), dates ISO or German (31.03.2026), a choice by its option in any case."""
    text = (text or "").strip()
    if not text:
        return None
    if field.type == "number":
        return to_stored(field, _number(text))
    if field.type == "date":
        return _date(text).isoformat()
    if field.type == "choice":
        for option in field.options or []:
            if option.casefold() == text.casefold():
                return option
        raise ValueError(text)
    return text


def _number(text: str) -> Decimal:
    locale = "de" if text.rfind(",") > text.rfind(".") else "en"
    try:
        number = parse_decimal(text, locale=locale, strict=True)
    except NumberFormatError:
        raise ValueError(text) from None
    if not number.is_finite() or abs(number) >= NUMBER_LIMIT:
        raise ValueError(text)
    return number


def _date(text: str) -> date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def from_json(field: CustomField, value):
    """A value sent as JSON, as the field stores it (None: not given); ValueError with a message
    for the sender when its type or content does not fit the field."""
    if value is None or value == "":
        return None
    if field.type == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(_("Send a number."))
        number = Decimal(str(value))
        if not number.is_finite() or abs(number) >= NUMBER_LIMIT:
            raise ValueError(_("Send a number."))
        return to_stored(field, number)
    if not isinstance(value, str):
        raise ValueError(_("Send a string."))
    if has_unstorable_chars(value):
        raise ValueError(_("Contains a character that cannot be saved (a NUL byte)."))
    if field.type == "date":
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValueError(_("Send a date as YYYY-MM-DD.")) from None
    if field.type == "choice":
        if value not in (field.options or []):
            raise ValueError(_("Use one of: %(values)s.", values=", ".join(field.options or [])))
        return value
    if len(value) > TEXT_LIMIT:
        raise ValueError(_("At most %(max)s characters.", max=TEXT_LIMIT))
    return value.strip() or None
