"""Validators and fields shared by several domains' forms."""

import re

from flask_babel import gettext as _
from wtforms import SelectChoice, ValidationError

PHONE_RE = re.compile(r"^\+?[0-9 ()/.\-]{5,30}$")


def phone_number(form, field) -> None:
    value = (field.data or "").strip()
    if value and (not PHONE_RE.match(value) or sum(ch.isdigit() for ch in value) < 5):
        raise ValidationError(_("Enter a phone number with at least 5 digits, e.g. +49 30 1234567."))


def strip(value):
    return value.strip() if isinstance(value, str) else value


def blank_to_none(value):
    value = strip(value)
    return value or None


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs → SelectChoice, the form WTForms 3.3+ expects."""
    return [SelectChoice(value, label) for value, label in pairs]
