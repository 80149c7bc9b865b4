"""The four-field portfolio: attractiveness (expected deal value) against close probability."""

from dataclasses import dataclass
from statistics import median

from sqlalchemy import func

from webapp.extensions import db
from webapp.leads.services import visible_leads
from webapp.models import OPEN_STAGES, Lead, User

PROBABILITY_SPLIT = 0.5


@dataclass
class Quadrant:
    key: str
    title: str
    advice: str
    filters: dict
    count: int = 0
    value: float = 0.0
    weighted: float = 0.0


def portfolio(user: User) -> tuple[list[Quadrant], float, list[tuple[float, float, int]]]:
    """Quadrants of the user's visible open leads, the value split used, and points for a plot."""
    rows = db.session.execute(
        visible_leads(user).with_only_columns(Lead.id, Lead.probability, Lead.expected_value)
        .where(Lead.stage.in_(OPEN_STAGES), Lead.probability.is_not(None), Lead.expected_value.is_not(None))
    ).all()
    values = [float(r.expected_value) for r in rows]
    split = round(median(values), 2) if values else 0.0
    p, v = PROBABILITY_SPLIT, split
    quadrants = {
        "invest": Quadrant("invest", "Focus", "High value, likely to close: first in line.",
                           {"p_min": p, "v_min": v}),
        "develop": Quadrant("develop", "Develop", "High value, uncertain: qualify further, involve the expert.",
                            {"p_max": p, "v_min": v}),
        "harvest": Quadrant("harvest", "Close quickly", "Likely but small: close with little effort.",
                            {"p_min": p, "v_max": v}),
        "park": Quadrant("park", "Nurture or drop", "Small and unlikely: leave to marketing.",
                         {"p_max": p, "v_max": v}),
    }
    points = []
    for row in rows:
        probability, value = float(row.probability), float(row.expected_value)
        high_p, high_v = probability >= p, value >= v
        key = {(True, True): "invest", (False, True): "develop", (True, False): "harvest"}.get(
            (high_p, high_v), "park")
        quadrant = quadrants[key]
        quadrant.count += 1
        quadrant.value += value
        quadrant.weighted += probability * value
        points.append((probability, value, row.id))
    return list(quadrants.values()), split, points


def unscored_open_leads(user: User) -> int:
    query = visible_leads(user).with_only_columns(func.count()).where(
        Lead.stage.in_(OPEN_STAGES), (Lead.probability.is_(None)) | (Lead.expected_value.is_(None)))
    return db.session.scalar(query) or 0


