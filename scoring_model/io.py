"""Lead tables to and from spreadsheets: reading with separator and encoding detected; writing
CSV that a spreadsheet opens without running any cell as a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
from charset_normalizer import from_bytes

SEPARATORS = ",;\t|"


def detect_encoding(raw: bytes) -> str:
    """utf-8 when the bytes decode as such (BOM removed), else the most likely legacy code page."""
    try:
        raw.decode("utf-8")
        return "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(raw))
    if not matches:
        return "latin-1"
    least_chaos = min(m.chaos for m in matches)
    plausible = [m.encoding for m in matches if m.chaos <= least_chaos + 0.01]
    # Spreadsheet exports that are not UTF-8 are nearly always Windows-1252 (or Latin-1);
    # short files leave DOS code pages equally plausible, so prefer the common one.
    for preferred in ("cp1252", "latin_1", "iso8859_15"):
        if preferred in plausible:
            return preferred
    return min(matches, key=lambda m: m.chaos).encoding


def detect_separator(text: str) -> str:
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=SEPARATORS).delimiter
    except csv.Error:
        counts = {sep: sample.count(sep) for sep in SEPARATORS}
        return max(counts, key=counts.get) if any(counts.values()) else ","


def read_table(path: str | Path) -> pd.DataFrame:
    """A CSV file as a DataFrame. Semicolon files are taken to use decimal commas (as
    spreadsheets in most of Europe write them)."""
    raw = Path(path).read_bytes()
    encoding = detect_encoding(raw)
    text = raw.decode(encoding)
    separator = detect_separator(text)
    decimal = "," if separator == ";" else "."
    return pd.read_csv(io.StringIO(text), sep=separator, decimal=decimal)


# A spreadsheet runs a cell starting with one of these as a formula (OWASP: CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value):
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and column names) cannot run as formulas: those starting with
    =, +, -, @, tab or carriage return get a leading apostrophe. Numbers stay numbers."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series)):
            out[column] = series.map(_inert)
    out.columns = [_inert(c) for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, target, **kwargs):
    """Write `frame` as CSV (to a path or buffer) with formulas neutralised; every CSV the project
    writes goes through here."""
    return neutralise_formulas(frame).to_csv(target, index=False, **kwargs)


__all__ = ["read_table", "detect_encoding", "detect_separator", "neutralise_formulas", "write_csv"]
