"""Reading an uploaded file into a header and rows of text: CSV (encoding and delimiter as German or
English Excel writes them) or XLSX. Pure functions; a file that cannot be read raises FileProblem
with a message for the person who uploaded it, before anything is written."""

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from webapp.stored_text import english, stored

DELIMITERS = (";", ",", "\t")
XLSX_MAGIC = b"PK\x03\x04"
# Any valid UTF-8 multi-byte sequence; Windows-1252 text (umlauts as single bytes) almost never has one.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
# A field far over any column's length is a row error (webapp.imports.rows), not a reader crash.
csv.field_size_limit(64 * 1024 * 1024)

NOT_A_TABLE = stored(_l("This is not a CSV or XLSX file."))
EMPTY = stored(_l("The file is empty."))
HEADER_ONLY = stored(_l("The file has a header row but no data rows."))
TOO_LARGE = stored(_l("The file is larger than %(mb)s MB."))
BROKEN_ENCODING = stored(_l("The file's characters cannot be read: it mixes encodings or is damaged. Save it "
                            "again as CSV UTF-8 or as an Excel workbook."))


class FileProblem(ValueError):
    """The file cannot be imported at all; str() is the message in English (stored, translated
    where shown)."""

    def __init__(self, message, **values):
        super().__init__(english(message, **values))


class Table:
    """The header and the data rows of a file. A CSV keeps only its text and reads the rows again
    on each pass: a list of a 100,000-row file's cells costs thirty times the text's memory."""

    def __init__(self, headers: list[str], rows: Callable[[], Iterable[list[str]]], encoding: str | None = None,
                 delimiter: str | None = None):
        self.headers, self._rows, self.encoding, self.delimiter = headers, rows, encoding, delimiter
        self.row_count = sum(1 for _number, _row in self.rows())

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Each data row with its line number in the file (the header is line 1); blank rows are
        skipped, short rows padded to the header's width."""
        width = len(self.headers)
        for number, row in enumerate(self._rows(), start=2):
            if any(cell.strip() for cell in row):
                yield number, row + [""] * (width - len(row))

    @property
    def has_rows(self) -> bool:
        return self.row_count > 0


def read_table(data: bytes, max_mb: int = 50) -> Table:
    """The table in `data`, judged by its content (not its name)."""
    if len(data) > max_mb * 1024 * 1024:
        raise FileProblem(TOO_LARGE, mb=max_mb)
    if not data.strip():
        raise FileProblem(EMPTY)
    table = _read_xlsx(data) if data.startswith(XLSX_MAGIC) else _read_csv(data)
    if not any(header.strip() for header in table.headers):
        raise FileProblem(EMPTY)
    if not table.has_rows:
        raise FileProblem(HEADER_ONLY)
    return table


def decode(data: bytes) -> tuple[str, str]:
    """The text and its encoding: UTF-16 with its mark, UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise FileProblem(BROKEN_ENCODING) from exc
    if b"\x00" in data:  # binary content (an image, a PDF, an old .xls)
        raise FileProblem(NOT_A_TABLE)
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        pass
    if _UTF8_SEQUENCE.search(data):  # partly UTF-8, partly not: reading it as 1252 would garble it
        raise FileProblem(BROKEN_ENCODING)
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:  # bytes 1252 leaves undefined
        raise FileProblem(BROKEN_ENCODING) from exc


def sniff_delimiter(text: str) -> str:
    """Semicolon, comma or tab: what csv.Sniffer finds in the first lines, else the one the header
    line holds most of."""
    sample = text[:64 * 1024]
    if "\n" in sample:
        sample = sample[:sample.rfind("\n")]
    try:
        found = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
        if found in DELIMITERS:
            return found
    except csv.Error:
        pass
    header = text.split("\n", 1)[0]
    return max(DELIMITERS, key=header.count) if any(header.count(d) for d in DELIMITERS) else ","


def _read_csv(data: bytes) -> Table:
    text, encoding = decode(data)
    if _looks_binary(text):
        raise FileProblem(NOT_A_TABLE)
    delimiter = sniff_delimiter(text)

    def records():
        return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def data_rows():
        rows = records()
        next(rows, None)  # the header
        return rows

    try:
        header = next(records(), None)
        if header is None:
            raise FileProblem(EMPTY)
        return Table([cell.strip() for cell in header], data_rows, encoding, delimiter)  # reads every row once
    except csv.Error as exc:
        raise FileProblem(NOT_A_TABLE) from exc


def _looks_binary(text: str) -> bool:
    # Control characters other than line breaks and tabs do not occur in a spreadsheet export.
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    return controls > len(sample) // 100


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:  # a ZIP that is no workbook
        raise FileProblem(NOT_A_TABLE) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    if not rows:
        raise FileProblem(EMPTY)
    return Table([cell.strip() for cell in rows[0]], lambda: iter(rows[1:]))


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
