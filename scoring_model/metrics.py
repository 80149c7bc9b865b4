"""Quality figures for predicted close probabilities, always on pooled out-of-fold predictions."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score


def expected_calibration_error(y_true, p, bins: int = 10) -> float:
    """ECE over equal-frequency bins whose edges are quantiles of p.

    Quantile edges keep tied scores in one bin; cutting by rank would split a block of equal
    scores (e.g. a constant model) across bins and report miscalibration that is not there.
    """
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(p, dtype=float)
    if len(p) == 0:
        return math.nan
    if np.unique(p).size == 1:
        return float(abs(y.mean() - p.mean()))
    groups = pd.qcut(p, bins, labels=False, duplicates="drop")
    frame = pd.DataFrame({"y": y, "p": p, "g": groups})
    table = frame.groupby("g").agg(y=("y", "mean"), p=("p", "mean"), n=("y", "size"))
    return float((table["n"] * (table["y"] - table["p"]).abs()).sum() / len(y))


def reliability_table(y_true, p, bins: int = 10) -> pd.DataFrame:
    """Per equal-frequency bin: mean predicted probability, observed close rate, lead count."""
    frame = pd.DataFrame({"y": np.asarray(y_true, dtype=float), "p": np.asarray(p, dtype=float)})
    frame["bin"] = pd.qcut(frame["p"], bins, labels=False, duplicates="drop") if frame["p"].nunique() > 1 else 0
    return frame.groupby("bin").agg(predicted=("p", "mean"), observed=("y", "mean"), leads=("y", "size")).reset_index(drop=True)


def score_report(y_true, p) -> dict[str, float]:
    """ROC AUC, average precision, Brier, log loss and ECE; NaN where undefined."""
    y = np.asarray(y_true).astype(int)
    p = np.clip(np.asarray(p, dtype=float), 1e-12, 1 - 1e-12)
    both = len(np.unique(y)) == 2
    return {
        "roc_auc": float(roc_auc_score(y, p)) if both else math.nan,
        "average_precision": float(average_precision_score(y, p)) if both else math.nan,
        "brier": float(brier_score_loss(y, p)),
        "log_loss": float(log_loss(y, p, labels=[0, 1])),
        "ece": expected_calibration_error(y, p),
    }


__all__ = ["expected_calibration_error", "reliability_table", "score_report"]
