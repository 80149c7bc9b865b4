"""Reference models the selected model must beat in evaluate().

- prior: the base rate for everyone.
- logistic_regression: one-hot categories and scaled numbers, default logistic regression.
- naive_bayes_frequency: per-field won/lost frequency scoring as CRM products ship it (Odoo's
  predictive lead scoring), with 0.1 added to every count.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.dummy import DummyClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.utils.validation import check_is_fitted

from .features import FrameCleaner, LogOddsClassifierMixin, validated, validated_target


class FrequencyNaiveBayes(LogOddsClassifierMixin, ClassifierMixin, BaseEstimator):
    """Naive Bayes on per-field value frequencies among won and lost leads.

    Each field votes with log((won(v) + a) / (won_total + a*k)) - log((lost(v) + a) /
    (lost_total + a*k)), where k is the number of values of the field and a the smoothing;
    missing and unseen values cast no vote. Numbers are cut into `n_bins` quantile bins first,
    so they vote by range.
    """

    def __init__(self, smoothing=0.1, n_bins=10):
        self.smoothing = smoothing
        self.n_bins = n_bins

    def _values(self, frame: pd.DataFrame) -> list[pd.Series]:
        out = []
        for position, edges in enumerate(self.bin_edges_):
            column = frame.iloc[:, position]
            if edges is None:
                out.append(column.astype(object).where(column.notna(), None).map(lambda v: None if v is None else str(v)))
            else:
                numbers = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float)
                bins = np.searchsorted(edges, numbers, side="right").astype(object)
                bins[np.isnan(numbers)] = None
                out.append(pd.Series(bins, index=frame.index))
        return out

    def fit(self, X, y):
        frame = validated(self, X, reset=True)
        y = validated_target(y, frame.shape[0])
        self.classes_, y01 = np.unique(y, return_inverse=True)
        if len(self.classes_) != 2:
            raise ValueError(f"Only binary classification is supported; got {len(self.classes_)} class(es).")
        self.bin_edges_ = []
        for position in range(frame.shape[1]):
            column = frame.iloc[:, position]
            if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
                numbers = column.to_numpy(dtype=float)
                answered = numbers[~np.isnan(numbers)]
                qs = np.quantile(answered, np.linspace(0, 1, self.n_bins + 1)[1:-1]) if answered.size else []
                self.bin_edges_.append(np.unique(qs))
            else:
                self.bin_edges_.append(None)
        a = self.smoothing
        self.votes_ = []
        for values in self._values(frame):
            table = pd.crosstab(values, y01).reindex(columns=[0, 1], fill_value=0)
            k = max(len(table), 1)
            won = (table[1] + a) / (table[1].sum() + a * k)
            lost = (table[0] + a) / (table[0].sum() + a * k)
            self.votes_.append((np.log(won) - np.log(lost)).to_dict())
        counts = np.bincount(y01, minlength=2)
        self.prior_log_odds_ = float(np.log(counts[1] / counts[0]))
        return self

    def decision_function(self, X):
        check_is_fitted(self)
        frame = validated(self, X, reset=False)
        total = np.full(frame.shape[0], self.prior_log_odds_)
        for values, votes in zip(self._values(frame), self.votes_):
            total += values.map(votes).astype(float).fillna(0.0).to_numpy()
        return total

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        tags.input_tags.allow_nan = True
        tags.input_tags.string = True
        return tags


def baseline_models(missing_markers, kinds) -> dict[str, Pipeline]:
    """The three references, each starting from the same cleaned columns as the model."""

    def cleaner():
        return FrameCleaner(missing_markers=missing_markers, kinds=kinds)

    numbers = Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())])
    categories = Pipeline(
        [("impute", SimpleImputer(strategy="constant", fill_value="(missing)")), ("onehot", OneHotEncoder(handle_unknown="ignore"))]
    )
    prep = ColumnTransformer(
        [
            ("num", numbers, make_column_selector(dtype_include="number")),
            ("cat", categories, make_column_selector(dtype_exclude="number")),
        ]
    )
    return {
        "prior": Pipeline([("clean", cleaner()), ("clf", DummyClassifier(strategy="prior"))]),
        "logistic_regression": Pipeline([("clean", cleaner()), ("prep", prep), ("clf", LogisticRegression(max_iter=2000))]),
        "naive_bayes_frequency": Pipeline([("clean", cleaner()), ("clf", FrequencyNaiveBayes(smoothing=0.1))]),
    }


__all__ = ["FrequencyNaiveBayes", "baseline_models"]
