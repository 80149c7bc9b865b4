"""What the lead screens show, gathered in one place so routes stay thin."""

from dataclasses import replace
from datetime import datetime
from functools import partial

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from webapp.activity_text import reason_text
from webapp.extensions import db
from webapp.forms_common import choices
from webapp.labels import role_label
from webapp.leads import materials, services, timing
from webapp.leads.changes import lead_changes
from webapp.leads.forms import AssignForm, CloseForm, LeadForm, MaterialForm, PartnerForm
from webapp.leads.lifecycle import missing_for
from webapp.leads.qualification import proposal
from webapp.leads.stages import funnel_stage
from webapp.models import OPEN_STAGES, Activity, Campaign, Lead, LostReason, Material, Role, Stage, User
from webapp.scoring.service import model_notice, score_lead, stored_score, what_if_hints
from webapp.settings.services import get_settings


def badges(lead, now: datetime, settings: dict | None = None) -> dict:
    """The small facts that travel with a lead on every list: temperature, due, funnel name.
    `lead` is a Lead or a list row (services.ROW_COLUMNS)."""
    settings = settings or get_settings()
    left = timing.time_left(lead, now)
    overdue, escalated = timing.window_state(left, settings["escalation_hours"])
    return {
        "temperature": timing.temperature(lead, now, settings["temperature_days"]) if lead.stage in OPEN_STAGES
        else None,
        "overdue": overdue,
        "escalated": escalated,
        "hours_left": None if left is None else int(left.total_seconds() // 3600),
        "funnel": funnel_stage(lead.stage, lead.abc_class, lead.owner_role, settings["funnel_names"]),
    }


def badges_for(now: datetime):
    """badges(lead) for one list: the time and settings are read once, not once per row."""
    return partial(badges, now=now, settings=get_settings())


def empty_queue_text(user: User) -> str:
    """What an empty list of open leads says: service and accounting work customers and
    invoices, listed further down, not open leads."""
    if user.role == Role.SERVICE:
        return _("No open sales leads are yours: customer service works the customers listed below.")
    if user.role == Role.ACCOUNTING:
        return _("No open sales leads are yours: accounting works the offers and invoices listed below.")
    if user.role == Role.PARTNER:
        return _("No lead is handed to you at the moment.")
    return _("Nothing in your queue.")


def lead_path_prefix() -> str:
    """What every lead page's path starts with, for list rows to append the id to: url_for
    costs ~25 µs a call, and lead pages differ only in the id at the end of their path."""
    return url_for("leads.detail", lead_id=1).removesuffix("1")


def users_of(role: str) -> list[User]:
    query = select(User).where(User.role == role, User.is_active_user.is_(True)).order_by(User.name)
    return list(db.session.scalars(query))


def assign_form(lead: Lead, formdata=None) -> AssignForm:
    """The "Assign to someone" choices: exactly the users the lead may be assigned to."""
    form = AssignForm(formdata=formdata)
    owners = services.possible_owners(lead)
    form.owner_id.choices = choices([(u.id, f"{u.name} ({role_label(u.role)})") for u in owners])
    if formdata is None:
        form.owner_id.data = lead.owner_id
    return form


def close_form(formdata=None) -> CloseForm:
    form = CloseForm(formdata=formdata)
    reasons = db.session.scalars(select(LostReason).where(LostReason.active.is_(True)).order_by(LostReason.label))
    form.reason_id.choices = choices([(0, _("— choose —")), *[(r.id, reason_text(r.label)) for r in reasons]])
    return form


def material_form(formdata=None) -> MaterialForm:
    form = MaterialForm(formdata=formdata)
    items = db.session.scalars(select(Material).where(Material.active.is_(True)).order_by(Material.name))
    form.material_id.choices = choices([(m.id, m.name) for m in items])
    return form


def campaign_choices():
    rows = db.session.execute(select(Campaign.id, Campaign.name).order_by(Campaign.name))
    return choices([(0, _("— none —")), *[(r.id, r.name) for r in rows]])


def list_filters(user: User, filters: services.LeadFilters) -> tuple[services.LeadFilters, list]:
    """The lead list's filters as the user may use them, and the campaigns its filter offers (by
    name; none for a partner). A campaign that does not exist (deleted since the link was made)
    filters nothing, as any other unknown filter value."""
    filters = filters.for_user(user)
    if user.role == Role.PARTNER:
        return filters, []
    campaigns = list(db.session.execute(select(Campaign.id, Campaign.name).order_by(Campaign.name)).tuples())
    if filters.campaign_id is not None and filters.campaign_id not in {id_ for id_, _name in campaigns}:
        filters = replace(filters, campaign_id=None)
    return filters, campaigns


def lead_score(lead: Lead):
    """"Why this score" explains the score the header, lists and API show: the stored one (kept
    current by webapp.scoring.live); computed only for a lead never scored."""
    return stored_score(lead) if lead.scored_at is not None else score_lead(lead)


def lead_form(lead: Lead, user: User, posted: bool = False) -> LeadForm:
    """The lead's data form (as posted, or filled from the lead); its campaign choice only for
    in-house users: partners never see campaigns."""
    form = LeadForm() if posted else LeadForm(formdata=None, obj=lead)
    if user.role == Role.PARTNER:
        del form.campaign_id
    else:
        form.campaign_id.choices = campaign_choices()
        if form.campaign_id.data is None:
            form.campaign_id.data = 0
    return form


def detail(lead: Lead, user: User, now: datetime, form: LeadForm | None = None, **extra) -> dict:
    if form is None:
        form = lead_form(lead, user)
    partner = PartnerForm(formdata=None)
    partner.partner_id.choices = choices([(u.id, u.name) for u in users_of(Role.PARTNER)])
    activities = db.session.scalars(select(Activity).where(Activity.lead_id == lead.id)
                                    .order_by(Activity.occurred_at.desc(), Activity.id.desc()))
    context = {
        "lead": lead, "form": form, "score": lead_score(lead), "badges": badges(lead, now),
        "what_ifs": what_if_hints(lead) if lead.is_open else [], "model_notice": model_notice(),
        "proposal": proposal(lead), "can_act": services.can_act(user, lead),
        "can_steer": services.can_steer(user, lead),
        "missing_for_sales": missing_for(lead, "sales") if lead.stage == Stage.LEAD else [],
        "close_form": close_form(), "material_form": material_form(), "assign_form": assign_form(lead),
        "partner_form": partner, "sent": materials.sent_materials(user, lead.contact_id),
        "activities": list(activities), "field_changes": lead_changes(lead), "now": now,
    }
    context.update(extra)
    return context
