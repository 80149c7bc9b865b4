"""One close probability from the model and the BANT answers.

Without learned weights the blend is a weighted average on the log-odds scale:

    logit(p) = w * logit(p_model) + (1 - w) * logit(p_bant),   w = n / (n + half_weight)

where n is the number of closed leads the model learned from: with little history the result
stays close to the BANT estimate, and the model's say grows as leads close (half of it at
`half_weight` closed leads). Once enough closed leads exist, fit_blend_weights() learns

    logit(p) = c0 + c1 * logit(p_model) + c2 * points,   c1, c2 >= 0

on out-of-fold model probabilities. Both forms are monotone: a higher model probability or
more BANT points never lowers the result, and the A/B/C class follows the probability.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit

from .bant import BantBreakdown, BantConfig, bant_points, bant_probability, grade_many, probability_class, sigmoid

EPS = 1e-6


def _logit(p: float) -> float:
    p = min(max(float(p), EPS), 1 - EPS)
    return math.log(p / (1 - p))


# Ages (days) where the learned blend may shift its intercept: a model calibrated on all ages at
# once can be off on a lead's first days or after months, and those are where people decide.
AGE_EDGES = (3.0, 14.0, 45.0, 120.0)


@dataclass
class BlendWeights:
    intercept: float
    model_coef: float
    points_coef: float
    n_closed: int
    # Shift of the intercept per age band (edges in days): band k is [edges[k-1], edges[k]).
    age_edges: tuple = ()
    age_offsets: tuple = ()

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> BlendWeights:
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()
                      if k in cls.__dataclass_fields__})

    def offset(self, ages) -> np.ndarray:
        """The intercept shift for each age (0 without age bands or an unknown age)."""
        ages = np.atleast_1d(np.asarray(ages, dtype=float))
        if not self.age_offsets:
            return np.zeros(len(ages))
        bands = np.searchsorted(np.asarray(self.age_edges, dtype=float), np.nan_to_num(ages, nan=0.0), side="right")
        return np.asarray(self.age_offsets, dtype=float)[bands]


@dataclass(frozen=True)
class BlendResult:
    probability: float
    lead_class: str
    model_weight: float
    bant_probability: float
    source: str  # "bant only", "weighted" or "learned"


def _points(bant, config: BantConfig) -> float:
    if isinstance(bant, BantBreakdown):
        return bant.points
    if isinstance(bant, Mapping):
        return bant_points(bant, config).points
    return float(bant)


def model_weight(n_closed: int, half_weight: float = 200.0) -> float:
    n = max(float(n_closed), 0.0)
    return n / (n + half_weight)


def blend(
    p_model: float | None,
    bant,
    n_closed: int,
    *,
    config: BantConfig | None = None,
    weights: BlendWeights | None = None,
    half_weight: float = 200.0,
    age: float | None = None,
) -> BlendResult:
    """Blend a model probability (None when there is no model) with BANT points or answers."""
    config = config or BantConfig()
    points = _points(bant, config)
    p_bant = bant_probability(points, config)
    if p_model is None or (isinstance(p_model, float) and math.isnan(p_model)):
        return BlendResult(p_bant, probability_class(p_bant, config), 0.0, p_bant, "bant only")
    if weights is not None:
        z = weights.intercept + weights.model_coef * _logit(p_model) + weights.points_coef * points
        p = sigmoid(z + float(weights.offset([age if age is not None else math.nan])[0]))
        return BlendResult(p, probability_class(p, config), 1.0, p_bant, "learned")
    w = model_weight(n_closed, half_weight)
    p = sigmoid(w * _logit(p_model) + (1 - w) * _logit(p_bant))
    return BlendResult(p, probability_class(p, config), w, p_bant, "weighted")


def blend_many(
    p_model: np.ndarray | None,
    points: np.ndarray,
    n_closed: int,
    *,
    config: BantConfig | None = None,
    weights: BlendWeights | None = None,
    half_weight: float = 200.0,
    ages: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """blend() for many leads at once: (probabilities, classes). A NaN model probability (or
    p_model None) means no model for that lead: its BANT-only estimate is used."""
    config = config or BantConfig()
    points = np.asarray(points, dtype=float)
    z_bant = config.probability_intercept + config.probability_slope * points
    p_bant = expit(z_bant)
    if p_model is None:
        return p_bant, grade_many(p_bant, config.probability_thresholds)
    p_model = np.asarray(p_model, dtype=float)
    clipped = np.clip(p_model, EPS, 1 - EPS)
    z_model = np.log(clipped / (1 - clipped))
    if weights is not None:
        z = weights.intercept + weights.model_coef * z_model + weights.points_coef * points
        z = z + weights.offset(np.full(len(points), np.nan) if ages is None else ages)
    else:
        w = model_weight(n_closed, half_weight)
        bant = np.clip(p_bant, EPS, 1 - EPS)
        z = w * z_model + (1 - w) * np.log(bant / (1 - bant))
    p = np.where(np.isnan(p_model), p_bant, expit(z))
    return p, grade_many(p, config.probability_thresholds)


def fit_blend_weights(p_model, points, y, l2: float = 1e-3, sample_weight=None, ages=None,
                      age_edges: tuple = AGE_EDGES) -> BlendWeights:
    """Non-negative logistic stacking of logit(p_model) and BANT points (out-of-fold p_model),
    with an intercept shift per age band when `ages` (days, one per row) are given.
    `sample_weight` (one per row, e.g. 1 / snapshots of the lead) scales each row's loss."""
    x1 = np.array([_logit(p) for p in np.asarray(p_model, dtype=float)])
    x2 = np.asarray(points, dtype=float)
    y = np.asarray(y, dtype=float)
    w = np.ones_like(y) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    w = w * (len(w) / w.sum())  # the penalty keeps its strength whatever the weights add up to
    scale = max(float(np.abs(x2).max()), 1.0)  # points are in the tens; keep the problem well scaled
    columns = [np.ones_like(x1), x1, x2 / scale]
    edges = tuple(float(e) for e in age_edges) if ages is not None else ()
    if edges:  # one indicator per age band; the penalty keeps a thin band's shift small
        bands = np.searchsorted(np.asarray(edges), np.nan_to_num(np.asarray(ages, dtype=float), nan=0.0), side="right")
        columns += [(bands == k).astype(float) for k in range(len(edges) + 1)]
    X = np.column_stack(columns)
    penalty = np.r_[0.0, np.full(X.shape[1] - 1, l2)]
    penalty[3:] = max(l2, 1.0)  # age shifts are corrections, kept small unless the data insist

    def loss(theta):
        z = X @ theta
        p = 1.0 / (1.0 + np.exp(-z))
        value = np.sum(w * (np.logaddexp(0.0, z) - y * z)) + np.sum(penalty * theta ** 2)
        grad = X.T @ (w * (p - y)) + 2 * penalty * theta
        return value, grad

    start = np.r_[0.0, 1.0, np.zeros(X.shape[1] - 2)]
    bounds = [(None, None), (0, None), (0, None)] + [(None, None)] * (X.shape[1] - 3)
    result = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds)
    c0, c1, c2 = result.x[:3]
    offsets = tuple(float(v) for v in result.x[3:])
    return BlendWeights(float(c0), float(c1), float(c2 / scale), int(len(y)), edges if offsets else (), offsets)


