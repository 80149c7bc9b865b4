"""One close probability from the model and the BANT answers.

Without learned weights the blend is a weighted average on the log-odds scale:

    logit(p) = w * logit(p_model) + (1 - w) * logit(p_bant),   w = n / (n + half_weight)

where n is the number of closed leads the model learned from: with little history the result
stays close to the BANT estimate, and the model's say grows as leads close (half of it at
`half_weight` closed leads). Once enough closed leads exist, fit_blend_weights() learns

    logit(p) = c0(age, stage) + c1 * logit(p_model) + c2 * points,   c1, c2 >= 0

on out-of-fold model probabilities. One model serves every age, and at a given model probability
the win rate still moves with the lead's age, and with its stage at that age (a prospect with an
offer out after a week, or a lead still without one after three months, wins less than the
model's average makes of it): so the intercept is learned at AGE_KNOTS, runs linearly in
log(1 + age) between them, and has a curve of its own for each stage but the commonest. Both
forms are monotone: a higher model probability or more BANT points never lowers the result, and
the A/B/C class follows the probability. The weights are learned in blend_fit.py.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

import numpy as np
from scipy.special import expit

from .bant import BantBreakdown, BantConfig, bant_points, bant_probability, grade_many, probability_class, sigmoid

EPS = 1e-6


def _logit(p: float) -> float:
    p = min(max(float(p), EPS), 1 - EPS)
    return math.log(p / (1 - p))


# Ages (days) at which the learned intercept is fitted. Doubling ages: it may bend as much within a
# lead's first week as between its third and sixth month. None before the first day: closed leads
# are first seen then (the few decided sooner would decide alone how a new lead is read).
AGE_KNOTS = (1.0, 3.0, 7.0, 15.0, 31.0, 63.0, 127.0, 255.0, 511.0)


def age_basis(ages, knots) -> np.ndarray:
    """Each age's share of each knot (a row per age, summing to 1): linear interpolation in
    log(1 + age), constant before the first and after the last knot. An unknown age is read as 0,
    a new lead."""
    x = np.log1p(np.clip(np.nan_to_num(np.atleast_1d(np.asarray(ages, dtype=float)), nan=0.0), 0.0, None))
    k = np.log1p(np.asarray(knots, dtype=float))
    basis = np.zeros((len(x), len(k)))
    if len(k) == 1:
        basis[:, 0] = 1.0
        return basis
    x = np.clip(x, k[0], k[-1])
    left = np.clip(np.searchsorted(k, x, side="right") - 1, 0, len(k) - 2)
    t = (x - k[left]) / (k[left + 1] - k[left])
    rows = np.arange(len(x))
    basis[rows, left] = 1.0 - t
    basis[rows, left + 1] += t
    return basis


def _plain(value):
    """A stored (JSON) value as the dataclass keeps it: lists as tuples, also inside a dict."""
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


@dataclass
class BlendWeights:
    intercept: float
    model_coef: float
    points_coef: float
    n_closed: int
    # Earlier form: a shift of the intercept per age band (edges in days): band k is [edges[k-1], edges[k]).
    age_edges: tuple = ()
    age_offsets: tuple = ()
    # The intercept by age: its value at each of age_knots (days), in between linear in log(1 + age);
    # `intercept` is then the first knot's, the intercept of a lead of unknown age (a new one).
    age_knots: tuple = ()
    intercepts: tuple = ()
    # What the intercept adds at each knot for leads in these stages (any other stage: nothing).
    stage_shifts: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> BlendWeights:
        return cls(**{k: _plain(v) for k, v in data.items() if k in cls.__dataclass_fields__})

    def offset(self, ages) -> np.ndarray:
        """The earlier form's intercept shift for each age (0 without age bands or an unknown age)."""
        ages = np.atleast_1d(np.asarray(ages, dtype=float))
        if not self.age_offsets:
            return np.zeros(len(ages))
        bands = np.searchsorted(np.asarray(self.age_edges, dtype=float), np.nan_to_num(ages, nan=0.0), side="right")
        return np.asarray(self.age_offsets, dtype=float)[bands]

    def intercept_at(self, ages, stages=None) -> np.ndarray:
        """The intercept for each lead of these ages (days; unknown: new) and stages (None: unknown)."""
        ages = np.atleast_1d(np.asarray(ages, dtype=float))
        if not self.age_knots:
            return self.intercept + self.offset(ages)
        basis = age_basis(ages, self.age_knots)
        result = basis @ np.asarray(self.intercepts, dtype=float)
        if self.stage_shifts and stages is not None:
            stages = np.asarray(stages, dtype=object)
            for stage, shifts in self.stage_shifts.items():
                result = result + np.where(stages == stage, basis @ np.asarray(shifts, dtype=float), 0.0)
        return result


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
    stage: str | None = None,
) -> BlendResult:
    """Blend a model probability (None when there is no model) with BANT points or answers; the
    lead's age (days) and stage matter to learned weights only."""
    config = config or BantConfig()
    points = _points(bant, config)
    p_bant = bant_probability(points, config)
    if p_model is None or (isinstance(p_model, float) and math.isnan(p_model)):
        return BlendResult(p_bant, probability_class(p_bant, config), 0.0, p_bant, "bant only")
    if weights is not None:
        z = weights.intercept_at([math.nan if age is None else age], [stage])[0]
        p = sigmoid(float(z + weights.model_coef * _logit(p_model) + weights.points_coef * points))
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
    stages: np.ndarray | None = None,
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
        z = weights.intercept_at(np.full(len(points), np.nan) if ages is None else ages, stages)
        z = z + weights.model_coef * z_model + weights.points_coef * points
    else:
        w = model_weight(n_closed, half_weight)
        bant = np.clip(p_bant, EPS, 1 - EPS)
        z = w * z_model + (1 - w) * np.log(bant / (1 - bant))
    p = np.where(np.isnan(p_model), p_bant, expit(z))
    return p, grade_many(p, config.probability_thresholds)


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
                     age=None if age is None else float(age), stage=lead.get("stage")).probability

    before = probability(answers)
    out = []
    for question in bant_points(answers, config).unanswered:
        best = config.best_answer(question)
        out.append(WhatIf(question, best, before, probability({**answers, question: best})))
    return out


__all__ = ["AGE_KNOTS", "age_basis", "blend", "blend_many", "BlendResult", "BlendWeights", "model_weight", "what_if",
           "WhatIf"]
