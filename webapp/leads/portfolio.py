"""The four-field portfolio: attractiveness (expected deal value) against close probability.

The database does the counting and summing, so tens of thousands of open leads cost a few
queries; only an even sample of them is read for the plot.
"""

from dataclasses import dataclass
from math import ceil

from flask_babel import gettext as _
from sqlalchemy import Float, case, cast, func

from webapp.extensions import db
from webapp.leads.services import visible_leads
from webapp.models import OPEN_STAGES, Lead, User

PROBABILITY_SPLIT = 0.5
MAX_POINTS = 2000  # beyond this the plot is a blur and a heavy page; the quadrants count every lead
VALUE = cast(Lead.expected_value, Float)


@dataclass
class Quadrant:
    key: str
    title: str
    advice: str
    filters: dict
    count: int = 0
    value: float = 0.0
    weighted: float = 0.0


@dataclass
class Portfolio:
    quadrants: list[Quadrant]
    split: float  # the median expected value
    points: list[tuple[float, float, int]]  # (probability, value, lead id) of the plotted leads
    scored: int  # open leads with a probability and a value: all of them are in the quadrants
    unscored: int
    max_value: float


def _scored(user: User, *columns):
    return (visible_leads(user).with_only_columns(*columns, maintain_column_froms=False).select_from(Lead)
            .where(Lead.stage.in_(OPEN_STAGES), Lead.probability.is_not(None), Lead.expected_value.is_not(None)))


def _median_value(user: User, n: int) -> float:
    """The middle value, or the mean of the two middle ones (as statistics.median)."""
    middle = db.session.scalars(_scored(user, VALUE).order_by(VALUE).offset((n - 1) // 2).limit(2 - n % 2)).all()
    return round(sum(middle) / len(middle), 2)


def portfolio(user: User) -> Portfolio:
    """Quadrants of the user's visible open leads, the value split used, and points for a plot."""
    n, max_value = db.session.execute(_scored(user, func.count(), func.max(VALUE))).one()
    open_leads = db.session.scalar(visible_leads(user).with_only_columns(func.count()).where(
        Lead.stage.in_(OPEN_STAGES))) or 0
    split = _median_value(user, n) if n else 0.0
    p, v = PROBABILITY_SPLIT, split
    quadrants = {
        (1, 1): Quadrant("invest", _("Focus"), _("High value, likely to close: first in line."),
                         {"p_min": p, "v_min": v}),
        (0, 1): Quadrant("develop", _("Develop"), _("High value, uncertain: qualify further, involve the expert."),
                         {"p_max": p, "v_min": v}),
        (1, 0): Quadrant("harvest", _("Close quickly"), _("Likely but small: close with little effort."),
                         {"p_min": p, "v_max": v}),
        (0, 0): Quadrant("park", _("Nurture or drop"), _("Small and unlikely: leave to marketing."),
                         {"p_max": p, "v_max": v}),
    }
    high_p = case((Lead.probability >= p, 1), else_=0)
    high_v = case((VALUE >= v, 1), else_=0)
    sums = _scored(user, high_p, high_v, func.count(), func.sum(VALUE), func.sum(Lead.probability * VALUE))
    for hp, hv, count, value, weighted in db.session.execute(sums.group_by(high_p, high_v)):
        quadrant = quadrants[(int(hp), int(hv))]
        quadrant.count, quadrant.value, quadrant.weighted = int(count), float(value or 0), float(weighted or 0)
    step = ceil(n / MAX_POINTS) if n else 1
    sample = _scored(user, Lead.probability, VALUE, Lead.id).order_by(Lead.id)
    if step > 1:  # every step-th id: an even sample whatever the order leads came in
        sample = sample.where(Lead.id % step == 0)
    points = [(float(prob), float(value), int(lead_id)) for prob, value, lead_id in db.session.execute(sample)]
    return Portfolio(list(quadrants.values()), split, points, n, open_leads - n, float(max_value or 0))
