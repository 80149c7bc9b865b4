"""The team lead's figures, computed from a ReportFilters and a moment without a request.

Figures about the period (leads created in it, whose() applied) are counted by the database with
GROUP BY: Python sees a few hundred groups, never the period's leads (a 90-day period of 100,000
leads is over 12,000). What a count must not recompute per request is kept on the lead when it
changes: the first contact, the hand-off count, the furthest stage reached; breached windows are
kept when they end (window_breaches). Figures about now (waiting for a first contact, overdue
now, the weighted pipeline) ignore the period. Each figure is a Table: headings, rows and, per
row, the arguments of the lead list that shows its leads.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
from flask_babel import gettext as _
from sqlalchemy import and_, case, func, select

from webapp.extensions import db
from webapp.labels import source_label, stage_label
from webapp.leads.timing import aware
from webapp.models import (
    CLOSED_LOST_STAGES,
    FUNNEL_STAGES,
    OPEN_STAGES,
    WON_STAGES,
    Activity,
    ActivityDay,
    Campaign,
    Lead,
    LostReason,
    Role,
    User,
    WindowBreach,
)
from webapp.models.lead import outcome_of
from webapp.models.activity import LOGGABLE_KINDS
from webapp.reports.filters import ReportFilters
from webapp.reports.periods import (
    day_of_number,
    numbers,
    sql_capped,
    sql_day_number,
    sql_month,
    sql_number_list,
    sql_seconds,
    sql_tenth,
    sql_week,
)
from webapp.settings.services import get_settings

PING_PONG = 3  # hand-offs of one lead from which it is being passed back and forth
HANDOFFS_LISTED = 5  # hand-offs per lead are counted 0 … 4 and "5+"
FUNNEL = tuple(stage.value for stage in FUNNEL_STAGES)
WAITING_LISTED = 50


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


def _people() -> tuple[dict[int | None, str], dict[int, str]]:
    """Everyone's name (None is nobody) and role."""
    rows = db.session.execute(select(User.id, User.name, User.role)).all()
    return {user_id: name for user_id, name, _role in rows} | {None: _("nobody")}, {row[0]: row[2] for row in rows}


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


def first_callback(f: ReportFilters, names: dict) -> dict:
    """Hours from the contact request (the lead's creation) to the first call, e-mail or meeting.
    Percentiles need every value: the database sends them as one list per week and owner."""
    day = sql_day_number(Lead.created_at)
    rows = db.session.execute(
        select(day, Lead.owner_id, sql_number_list(sql_seconds(Lead.created_at, Lead.first_contact_at)))
        .where(*f.created(), Lead.first_contact_at.is_not(None)).group_by(day, Lead.owner_id))
    by_week, by_owner = defaultdict(list), defaultdict(list)
    for day_number, owner_id, joined in rows:
        taken = np.maximum(numbers(joined), 0.0) / 3600
        created = day_of_number(day_number)
        by_week[(created - timedelta(days=created.weekday())).isoformat()].append(taken)
        by_owner[owner_id].append(taken)
    by_week = {key: np.concatenate(parts) for key, parts in by_week.items()}
    by_owner = {key: np.concatenate(parts) for key, parts in by_owner.items()}
    every = np.concatenate(list(by_week.values())) if by_week else np.array([])
    weeks = Table("first-callback-by-week", [_("Week from"), _("Leads contacted"), _("Median hours"), _("90th percentile hours")])
    for week_start in sorted(by_week):
        monday = date.fromisoformat(week_start)
        weeks.add([week_start, len(by_week[week_start]), hours(by_week[week_start], 50), hours(by_week[week_start], 90)],
                  f.lead_args() | {"created_from": week_start,
                                   "created_to": min(monday + timedelta(days=6), f.end).isoformat()})
    owners = Table("first-callback-by-owner", [_("Owner"), _("Leads contacted"), _("Median hours"), _("90th percentile hours")])
    for owner_id, values in sorted(by_owner.items(), key=lambda item: names.get(item[0], "")):
        owners.add([names.get(owner_id, "?"), len(values), hours(values, 50), hours(values, 90)],
                   f.lead_args() | {"owner": owner_id} if owner_id else None)
    return {"median": hours(every, 50), "p90": hours(every, 90), "contacted": len(every), "weeks": weeks,
            "owners": owners}


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


