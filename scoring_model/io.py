"""Reading lead tables exported from spreadsheets and CRMs: separator and encoding detected."""

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


__all__ = ["read_table", "detect_encoding", "detect_separator"]
