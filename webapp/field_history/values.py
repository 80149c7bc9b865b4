"""Column values as stored in the field history: JSON-typed, so "as of" reads give them back typed."""

import math
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from webapp.utc import as_utc


def plain(value):
    """A JSON-safe copy of a column value; TypeError for a type the history cannot keep."""
    if value is None or isinstance(value, (bool, int, str)):
        return value.value if isinstance(value, Enum) else value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"field history cannot keep a {type(value).__name__}")