def _stage_order(names: dict):
    """Rows (stage, owner id, count, …) by stage along the funnel, the largest count first, then by name."""
    return lambda row: (FUNNEL.index(row[0]) if row[0] in FUNNEL else len(FUNNEL), -row[2], names.get(row[1], ""))


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
                                                     key=_stage_order(names)):
        if passed:
            table.add([stage_label(stage), names.get(owner_id, "?"), passed, escalated])
    return table


def overdue_now(f: ReportFilters, names: dict, open_groups: list[OpenGroup]) -> Table:
    """Open leads whose time window has passed now, and those escalated to the team leads."""
    counts = _by_stage_and_owner(open_groups, "overdue", "overdue_escalated")
    table = Table("overdue-now", [_("Stage"), _("Owner"), _("Overdue now"), _("Escalated")])
    for stage, owner_id, passed, escalated in sorted(((*key, *value) for key, value in counts.items() if value[0]),
                                                     key=_stage_order(names)):
        table.add([stage_label(stage), names.get(owner_id, "?"), passed, escalated],
                  f.lead_args(period=False) | {"stage": stage, "overdue": 1, "owner": owner_id} if owner_id else None)
    return table


def handoffs(f: ReportFilters) -> dict:
    capped = sql_capped(func.coalesce(Lead.handoff_count, 0), HANDOFFS_LISTED)
    counts = dict(db.session.execute(select(capped, func.count()).where(*f.created()).group_by(capped)).tuples().all())
    table = Table("handoffs-per-lead", [_("Hand-offs"), _("Leads")])
    for n in range(HANDOFFS_LISTED + 1):
        link = f.lead_args() | {"handoffs_min": n, "handoffs_max": n if n < HANDOFFS_LISTED else None}
        table.add([f"{n}+" if n == HANDOFFS_LISTED else str(n), counts.get(n, 0)],
                  {k: v for k, v in link.items() if v is not None})
    ping_pong = sum(count for n, count in counts.items() if n >= PING_PONG)
    return {"table": table, "ping_pong": ping_pong, "created": sum(counts.values()),
            "link": f.lead_args() | {"handoffs_min": PING_PONG}}


def _funnel_row(label: str, furthest: Counter) -> list:
    """Leads at each step: a lead counts at every step up to the furthest it has reached."""
    reached = [sum(n for stage, n in furthest.items() if FUNNEL.index(stage) >= step) for step in range(len(FUNNEL))]
    rates = [share(reached[step + 1], reached[step]) for step in range(len(FUNNEL) - 1)]
    return [label, *reached, *rates]


