"""Learning the blend's weights from closed leads (see blend.py for the form they take).

The weights are a logistic regression of the outcome on logit(p_model) and BANT points, fitted
on model probabilities the model produced for leads it had not learned from. The coefficients
of the two evidences are held non-negative, so that more evidence never lowers a lead's score.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit

from .blend import AGE_KNOTS, EPS, BlendWeights, age_basis

STAGE_PENALTY = 1.0  # ridge on the stage shifts: corrections, kept small unless the data insist


def _knots_reached(ages, knots: tuple) -> tuple:
    """The knots up to the first at or beyond the oldest age: no curve is stretched over ages
    nobody reached."""
    oldest = float(np.nan_to_num(np.asarray(ages, dtype=float), nan=0.0).max(initial=0.0))
    reached = tuple(float(k) for k in knots)
    return reached[:int(np.searchsorted(reached, oldest, side="left")) + 1]


def _stage_columns(stages, w: np.ndarray) -> list:
    """Stages that get an intercept shift of their own: every one seen but the most common."""
    if stages is None:
        return []
    stages = np.asarray(stages, dtype=object)
    totals = {s: float(w[stages == s].sum()) for s in sorted({s for s in stages if isinstance(s, str)})}
    if len(totals) < 2:
        return []
    reference = max(totals, key=totals.get)
    return [s for s in totals if s != reference]


def fit_blend_weights(p_model, points, y, l2: float = 1e-3, sample_weight=None, ages=None, stages=None,
                      age_knots: tuple = AGE_KNOTS, smoothness: float = 10.0) -> BlendWeights:
    """Non-negative logistic stacking of logit(p_model) and BANT points (out-of-fold p_model).

    With `ages` (days, one per row) the intercept is learned at the knots the ages reach; a penalty
    on the curve's second differences (`smoothness`) keeps a thinly seen age near the line through
    its neighbours. With `stages` too, every stage but the commonest has a shift curve of its own,
    kept small unless the data insist. `sample_weight` (one per row) scales each row's loss."""
    clipped = np.clip(np.asarray(p_model, dtype=float), EPS, 1 - EPS)
    x1 = np.log(clipped / (1 - clipped))
    x2 = np.asarray(points, dtype=float)
    y = np.asarray(y, dtype=float)
    w = np.ones_like(y) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    w = w * (len(w) / w.sum())  # the penalty keeps its strength whatever the weights add up to
    scale = max(float(np.abs(x2).max()), 1.0)  # points are in the tens; keep the problem well scaled
    knots = _knots_reached(ages, age_knots) if ages is not None else ()
    basis = age_basis(ages, knots) if knots else np.ones((len(y), 1))
    shifted = _stage_columns(stages, w) if knots else []
    curves = [basis] + [basis * (np.asarray(stages, dtype=object) == s)[:, None] for s in shifted]
    X, k = np.hstack([x1[:, None], (x2 / scale)[:, None], *curves]), basis.shape[1]
    second = np.diff(np.eye(k), 2, axis=0)
    penalty = np.zeros((X.shape[1], X.shape[1]))
    penalty[2:, 2:] = np.kron(np.eye(len(curves)), smoothness * second.T @ second)
    penalty += np.diag(np.r_[l2, l2, np.zeros(k), np.full(len(shifted) * k, STAGE_PENALTY)])

    def loss(theta):
        z = X @ theta
        p = expit(z)
        value = np.sum(w * (np.logaddexp(0.0, z) - y * z)) + theta @ penalty @ theta
        grad = X.T @ (w * (p - y)) + 2 * penalty @ theta
        return value, grad

    start = np.r_[1.0, np.zeros(X.shape[1] - 1)]
    bounds = [(0, None), (0, None)] + [(None, None)] * (X.shape[1] - 2)
    theta = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds).x
    c1, c2, intercepts = float(theta[0]), float(theta[1] / scale), theta[2:2 + k]
    if not knots:
        return BlendWeights(float(intercepts[0]), c1, c2, len(y))
    shifts = {s: tuple(float(v) for v in theta[2 + (1 + i) * k:2 + (2 + i) * k]) for i, s in enumerate(shifted)}
    return BlendWeights(float(intercepts[0]), c1, c2, len(y), age_knots=knots,
                        intercepts=tuple(float(v) for v in intercepts), stage_shifts=shifts)


__all__ = ["fit_blend_weights"]
