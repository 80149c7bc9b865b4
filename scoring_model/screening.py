"""Automatic column screening: which columns may a model learn from, and why others may not."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from .config import TrainConfig, normalise_name
from .schema import CATEGORICAL, NUMERIC, clean_series, infer_kind, numeric_series

DROPPED_BY_REQUEST = "dropped by request"
LEAKY_NAME = "leaky: the name says it is recorded after the outcome"
ALL_MISSING = "all missing"
CONSTANT = "constant: a single value"
ID_LIKE = "id-like: (almost) every row has its own value"


@dataclass(frozen=True)
class DroppedColumn:
    column: str
    reason: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ScreeningReport:
    kept: list[str] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)
    dropped: list[DroppedColumn] = field(default_factory=list)

    def dropped_dicts(self) -> list[dict]:
        return [d.to_dict() for d in self.dropped]


def _markers(config: TrainConfig) -> frozenset[str]:
    return frozenset(str(m).strip().lower() for m in config.missing_markers)


def _problem(series: pd.Series, kind: str, config: TrainConfig) -> str | None:
    markers = _markers(config)
    values = numeric_series(series, markers) if kind == NUMERIC else clean_series(series, markers)
    answered = values.dropna()
    if answered.empty:
        return ALL_MISSING
    distinct = answered.nunique()
    if distinct <= 1 and len(answered) == len(values):
        return CONSTANT
    if len(answered) < 20:
        return None
    if kind == CATEGORICAL and distinct / len(answered) > config.id_unique_ratio:
        return ID_LIKE
    if kind == NUMERIC and distinct == len(answered) and (answered == answered.round()).all():
        return ID_LIKE  # unique whole numbers: record numbers, not measurements
    return None


def screen_columns(frame: pd.DataFrame, target: str | None, config: TrainConfig | None = None) -> ScreeningReport:
    """Split the columns of a lead table into kept ones (with their kind) and dropped ones.

    The target and the time column are never dropped as features by name; every dropped
    column carries a reason a user can act on.
    """
    config = config or TrainConfig()
    markers = _markers(config)
    leaky = {normalise_name(n) for n in config.leaky_names}
    requested = {str(c) for c in config.drop}
    report = ScreeningReport()
    for column in frame.columns:
        if column == target:
            continue
        if str(column) in requested:
            report.dropped.append(DroppedColumn(str(column), DROPPED_BY_REQUEST))
            continue
        if normalise_name(column) in leaky and column != config.time_column:
            report.dropped.append(DroppedColumn(str(column), LEAKY_NAME))
            continue
        kind = infer_kind(frame[column], markers)
        reason = _problem(frame[column], kind, config)
        if reason:
            report.dropped.append(DroppedColumn(str(column), reason))
        else:
            report.kept.append(column)
            report.kinds[column] = kind
    return report


__all__ = ["DroppedColumn", "ScreeningReport", "screen_columns"]
