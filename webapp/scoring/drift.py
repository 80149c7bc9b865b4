"""Do today's open leads look like the leads the model learned from? Population stability index.

Building both tables takes seconds with many leads, so the report is computed when a model becomes
current, by a daily job and on request, and stored on the model version; the page only shows it.
"""

from datetime import datetime, timezone

import numpy as np
import pandas as pd

from webapp.extensions import db
from webapp.models import ModelVersion
from webapp.scoring import dataset, registry
from webapp.settings.services import get_settings

KEY_FEATURES = ("source", "industry", "employees", "budget", "authority", "need", "timeline")
PSI_WARN = 0.2  # a common rule of thumb: above 0.2 the population has shifted noticeably


def psi(expected: pd.Series, actual: pd.Series, bins: int = 10) -> float:
    """PSI between two samples of one column; numbers by the training sample's deciles."""
    if pd.api.types.is_numeric_dtype(expected) and expected.nunique() > bins:
        edges = np.unique(np.nanquantile(expected.dropna(), np.linspace(0, 1, bins + 1)))
        edges[0], edges[-1] = -np.inf, np.inf
        expected, actual = pd.cut(expected, edges), pd.cut(actual, edges)
    e = expected.astype("object").fillna("(missing)").value_counts(normalize=True)
    a = actual.astype("object").fillna("(missing)").value_counts(normalize=True)
    categories = e.index.union(a.index)
    e, a = e.reindex(categories, fill_value=0) + 1e-4, a.reindex(categories, fill_value=0) + 1e-4
    return float(((a - e) * np.log(a / e)).sum())


def drift_report(training: pd.DataFrame, current: pd.DataFrame) -> list[dict]:
    """PSI per key feature present in both tables, largest first."""
    rows = [{"feature": c, "psi": round(psi(training[c], current[c]), 3)}
            for c in KEY_FEATURES if c in training and c in current and len(training) and len(current)]
    for row in rows:
        row["shifted"] = row["psi"] > PSI_WARN
    return sorted(rows, key=lambda r: -r["psi"])


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
    excluded = tuple(get_settings()["scoring"]["excluded_fields"])
    training = dataset.training_frame(now, excluded=excluded)
    learned_until = (row.meta or {}).get("data_to")
    if learned_until and not training.empty:  # an earlier model is judged against what it learned from
        decided = pd.to_datetime(training[dataset.DECIDED_AT], utc=True, format="ISO8601")
        training = training[decided <= pd.Timestamp(learned_until)]
    current = dataset.open_frame(now=now, excluded=excluded)
    report = {"computed_at": now.isoformat(), "open_leads": len(current), "training_leads": len(training),
              "warn": PSI_WARN, "features": drift_report(training, current)}
    row.meta = {**(row.meta or {}), "drift": report}
    db.session.commit()
    return report
