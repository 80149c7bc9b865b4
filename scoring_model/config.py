"""Training settings as plain data, so callers can store and edit them as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass

# Web-form placeholders that mean "not answered"; compared case-insensitively after stripping.
DEFAULT_MISSING_MARKERS = (
    "",
    "select",
    "-- select --",
    "please select",
    "choose",
    "choose one",
    "n/a",
    "nan",
    "null",
)

# Names (normalised: lower case, separators removed) that describe a lead's outcome or what
# happened after the decision. They are dropped before training because they leak the label.
DEFAULT_LEAKY_NAMES = (
    "closedate",
    "closedat",
    "closedon",
    "closingdate",
    "closevalue",
    "closedvalue",
    "wondate",
    "wonat",
    "wonreason",
    "lostdate",
    "lostat",
    "lostreason",
    "dealstage",
    "outcome",
    "result",
    "converted",
    "convertedat",
    "conversiondate",
)


@dataclass
class TrainConfig:
    """Everything train() and evaluate() can be told; defaults suit small CRM exports.

    min_class_rows: fewer won (or lost) leads than this and training is refused.
    cv_folds: folds of the internal cross-validation that selects the model and fits the
        calibration.
    min_category_count: categories seen fewer times are grouped as "other" (and unseen ones
        at prediction time join that group).
    id_unique_ratio: a text column whose share of distinct values is above this is id-like.
    group_column: rows with the same value here describe one lead (its snapshots); they are
        kept on one side of every split, and the column is never a feature.
    weight_column: each row's weight in fitting, calibration and metrics (e.g. 1 / the number
        of a lead's snapshots, so every lead counts once); never a feature.
    max_rows: above this many closed rows, training learns from a weighted sample of them
        (see thinning.py); None learns from every row.
    """

    missing_markers: tuple[str, ...] = DEFAULT_MISSING_MARKERS
    leaky_names: tuple[str, ...] = DEFAULT_LEAKY_NAMES
    drop: tuple[str, ...] = ()
    time_column: str | None = None
    group_column: str | None = None
    weight_column: str | None = None
    min_class_rows: int = 20
    cv_folds: int = 3
    min_category_count: int = 5
    max_categories: int = 200
    id_unique_ratio: float = 0.9
    candidates: tuple[str, ...] = ("logistic", "logistic_strong", "boosting")
    random_state: int = 0
    max_rows: int | None = 150_000

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> TrainConfig:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        for name in ("missing_markers", "leaky_names", "drop", "candidates"):
            if name in known:
                known[name] = tuple(known[name])
        return cls(**known)


def normalise_name(name: str) -> str:
    """Column name reduced to lower-case letters and digits, for name-list matching."""
    return "".join(ch for ch in str(name).lower() if ch.isalnum())


__all__ = ["TrainConfig", "DEFAULT_MISSING_MARKERS", "DEFAULT_LEAKY_NAMES", "normalise_name"]
