"""FrameCleaner: the first step of every pipeline, turning a raw lead table into typed columns.

It replaces "not answered" form defaults by missing values, types each column once at fit
time (numbers, dates, categories) and expands dates into month and weekday categories, so
that the later steps see the same columns at training and at prediction time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_array, check_is_fitted, column_or_1d, validate_data

from .config import DEFAULT_MISSING_MARKERS
from .schema import (
    CATEGORICAL,
    DATE_PARTS,
    DATETIME,
    NUMERIC,
    WEEKDAYS,
    clean_series,
    infer_kind,
    numeric_series,
    to_datetime_series,
)


def as_frame(X) -> pd.DataFrame:
    """A DataFrame view of the input; sparse matrices are refused (lead tables are dense)."""
    if isinstance(X, pd.DataFrame):
        return X
    if sparse.issparse(X):
        raise TypeError("Sparse input is not supported; pass a DataFrame or a dense array.")
    array = np.asarray(X)
    if np.iscomplexobj(array):
        raise ValueError("Complex data not supported.")
    if array.ndim != 2:
        raise ValueError(f"Expected a 2D table of leads, got an array of shape {array.shape}.")
    return pd.DataFrame(array, columns=[f"x{i}" for i in range(array.shape[1])])


def check_table(frame: pd.DataFrame) -> None:
    """The empty-input errors scikit-learn estimators raise, worded the same way."""
    if frame.shape[0] < 1:
        raise ValueError(f"Found array with 0 sample(s) (shape={frame.shape}) while a minimum of 1 is required.")
    if frame.shape[1] < 1:
        raise ValueError(f"Found array with 0 feature(s) (shape={frame.shape}) while a minimum of 1 is required.")


def validated(estimator, X, *, reset: bool, allow_nan: bool = True) -> pd.DataFrame:
    """Input checks of the scikit-learn contract, keeping DataFrames (mixed types) as they are."""
    if isinstance(X, pd.DataFrame):
        validate_data(estimator, X, reset=reset, skip_check_array=True)
        check_table(X)
        return X
    finite = "allow-nan" if allow_nan else True
    array = validate_data(estimator, X, reset=reset, dtype=None, ensure_all_finite=finite)
    if np.iscomplexobj(array):
        raise ValueError("Complex data not supported.")
    return pd.DataFrame(array, columns=[f"x{i}" for i in range(array.shape[1])])


def validated_target(y, n_rows: int) -> np.ndarray:
    if y is None:
        raise ValueError("This classifier requires y to be passed, but the target y is None.")
    y = column_or_1d(check_array(y, ensure_2d=False, dtype=None, input_name="y"), warn=True)
    if len(y) != n_rows:
        raise ValueError(f"X has {n_rows} rows but y has {len(y)} values.")
    check_classification_targets(y)
    return y


def _labels(numbers: pd.Series, names: list) -> np.ndarray:
    """Vectorised number -> label lookup (position 0 holds the label for missing)."""
    index = numbers.fillna(0).to_numpy(dtype=np.int64)
    return np.array(names, dtype=object)[index]


class FrameCleaner(TransformerMixin, BaseEstimator):
    """Types and cleans lead columns; output is a DataFrame of float and text columns.

    Parameters
    ----------
    missing_markers : tuple of str
        Texts (case-insensitive) that mean "not answered", e.g. a form's "Select".
    kinds : dict or None
        Column kinds to force ("numeric", "categorical", "datetime"); others are inferred.
    """

    def __init__(self, missing_markers=DEFAULT_MISSING_MARKERS, kinds=None):
        self.missing_markers = missing_markers
        self.kinds = kinds

    def _markers(self) -> frozenset[str]:
        return frozenset(str(m).strip().lower() for m in self.missing_markers)

    def fit(self, X, y=None):
        frame = validated(self, X, reset=True)
        markers, forced = self._markers(), dict(self.kinds or {})
        self.kinds_ = {c: forced.get(c) or infer_kind(frame[c], markers) for c in frame.columns}
        self.columns_ = list(frame.columns)
        names, sources = [], {}
        for column, kind in self.kinds_.items():
            outputs = [f"{column} ({part})" for part in DATE_PARTS] if kind == DATETIME else [str(column)]
            for name in outputs:
                names.append(name)
                sources[name] = column
        self.feature_names_out_ = names
        self.source_column_ = sources
        self.numeric_features_ = [n for n in names if self.kinds_[sources[n]] == NUMERIC]
        self.categorical_features_ = [n for n in names if n not in self.numeric_features_]
        return self

    def transform(self, X):
        check_is_fitted(self)
        frame = validated(self, X, reset=False)
        if isinstance(X, pd.DataFrame):
            frame = frame[self.columns_]  # column order as at fit time
        markers, out = self._markers(), {}
        for position, (column, kind) in enumerate(self.kinds_.items()):
            series = frame.iloc[:, position]
            if kind == NUMERIC:
                out[str(column)] = numeric_series(series, markers).to_numpy()
            elif kind == DATETIME:
                cleaned = series if pd.api.types.is_datetime64_any_dtype(series) else clean_series(series, markers)
                stamps = to_datetime_series(cleaned)
                out[f"{column} (month)"] = _labels(stamps.dt.month, [np.nan] + [str(m) for m in range(1, 13)])
                out[f"{column} (weekday)"] = _labels(stamps.dt.day_of_week + 1, [np.nan, *WEEKDAYS])
            else:
                out[str(column)] = clean_series(series, markers).to_numpy()
        result = pd.DataFrame(out, index=frame.index)[self.feature_names_out_]
        # object (not pandas' string) dtype keeps NaN as the one missing marker downstream
        return result.astype({c: object for c in self.categorical_features_})

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self)
        return np.asarray(self.feature_names_out_, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.string = True
        tags.input_tags.categorical = True
        tags.transformer_tags.preserves_dtype = []  # output dtype is per column: float or text
        return tags


__all__ = ["FrameCleaner", "NUMERIC", "CATEGORICAL", "DATETIME"]


class LogOddsClassifierMixin:
    """predict_proba and predict for a binary classifier that defines decision_function (log-odds)."""

    def predict_proba(self, X):
        with np.errstate(over="ignore"):  # exp overflows to inf for very sure scores: p = 0, as it should
            p = 1.0 / (1.0 + np.exp(-self.decision_function(X)))
        return np.column_stack([1.0 - p, p])

    def predict(self, X):
        positive = self.decision_function(X) > 0
        return self.classes_[positive.astype(int)]
