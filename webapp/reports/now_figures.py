"""The report's figures about now: the open leads whatever the period (waiting for a first contact,
overdue, the weighted pipeline, MQL/SAL/SQL) and the time windows that passed in the period, those
still running read from the open leads. whose() applies; one pass over the open leads (index-only:
ix_leads_stage_owner_report) gives every sum these figures need.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import and_, case, func, select

from webapp.extensions import db
from webapp.labels import stage_label
from webapp.leads.timing import aware
from webapp.models import OPEN_STAGES, Lead, Role, User, WindowBreach
from webapp.reports.filters import ReportFilters
from webapp.reports.tables import FUNNEL, Table, share, stage_order
from webapp.settings.services import get_settings

WAITING_LISTED = 50


@dataclass(frozen=True)
class OpenGroup:
    """Open leads now of one stage and owner, A-leads apart (MQL), with what the figures about now count."""
    stage: str
    owner_id: int | None
    class_a: bool
    count: int
    value: float
    weighted: float
    overdue: int  # window passed now
    overdue_escalated: int
    passed_in_period: int  # window passed within the period and still running
    passed_escalated: int


def open_now(f: ReportFilters, now: datetime) -> list[OpenGroup]:
    """Every figure about the open leads now from one pass over them (index-only: ix_leads_stage_owner_report)."""
    overdue = Lead.due_at < now
    in_period = and_(Lead.due_at >= f.start_at, Lead.due_at < min(f.end_before, now))
    escalated = Lead.escalated_at.is_not(None)
    class_a = case((Lead.abc_class == "A", 1), else_=0)
    counted = lambda condition: func.count(case((condition, 1)))  # noqa: E731 - NULL is not counted
    rows = db.session.execute(
        select(Lead.stage, Lead.owner_id, class_a, func.count(), func.sum(Lead.expected_value),
               func.sum(Lead.expected_value * func.coalesce(Lead.probability, 0)),
               counted(overdue), counted(and_(overdue, escalated)), counted(in_period), counted(and_(in_period, escalated)))
        .where(Lead.stage.in_(OPEN_STAGES), *f.whose()).group_by(Lead.stage, Lead.owner_id, class_a))
    return [OpenGroup(stage, owner_id, bool(a), count, float(value or 0), float(weighted or 0), *passed)
            for stage, owner_id, a, count, value, weighted, *passed in rows]


def _by_stage_and_owner(groups: list[OpenGroup], *fields: str) -> dict[tuple, list]:
    sums: dict[tuple, list] = defaultdict(lambda: [0] * len(fields))
    for group in groups:
        for n, name in enumerate(fields):
            sums[group.stage, group.owner_id][n] += getattr(group, name)
    return sums


def waiting(f: ReportFilters, names: dict, open_groups: list[OpenGroup]) -> dict:
    """Open leads nobody has called, e-mailed or met yet, now (whatever the period)."""
    is_open = [Lead.stage.in_(OPEN_STAGES), *f.whose()]
    open_count = sum(group.count for group in open_groups)
    rows = db.session.execute(select(Lead.owner_id, func.count(), func.min(Lead.created_at))
                              .where(*is_open, Lead.first_contact_at.is_(None)).group_by(Lead.owner_id))
    owners = Table("waiting-by-owner", [_("Owner"), _("Waiting leads"), _("Waiting since")])
    total = 0
    for owner_id, count, oldest in sorted(rows, key=lambda row: -row[1]):
        total += count
        owners.add([names.get(owner_id, "?"), count, aware(oldest).date().isoformat()],
                   f.lead_args(period=False) | {"stage": "open", "waiting": 1, "owner": owner_id}
                   if owner_id else None)
    oldest = db.session.execute(
        select(Lead.id, Lead.title, Lead.owner_id, Lead.created_at)
        .where(*is_open, Lead.first_contact_at.is_(None)).order_by(Lead.created_at, Lead.id).limit(WAITING_LISTED))
    listed = Table("waiting-leads", [_("Lead"), _("Title"), _("Owner"), _("Requested")])
    for lead_id, title, owner_id, created in oldest:
        listed.add([lead_id, title, names.get(owner_id, "?"), aware(created).isoformat(timespec="minutes")])
    return {"count": total, "open": open_count, "share": share(total, open_count), "owners": owners,
            "leads": listed, "link": f.lead_args(period=False) | {"stage": "open", "waiting": 1}}


def breaches(f: ReportFilters, now: datetime, names: dict, open_groups: list[OpenGroup]) -> Table:
    """Time windows that passed in the period (by their due time), by the stage and owner the lead had
    then: those that ended late (kept in window_breaches) and those still running past due now.
    Escalated: of these, how many were escalated to the team leads."""
    stop = min(f.end_before, now)
    ended = (select(WindowBreach.stage, WindowBreach.owner_id, func.count(), func.count(WindowBreach.escalated_at))
             .where(WindowBreach.due_at >= f.start_at, WindowBreach.due_at < stop)
             .group_by(WindowBreach.stage, WindowBreach.owner_id))
    if f.owner_id:
        ended = ended.where(WindowBreach.owner_id == f.owner_id)
    if f.role:
        ended = ended.where(WindowBreach.owner_id.in_(select(User.id).where(User.role == f.role)))
    if f.source or f.campaign_id:
        ended = ended.join(Lead, Lead.id == WindowBreach.lead_id).where(
            *[condition for condition, wanted in ((Lead.source == f.source, f.source),
                                                  (Lead.campaign_id == f.campaign_id, f.campaign_id)) if wanted])
    counts: dict[tuple, list[int]] = _by_stage_and_owner(open_groups, "passed_in_period", "passed_escalated")
    for stage, owner_id, passed, escalated in db.session.execute(ended):
        counts[stage, owner_id][0] += passed
        counts[stage, owner_id][1] += escalated
    table = Table("window-breaches", [_("Stage"), _("Owner"), _("Window passed"), _("Escalated")])
    for stage, owner_id, passed, escalated in sorted(((*key, *value) for key, value in counts.items()),
                                                     key=stage_order(names)):
        if passed:
            table.add([stage_label(stage), names.get(owner_id, "?"), passed, escalated])
    return table


def overdue_now(f: ReportFilters, names: dict, open_groups: list[OpenGroup]) -> Table:
    """Open leads whose time window has passed now, and those escalated to the team leads."""
    counts = _by_stage_and_owner(open_groups, "overdue", "overdue_escalated")
    table = Table("overdue-now", [_("Stage"), _("Owner"), _("Overdue now"), _("Escalated")])
    for stage, owner_id, passed, escalated in sorted(((*key, *value) for key, value in counts.items() if value[0]),
                                                     key=stage_order(names)):
        table.add([stage_label(stage), names.get(owner_id, "?"), passed, escalated],
                  f.lead_args(period=False) | {"stage": stage, "overdue": 1, "owner": owner_id} if owner_id else None)
    return table


def funnel_names(f: ReportFilters, open_groups: list[OpenGroup], roles: dict[int, str]) -> list[tuple[str, int, dict]]:
    """MQL, SAL and SQL now, as the team calls them (settings): an A-lead marketing still has, a lead
    sales has taken over, a prospect."""
    names = get_settings()["funnel_names"]
    leads = [group for group in open_groups if group.stage == "lead"]
    sales = [group.count for group in leads if roles.get(group.owner_id) == Role.SALES]
    not_sales_a = [group.count for group in leads if group.class_a and roles.get(group.owner_id) != Role.SALES]
    now_args = f.lead_args(period=False)
    return [
        (names["mql"], sum(not_sales_a), now_args | {"stage": "lead", "class": "A", "not_role": Role.SALES}),
        (names["sal"], sum(sales), now_args | {"stage": "lead", "role": Role.SALES}),
        (names["sql"], sum(group.count for group in open_groups if group.stage == "prospect"),
         now_args | {"stage": "prospect"}),
    ]


def pipeline(f: ReportFilters, names: dict, open_groups: list[OpenGroup]) -> dict:
    """Open leads' expected value, in total and weighted by close probability, by stage and owner."""
    sums = _by_stage_and_owner(open_groups, "count", "value", "weighted")
    table = Table("pipeline", [_("Stage"), _("Owner"), _("Open leads"), _("Expected value"), _("Weighted value")])
    order = lambda row: (FUNNEL.index(row[0]), -row[4], names.get(row[1], ""))  # noqa: E731
    for stage, owner_id, count, value, weighted in sorted(((*key, *value) for key, value in sums.items()), key=order):
        table.add([stage_label(stage), names.get(owner_id, "?"), count, round(value, 2), round(weighted, 2)],
                  f.lead_args(period=False) | {"stage": stage, "owner": owner_id} if owner_id else None)
    return {"table": table, "weighted": round(sum(group.weighted for group in open_groups), 2)}
