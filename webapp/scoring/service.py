"""Score a lead: BANT points and class from the admin's rules, and the close probability.

Until a trained model is promoted the probability is the BANT-only estimate; the blended score
of model and BANT evidence takes its place here, so callers never change.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import bindparam, select, update

from webapp.extensions import db
from webapp.models import BANT_ANSWERS, Lead
from webapp.settings.services import get_settings

QUESTIONS = (*BANT_ANSWERS, "reaction")


@dataclass
class LeadScore:
    points: int
    abc_class: str
    probability: float
    breakdown: list[tuple[str, str | None, int]] = field(default_factory=list)
    model_version: str | None = None
    factors: list[dict] = field(default_factory=list)

    @property
    def bant_only(self) -> bool:
        return self.model_version is None


def bant_breakdown(answers: dict, points_table: dict) -> list[tuple[str, str | None, int]]:
    """(question, answer, points) per question; an unanswered question scores 0."""
    return [(q, answers.get(q), int(points_table.get(q, {}).get(answers.get(q), 0))) for q in QUESTIONS]


def abc_class(points: int, thresholds: dict) -> str:
    if points >= thresholds["A"]:
        return "A"
    return "B" if points >= thresholds["B"] else "C"


def bant_probability(points: int, thresholds: dict) -> float:
    """A BANT-only estimate: a logistic curve that passes 50 % halfway between B and A."""
    middle = (thresholds["A"] + thresholds["B"]) / 2
    scale = max((thresholds["A"] - thresholds["B"]) / 2, 1)
    return round(1 / (1 + math.exp(-(points - middle) / scale)), 4)


def score_features(features: dict) -> LeadScore:
    """Score a lead described by the training export's columns (BANT answers included)."""
    settings = get_settings()
    breakdown = bant_breakdown(features, settings["bant_points"])
    points = sum(p for _, _, p in breakdown)
    thresholds = settings["class_thresholds"]
    return LeadScore(points=points, abc_class=abc_class(points, thresholds),
                     probability=bant_probability(points, thresholds), breakdown=breakdown)


def score_lead(lead: Lead) -> LeadScore:
    return score_features({q: getattr(lead, q) for q in QUESTIONS})


def rescore_all(batch_size: int = 2000) -> int:
    """Recompute every lead's score (after demo load, a settings change, a model promotion).

    Written with Core UPDATEs so a background rescore never bumps the lead's edit version and
    never turns a colleague's open form into a conflict.
    """
    table = Lead.__table__
    statement = (update(table).where(table.c.id == bindparam("lead_id"))
                 .values(bant_points=bindparam("points"), abc_class=bindparam("abc"),
                         probability=bindparam("p"), model_version=bindparam("mv"),
                         is_sales_opportunity=bindparam("opp"), scored_at=bindparam("at")))
    now, done, last_id = datetime.now(timezone.utc), 0, 0
    while True:
        leads = list(db.session.scalars(select(Lead).where(Lead.id > last_id).order_by(Lead.id).limit(batch_size)))
        if not leads:
            break
        rows = []
        for lead in leads:
            score = score_lead(lead)
            rows.append({"lead_id": lead.id, "points": score.points, "abc": score.abc_class,
                         "p": score.probability, "mv": score.model_version,
                         "opp": score.abc_class == "A", "at": now})
        db.session.execute(statement, rows)
        db.session.commit()
        done, last_id = done + len(rows), leads[-1].id
    db.session.expire_all()
    return done
