"""Quality figures for predicted close probabilities, always on pooled out-of-fold predictions."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score


def weighted_quantile_edges(p: np.ndarray, weights: np.ndarray, bins: int) -> np.ndarray:
    """The edges pd.qcut would cut at if each row were repeated `weight` times.

    Linear interpolation between order statistics, as pandas does; for fractional weights the
    same formula on the cumulated weights. Exact for whole-number weights, so a weighted table
    and its row-repeated copy fall into the same bins.
    """
    order = np.argsort(p, kind="stable")
    values, cumulative = p[order], np.cumsum(weights[order])
    position = np.clip((cumulative[-1] - 1) * np.linspace(0, 1, bins + 1), 0, None)
    below = np.floor(position)

    def value_at(rank):  # the value at this 0-based rank of the repeated table
        return values[np.minimum(np.searchsorted(cumulative, rank, side="right"), len(values) - 1)]

    return value_at(below) + (position - below) * (value_at(below + 1) - value_at(below))


def expected_calibration_error(y_true, p, bins: int = 10, sample_weight=None) -> float:
    """ECE over equal-frequency bins whose edges are quantiles of p.

    Quantile edges keep tied scores in one bin; cutting by rank would split a block of equal
    scores (e.g. a constant model) across bins and report miscalibration that is not there.
    With sample_weight, bins hold equal weight and every mean is weighted.
    """
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(p, dtype=float)
    if len(p) == 0:
        return math.nan
    if sample_weight is not None:
        return _weighted_ece(y, p, np.asarray(sample_weight, dtype=float), bins)
    if np.unique(p).size == 1:
        return float(abs(y.mean() - p.mean()))
    groups = pd.qcut(p, bins, labels=False, duplicates="drop")
    frame = pd.DataFrame({"y": y, "p": p, "g": groups})
    table = frame.groupby("g").agg(y=("y", "mean"), p=("p", "mean"), n=("y", "size"))
    return float((table["n"] * (table["y"] - table["p"]).abs()).sum() / len(y))


def _weighted_ece(y: np.ndarray, p: np.ndarray, w: np.ndarray, bins: int) -> float:
    total = w.sum()
    if np.unique(p).size == 1:
        return float(abs(np.dot(w, y) - np.dot(w, p)) / total)
    edges = np.unique(weighted_quantile_edges(p, w, bins))
    groups = pd.cut(p, edges, labels=False, include_lowest=True)
    frame = pd.DataFrame({"wy": w * y, "wp": w * p, "w": w, "g": groups})
    table = frame.groupby("g").sum()
    return float((table["wy"] - table["wp"]).abs().sum() / total)


def calibration_noise(p, bins: int = 10) -> float:
    """The ECE that perfectly calibrated probabilities `p` show on average, by chance, on this many
    leads (the bins of expected_calibration_error): how much of a measured ECE is sampling noise.

    A bin's win rate strays from its mean probability by sqrt(sum p (1 - p)) / leads; the mean
    of its absolute stray is sqrt(2 / pi) of that (normal approximation; within a few per cent of
    simulated outcomes from 40 leads on).
    """
    p = np.asarray(p, dtype=float)
    if len(p) == 0:
        return math.nan
    groups = pd.qcut(p, bins, labels=False, duplicates="drop") if np.unique(p).size > 1 else np.zeros(len(p))
    variance = pd.Series(p * (1 - p)).groupby(groups).sum()
    return float(math.sqrt(2 / math.pi) * np.sqrt(variance).sum() / len(p))


def reliability_table(y_true, p, bins: int = 10) -> pd.DataFrame:
    """Per equal-frequency bin: mean predicted probability, observed close rate, lead count."""
    frame = pd.DataFrame({"y": np.asarray(y_true, dtype=float), "p": np.asarray(p, dtype=float)})
    frame["bin"] = pd.qcut(frame["p"], bins, labels=False, duplicates="drop") if frame["p"].nunique() > 1 else 0
    return frame.groupby("bin").agg(predicted=("p", "mean"), observed=("y", "mean"), leads=("y", "size")).reset_index(drop=True)


def score_report(y_true, p, sample_weight=None) -> dict[str, float]:
    """ROC AUC, average precision, Brier, log loss and ECE; NaN where undefined.

    sample_weight weighs every figure (e.g. 1 / a lead's number of snapshots, so that each
    lead counts once); for whole-number weights the figures equal those of the table with
    each row repeated that many times.
    """
    y = np.asarray(y_true).astype(int)
    p = np.clip(np.asarray(p, dtype=float), 1e-12, 1 - 1e-12)
    w = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
    both = len(np.unique(y if w is None else y[w > 0])) == 2
    return {
        "roc_auc": float(roc_auc_score(y, p, sample_weight=w)) if both else math.nan,
        "average_precision": float(average_precision_score(y, p, sample_weight=w)) if both else math.nan,
        "brier": float(brier_score_loss(y, p, sample_weight=w)),
        "log_loss": float(log_loss(y, p, labels=[0, 1], sample_weight=w)),
        "ece": expected_calibration_error(y, p, sample_weight=w),
    }


__all__ = ["calibration_noise", "expected_calibration_error", "reliability_table", "score_report"]
