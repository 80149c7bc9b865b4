"""One cell's value as a spreadsheet should receive it: numbers stay numbers, text never runs as a formula."""

from datetime import date, datetime
from decimal import Decimal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from webapp.formats import as_local

# A spreadsheet runs a cell starting with one of these as a formula (OWASP: CSV injection), also
# after leading blanks; a tab or carriage return in front hides the sign from a reader's eye.
FORMULA_SIGNS = ("=", "+", "-", "@")
HIDING_START = ("\t", "\r")


def inert(text: str) -> str:
    """The text with a leading apostrophe when a spreadsheet would read it as a formula."""
    if text.startswith(HIDING_START) or text.lstrip().startswith(FORMULA_SIGNS):
        return "'" + text
    return text


def _local(moment: datetime) -> datetime:
    """The company's wall-clock time, without an offset (spreadsheets know no time zones)."""
    return as_local(moment).replace(tzinfo=None, microsecond=0)


def csv_cell(value) -> str | int | float:
    """Numbers as numbers (a point for decimals), dates ISO, empty as empty, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, datetime):
        return _local(value).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return inert(str(value))


def xlsx_cell(value):
    """Numbers as numeric cells, dates as date cells, text neutralised and without the control
    characters an XLSX file may not hold."""
    if value is None or isinstance(value, (int, float, date)) and not isinstance(value, datetime):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return _local(value)
    return inert(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
