"""What the database can store: the one definition forms and request arguments check input against."""

import re
from decimal import Decimal

DB_INT_MIN, DB_INT_MAX = -(2**31), 2**31 - 1  # INTEGER columns on PostgreSQL (ids, counts, settings)
# NUL is refused by PostgreSQL's text types; a lone surrogate (possible in JSON) cannot be encoded as UTF-8.
_UNSTORABLE_CHARS = re.compile("[\x00\ud800-\udfff]")


def has_unstorable_chars(text: str) -> bool:
    return _UNSTORABLE_CHARS.search(text) is not None


def without_unstorable_chars(text: str) -> str:
    return _UNSTORABLE_CHARS.sub("", text)


def fits_int_column(number: int) -> bool:
    return DB_INT_MIN <= number <= DB_INT_MAX


def is_finite(number: Decimal | float) -> bool:
    return Decimal(number).is_finite() if isinstance(number, float) else number.is_finite()
