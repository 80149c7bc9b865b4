"""train(): from a table of closed leads to a calibrated, explainable ScoringModel."""

from __future__ import annotations

import hashlib

import pandas as pd
from sklearn.pipeline import Pipeline

from .config import TrainConfig
from .errors import TrainingRefused
from .features import FrameCleaner
from .model import ScoringModel
from .pipeline import build_candidates
from .screening import screen_columns
from .selection import SelectingCalibratedClassifier, TimeOrderedSplit
from .target import binary_target, check_trainable


def data_fingerprint(frame: pd.DataFrame) -> str:
    """sha256 over column names and cell values: which data a model was trained on."""
    digest = hashlib.sha256("\x1f".join(map(str, frame.columns)).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def prepare(frame: pd.DataFrame, target: str, positive=None, config: TrainConfig | None = None):
    """Closed rows sorted by time (if any), their 0/1 target and the screening report."""
    config = config or TrainConfig()
    if target not in frame.columns:
        raise TrainingRefused(f"The target column {target!r} is not in the data.")
    y = binary_target(frame[target], positive)
    closed = frame.loc[y.notna()]
    y = y.loc[closed.index].astype(int)
    if config.time_column:
        if config.time_column not in frame.columns:
            raise TrainingRefused(f"The time column {config.time_column!r} is not in the data.")
        from .schema import to_datetime_series

        order = to_datetime_series(closed[config.time_column]).sort_values(kind="stable", na_position="first").index
        closed, y = closed.loc[order], y.loc[order]
    check_trainable(y.to_numpy(), config)
    report = screen_columns(closed, target, config)
    if not report.kept:
        reasons = "; ".join(f"{d.column}: {d.reason}" for d in report.dropped) or "the table has no columns"
        raise TrainingRefused(f"No usable column is left to learn from ({reasons}).")
    return closed, y.to_numpy(), report


def train(frame: pd.DataFrame, target: str, *, positive=None, config: TrainConfig | None = None) -> ScoringModel:
    """Screen columns, select and calibrate a model by CV, refit it on all closed leads.

    Rows whose target is empty are open leads and are ignored. Raises TrainingRefused when
    the data cannot support a model.
    """
    config = config or TrainConfig()
    closed, y, report = prepare(frame, target, positive, config)
    X = closed[report.kept]
    markers = tuple(config.missing_markers)
    cleaner = FrameCleaner(missing_markers=markers, kinds=report.kinds).fit(X)
    candidates = build_candidates(cleaner.numeric_features_, cleaner.categorical_features_, config)
    cv = TimeOrderedSplit(config.cv_folds) if config.time_column else config.cv_folds
    selector = SelectingCalibratedClassifier(candidates, cv=cv, random_state=config.random_state)
    pipeline = Pipeline([("clean", FrameCleaner(missing_markers=markers, kinds=report.kinds)), ("model", selector)])
    pipeline.fit(X, y)
    return ScoringModel(
        pipeline=pipeline,
        target=target,
        positive=positive,
        features=[str(c) for c in report.kept],
        kinds={str(k): v for k, v in report.kinds.items()},
        dropped=report.dropped_dicts(),
        n_won=int(y.sum()),
        n_lost=int(len(y) - y.sum()),
        cv_metrics=selector.cv_results_[selector.best_name_],
        model_name=selector.best_name_,
        config=config.to_dict(),
        fingerprint=data_fingerprint(closed),
    )


__all__ = ["train", "prepare", "data_fingerprint"]

