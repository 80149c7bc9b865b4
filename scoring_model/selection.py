"""Model selection by cross-validation and calibration on the same out-of-fold predictions.

One cross-validation serves three purposes: it scores every candidate, it yields the
out-of-fold scores on which the winner's calibration is fitted, and it reports honest
metrics for the model card. The winner is then refitted on all rows.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from threadpoolctl import threadpool_limits
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import _check_sample_weight, check_is_fitted

from .features import LogOddsClassifierMixin, validated, validated_target

from .metrics import score_report
from .splits import group_codes, shuffled_folds

# Expected, harmless warnings: quantile binning of numbers with many ties, and categories
# never seen in training (by design they join the "other" group or count as missing).
QUIET = (
    (UserWarning, r"Bins whose width are too small"),
    (UserWarning, r"Feature \d+ is constant"),
    (UserWarning, r"Found unknown categories"),
)


@contextmanager
def quiet():
    """Silence the expected warnings and run native code on one thread.

    On the 2-core production machines multi-threaded OpenMP/BLAS made boosting up to 5x
    slower on small tables (thread oversubscription) and helped little on large ones.
    """
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        for category, message in QUIET:
            warnings.filterwarnings("ignore", message=message, category=category)
        yield


def weight_params(estimator, sample_weight) -> dict:
    """Fit keyword that hands sample weights to the estimator (a pipeline's final step)."""
    if sample_weight is None:
        return {}
    if isinstance(estimator, Pipeline):
        return {f"{estimator.steps[-1][0]}__sample_weight": sample_weight}
    return {"sample_weight": sample_weight}


def quiet_fit(estimator, X, y, sample_weight=None):
    with quiet():
        return estimator.fit(X, y, **weight_params(estimator, sample_weight))


def raw_score(estimator, X) -> np.ndarray:
    """The model's own log-odds scale (decision_function), or the logit of its probability."""
    if hasattr(estimator, "decision_function"):
        return np.asarray(estimator.decision_function(X), dtype=float)
    p = np.clip(estimator.predict_proba(X)[:, 1], 1e-12, 1 - 1e-12)
    return np.log(p / (1 - p))


def fit_platt(scores: np.ndarray, y: np.ndarray, sample_weight=None) -> tuple[float, float]:
    """Sigmoid calibration p = 1 / (1 + exp(-(slope * s + intercept))) with slope >= 0.

    A non-negative slope keeps the calibrated ranking the model's own; where the scores carry
    no signal the slope goes to 0 and predictions fall back to the base rate. sample_weight
    weighs each row's log loss (all ones when omitted).
    """
    w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    rate = np.clip(np.average(y, weights=w), 1e-6, 1 - 1e-6)

    def loss(theta):
        z = theta[0] * scores + theta[1]
        value = np.sum(w * (np.logaddexp(0.0, z) - y * z))
        with np.errstate(over="ignore"):  # exp(-z) = inf for very sure scores gives p = 0, as it should
            residual = w * (1.0 / (1.0 + np.exp(-z)) - y)
        return value, np.array([np.sum(residual * scores), np.sum(residual)])

    start = np.array([1.0, 0.0]) if scores.std() > 0 else np.array([0.0, np.log(rate / (1 - rate))])
    result = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=[(0.0, None), (None, None)])
    return float(result.x[0]), float(result.x[1])


class SelectingCalibratedClassifier(LogOddsClassifierMixin, ClassifierMixin, BaseEstimator):
    """Binary classifier that picks the best candidate by CV log loss and calibrates it.

    Parameters
    ----------
    candidates : list of (name, estimator) or None
        Estimators to compare; None means a single logistic regression.
    cv : int, splitter or list of (train, test) index pairs
        Folds for selection and calibration (an int means shuffled stratified folds, kept
        group-wise when fit() is given groups).
    random_state : int
        Seed of the shuffled folds.
    """

    def __init__(self, candidates=None, cv=3, random_state=0):
        self.candidates = candidates
        self.cv = cv
        self.random_state = random_state

    def _splits(self, X, y, groups):
        if isinstance(self.cv, int):
            smallest = int(np.bincount(y).min())
            folds = max(2, min(self.cv, smallest))
            if groups is not None:
                folds = min(folds, len(np.unique(groups)))
            return list(shuffled_folds(folds, self.random_state, groups is not None).split(X, y, groups))
        if hasattr(self.cv, "split"):
            return list(self.cv.split(X, y, groups))
        return list(self.cv)

    def fit(self, X, y, sample_weight=None, groups=None):
        """Select, calibrate and refit; sample_weight weighs rows in all three, groups keeps
        each group's rows on one side of every fold (with an int cv or a group-aware splitter)."""
        X = validated(self, X, reset=True, allow_nan=False) if not hasattr(X, "iloc") else validated(self, X, reset=True)
        y = validated_target(y, X.shape[0])
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, ensure_non_negative=True)
        if groups is not None:
            groups = group_codes(groups)
            if len(groups) != X.shape[0]:
                raise ValueError(f"X has {X.shape[0]} rows but groups has {len(groups)} values.")
        self.classes_, y01 = np.unique(y, return_inverse=True)
        if len(self.classes_) != 2:
            raise ValueError(f"Only binary classification is supported; got {len(self.classes_)} class(es).")
        take = lambda rows: X.iloc[rows]  # noqa: E731
        weight = lambda rows: None if sample_weight is None else sample_weight[rows]  # noqa: E731
        candidates = self.candidates or [("logistic", LogisticRegression())]
        splits = self._splits(X, y01, groups)
        covered = np.zeros(len(y01), dtype=bool)
        scores = {name: np.zeros(len(y01)) for name, _ in candidates}
        for train_rows, test_rows in splits:
            if len(np.unique(y01[train_rows])) < 2:
                continue  # an early time block with one class cannot train anything
            covered[test_rows] = True
            for name, candidate in candidates:
                fitted = quiet_fit(clone(candidate), take(train_rows), y01[train_rows], weight(train_rows))
                scores[name][test_rows] = raw_score(fitted, take(test_rows))
        if not covered.any() or len(np.unique(y01[covered])) < 2:
            raise ValueError("Cross-validation left no fold with both classes to test on.")
        w = weight(covered)
        self.cv_results_ = {}
        for name, _ in candidates:
            slope, intercept = fit_platt(scores[name][covered], y01[covered], w)
            with np.errstate(over="ignore"):
                calibrated = 1.0 / (1.0 + np.exp(-(slope * scores[name][covered] + intercept)))
            self.cv_results_[name] = score_report(y01[covered], calibrated, sample_weight=w)
        self.best_name_ = min(self.cv_results_, key=lambda n: self.cv_results_[n]["log_loss"])
        self.slope_, self.intercept_ = fit_platt(scores[self.best_name_][covered], y01[covered], w)
        best = dict(candidates)[self.best_name_]
        self.best_estimator_ = quiet_fit(clone(best), X, y01, sample_weight)
        return self

    def decision_function(self, X):
        """Calibrated log-odds of the second class."""
        check_is_fitted(self)
        X = validated(self, X, reset=False, allow_nan=isinstance(X, pd.DataFrame))
        with quiet():
            return self.slope_ * raw_score(self.best_estimator_, X) + self.intercept_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        tags.input_tags.string = True
        return tags


__all__ = ["SelectingCalibratedClassifier", "fit_platt", "raw_score", "weight_params"]
