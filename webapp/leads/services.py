"""Lead queries: who may see and act on which lead, filtered and sorted lists, queues."""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone

from flask import abort
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, case, func, nulls_last, select, update
from sqlalchemy.orm import contains_eager, defer

from webapp.extensions import db
from webapp.labels import role_label
from webapp.leads import timing
from webapp.leads.stages import RESPONSIBLE_ROLE, lead_owner_roles
from webapp.models import (CLOSED_LOST_STAGES, OPEN_STAGES, WON_STAGES, Activity, ActivityKind, Contact, Lead,
                           Organization, Role, User)
from webapp.notifications import events
from webapp.paging import Page
from webapp.request_args import date_arg, float_arg, int_arg, text_arg
from webapp.search import matches_all_words
from webapp.visibility import handed_to
from webapp.settings.services import get_settings

# Stage filter values that stand for several stages.
STAGE_GROUPS = {"open": OPEN_STAGES, "closed": (*WON_STAGES, *CLOSED_LOST_STAGES), "won": WON_STAGES,
                "lost_all": CLOSED_LOST_STAGES}

SORTS = {
    "title": (Lead.title,),
    "contact": (Contact.last_name, Contact.first_name),
    "stage": (Lead.stage,),
    "owner": (User.name,),
    "class": (Lead.abc_class,),
    "probability": (Lead.probability,),
    "temperature": (Lead.last_contact_at,),
    "source": (Lead.source,),
    "due": (Lead.due_at,),
    "value": (Lead.expected_value,),
    "created": (Lead.created_at,),
}


def visible_leads(user: User) -> Select:
    """Partners see only the leads handed to them; everyone else sees all."""
    scope = handed_to(user)
    return select(Lead) if scope is None else select(Lead).where(scope)


def get_lead_for(user: User, lead_id: int) -> Lead:
    return db.first_or_404(visible_leads(user).where(Lead.id == lead_id),
                           description=_("No such lead, or it is not shared with you."))


def responsible_role(lead: Lead) -> str:
    if lead.owner is not None:
        return lead.owner.role
    return RESPONSIBLE_ROLE.get(lead.stage, Role.MARKETING)


def can_act(user: User, lead: Lead) -> bool:
    """Admins on all; partners on leads handed to them; others on the stages their role owns."""
    if user.role == Role.ADMIN:
        return True
    if user.role == Role.PARTNER:
        return lead.partner_id == user.id
    return user.role == responsible_role(lead)


def require_act(user: User, lead: Lead) -> None:
    if not can_act(user, lead):
        abort(403, _("This lead is with %(role)s; your role may view it but not change it.",
                     role=role_label(responsible_role(lead))))


def steers_leads(user: User) -> bool:
    """Partners work the leads handed to them (answers, follow-up, materials, history) but never
    move them on: the lead stays the company's, owned in-house."""
    return user.role != Role.PARTNER


def can_steer(user: User, lead: Lead) -> bool:
    """Who moves a lead on (assigns, hands off, closes, demotes, reopens): the acting in-house role."""
    return steers_leads(user) and can_act(user, lead)


def require_steer(user: User, lead: Lead) -> None:
    if not can_steer(user, lead):
        if not steers_leads(user):
            abort(403, _("Only the lead's owner in-house assigns, hands on or closes it; log what you learned "
                         "instead."))
        require_act(user, lead)


def possible_owners(lead: Lead) -> list[User]:
    """Whom the lead may be assigned to: active users of a role that may own its stage."""
    query = select(User).where(User.is_active_user.is_(True), User.role.in_(lead_owner_roles(lead)))
    return list(db.session.scalars(query.order_by(User.role, User.name)))


def owner_choices(user: User) -> list[User]:
    """The people named in owner filters and the bulk "assign to" list. A partner owns no lead and
    learns no one's name from a list: they get none."""
    if not steers_leads(user):
        return []
    query = select(User).where(User.is_active_user.is_(True), User.role != Role.PARTNER)
    return list(db.session.scalars(query.order_by(User.role, User.name)))


