"""train(): from a table of closed leads to a calibrated, explainable ScoringModel."""

from __future__ import annotations

import hashlib
from typing import NamedTuple

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from .config import TrainConfig
from .errors import TrainingRefused
from .features import FrameCleaner
from .model import ScoringModel
from .pipeline import build_candidates
from .screening import ScreeningReport, screen_columns
from .selection import SelectingCalibratedClassifier
from .splits import TimeOrderedSplit, group_codes
from .thinning import thin_rows
from .target import binary_target, check_trainable


def data_fingerprint(frame: pd.DataFrame) -> str:
    """sha256 over column names and cell values: which data a model was trained on."""
    digest = hashlib.sha256("\x1f".join(map(str, frame.columns)).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


class Prepared(NamedTuple):
    """Closed rows in training order with what train() and evaluate() need beside them."""

    closed: pd.DataFrame
    y: np.ndarray
    report: ScreeningReport
    groups: np.ndarray | None  # integer group per row (a lead's snapshots share one)
    weights: np.ndarray | None


def _training_order(closed: pd.DataFrame, config: TrainConfig, groups) -> np.ndarray:
    """Positions sorted by time, with each group's rows together at its latest time.

    A group is placed by its latest time (with decided_at as the time column, every snapshot
    of a lead has the same one) so that forward-chaining folds can cut between groups.
    """
    keys = []
    if config.time_column:
        from .schema import to_datetime_series

        stamps = to_datetime_series(closed[config.time_column]).to_numpy(dtype="datetime64[ns]").view(np.int64)
        keys.append(stamps)  # a missing time (NaT) is the smallest int64, so it sorts first
        if groups is not None:
            latest = np.full(groups.max() + 1, np.iinfo(np.int64).min)
            np.maximum.at(latest, groups, stamps)
            keys += [groups, latest[groups]]
    elif groups is not None:
        keys.append(groups)
    return np.lexsort(keys) if keys else np.arange(len(closed))


def _weights(closed: pd.DataFrame, column: str) -> np.ndarray:
    weights = pd.to_numeric(closed[column], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(weights) | (weights < 0)
    if bad.any():
        raise TrainingRefused(
            f"The weight column {column!r} needs a number of zero or more in every closed row; "
            f"{int(bad.sum())} rows have none."
        )
    if not weights.any():
        raise TrainingRefused(f"Every closed row has weight 0 in {column!r}; nothing would be learned.")
    return weights


def prepare(frame: pd.DataFrame, target: str, positive=None, config: TrainConfig | None = None) -> Prepared:
    """Closed rows sorted by time (if any), their 0/1 target, groups, weights and the screening report."""
    config = config or TrainConfig()
    if target not in frame.columns:
        raise TrainingRefused(f"The target column {target!r} is not in the data.")
    for role, column in (("time", config.time_column), ("group", config.group_column), ("weight", config.weight_column)):
        if column and column not in frame.columns:
            raise TrainingRefused(f"The {role} column {column!r} is not in the data.")
    y = binary_target(frame[target], positive)
    closed = frame.loc[y.notna()]
    y = y.loc[closed.index].astype(int).to_numpy()
    groups = group_codes(closed[config.group_column]) if config.group_column else None
    order = _training_order(closed, config, groups)
    closed, y = closed.iloc[order], y[order]
    groups = None if groups is None else groups[order]
    weights = _weights(closed, config.weight_column) if config.weight_column else None
    check_trainable(y, config)
    report = screen_columns(closed, target, config)
    if not report.kept:
        reasons = "; ".join(f"{d.column}: {d.reason}" for d in report.dropped) or "the table has no columns"
        raise TrainingRefused(f"No usable column is left to learn from ({reasons}).")
    return Prepared(closed, y, report, groups, weights)


def _outcome_counts(y: np.ndarray, groups: np.ndarray | None) -> tuple[int, int]:
    """Won and lost leads: rows, or with groups the groups of each outcome (a lead's snapshots
    share its outcome and count as one lead)."""
    if groups is None:
        return int(y.sum()), int(len(y) - y.sum())
    won = len(np.unique(groups[y == 1]))
    return won, len(np.unique(groups)) - won


def train(frame: pd.DataFrame, target: str, *, positive=None, config: TrainConfig | None = None) -> ScoringModel:
    """Screen columns, select and calibrate a model by CV, refit it on all closed leads.

    Rows whose target is empty are open leads and are ignored. With a group column, a
    group's rows stay on one side of every fold; with a weight column, rows count by weight
    in fitting, calibration and the reported metrics. Above config.max_rows closed rows the
    model learns from a weighted sample (thinning.py). Raises TrainingRefused when the data
    cannot support a model.
    """
    config = config or TrainConfig()
    closed, y, report, groups, weights = prepare(frame, target, positive, config)
    fingerprint, available = data_fingerprint(closed), len(closed)
    won, lost = _outcome_counts(y, groups)
    until = str(closed[config.time_column].max()) if config.time_column and len(closed) else None
    n_groups = None if groups is None else int(len(np.unique(groups)))
    if config.max_rows and available > config.max_rows:
        rows, weights = thin_rows(
            groups if groups is not None else np.arange(available),
            weights if weights is not None else np.ones(available),
            config.max_rows,
            config.random_state,
        )
        closed, y = closed.iloc[rows], y[rows]
        groups = None if groups is None else groups[rows]
    X = closed[report.kept]
    markers = tuple(config.missing_markers)
    cleaner = FrameCleaner(missing_markers=markers, kinds=report.kinds).fit(X)
    candidates = build_candidates(cleaner.numeric_features_, cleaner.categorical_features_, config, len(y))
    cv = TimeOrderedSplit(config.cv_folds) if config.time_column else config.cv_folds
    selector = SelectingCalibratedClassifier(candidates, cv=cv, random_state=config.random_state)
    pipeline = Pipeline([("clean", FrameCleaner(missing_markers=markers, kinds=report.kinds)), ("model", selector)])
    pipeline.fit(X, y, model__sample_weight=weights, model__groups=groups)
    return ScoringModel(
        pipeline=pipeline,
        target=target,
        positive=positive,
        features=[str(c) for c in report.kept],
        kinds={str(k): v for k, v in report.kinds.items()},
        dropped=report.dropped_dicts(),
        n_won=won,
        n_lost=lost,
        cv_metrics=selector.cv_results_[selector.best_name_],
        model_name=selector.best_name_,
        config=config.to_dict(),
        fingerprint=fingerprint,
        rows_available=available,
        rows_learned=len(closed),
        n_groups=n_groups,
        trained_until=until,
    )


__all__ = ["train", "prepare", "Prepared", "data_fingerprint"]

