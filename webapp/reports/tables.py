"""What every report figure is made of: a Table (headings, rows and, per row, the arguments of the
lead list that shows its leads), percentiles in hours, shares, and people's names."""

from dataclasses import dataclass, field

import numpy as np
from flask_babel import gettext as _
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import FUNNEL_STAGES, User

FUNNEL = tuple(stage.value for stage in FUNNEL_STAGES)


@dataclass
class Table:
    name: str  # the CSV's file name
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    links: list[dict | None] = field(default_factory=list)  # lead list arguments per row

    def add(self, row: list, link: dict | None = None) -> None:
        self.rows.append(row)
        self.links.append(link)


def hours(values, q: float) -> float | None:
    return round(float(np.percentile(values, q)), 1) if len(values) else None


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def people() -> tuple[dict[int | None, str], dict[int, str]]:
    """Everyone's name (None is nobody) and role."""
    rows = db.session.execute(select(User.id, User.name, User.role)).all()
    return {user_id: name for user_id, name, _role in rows} | {None: _("nobody")}, {row[0]: row[2] for row in rows}


def stage_order(names: dict):
    """Rows (stage, owner id, count, …) by stage along the funnel, the largest count first, then by name."""
    return lambda row: (FUNNEL.index(row[0]) if row[0] in FUNNEL else len(FUNNEL), -row[2], names.get(row[1], ""))