@dataclass
class LeadFilters:
    q: str = ""
    stage: str = "open"  # "open" (lead + prospect), "all", or one stage
    owner_id: int | None = None
    abc_class: str = ""
    temperature: str = ""
    source: str = ""
    overdue: bool = False
    # Portfolio quadrants: close probability and expected value ranges (upper bounds exclusive).
    p_min: float | None = None
    p_max: float | None = None
    v_min: float | None = None
    v_max: float | None = None
    # What the team lead's reports link to: the leads behind a figure, by filter rather than by ids.
    created_from: date | None = None
    created_to: date | None = None  # inclusive
    role: str = ""  # the owner's role
    not_role: str = ""
    campaign_id: int | None = None
    waiting: bool = False  # nobody has called, e-mailed or met them yet
    handoffs_min: int | None = None
    handoffs_max: int | None = None
    lost_reason_id: int | None = None

    REPORT_ARGS = {"created_from": "created_from", "created_to": "created_to", "role": "role", "not_role": "not_role",
                   "waiting": "waiting", "handoffs_min": "handoffs_min", "handoffs_max": "handoffs_max",
                   "lost_reason_id": "lost_reason"}

    def for_user(self, user: User) -> "LeadFilters":
        """The filters as `user` may use them: campaigns are in-house, so a partner's campaign
        filter is dropped (filtering their own leads by one would tell them which are in it)."""
        if user.role == Role.PARTNER and self.campaign_id is not None:
            return replace(self, campaign_id=None)
        return self

    def report_args(self) -> dict:
        """The report filters in force, as query arguments (kept when the list is filtered again)."""
        values = {arg: getattr(self, name) for name, arg in self.REPORT_ARGS.items()}
        return {arg: (1 if value is True else value) for arg, value in values.items()
                if value not in (None, "", False)}

    def apply(self, query: Select, now: datetime) -> Select:
        if self.q:
            query = query.where(matches_all_words(self.q, Lead.title, Contact.first_name, Contact.last_name,
                                                  Contact.email, Organization.name))
        if self.stage in STAGE_GROUPS:
            query = query.where(Lead.stage.in_(STAGE_GROUPS[self.stage]))
        elif self.stage and self.stage != "all":
            query = query.where(Lead.stage == self.stage)
        if self.owner_id:
            query = query.where(Lead.owner_id == self.owner_id)
        if self.abc_class:
            query = query.where(Lead.abc_class == self.abc_class)
        if self.source:
            query = query.where(Lead.source == self.source)
        if self.campaign_id:
            query = query.where(Lead.campaign_id == self.campaign_id)
        if self.temperature:
            query = query.where(timing.temperature_clause(self.temperature, now,
                                                          get_settings()["temperature_days"]))
        if self.overdue:
            query = query.where(timing.overdue_clause(now))
        if self.p_min is not None:
            query = query.where(Lead.probability >= self.p_min)
        if self.p_max is not None:
            query = query.where(Lead.probability < self.p_max)
        if self.v_min is not None:
            query = query.where(Lead.expected_value >= self.v_min)
        if self.v_max is not None:
            query = query.where(Lead.expected_value < self.v_max)
        return self._apply_report_filters(query)

    def _apply_report_filters(self, query: Select) -> Select:
        if self.created_from:
            query = query.where(Lead.created_at >= datetime.combine(self.created_from, time.min, timezone.utc))
        if self.created_to:
            query = query.where(Lead.created_at < datetime.combine(self.created_to + timedelta(days=1), time.min,
                                                                   timezone.utc))
        if self.role:
            query = query.where(Lead.owner_id.in_(select(User.id).where(User.role == self.role)))
        if self.not_role:
            query = query.where(Lead.owner_id.is_(None) | Lead.owner_id.not_in(
                select(User.id).where(User.role == self.not_role)))
        if self.waiting:
            query = query.where(Lead.first_contact_at.is_(None))
        if self.handoffs_min is not None:
            query = query.where(func.coalesce(Lead.handoff_count, 0) >= self.handoffs_min)
        if self.handoffs_max is not None:
            query = query.where(func.coalesce(Lead.handoff_count, 0) <= self.handoffs_max)
        if self.lost_reason_id:
            query = query.where(Lead.lost_reason_id == self.lost_reason_id)
        return query


