"""Automatic column screening: which columns may a model learn from, and why others may not."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from .config import TrainConfig, normalise_name
from .schema import CATEGORICAL, NUMERIC, clean_series, infer_kind, numeric_series
from .splits import group_codes

DROPPED_BY_REQUEST = "dropped by request"
LEAKY_NAME = "leaky: the name says it is recorded after the outcome"
ALL_MISSING = "all missing"
CONSTANT = "constant: a single value"
ID_LIKE = "id-like: (almost) every row has its own value"
GROUP_COLUMN = "group column: it says which rows belong to one lead, not how the lead went"
WEIGHT_COLUMN = "weight column: it says how much a row counts, not how the lead went"


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


def _problem(series: pd.Series, kind: str, config: TrainConfig, first_of_group=None) -> str | None:
    markers = _markers(config)
    values = numeric_series(series, markers) if kind == NUMERIC else clean_series(series, markers)
    answered = values.dropna()
    if answered.empty:
        return ALL_MISSING
    distinct = answered.nunique()
    if distinct <= 1 and len(answered) == len(values):
        return CONSTANT
    if first_of_group is not None:
        # A lead's snapshots repeat its e-mail address or record number, which hides that the
        # value is the lead's own: judge id-likeness on one row per lead.
        answered = values[first_of_group].dropna()
        distinct = answered.nunique()
    if len(answered) < 20:
        return None
    if kind == CATEGORICAL and distinct / len(answered) > config.id_unique_ratio:
        return ID_LIKE
    if kind == NUMERIC and distinct == len(answered) and (answered == answered.round()).all():
        return ID_LIKE  # unique whole numbers: record numbers, not measurements
    return None


def screen_columns(frame: pd.DataFrame, target: str | None, config: TrainConfig | None = None) -> ScreeningReport:
    """Split the columns of a lead table into kept ones (with their kind) and dropped ones.

    The target and the time column are never dropped as features by name; the group and
    weight columns are never features; every dropped column carries a reason a user can act on.
    """
    config = config or TrainConfig()
    markers = _markers(config)
    leaky = {normalise_name(n) for n in config.leaky_names}
    requested = {str(c) for c in config.drop}
    bookkeeping = {c: r for c, r in ((config.group_column, GROUP_COLUMN), (config.weight_column, WEIGHT_COLUMN)) if c}
    first_of_group = None
    if config.group_column in frame.columns:
        first_of_group = ~pd.Series(group_codes(frame[config.group_column])).duplicated().to_numpy()
    report = ScreeningReport()
    for column in frame.columns:
        if column == target:
            continue
        if str(column) in requested:
            report.dropped.append(DroppedColumn(str(column), DROPPED_BY_REQUEST))
            continue
        if column in bookkeeping:
            report.dropped.append(DroppedColumn(str(column), bookkeeping[column]))
            continue
        if normalise_name(column) in leaky and column != config.time_column:
            report.dropped.append(DroppedColumn(str(column), LEAKY_NAME))
            continue
        kind = infer_kind(frame[column], markers)
        reason = _problem(frame[column], kind, config, first_of_group)
        if reason:
            report.dropped.append(DroppedColumn(str(column), reason))
        else:
            report.kept.append(column)
            report.kinds[column] = kind
    return report


__all__ = ["DroppedColumn", "ScreeningReport", "screen_columns"]
