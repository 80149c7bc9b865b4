"""Column kinds and value cleaning shared by the pipeline and the single-lead fast path.

Kinds: "numeric" (numbers, booleans, numeric text), "datetime" (dates or date text) and
"categorical" (everything else). Both the vectorised and the per-lead code call the same
helpers here so that training and serving clean values identically.
"""

from __future__ import annotations

import math
from datetime import datetime
import re
import warnings

import numpy as np
import pandas as pd

NUMERIC, CATEGORICAL, DATETIME = "numeric", "categorical", "datetime"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DATE_PARTS = ("month", "weekday")
_DATE_LIKE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T].*)?$")


def is_missing(value, markers: frozenset[str]) -> bool:
    """True for None, NaN/NaT and the configured "not answered" texts."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return value.strip().lower() in markers
    return False


def clean_text(value, markers: frozenset[str]):
    """A category as a stripped string, or NaN when not answered."""
    if is_missing(value, markers):
        return np.nan
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)  # 3.0 read from a CSV and 3 typed in a form are one category
    return str(value).strip()


def clean_series(series: pd.Series, markers: frozenset[str]) -> pd.Series:
    """clean_text for a whole column, applied once per distinct value (lead tables repeat
    the same few answers, so this is what makes batch scoring fast)."""
    if pd.api.types.is_bool_dtype(series):
        series = series.astype(object)
    if pd.api.types.is_numeric_dtype(series):
        values = series.to_numpy(dtype=float)
        whole = np.isfinite(values) & (values == np.round(values))
        text = np.where(whole, np.nan_to_num(values).astype(np.int64).astype(str), values.astype(str))
        out = pd.Series(text, index=series.index, dtype=object)
        return out.where(~np.isnan(values), np.nan)
    codes, uniques = pd.factorize(series.astype(object), use_na_sentinel=True)
    cleaned = np.array([clean_text(u, markers) for u in uniques] + [np.nan], dtype=object)
    return pd.Series(cleaned[codes], index=series.index, dtype=object)


def to_number(value) -> float:
    """A float, or NaN when the value is missing or not a number."""
    if value is None or isinstance(value, (bool, np.bool_)):
        return float(value) if value is not None else math.nan
    if isinstance(value, str):
        value = value.strip()
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def numeric_series(series: pd.Series, markers: frozenset[str]) -> pd.Series:
    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
        return pd.to_numeric(series, errors="coerce").astype(float)
    cleaned = clean_series(series, markers)
    return pd.to_numeric(cleaned, errors="coerce").astype(float)


def to_datetime_series(series: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(series):
        return series.dt.tz_localize(None) if series.dt.tz is not None else series
    codes, uniques = pd.factorize(series.astype(object), use_na_sentinel=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unparseable dates become NaT on purpose
        parsed = pd.to_datetime(pd.Series(uniques, dtype=object), errors="coerce", format="mixed")
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_convert(None)
    values = np.append(parsed.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT"))
    return pd.Series(values[codes], index=series.index)


def date_parts(stamp) -> tuple:
    """(month, weekday) labels of one timestamp, NaN for a missing one."""
    if stamp is None or pd.isna(stamp):
        return (np.nan, np.nan)
    return (str(stamp.month), WEEKDAYS[stamp.weekday()])


def parse_date(value, markers: frozenset[str]):
    if is_missing(value, markers):
        return None
    if isinstance(value, str):
        try:  # ISO dates are the common case and parse 100x faster this way
            return pd.Timestamp(datetime.fromisoformat(value.strip()))
        except ValueError:
            pass
    stamp = to_datetime_series(pd.Series([value])).iloc[0]
    return None if pd.isna(stamp) else stamp


def infer_kind(series: pd.Series, markers: frozenset[str]) -> str:
    """Numeric, datetime or categorical, decided from the values that are answered."""
    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
        return NUMERIC
    if pd.api.types.is_datetime64_any_dtype(series):
        return DATETIME
    cleaned = clean_series(series, markers).dropna()
    if cleaned.empty:
        return CATEGORICAL
    sample = cleaned.drop_duplicates().head(2000)
    numbers = pd.Series([to_number(v) for v in sample])
    if numbers.notna().all():
        return NUMERIC
    date_like = sample.map(lambda v: bool(_DATE_LIKE.match(v)))
    if date_like.mean() >= 0.95 and to_datetime_series(sample).notna().mean() >= 0.95:
        return DATETIME
    return CATEGORICAL