def _list_query(user: User) -> Select:
    # The joins serve filters and sorting and fill the relationships too (no second set of joins).
    # JSON a list never shows stays unread (decoding it was a fifth of a list request); lists show
    # the lead's stored top factor instead of its factors.
    return (visible_leads(user)
            .join(Lead.contact).outerjoin(Contact.organization).outerjoin(User, Lead.owner_id == User.id)
            .options(contains_eager(Lead.contact).defer(Contact.custom),
                     contains_eager(Lead.contact).contains_eager(Contact.organization), contains_eager(Lead.owner),
                     defer(Lead.score_factors)))


def ordered(column, direction: str):
    """Empty values last either way. SQLite already sorts NULL last when descending, and saying so
    explicitly would stop it from reading the (stage, probability) index in order."""
    by = column.desc() if direction == "desc" else column.asc()
    if direction == "desc" and db.engine.dialect.name == "sqlite":
        return by
    return nulls_last(by)


# What a lead list or queue shows, read as plain rows: building Lead, Contact, Organization and
# User objects for 50 rows took longer than the query and the page's HTML together.
ROW_COLUMNS = (
    Lead.id, Lead.title, Lead.stage, Lead.probability, Lead.abc_class, Lead.top_factor, Lead.top_factor_weight,
    Lead.source, Lead.expected_value, Lead.due_at, Lead.last_contact_at, Lead.created_at, Lead.next_step,
    Lead.follow_up_on,
    func.trim(Contact.first_name.concat(" ").concat(Contact.last_name)).label("contact_name"),
    Organization.name.label("organization_name"), User.name.label("owner_name"), User.role.label("owner_role"),
)


def _row_query(user: User) -> Select:
    return (visible_leads(user).with_only_columns(*ROW_COLUMNS, maintain_column_froms=False).select_from(Lead)
            .join(Lead.contact).outerjoin(Contact.organization).outerjoin(User, Lead.owner_id == User.id))


def _rows_page(query: Select, page: int, per_page: int, total: int) -> Page:
    rows = list(db.session.execute(query.limit(per_page).offset((page - 1) * per_page)))
    return Page(rows, page, per_page, total)


def list_params() -> dict:
    """The list's filters and order from the query string: the list page and its export read them here."""
    filters = LeadFilters(
        q=text_arg("q"), stage=text_arg("stage", "open"), owner_id=int_arg("owner"),
        abc_class=text_arg("class"), temperature=text_arg("temperature"),
        source=text_arg("source"), overdue=text_arg("overdue") == "1",
        p_min=float_arg("p_min"), p_max=float_arg("p_max"), v_min=float_arg("v_min"), v_max=float_arg("v_max"),
        created_from=date_arg("created_from"), created_to=date_arg("created_to"), role=text_arg("role"),
        not_role=text_arg("not_role"), campaign_id=int_arg("campaign"), waiting=text_arg("waiting") == "1",
        handoffs_min=int_arg("handoffs_min"), handoffs_max=int_arg("handoffs_max"),
        lost_reason_id=int_arg("lost_reason"))
    return {"filters": filters, "sort": text_arg("sort", "probability"), "direction": text_arg("dir", "desc")}


def list_query(user: User, filters: LeadFilters, sort: str, direction: str, now: datetime) -> Select:
    """Every row of the lead list in the list's order, as plain rows (ROW_COLUMNS)."""
    columns = SORTS.get(sort, SORTS["probability"])
    query = filters.for_user(user).apply(_row_query(user), now)
    return query.order_by(*[ordered(c, direction) for c in columns], Lead.id)


def list_leads(user: User, filters: LeadFilters, sort: str, direction: str, page: int, per_page: int,
               now: datetime) -> Page:
    query = list_query(user, filters, sort, direction, now)
    return _rows_page(query, page, per_page, _count(user, filters, now))


