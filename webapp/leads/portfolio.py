"""The four-field portfolio: attractiveness (expected deal value) against close probability."""

from dataclasses import dataclass
import numpy as np
from sqlalchemy import Float, cast, func

from webapp.extensions import db
from webapp.leads.services import visible_leads
from webapp.models import OPEN_STAGES, Lead, User

PROBABILITY_SPLIT = 0.5
MAX_POINTS = 2000  # beyond this the plot is a blur and a heavy page; the quadrants count every lead


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
    """Quadrants of the user's visible open leads, the value split used, and points for a plot.
    Sums run in numpy: a business with tens of thousands of open leads gets its page in time."""
    rows = db.session.execute(
        visible_leads(user).with_only_columns(Lead.id, Lead.probability, cast(Lead.expected_value, Float))
        .where(Lead.stage.in_(OPEN_STAGES), Lead.probability.is_not(None), Lead.expected_value.is_not(None))
        .order_by(Lead.id)
    ).all()
    ids, probability, value = (np.array(column, dtype=float).reshape(-1) for column in zip(*rows)) if rows else \
        (np.empty(0), np.empty(0), np.empty(0))
    split = round(float(np.median(value)), 2) if len(value) else 0.0
    p, v = PROBABILITY_SPLIT, split
    quadrants = [
        Quadrant("invest", "Focus", "High value, likely to close: first in line.",
                 {"p_min": p, "v_min": v}),
        Quadrant("develop", "Develop", "High value, uncertain: qualify further, involve the expert.",
                 {"p_max": p, "v_min": v}),
        Quadrant("harvest", "Close quickly", "Likely but small: close with little effort.",
                 {"p_min": p, "v_max": v}),
        Quadrant("park", "Nurture or drop", "Small and unlikely: leave to marketing.",
                 {"p_max": p, "v_max": v}),
    ]
    high_p, high_v = probability >= p, value >= v
    for quadrant, inside in zip(quadrants, (high_p & high_v, ~high_p & high_v, high_p & ~high_v, ~high_p & ~high_v)):
        quadrant.count = int(inside.sum())
        quadrant.value = float(value[inside].sum())
        quadrant.weighted = float((probability * value)[inside].sum())
    points = list(zip(probability.tolist(), value.tolist(), ids.astype(int).tolist()))
    return quadrants, split, points


def plotted(points: list, limit: int | None = None) -> list:
    """The points to draw: all of them, or an even sample (every k-th lead) when there are more."""
    limit = limit or MAX_POINTS
    if len(points) <= limit:
        return points
    step = -(-len(points) // limit)  # ceiling division
    return points[::step]


def unscored_open_leads(user: User) -> int:
    query = visible_leads(user).with_only_columns(func.count()).where(
        Lead.stage.in_(OPEN_STAGES), (Lead.probability.is_(None)) | (Lead.expected_value.is_(None)))
    return db.session.scalar(query) or 0