def funnel(f: ReportFilters) -> dict:
    """Conversion lead → prospect → customer → debtor of the period's leads, by month of creation,
    source and campaign. A lead counts at every stage up to the furthest it has reached, also when
    it was lost later (leads.furthest_stage)."""
    columns = [_("Leads"), _("Prospects"), _("Customers"), _("Debtors"),
               _("Lead → prospect"), _("Prospect → customer"), _("Customer → debtor")]
    campaigns = dict(db.session.execute(select(Campaign.id, Campaign.name)).tuples().all())
    month = sql_month(Lead.created_at)
    rows = db.session.execute(select(month, Lead.source, Lead.campaign_id, Lead.furthest_stage, func.count())
                              .where(*f.created()).group_by(month, Lead.source, Lead.campaign_id, Lead.furthest_stage))
    groups = {name: defaultdict(Counter) for name in ("funnel-by-month", "funnel-by-source", "funnel-by-campaign")}
    total = Counter()
    for month_value, source, campaign_id, furthest, count in rows:
        furthest = furthest if furthest in FUNNEL else FUNNEL[0]
        groups["funnel-by-month"][month_value][furthest] += count
        groups["funnel-by-source"][source or ""][furthest] += count
        groups["funnel-by-campaign"][campaign_id or 0][furthest] += count
        total[furthest] += count
    tables = {}
    for name, heading, label, arg in (
            ("funnel-by-month", _("Month"), str, None),
            ("funnel-by-source", _("Source"), lambda v: source_label(v) if v else _("none"), "source"),
            ("funnel-by-campaign", _("Campaign"), lambda v: campaigns.get(v, _("none")), "campaign")):
        found = groups[name]
        table = Table(name, [heading, *columns])
        order = (lambda v: str(v)) if name == "funnel-by-month" else (lambda v: (-sum(found[v].values()), str(v)))
        for value in sorted(found, key=order):
            link = f.lead_args()
            if arg and value:
                link[arg] = value
            elif name == "funnel-by-month":
                link |= _month_range(value, f)
            table.add(_funnel_row(label(value), found[value]), link if (value or name == "funnel-by-month") else None)
        tables[name] = table
    return {"tables": tables, "total": _funnel_row(_("All"), total)}


def _month_range(month: str, f: ReportFilters) -> dict:
    first = datetime.strptime(month + "-01", "%Y-%m-%d").date()
    following = (first + timedelta(days=32)).replace(day=1)
    return {"created_from": max(first, f.start).isoformat(),
            "created_to": min(following - timedelta(days=1), f.end).isoformat()}


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


def win_rates(f: ReportFilters) -> dict:
    """Won share of the period's closed leads by class and by probability decile: does the score
    separate winners from losers?"""
    decile = sql_tenth(Lead.probability)
    rows = db.session.execute(select(Lead.abc_class, decile, Lead.stage, func.count())
                              .where(*f.created(), Lead.stage.in_((*WON_STAGES, *CLOSED_LOST_STAGES)))
                              .group_by(Lead.abc_class, decile, Lead.stage))
    by_class, by_decile = defaultdict(Counter), defaultdict(Counter)
    for abc_class, tenth, stage, count in rows:
        outcome = outcome_of(stage)
        by_class[abc_class or ""][outcome] += count
        if tenth is not None:
            by_decile[int(tenth)][outcome] += count
    classes = Table("win-rate-by-class", [_("Class"), _("Closed"), _("Won"), _("Win rate")])
    for abc in ("A", "B", "C", ""):
        if abc in by_class:
            won, closed_n = by_class[abc]["won"], sum(by_class[abc].values())
            classes.add([abc or _("none"), closed_n, won, share(won, closed_n)],
                        f.lead_args() | {"stage": "closed", "class": abc} if abc else None)
    deciles = Table("win-rate-by-probability", [_("Probability"), _("Closed"), _("Won"), _("Win rate")])
    for tenth in sorted(by_decile):
        won, closed_n = by_decile[tenth]["won"], sum(by_decile[tenth].values())
        deciles.add([f"{tenth * 10}–{tenth * 10 + 10} %", closed_n, won, share(won, closed_n)],
                    f.lead_args() | {"stage": "closed", "p_min": tenth / 10, "p_max": (tenth + 1) / 10 if tenth < 9 else None})
        deciles.links[-1] = {k: v for k, v in deciles.links[-1].items() if v is not None}
    return {"classes": classes, "deciles": deciles}


def pipeline(f: ReportFilters, names: dict, open_groups: list[OpenGroup]) -> dict:
    """Open leads' expected value, in total and weighted by close probability, by stage and owner."""
    sums = _by_stage_and_owner(open_groups, "count", "value", "weighted")
    table = Table("pipeline", [_("Stage"), _("Owner"), _("Open leads"), _("Expected value"), _("Weighted value")])
    order = lambda row: (FUNNEL.index(row[0]), -row[4], names.get(row[1], ""))  # noqa: E731
    for stage, owner_id, count, value, weighted in sorted(((*key, *value) for key, value in sums.items()), key=order):
        table.add([stage_label(stage), names.get(owner_id, "?"), count, round(value, 2), round(weighted, 2)],
                  f.lead_args(period=False) | {"stage": stage, "owner": owner_id} if owner_id else None)
    return {"table": table, "weighted": round(sum(group.weighted for group in open_groups), 2)}