def _counting(user: User) -> Select:
    # count(*) lets SQLite count index entries without reading a column: half the time of count(id).
    return visible_leads(user).with_only_columns(func.count(), maintain_column_froms=False).select_from(Lead)


def _count(user: User, filters: LeadFilters, now: datetime) -> int:
    """The total for the pager, counted on leads alone unless the search needs the joins."""
    query = _counting(user)
    if filters.q:
        query = query.join(Lead.contact).outerjoin(Contact.organization)
    return db.session.scalar(filters.for_user(user).apply(query, now)) or 0


QUEUE_ORDERS = {
    "probability": _l("Close probability"),
    "expected_value": _l("Expected value (probability × deal value)"),
    "urgency": _l("Urgency (time left in the window)"),
}


def my_queue(user: User, now: datetime, page: int, per_page: int, order: str = "probability") -> Page:
    """The user's open leads, overdue first, then by the chosen order."""
    mine = Lead.partner_id == user.id if user.role == Role.PARTNER else Lead.owner_id == user.id
    total = db.session.scalar(_counting(user).where(Lead.stage.in_(OPEN_STAGES), mine)) or 0
    overdue_first = case((timing.overdue_clause(now), 0), else_=1)
    by = {
        "probability": [nulls_last(Lead.probability.desc()), nulls_last(Lead.due_at.asc())],
        "expected_value": [nulls_last((Lead.probability * Lead.expected_value).desc()),
                           nulls_last(Lead.probability.desc())],
        "urgency": [nulls_last(Lead.due_at.asc()), nulls_last(Lead.probability.desc())],
    }.get(order, [nulls_last(Lead.probability.desc())])
    query = _row_query(user).where(Lead.stage.in_(OPEN_STAGES), mine).order_by(overdue_first, *by, Lead.id)
    return _rows_page(query, page, per_page, total)


def escalations(user: User, now: datetime) -> list[Lead]:
    """Open leads a second window past due: shown to admins (the team leads)."""
    if user.role != Role.ADMIN:
        return []
    hours = get_settings()["escalation_hours"]
    query = (_list_query(user).where(Lead.stage.in_(OPEN_STAGES), timing.escalation_clause(now, hours))
             .order_by(Lead.due_at))
    return list(db.session.scalars(query.limit(50)))


def breaking_off(user: User, now: datetime, limit: int = 50) -> list[Lead]:
    stale = get_settings()["stale_days"]
    query = _list_query(user).where(timing.breaking_off_clause(now, stale))
    if user.role != Role.ADMIN:
        query = query.where((Lead.owner_id == user.id) | (Lead.partner_id == user.id))
    return list(db.session.scalars(query.order_by(Lead.last_contact_at).limit(limit)))


def mark_escalations(now: datetime) -> int:
    """Stamp leads a second window past due once, with an entry in their history (SLA breaches)."""
    hours = get_settings()["escalation_hours"]
    query = select(Lead).where(Lead.stage.in_(OPEN_STAGES), Lead.escalated_at.is_(None),
                               timing.escalation_clause(now, hours))
    leads = list(db.session.scalars(query))
    if leads:  # a Core UPDATE: a system stamp must not turn a colleague's open form into a conflict
        table = Lead.__table__
        db.session.execute(update(table).where(table.c.id.in_([lead.id for lead in leads]))
                           .values(escalated_at=now))
    for lead in leads:
        db.session.add(Activity(
            contact_id=lead.contact_id, lead_id=lead.id, kind=ActivityKind.ESCALATION, occurred_at=now,
            # Stored in English, as all history; pages word it for the reader (webapp.activity_text).
            subject="Escalated to team leads",
            body=f"Nobody acted within the window (due {timing.aware(lead.due_at):%d %b %Y %H:%M} UTC).",
            details={"owner": lead.owner_id, "due_at": timing.aware(lead.due_at).isoformat()}))
        events.escalated(lead)
    db.session.commit()
    return len(leads)
