"""Do today's open leads look like the leads the model learned from? Population stability index.

Every field the model reads is compared, listed by its share of the model's weight, so that a
shift in a field the scores hang on comes first. Building both tables and the shares takes
seconds with many leads, so the report is computed when a model becomes current, by a daily job
and on request, and stored on the model version; the page only shows it.
"""

from collections.abc import Mapping
from datetime import datetime, timezone

import numpy as np
import pandas as pd

from scoring_model import feature_shares

from webapp.extensions import db
from webapp.models import ModelVersion
from webapp.scoring import dataset, registry
from webapp.settings.services import get_settings

PSI_WARN = 0.2  # a common rule of thumb: above 0.2 the population has shifted noticeably
WEIGHT = "weight"  # a training row's weight: one lead's snapshots together count once
# Path attribution of boosted trees costs about a second per thousand leads; shares settle
# long before a few thousand, so larger training tables are sampled for them (PSI uses every row).
SHARE_SAMPLE = 2000
MISSING = "(missing)"


def _distribution(labels: pd.Series, weights=None) -> pd.Series:
    """Weighted share of each value, a missing value being a value of its own."""
    labels = labels.astype(object)
    labels = labels.where(labels.notna(), MISSING)
    w = pd.Series(1.0 if weights is None else np.asarray(weights, dtype=float), index=labels.index)
    totals = w.groupby(labels, sort=False).sum()
    return totals / totals.sum()


def _decile_edges(values: pd.Series, weights, bins: int) -> np.ndarray:
    known = values.notna().to_numpy()
    w = np.ones(len(values)) if weights is None else np.asarray(weights, dtype=float)
    # inverted_cdf is the quantile that accepts weights; whole weights act as repeated rows
    edges = np.quantile(values.to_numpy(dtype=float)[known], np.linspace(0, 1, bins + 1), weights=w[known],
                        method="inverted_cdf")
    edges = np.unique(edges)
    edges[0], edges[-1] = -np.inf, np.inf
    return edges


def psi(expected: pd.Series, actual: pd.Series, bins: int = 10, expected_weights=None) -> float:
    """PSI between two samples of one column; numbers by the training sample's (weighted) deciles,
    anything else (and numbers with few distinct values) by value."""
    if pd.api.types.is_numeric_dtype(expected) and expected.nunique() > bins:
        edges = _decile_edges(expected, expected_weights, bins)
        expected, actual = pd.cut(expected, edges), pd.cut(pd.to_numeric(actual, errors="coerce"), edges)
    e, a = _distribution(expected, expected_weights), _distribution(actual)
    categories = e.index.union(a.index, sort=False)
    e, a = e.reindex(categories, fill_value=0) + 1e-4, a.reindex(categories, fill_value=0) + 1e-4
    return float(((a - e) * np.log(a / e)).sum())


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A field the table lacks is missing for every lead, as the model reads it."""
    return frame[name] if name in frame else pd.Series(np.nan, index=frame.index)


def drift_report(training: pd.DataFrame, current: pd.DataFrame, shares: Mapping[str, float],
                 training_weights=None) -> list[dict]:
    """PSI of every field in `shares` (each field the model reads -> its share of the model's weight),
    largest share first; `training_weights` weigh the training rows."""
    if not len(training) or not len(current):
        return []
    shares = dict(shares)  # a Series iterates over its values, a mapping over its keys
    order = sorted(shares, key=lambda name: -shares[name])  # stable: ties keep the model's order
    rows = []
    for name in order:
        value = round(psi(_column(training, name), _column(current, name), expected_weights=training_weights), 3)
        rows.append({"feature": name, "share": round(float(shares[name]), 4), "psi": value,
                     "shifted": value > PSI_WARN})
    return rows


def training_shares(model, training: pd.DataFrame, weights=None) -> pd.Series:
    """Each field's share of the model's weight on the training leads (a sample when there are many)."""
    if len(training) > SHARE_SAMPLE:  # by position: a table may repeat index labels
        rows = np.sort(np.random.default_rng(0).choice(len(training), SHARE_SAMPLE, replace=False))
        weights = None if weights is None else np.asarray(weights)[rows]
        training = training.iloc[rows]
    return feature_shares(model, training, weights)


def refresh_drift(row: ModelVersion | None = None, now: datetime | None = None) -> dict | None:
    """Compare today's open leads with the closed leads `row` learned from, and store the report on it.

    `row` defaults to the current model. The report goes into `row.meta["drift"]` (a new dict, so
    the JSON column is marked as changed) with when it was computed and how many leads it compared,
    and is committed; the model page only reads it. Returns the report, or None without a model.
    """
    row = row if row is not None else registry.current_row()
    if row is None:
        return None
    now = now or datetime.now(timezone.utc)
    model = registry.model_for(row)
    excluded = tuple(get_settings()["scoring"]["excluded_fields"])
    training = dataset.training_frame(now, excluded=excluded)
    learned_until = (row.meta or {}).get("data_to")
    if learned_until and not training.empty:  # an earlier model is judged against what it learned from
        decided = pd.to_datetime(training[dataset.DECIDED_AT], utc=True, format="ISO8601")
        training = training[decided <= pd.Timestamp(learned_until)]
    current = dataset.open_frame(now=now, excluded=excluded)
    weights = training[WEIGHT] if WEIGHT in training else None
    features = []
    if len(training) and len(current):
        shares = training_shares(model, training, weights)
        features = drift_report(training, current, shares, weights)
    leads = training["lead_id"].nunique() if "lead_id" in training else len(training)  # snapshots: rows > leads
    report = {"computed_at": now.isoformat(), "open_leads": len(current), "training_leads": int(leads),
              "warn": PSI_WARN, "features": features}
    row.meta = {**(row.meta or {}), "drift": report}
    db.session.commit()
    return report
