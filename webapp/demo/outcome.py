"""The latent process behind each lead: qualification answers, engagement and the chance to win.

A hidden quality drives the observable answers (BANT, reaction, meetings) and, a little, the
outcome itself; the outcome is then drawn from a logistic model of the observable data. So a
model trained on closed leads finds real signal, but never a perfect separation. The answers here
are the lead's true ones; `answers.learn` decides which of them the reps found out, and when.
"""

import math
import random
from dataclasses import dataclass

from webapp.demo import vocab

INTERCEPT = -0.75
HIDDEN_WEIGHT = 1.6  # part of the quality nobody records: the noise a model cannot explain
SOURCE_EFFECT = {s: e for s, _share, e in vocab.SOURCES}
INDUSTRY_EFFECT = {name: e for name, e, _words in vocab.INDUSTRIES}
SIZE_EFFECT = {"1-9": -0.5, "10-49": 0.2, "50-249": 0.35, "250+": -0.2}
# Effect of each answer in logits; the key None is "not answered".
BANT_EFFECT = {
    "budget": {"confirmed": 0.8, "planned": 0.25, "none": -0.9, None: -0.3},
    "authority": {"decision_maker": 0.55, "influencer": 0.0, "none": -0.6, None: -0.15},
    "need": {"urgent": 0.7, "identified": 0.2, "none": -1.0, None: -0.2},
    "timeline": {"within_3_months": 0.55, "within_12_months": 0.0, "later": -0.65, None: -0.1},
}
REACTION_EFFECT = {"enthusiastic": 0.6, "reserved": 0.0, "sceptical": -0.55, None: -0.1}
MEETING_EFFECT, MEETING_CAP = 0.3, 4
CALL_EFFECT, CALL_CAP = 0.06, 8


@dataclass
class Qualification:
    budget: str | None
    authority: str | None
    need: str | None
    timeline: str | None
    reaction: str | None
    calls: int
    meetings: int
    p_win: float
    quality: float


def size_band(employees: int | None) -> str | None:
    if employees is None:
        return None
    for limit, band in ((10, "1-9"), (50, "10-49"), (250, "50-249")):
        if employees < limit:
            return band
    return "250+"


def qualify(rng: random.Random, source: str, industry: str | None, employees: int | None,
            decision_maker_chance: float) -> Qualification:
    """Draw what a rep learns about the lead and its (hidden) chance to be won."""
    quality = rng.gauss(0.0, 1.0) + 0.35 * SOURCE_EFFECT.get(source, 0.0)
    weak_source = SOURCE_EFFECT.get(source, 0.0) < 0
    answers = {}
    for field, options in (("budget", ("confirmed", "planned", "none")),
                           ("need", ("urgent", "identified", "none")),
                           ("timeline", ("within_3_months", "within_12_months", "later"))):
        answers[field] = _ordinal(rng, quality, options, _missing(rng, quality, weak_source))
    if _missing(rng, quality, weak_source):
        answers["authority"] = None
    elif rng.random() < decision_maker_chance:
        answers["authority"] = "decision_maker"
    else:
        answers["authority"] = "influencer" if rng.random() < 0.7 else "none"
    reaction = None if rng.random() < 0.15 else _ordinal(
        rng, quality, ("enthusiastic", "reserved", "sceptical"), False, cut=(0.7, -0.6))
    calls = _poisson(rng, max(0.3, 1.3 + 0.4 * quality))
    meetings = _poisson(rng, max(0.05, 0.8 + 0.55 * quality))

    z = (INTERCEPT + SOURCE_EFFECT.get(source, 0.0) + INDUSTRY_EFFECT.get(industry, 0.0)
         + SIZE_EFFECT.get(size_band(employees), 0.0)
         + sum(BANT_EFFECT[f][answers[f]] for f in BANT_EFFECT)
         + REACTION_EFFECT[reaction]
         + MEETING_EFFECT * min(meetings, MEETING_CAP) + CALL_EFFECT * min(calls, CALL_CAP)
         + HIDDEN_WEIGHT * rng.gauss(0.0, 1.0))
    return Qualification(reaction=reaction, calls=calls, meetings=meetings,
                         p_win=1.0 / (1.0 + math.exp(-z)), quality=quality, **answers)


def _missing(rng: random.Random, quality: float, weak_source: bool) -> bool:
    # An answer the lead never gives, weak leads more often; answers.py leaves more unknown where
    # no conversation reached them.
    logit = -2.0 - 0.7 * quality + (0.6 if weak_source else 0.0)
    return rng.random() < 1.0 / (1.0 + math.exp(-logit))


def _ordinal(rng: random.Random, quality: float, options: tuple[str, str, str], missing: bool,
             cut: tuple[float, float] = (0.6, -0.5)) -> str | None:
    if missing:
        return None
    s = 0.8 * quality + rng.gauss(0.0, 1.0)
    return options[0] if s > cut[0] else options[2] if s < cut[1] else options[1]


def _poisson(rng: random.Random, lam: float) -> int:
    # Knuth's method; the means here are small.
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k
