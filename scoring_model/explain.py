"""Why a lead scores as it does: signed contributions per field that add up to its score.

The scale is the calibrated log-odds of closing. Contributions are exact on that scale:
base_value + sum(contributions) == logit(probability) for every lead.

- Logistic model: a field's contribution is the sum of coefficient x transformed value over
  the model inputs built from that field (its bins or its one-hot columns).
- Boosted trees: path attribution (Saabas): every split a lead passes credits the change in
  the expected outcome to the split's field. It is exact and costs one pass down each tree,
  which keeps one-lead explanations within a few milliseconds; Shapley values would spread
  credit more evenly between correlated fields but cost far more per lead, and the
  factors shown to a sales rep only need the strongest few.
- Platt calibration is a positive scaling plus a shift of the raw score, so contributions are
  scaled by the same slope and the shift joins the base value; additivity survives.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from .selection import quiet
from .structure import parts, tree_contributions, tree_feature_names


@dataclass(frozen=True)
class Factor:
    feature: str
    value: object
    label: str
    contribution: float

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Explanation:
    probability: float
    log_odds: float
    base_value: float
    factors: list[Factor] = field(default_factory=list)

    def top_for(self, n: int = 3) -> list[Factor]:
        return [f for f in sorted(self.factors, key=lambda f: -f.contribution) if f.contribution > 0][:n]

    def top_against(self, n: int = 3) -> list[Factor]:
        return [f for f in sorted(self.factors, key=lambda f: f.contribution) if f.contribution < 0][:n]


def factor_label(feature: str, value) -> str:
    """'Source: trade fair', 'Budget: not answered', 'Visits: 3'."""
    name = feature.replace("_", " ")
    name = name[:1].upper() + name[1:]
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return f"{name}: not answered"
    if isinstance(value, float):
        value = int(value) if value.is_integer() else round(value, 2)
    return f"{name}: {str(value).replace('_', ' ')}"


def contributions(model, data) -> tuple[float, pd.DataFrame, pd.DataFrame]:
    """(base value, contributions, cleaned values) for many leads, all on the calibrated
    log-odds scale; columns are the cleaned fields (dates appear as month and weekday).
    A logistic model reads its compiled tables (the numbers one lead's explanation gives, without
    the encoders' per-value work); boosted trees are walked once, vectorised over the rows."""
    frame = model.frame(data)
    cleaner, prep, clf, slope, intercept, kind = parts(model)
    cleaned = cleaner.transform(frame)
    features = list(cleaner.feature_names_out_)
    if kind == "linear":
        base, values = model.fast().batch_contributions(cleaned[features])
        return base, pd.DataFrame(values, columns=features, index=frame.index), cleaned
    order = tree_feature_names(prep)
    with quiet():
        transformed = prep.transform(cleaned)
    base, credit = tree_contributions(clf, transformed)
    position = {name: i for i, name in enumerate(order)}
    raw = credit[:, [position[name] for name in features]]
    table = pd.DataFrame(slope * raw, columns=features, index=frame.index)
    return slope * base + intercept, table, cleaned


def _known(value):
    """A cleaned value as a factor shows it: a plain Python value, None when unknown."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _shown(name: str, column: pd.Series, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A field's value (None when unknown) and factor label in these rows, each distinct value
    labelled once; numbers are taken row by row, so every row keeps its exact value."""
    picked = column.iloc[rows]
    codes, uniques = pd.factorize(picked, use_na_sentinel=True)
    known = [_known(u) for u in uniques]
    labels = np.asarray([factor_label(name, v) for v in known] + [factor_label(name, None)], dtype=object)[codes]
    if picked.dtype.kind == "f":
        numbers = picked.to_numpy(dtype=float)
        return np.where(np.isnan(numbers), None, numbers.astype(object)), labels
    return np.asarray([*known, None], dtype=object)[codes], labels


def explain_batch(model, data, top: int = 3) -> tuple[np.ndarray, list[list[dict]]]:
    """Probabilities and, per lead, its strongest factors for (largest first) then against (most
    negative first) as dicts like Factor.to_dict(), ranked as Explanation.top_for/top_against
    rank them; vectorised, for rescoring many leads at once. One pass of contributions: the
    probability is the logistic of base + contributions."""
    base, table, cleaned = contributions(model, data)
    values, names = table.to_numpy(), list(table.columns)
    n, k = len(values), min(top, len(names))
    probabilities = 1.0 / (1.0 + np.exp(-(base + values.sum(axis=1))))
    # The shown factors as one flat list of (row, field, weight): per row its best k for
    # (ties keep the fields' order), then its worst k against.
    pros = np.argsort(-values, axis=1, kind="stable")[:, :k]
    against = np.argsort(values, axis=1, kind="stable")[:, :k]
    columns = np.concatenate([pros, against], axis=1)
    weights = np.take_along_axis(values, columns, axis=1)
    keep = np.concatenate([weights[:, :k] > 0, weights[:, k:] < 0], axis=1)
    rows = np.repeat(np.arange(n), 2 * k).reshape(n, 2 * k)[keep]
    columns, weights = columns[keep], weights[keep]
    shown_values, shown_labels = np.empty(len(rows), dtype=object), np.empty(len(rows), dtype=object)
    for j in np.unique(columns):
        at = columns == j
        shown_values[at], shown_labels[at] = _shown(names[j], cleaned[names[j]], rows[at])
    flat = [{"feature": feature, "value": value, "label": label, "contribution": weight}
            for feature, value, label, weight in zip(np.asarray(names, dtype=object)[columns].tolist(),
                                                     shown_values.tolist(), shown_labels.tolist(), weights.tolist())]
    ends = np.cumsum(keep.sum(axis=1)).tolist()
    return probabilities, [flat[start:end] for start, end in zip([0, *ends[:-1]], ends)]


def explain_frame(model, data, top: int = 3) -> pd.DataFrame:
    """Probability plus the strongest factors for and against, as readable text per lead."""
    base, table, cleaned = contributions(model, data)
    log_odds = base + table.sum(axis=1).to_numpy()
    rows = []
    for i in range(len(table)):
        values = table.iloc[i]
        ranked = values[values != 0].sort_values()
        against = [f"{factor_label(k, cleaned.iloc[i][k])} ({v:+.2f})" for k, v in ranked.head(top).items() if v < 0]
        pros = [f"{factor_label(k, cleaned.iloc[i][k])} ({v:+.2f})" for k, v in ranked[::-1].head(top).items() if v > 0]
        rows.append({"factors_for": "; ".join(pros), "factors_against": "; ".join(against)})
    out = pd.DataFrame(rows, index=table.index)
    out.insert(0, "probability", 1.0 / (1.0 + np.exp(-log_odds)))
    return out


__all__ = ["Factor", "Explanation", "contributions", "explain_batch", "explain_frame", "factor_label"]
