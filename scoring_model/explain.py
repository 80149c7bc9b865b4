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
from .structure import linear_contributions, parts, tree_contributions, tree_feature_names


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
    log-odds scale; columns are the cleaned fields (dates appear as month and weekday)."""
    frame = model.frame(data)
    cleaner, prep, clf, slope, intercept, kind = parts(model)
    cleaned = cleaner.transform(frame)
    features = list(cleaner.feature_names_out_)
    if kind == "linear":
        with quiet():
            base, raw = linear_contributions(prep, clf, features, cleaned)
    else:
        order = tree_feature_names(prep)
        with quiet():
            transformed = prep.transform(cleaned)
        base, credit = tree_contributions(clf, transformed)
        position = {name: i for i, name in enumerate(order)}
        raw = credit[:, [position[name] for name in features]]
    table = pd.DataFrame(slope * raw, columns=features, index=frame.index)
    return slope * base + intercept, table, cleaned


def explain_batch(model, data, top: int = 3) -> tuple[np.ndarray, list[list[dict]]]:
    """Probabilities and, per lead, its strongest factors for (largest first) then against (most
    negative first) as dicts like Factor.to_dict(); vectorised, for rescoring many leads at once.
    One pass of contributions: the probability is the logistic of base + contributions."""
    base, table, cleaned = contributions(model, data)
    values, names = table.to_numpy(), list(table.columns)
    probabilities = 1.0 / (1.0 + np.exp(-(base + values.sum(axis=1))))
    k = min(top, len(names))
    order = np.argsort(values, axis=1, kind="stable")
    against, pros = order[:, :k], order[:, ::-1][:, :k]
    raw = cleaned.to_numpy(dtype=object)
    labels: dict = {}

    def factor(i: int, j: int) -> dict:
        value = raw[i, j]
        value = None if value is None or (isinstance(value, float) and np.isnan(value)) else value
        value = value.item() if hasattr(value, "item") else value
        key = (j, value)
        if key not in labels:
            labels[key] = factor_label(names[j], value)
        return {"feature": names[j], "value": value, "label": labels[key], "contribution": float(values[i, j])}

    factors = [[factor(i, j) for j in pros[i] if values[i, j] > 0] + [factor(i, j) for j in against[i] if values[i, j] < 0]
               for i in range(len(values))]
    return probabilities, factors


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