@dataclass(frozen=True)
class WhatIf:
    question: str
    answer: str
    before: float
    after: float

    @property
    def text(self) -> str:
        return f"{self.question} {self.answer.replace('_', ' ')}: {self.before:.0%} → {self.after:.0%}"


def what_if(
    answers: Mapping,
    *,
    model=None,
    lead: Mapping | None = None,
    n_closed: int | None = None,
    config: BantConfig | None = None,
    weights: BlendWeights | None = None,
) -> list[WhatIf]:
    """For each unanswered BANT question, the probability if it were answered favourably.

    When the model reads the question as one of its fields, the lead is re-scored with the
    new answer too, so both the model and the BANT side move.
    """
    config = config or BantConfig()
    n_closed = model.n_closed if (n_closed is None and model is not None) else (n_closed or 0)
    lead = dict(lead or {})

    def probability(current: Mapping) -> float:
        p_model = None
        if model is not None:
            p_model = model.score_lead({**lead, **current})["probability"]
        age = lead.get("age_days")
        return blend(p_model, current, n_closed, config=config, weights=weights,
                     age=None if age is None else float(age)).probability

    before = probability(answers)
    out = []
    for question in bant_points(answers, config).unanswered:
        best = config.best_answer(question)
        out.append(WhatIf(question, best, before, probability({**answers, question: best})))
    return out


__all__ = ["blend", "blend_many", "BlendResult", "BlendWeights", "fit_blend_weights", "model_weight", "what_if", "WhatIf"]
