"""The team lead's figures, computed from a ReportFilters and a moment without a request.

Figures about the period read its leads once (created in the period, whose() applied) and count
in Python: a 90-day period is about an eighth of two years' leads. Figures about now (waiting for
a first contact, windows past, the weighted pipeline) ignore the period. Activities are counted in
SQL, never loaded. Each figure is a Table: headings, rows and, per row, the arguments of the lead
list that shows its leads.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from flask_babel import gettext as _
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.labels import source_label, stage_label
from webapp.leads.timing import aware
from webapp.models import OPEN_STAGES, Activity, Campaign, Lead, LostReason, Role, User
from webapp.models.lead import outcome_of
from webapp.models.activity import LOGGABLE_KINDS
from webapp.reports.filters import ReportFilters
from webapp.reports.periods import month_of, sql_week, week_of
from webapp.settings.services import get_settings

PING_PONG = 3  # hand-offs of one lead from which it is being passed back and forth
FUNNEL = ("lead", "prospect", "customer", "debtor")
# The furthest stage a lead has reached, from its stage now (lost leads count at the first step).
REACHED = {"lead": 0, "prospect": 1, "customer": 2, "debtor": 3, "lost": 0, "disqualified": 0}
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


def hours(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _names() -> dict[int | None, str]:
    names = dict(db.session.execute(select(User.id, User.name)).tuples().all())
    return names | {None: _("nobody")}


PERIOD_COLUMNS = (Lead.id, Lead.created_at, Lead.first_contact_at, Lead.owner_id, Lead.stage, Lead.source,
                  Lead.campaign_id, Lead.abc_class, Lead.probability, Lead.handoff_count, Lead.lost_reason_id)


def period_leads(f: ReportFilters) -> list:
    return list(db.session.execute(select(*PERIOD_COLUMNS).where(*f.created())))


def first_callback(f: ReportFilters, leads: list, names: dict) -> dict:
    """Hours from the contact request (the lead's creation) to the first call, e-mail or meeting."""
    by_week, by_owner, every = defaultdict(list), defaultdict(list), []
    for lead in leads:
        if lead.first_contact_at is None:
            continue
        taken = max((aware(lead.first_contact_at) - aware(lead.created_at)).total_seconds() / 3600, 0.0)
        every.append(taken)
        by_week[week_of(lead.created_at)].append(taken)
        by_owner[lead.owner_id].append(taken)
    weeks = Table("first-callback-by-week", [_("Week from"), _("Leads contacted"), _("Median hours"), _("90th percentile hours")])
    for week in sorted(by_week):
        weeks.add([week.isoformat(), len(by_week[week]), hours(by_week[week], 50), hours(by_week[week], 90)],
                  f.lead_args() | {"created_from": week.isoformat(),
                                   "created_to": min(week + timedelta(days=6), f.end).isoformat()})
    owners = Table("first-callback-by-owner", [_("Owner"), _("Leads contacted"), _("Median hours"), _("90th percentile hours")])
    for owner_id, values in sorted(by_owner.items(), key=lambda item: names.get(item[0], "")):
        owners.add([names.get(owner_id, "?"), len(values), hours(values, 50), hours(values, 90)],
                   f.lead_args() | {"owner": owner_id} if owner_id else None)
    return {"median": hours(every, 50), "p90": hours(every, 90), "contacted": len(every), "weeks": weeks,
            "owners": owners}


def waiting(f: ReportFilters, names: dict) -> dict:
    """Open leads nobody has called, e-mailed or met yet, now (whatever the period)."""
    is_open = [Lead.stage.in_(OPEN_STAGES), *f.whose()]
    open_count = db.session.scalar(select(func.count()).select_from(Lead).where(*is_open)) or 0
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


def breaches(f: ReportFilters, now: datetime, names: dict) -> Table:
    """Open leads whose time window has passed now, and those escalated to the team leads."""
    rows = db.session.execute(
        select(Lead.stage, Lead.owner_id, func.count(), func.count(Lead.escalated_at))
        .where(Lead.stage.in_(OPEN_STAGES), Lead.due_at.is_not(None), Lead.due_at < now, *f.whose())
        .group_by(Lead.stage, Lead.owner_id))
    table = Table("window-breaches", [_("Stage"), _("Owner"), _("Window passed"), _("Escalated")])
    for stage, owner_id, passed, escalated in sorted(rows, key=lambda row: (FUNNEL.index(row[0]), -row[2])):
        table.add([stage_label(stage), names.get(owner_id, "?"), passed, escalated],
                  f.lead_args(period=False) | {"stage": stage, "overdue": 1, "owner": owner_id} if owner_id else None)
    return table


def handoffs(f: ReportFilters, leads: list) -> dict:
    counts = Counter(min(lead.handoff_count or 0, 5) for lead in leads)
    table = Table("handoffs-per-lead", [_("Hand-offs"), _("Leads")])
    for n in range(6):
        link = f.lead_args() | {"handoffs_min": n, "handoffs_max": n if n < 5 else None}
        table.add(["5+" if n == 5 else str(n), counts.get(n, 0)], {k: v for k, v in link.items() if v is not None})
    ping_pong = sum(1 for lead in leads if (lead.handoff_count or 0) >= PING_PONG)
    return {"table": table, "ping_pong": ping_pong, "link": f.lead_args() | {"handoffs_min": PING_PONG}}


def _funnel_row(label: str, stages: list[str]) -> list:
    reached = [sum(1 for stage in stages if REACHED.get(stage, 0) >= step) for step in range(4)]
    rates = [share(reached[step + 1], reached[step]) for step in range(3)]
    return [label, *reached, *rates]


def funnel(f: ReportFilters, leads: list) -> dict:
    """Conversion lead → prospect → customer → debtor of the period's leads, by month of creation,
    source and campaign. A lead counts at every stage up to the one it is in now."""
    columns = [_("Leads"), _("Prospects"), _("Customers"), _("Debtors"),
               _("Lead → prospect"), _("Prospect → customer"), _("Customer → debtor")]
    campaigns = dict(db.session.execute(select(Campaign.id, Campaign.name)).tuples().all())
    months = [month_of(lead.created_at) for lead in leads]
    tables = {}
    for name, heading, key, label, arg in (
            ("funnel-by-month", _("Month"), lambda lead: month_of(lead.created_at), str, None),
            ("funnel-by-source", _("Source"), lambda lead: lead.source or "", lambda v: source_label(v) if v else _("none"), "source"),
            ("funnel-by-campaign", _("Campaign"), lambda lead: lead.campaign_id or 0,
             lambda v: campaigns.get(v, _("none")), "campaign")):
        groups = defaultdict(list)
        for lead, month in zip(leads, months):
            groups[month if name == "funnel-by-month" else key(lead)].append(lead.stage)
        table = Table(name, [heading, *columns])
        for value in sorted(groups, key=lambda v: (str(v) if name == "funnel-by-month" else -len(groups[v]))):
            link = f.lead_args()
            if arg and value:
                link[arg] = value
            elif name == "funnel-by-month":
                link |= _month_range(value, f)
            table.add(_funnel_row(label(value), groups[value]), link if (value or name == "funnel-by-month") else None)
        tables[name] = table
    total = _funnel_row(_("All"), [lead.stage for lead in leads])
    return {"tables": tables, "total": total}


def _month_range(month: str, f: ReportFilters) -> dict:
    first = datetime.strptime(month + "-01", "%Y-%m-%d").date()
    following = (first + timedelta(days=32)).replace(day=1)
    return {"created_from": max(first, f.start).isoformat(),
            "created_to": min(following - timedelta(days=1), f.end).isoformat()}


def funnel_names(f: ReportFilters) -> list[tuple[str, int, dict]]:
    """MQL, SAL and SQL now, as the team calls them (settings): an A-lead marketing still has, a lead
    sales has taken over, a prospect."""
    names = get_settings()["funnel_names"]
    sales = Lead.owner_id.in_(select(User.id).where(User.role == Role.SALES))
    count = lambda *where: db.session.scalar(select(func.count()).select_from(Lead).where(*where, *f.whose())) or 0  # noqa: E731
    now_args = f.lead_args(period=False)
    return [
        (names["mql"], count(Lead.stage == "lead", Lead.abc_class == "A", ~sales | Lead.owner_id.is_(None)),
         now_args | {"stage": "lead", "class": "A", "not_role": Role.SALES}),
        (names["sal"], count(Lead.stage == "lead", sales), now_args | {"stage": "lead", "role": Role.SALES}),
        (names["sql"], count(Lead.stage == "prospect"), now_args | {"stage": "prospect"}),
    ]


def win_rates(f: ReportFilters, leads: list) -> dict:
    """Won share of the period's closed leads by class and by probability decile: does the score
    separate winners from losers?"""
    closed = [(lead, outcome_of(lead.stage)) for lead in leads if outcome_of(lead.stage)]
    by_class, by_decile = defaultdict(Counter), defaultdict(Counter)
    for lead, outcome in closed:
        by_class[lead.abc_class or ""][outcome] += 1
        if lead.probability is not None:
            by_decile[min(int(lead.probability * 10), 9)][outcome] += 1
    classes = Table("win-rate-by-class", [_("Class"), _("Closed"), _("Won"), _("Win rate")])
    for abc in ("A", "B", "C", ""):
        if abc in by_class:
            won, closed_n = by_class[abc]["won"], sum(by_class[abc].values())
            classes.add([abc or _("none"), closed_n, won, share(won, closed_n)],
                        f.lead_args() | {"stage": "closed", "class": abc} if abc else None)
    deciles = Table("win-rate-by-probability", [_("Probability"), _("Closed"), _("Won"), _("Win rate")])
    for decile in sorted(by_decile):
        won, closed_n = by_decile[decile]["won"], sum(by_decile[decile].values())
        deciles.add([f"{decile * 10}–{decile * 10 + 10} %", closed_n, won, share(won, closed_n)],
                    f.lead_args() | {"stage": "closed", "p_min": decile / 10, "p_max": (decile + 1) / 10 if decile < 9 else None})
        deciles.links[-1] = {k: v for k, v in deciles.links[-1].items() if v is not None}
    return {"classes": classes, "deciles": deciles}


def pipeline(f: ReportFilters, names: dict) -> dict:
    """Open leads' expected value, in total and weighted by close probability, by stage and owner."""
    rows = db.session.execute(
        select(Lead.stage, Lead.owner_id, func.count(), func.sum(Lead.expected_value),
               func.sum(Lead.expected_value * func.coalesce(Lead.probability, 0)))
        .where(Lead.stage.in_(OPEN_STAGES), *f.whose()).group_by(Lead.stage, Lead.owner_id))
    table = Table("pipeline", [_("Stage"), _("Owner"), _("Open leads"), _("Expected value"), _("Weighted value")])
    weighted_total = 0.0
    for stage, owner_id, count, value, weighted in sorted(rows, key=lambda row: (FUNNEL.index(row[0]), -(row[4] or 0))):
        weighted_total += float(weighted or 0)
        table.add([stage_label(stage), names.get(owner_id, "?"), count, round(float(value or 0), 2),
                   round(float(weighted or 0), 2)],
                  f.lead_args(period=False) | {"stage": stage, "owner": owner_id} if owner_id else None)
    return {"table": table, "weighted": round(weighted_total, 2)}


def lost_reasons(f: ReportFilters, leads: list) -> Table:
    labels = dict(db.session.execute(select(LostReason.id, LostReason.label)).tuples().all())
    counts = Counter(lead.lost_reason_id for lead in leads if outcome_of(lead.stage) == "lost")
    table = Table("lost-reasons", [_("Reason"), _("Lost leads")])
    for reason_id, count in counts.most_common():
        table.add([labels.get(reason_id, _("none")), count],
                  f.lead_args() | {"stage": "lost_all", "lost_reason": reason_id} if reason_id else None)
    return table


def activities_per_rep(f: ReportFilters, names: dict) -> Table:
    """Calls, e-mails, meetings and notes people logged in the period, per person and week."""
    week = sql_week(Activity.occurred_at)
    query = (select(Activity.user_id, week, func.count())
             .where(Activity.occurred_at >= f.start_at, Activity.occurred_at < f.end_before,
                    Activity.user_id.is_not(None), Activity.kind.in_(LOGGABLE_KINDS))
             .group_by(Activity.user_id, week))
    if f.owner_id:
        query = query.where(Activity.user_id == f.owner_id)
    if f.role:
        query = query.where(Activity.user_id.in_(select(User.id).where(User.role == f.role)))
    if f.source or f.campaign_id:
        query = query.join(Lead, Lead.id == Activity.lead_id).where(*f.whose())
    table = Table("activities-per-rep", [_("Person"), _("Week from"), _("Activities")])
    for user_id, week_start, count in sorted(db.session.execute(query), key=lambda r: (names.get(r[0], ""), r[1])):
        table.add([names.get(user_id, "?"), str(week_start), count])
    return table


def report(f: ReportFilters, now: datetime) -> dict:
    """Every figure of the reports page."""
    names, leads = _names(), period_leads(f)
    return {
        "created": len(leads),
        "first_callback": first_callback(f, leads, names),
        "waiting": waiting(f, names),
        "breaches": breaches(f, now, names),
        "handoffs": handoffs(f, leads),
        "funnel": funnel(f, leads),
        "funnel_names": funnel_names(f),
        "win_rates": win_rates(f, leads),
        "pipeline": pipeline(f, names),
        "lost_reasons": lost_reasons(f, leads),
        "activities": activities_per_rep(f, names),
    }
