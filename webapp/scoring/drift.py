"""Do today's open leads look like the leads the model learned from? Population stability index."""

import numpy as np
import pandas as pd

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
