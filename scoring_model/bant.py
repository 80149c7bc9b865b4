"""BANT qualification: points from answers, an A/B/C class, and a probability without a model.

Rules are plain data (a dataclass of dicts and numbers, JSON round-trip via to_dict /
from_dict) so that an administrator can edit points and thresholds and the web app can store
them. Questions: budget, authority, need, timeline, plus the prospect's reaction. An answer
that is missing, or not in the rules, counts as "unknown".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
from scipy.special import expit

UNKNOWN = "unknown"


def _default_points() -> dict[str, dict[str, float]]:
    return {
        "budget": {"confirmed": 30, "planned": 15, "unknown": 5, "none": 0},
        "authority": {"decision_maker": 25, "influencer": 12, "unknown": 5, "none": 0},
        "need": {"urgent": 25, "identified": 15, "unknown": 5, "none": 0},
        "timeline": {"this_quarter": 20, "this_year": 10, "unknown": 3, "none": 0},
        "reaction": {"enthusiastic": 10, "reserved": 3, "unknown": 3, "sceptical": 0},
    }


@dataclass
class BantConfig:
    """Points per answer, class thresholds and the points -> probability mapping.

    class_thresholds: minimum points for "A" and "B" (below B is "C").
    probability_thresholds: minimum close probability for "A" and "B" (used for blended scores).
    probability_intercept / probability_slope: the BANT-only estimate is
        p = 1 / (1 + exp(-(intercept + slope * points))); with the defaults 0 points -> 5 %,
        50 points -> 27 %, 110 points (every best answer) -> 80 %.
    """

    points: dict[str, dict[str, float]] = field(default_factory=_default_points)
    class_thresholds: dict[str, float] = field(default_factory=lambda: {"A": 70, "B": 40})
    probability_thresholds: dict[str, float] = field(default_factory=lambda: {"A": 0.5, "B": 0.2})
    probability_intercept: float = -3.0
    probability_slope: float = 0.04

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> BantConfig:
        known = {k: v for k, v in dict(data).items() if k in cls.__dataclass_fields__}
        return cls(**known)

    @property
    def questions(self) -> list[str]:
        return list(self.points)

    def best_answer(self, question: str) -> str:
        answers = self.points[question]
        return max(answers, key=answers.get)


@dataclass(frozen=True)
class BantBreakdown:
    points: float
    per_question: dict[str, float]
    answers: dict[str, str]
    unanswered: list[str]


def _answer(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return UNKNOWN
    text = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    return text or UNKNOWN


def bant_points(answers: Mapping, config: BantConfig | None = None) -> BantBreakdown:
    """Points for one lead's answers, per question and in total."""
    config = config or BantConfig()
    per_question, given, unanswered = {}, {}, []
    for question, table in config.points.items():
        answer = _answer(answers.get(question))
        if answer not in table:
            answer = UNKNOWN
        if answer == UNKNOWN:
            unanswered.append(question)
        given[question] = answer
        per_question[question] = float(table.get(answer, 0.0))
    return BantBreakdown(sum(per_question.values()), per_question, given, unanswered)


def points_table(answers: pd.DataFrame, config: BantConfig | None = None) -> pd.DataFrame:
    """Points per question (columns) for every row of a table of answers, as bant_points() gives
    them one lead at a time; each distinct answer is looked up once."""
    config = config or BantConfig()
    out = {}
    for question, table in config.points.items():
        if question not in answers:
            out[question] = np.full(len(answers), float(table.get(UNKNOWN, 0.0)))
            continue
        codes, uniques = pd.factorize(answers[question], use_na_sentinel=True)
        per_answer = [_points_of(_answer(u), table) for u in uniques] + [_points_of(UNKNOWN, table)]
        out[question] = np.asarray(per_answer, dtype=float)[codes]
    return pd.DataFrame(out, index=answers.index)


def _points_of(answer: str, table: Mapping[str, float]) -> float:
    return float(table.get(answer if answer in table else UNKNOWN, 0.0))


def grade_many(values: np.ndarray, thresholds: Mapping[str, float]) -> np.ndarray:
    """_grade() for an array: "A", "B" or "C" per value."""
    values = np.asarray(values, dtype=float)
    return np.where(values >= thresholds["A"], "A", np.where(values >= thresholds["B"], "B", "C"))


def _grade(value: float, thresholds: Mapping[str, float]) -> str:
    if value >= thresholds["A"]:
        return "A"
    return "B" if value >= thresholds["B"] else "C"


def bant_class(points: float, config: BantConfig | None = None) -> str:
    return _grade(points, (config or BantConfig()).class_thresholds)


def probability_class(probability: float, config: BantConfig | None = None) -> str:
    """A/B/C from a close probability; never worse for a higher probability."""
    return _grade(probability, (config or BantConfig()).probability_thresholds)


def bant_probability(points: float, config: BantConfig | None = None) -> float:
    """Close probability from BANT points alone, for when no model exists (see BantConfig)."""
    config = config or BantConfig()
    return sigmoid(config.probability_intercept + config.probability_slope * float(points))


def sigmoid(z: float) -> float:
    """1 / (1 + e^-z), without overflowing for a very negative z (a steep administrator's curve)."""
    return float(expit(z))


__all__ = ["BantConfig", "BantBreakdown", "bant_points", "bant_class", "bant_probability", "probability_class",
           "points_table", "grade_many"]
