"""The materials catalogue: saving and retiring materials, and how each one performs.

Performance per material, over decided leads (won, lost or disqualified): how often it was sent,
and the win rate of the leads it was sent to against the win rate of those it was not sent to.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError

from webapp.extensions import db
from webapp.materials import storage
from webapp.models import CLOSED_LOST_STAGES, WON_STAGES, Activity, ActivityKind, Lead, Material

DECIDED = (*WON_STAGES, *CLOSED_LOST_STAGES)


class MaterialError(Exception):
    """A change the rules refuse; the message is for the user."""


@dataclass(frozen=True)
class Performance:
    material: Material
    sent: int  # every logged send, with or without a project
    leads_with: int  # decided leads it was sent to
    won_with: int
    leads_without: int
    won_without: int

    @property
    def win_rate_with(self) -> float | None:
        return self.won_with / self.leads_with if self.leads_with else None

    @property
    def win_rate_without(self) -> float | None:
        return self.won_without / self.leads_without if self.leads_without else None


def catalogue() -> list[Performance]:
    """Every material, active first, with its figures: three aggregate queries for the whole list."""
    sends = dict(db.session.execute(
        select(Activity.material_id, func.count()).where(Activity.kind == ActivityKind.MATERIAL_SENT,
                                                         Activity.material_id.is_not(None))
        .group_by(Activity.material_id)).tuples().all())
    got = (select(Activity.material_id, Activity.lead_id)
           .where(Activity.kind == ActivityKind.MATERIAL_SENT, Activity.material_id.is_not(None),
                  Activity.lead_id.is_not(None)).distinct().subquery())
    won = func.sum(case((Lead.stage.in_(WON_STAGES), 1), else_=0))
    per_material = {row.material_id: (int(row.leads), int(row.won or 0)) for row in db.session.execute(
        select(got.c.material_id, func.count().label("leads"), won.label("won"))
        .join(Lead, Lead.id == got.c.lead_id).where(Lead.stage.in_(DECIDED)).group_by(got.c.material_id))}
    all_decided, all_won = db.session.execute(
        select(func.count(), won).select_from(Lead).where(Lead.stage.in_(DECIDED))).one()
    all_decided, all_won = int(all_decided or 0), int(all_won or 0)
    materials = db.session.scalars(select(Material).order_by(Material.active.desc(), Material.name))
    rows = []
    for material in materials:
        leads, won_leads = per_material.get(material.id, (0, 0))
        rows.append(Performance(material, sends.get(material.id, 0), leads, won_leads,
                                all_decided - leads, all_won - won_leads))
    return rows


def save_material(material: Material | None, data: dict, upload=None) -> Material:
    """Create or change a material; an upload replaces its file (the old one is removed after the
    save). MaterialError for a taken name, storage.FileRefused for a file that may not be kept."""
    stored = storage.store(upload) if upload else None
    if material is None:
        material = Material()
        db.session.add(material)
    replaced = material.stored_name if stored else None
    material.name, material.kind, material.url = data["name"], data["kind"], data.get("url")
    for name, value in (stored or {}).items():
        setattr(material, name, value)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        storage.discard(stored and stored["stored_name"])
        raise MaterialError(_("A material with this name exists already.")) from None
    storage.discard(replaced)
    return material


def name_taken(name: str, material: Material | None) -> bool:
    query = select(Material.id).where(func.lower(Material.name) == name.lower())
    if material is not None:
        query = query.where(Material.id != material.id)
    return db.session.scalar(query) is not None


def set_active(material: Material, active: bool) -> None:
    """Retired materials leave "Log as sent"; what was sent stays in every history."""
    material.active = active
    db.session.commit()
