"""Writing a list out as CSV or XLSX, row by row, so a list of any length never sits in memory.
No request needed: the routes and `flask data export` both call these."""

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO

from flask_babel import get_locale
from openpyxl import Workbook
from sqlalchemy import Select

from webapp.exports.cells import Cells, inert
from webapp.exports.kinds import KINDS, Kind
from webapp.extensions import db
from webapp.models import User

FORMATS = ("csv", "xlsx")
CHUNK_ROWS = 2000  # rows read per round trip (a server-side cursor on PostgreSQL) and written per chunk
BOM = "\ufeff"  # Excel reads a CSV as UTF-8 only with it (umlauts otherwise come out garbled)
MIMETYPES = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def kind_named(name: str) -> Kind | None:
    return KINDS.get(name)


def export_query(kind: Kind, user: User, params: dict, now: datetime) -> Select:
    return kind.query(user, params, now)


def filename(kind: Kind, fmt: str, today: date, params: dict | None = None) -> str:
    """E.g. leads-2026-03-31.csv; one campaign's members as campaign-members-12-2026-03-31.csv."""
    campaign = (params or {}).get("campaign_id")
    return f"{kind.name}{f'-{campaign}' if campaign else ''}-{today.isoformat()}.{fmt}"


def _chunks(kind: Kind, query: Select) -> Iterator[list]:
    """The query's rows in chunks, read as they are written (stream_results with yield_per)."""
    read = db.session.scalars if kind.entities else db.session.execute
    result = read(query.execution_options(yield_per=CHUNK_ROWS))
    try:
        yield from result.partitions()
    finally:
        result.close()


def _headers(columns) -> list[str]:
    return [inert(str(column.header)) for column in columns]


def csv_dialect() -> tuple[str, bool]:
    """The delimiter and decimal mark the reader's spreadsheet expects: German Excel splits a CSV
    on semicolons and reads 1234,5 as a number (and 1234.5 as text), English Excel commas and points."""
    german = get_locale() is not None and get_locale().language == "de"
    return (";", True) if german else (",", False)


def csv_stream(kind: Kind, query: Select) -> Iterator[str]:
    """The CSV text in pieces: a BOM and the header line, then one piece per chunk of rows."""
    delimiter, decimal_comma = csv_dialect()
    columns, cell = kind.columns(), Cells(decimal_comma=decimal_comma).csv
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(_headers(columns))
    yield BOM + buffer.getvalue()
    for chunk in _chunks(kind, query):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([cell(column.value(row)) for column in columns] for row in chunk)
        yield buffer.getvalue()


def write_xlsx(kind: Kind, query: Select, target: IO[bytes]) -> None:
    """An XLSX workbook written row by row (openpyxl's write-only mode keeps no rows in memory)."""
    columns, cell = kind.columns(), Cells().xlsx
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=kind.name)
    sheet.append(_headers(columns))
    for chunk in _chunks(kind, query):
        for row in chunk:
            sheet.append([cell(column.value(row)) for column in columns])
    workbook.save(target)