def lost_reasons(f: ReportFilters) -> Table:
    labels = dict(db.session.execute(select(LostReason.id, LostReason.label)).tuples().all())
    rows = db.session.execute(select(Lead.lost_reason_id, func.count())
                              .where(*f.created(), Lead.stage.in_(CLOSED_LOST_STAGES)).group_by(Lead.lost_reason_id))
    table = Table("lost-reasons", [_("Reason"), _("Lost leads")])
    for reason_id, count in sorted(rows, key=lambda row: (-row[1], labels.get(row[0], ""))):
        table.add([labels.get(reason_id, _("none")), count],
                  f.lead_args() | {"stage": "lost_all", "lost_reason": reason_id} if reason_id else None)
    return table


def activities_per_rep(f: ReportFilters, names: dict) -> Table:
    """Calls, e-mails, meetings and notes people logged in the period, per person and week: summed from
    the counts per person and day (activity_days); only a source or campaign filter, which asks about
    the activities' leads, counts the activities themselves."""
    if f.source or f.campaign_id:
        return _activities_of_leads(f, names)
    query = (select(ActivityDay.user_id, ActivityDay.day, ActivityDay.activities)
             .where(ActivityDay.day >= f.start, ActivityDay.day <= f.end))
    if f.owner_id:
        query = query.where(ActivityDay.user_id == f.owner_id)
    if f.role:
        query = query.where(ActivityDay.user_id.in_(select(User.id).where(User.role == f.role)))
    weeks: Counter = Counter()
    for user_id, day, count in db.session.execute(query):
        weeks[user_id, (day - timedelta(days=day.weekday())).isoformat()] += count
    table = Table("activities-per-rep", [_("Person"), _("Week from"), _("Activities")])
    for (user_id, week), count in sorted(weeks.items(), key=lambda item: (names.get(item[0][0], ""), item[0][1])):
        table.add([names.get(user_id, "?"), week, count])
    return table


def _activities_of_leads(f: ReportFilters, names: dict) -> Table:
    week = sql_week(Activity.occurred_at)
    query = (select(Activity.user_id, week, func.count())
             .join(Lead, Lead.id == Activity.lead_id)
             .where(Activity.occurred_at >= f.start_at, Activity.occurred_at < f.end_before,
                    Activity.user_id.is_not(None), Activity.kind.in_(LOGGABLE_KINDS), *f.whose())
             .group_by(Activity.user_id, week))
    if f.owner_id:
        query = query.where(Activity.user_id == f.owner_id)
    if f.role:
        query = query.where(Activity.user_id.in_(select(User.id).where(User.role == f.role)))
    table = Table("activities-per-rep", [_("Person"), _("Week from"), _("Activities")])
    for user_id, week_start, count in sorted(db.session.execute(query), key=lambda r: (names.get(r[0], ""), r[1])):
        table.add([names.get(user_id, "?"), str(week_start), count])
    return table


def report(f: ReportFilters, now: datetime) -> dict:
    """Every figure of the reports page."""
    names, roles = _people()
    handed, open_groups = handoffs(f), open_now(f, now)
    return {
        "created": handed["created"],
        "first_callback": first_callback(f, names),
        "waiting": waiting(f, names, open_groups),
        "breaches": breaches(f, now, names, open_groups),
        "overdue": overdue_now(f, names, open_groups),
        "handoffs": handed,
        "funnel": funnel(f),
        "funnel_names": funnel_names(f, open_groups, roles),
        "win_rates": win_rates(f),
        "pipeline": pipeline(f, names, open_groups),
        "lost_reasons": lost_reasons(f),
        "activities": activities_per_rep(f, names),
    }
