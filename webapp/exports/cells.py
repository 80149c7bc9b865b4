"""One cell's value as a spreadsheet should receive it: numbers stay numbers, dates are dates, and
text never runs as a formula. These run once per cell (a million and more for a long list), so
they dispatch on the value's type and look the time zone up once per export."""

from datetime import date, datetime, timezone, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from webapp.formats import current_timezone

# A spreadsheet runs a cell starting with one of these as a formula (OWASP: CSV injection), also
# after leading blanks; a tab or carriage return in front hides the sign from a reader's eye.
FORMULA_SIGNS = frozenset("=+-@")
RISKY_START = FORMULA_SIGNS | {"\t", "\r"}


def inert(text: str) -> str:
    """The text with a leading apostrophe when a spreadsheet would read it as a formula."""
    first = text[:1]
    if first in RISKY_START or first.isspace() and text.lstrip()[:1] in FORMULA_SIGNS:
        return "'" + text
    return text


def _fast(zone: tzinfo) -> tzinfo:
    """The same zone from zoneinfo, whose conversions are C (pytz's, from Flask-Babel, are Python)."""
    try:
        return ZoneInfo(str(zone))
    except (ValueError, ZoneInfoNotFoundError):
        return zone


class Cells:
    """The converters of one export, in the company's time zone (spreadsheets know no offsets)."""

    def __init__(self, zone: tzinfo | None = None, decimal_comma: bool = False):
        self.zone = _fast(zone or current_timezone())
        self.decimal_comma = decimal_comma

    def local(self, moment: datetime) -> datetime:
        aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # SQLite drops the offset
        return aware.astimezone(self.zone).replace(tzinfo=None, microsecond=0)

    def csv(self, value) -> str | int | float | Decimal:
        """Numbers as numbers (a point for decimals, or a comma for readers who write one), dates
        ISO, empty as empty, text neutralised."""
        kind = type(value)
        if kind is str:
            return inert(value)
        if value is None:
            return ""
        if self.decimal_comma and (kind is Decimal or kind is float):
            return str(value).replace(".", ",")
        if kind is datetime:
            return self.local(value).isoformat(sep=" ")
        if kind is date:
            return value.isoformat()
        if kind is bool:
            return int(value)
        return value if isinstance(value, (int, float, Decimal)) else inert(str(value))

    def xlsx(self, value):
        """Numbers as numeric cells, dates as date cells, text neutralised and without the control
        characters an XLSX file may not hold."""
        kind = type(value)
        if kind is str:
            return inert(ILLEGAL_CHARACTERS_RE.sub("", value))
        if kind is datetime:
            return self.local(value)
        if kind is Decimal:
            return float(value)
        if value is None or isinstance(value, (int, float, date)):
            return value
        return inert(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
