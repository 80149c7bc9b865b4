"""The report's figures about a period: the leads created in it (whose() applied), counted by the
database with GROUP BY. The funnel, the hand-offs and the first callbacks read the leads counted
per day and group (lead_days, kept as leads change), so a year's figures read a few thousand rows;
the win rates and lost reasons, which follow the scores the scorer writes, count the leads from
the covering index ix_leads_created_report. Activities per person read activity_days.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
from flask_babel import gettext as _
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.labels import source_label
from webapp.models import (
    CLOSED_LOST_STAGES,
    WON_STAGES,
    Activity,
    ActivityDay,
    Campaign,
    Lead,
    LeadDay,
    LostReason,
    User,
)
from webapp.models.activity import LOGGABLE_KINDS
from webapp.models.lead import outcome_of
from webapp.reports.filters import ReportFilters
from webapp.reports.periods import numbers, sql_month_of_day, sql_number_list, sql_tenth, sql_week
from webapp.reports.tables import FUNNEL, Table, hours, share

PING_PONG = 3  # hand-offs of one lead from which it is being passed back and forth
HANDOFFS_LISTED = 5  # hand-offs per lead are counted 0 … 4 and "5+"


def first_callback(f: ReportFilters, names: dict) -> dict:
    """Hours from the contact request (the lead's creation) to the first call, e-mail or meeting.
    Percentiles need every value: lead_days keeps them per day and group, the database joins them
    into one list per day and owner."""
    rows = db.session.execute(
        select(LeadDay.day, LeadDay.owner_id, sql_number_list(LeadDay.callback_seconds))
        .where(*f.days(), LeadDay.callback_seconds.is_not(None)).group_by(LeadDay.day, LeadDay.owner_id))
    by_week, by_owner = defaultdict(list), defaultdict(list)
    for created, owner_id, joined in rows:
        taken = np.maximum(numbers(joined), 0.0) / 3600
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


@dataclass
class PeriodCounts:
    """The period's leads counted from lead_days: by month, source and campaign the leads that
    reached each funnel step at the furthest, and the leads by hand-offs (0 … 4, 5+)."""
    furthest: dict[tuple, Counter]  # (month, source, campaign id) → furthest stage → leads
    handoffs: Counter  # hand-offs (capped) → leads


def period_counts(f: ReportFilters) -> PeriodCounts:
    month = sql_month_of_day(LeadDay.day)
    group = (month, LeadDay.source, LeadDay.campaign_id)
    handed = [getattr(LeadDay, f"handoffs_{n}") for n in range(1, HANDOFFS_LISTED + 1)]
    rows = db.session.execute(
        select(*group, func.sum(LeadDay.leads), func.sum(LeadDay.prospects), func.sum(LeadDay.customers),
               func.sum(LeadDay.debtors), *[func.sum(column) for column in handed])
        .where(*f.days()).group_by(*group))
    furthest, handoffs = {}, Counter()
    for month_value, source, campaign_id, leads, prospects, customers, debtors, *handed_n in rows:
        furthest[month_value, source, campaign_id] = Counter(
            {"lead": leads - prospects, "prospect": prospects - customers, "customer": customers - debtors,
             "debtor": debtors})
        handoffs[0] += leads - sum(handed_n)
        for n, count in enumerate(handed_n, start=1):
            handoffs[n] += count
    return PeriodCounts(furthest, handoffs)


def handoffs(f: ReportFilters, counted: PeriodCounts) -> dict:
    counts = counted.handoffs
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


def funnel(f: ReportFilters, counted: PeriodCounts) -> dict:
    """Conversion lead → prospect → customer → debtor of the period's leads, by month of creation,
    source and campaign. A lead counts at every stage up to the furthest it has reached, also when
    it was lost later (leads.furthest_stage)."""
    columns = [_("Leads"), _("Prospects"), _("Customers"), _("Debtors"),
               _("Lead → prospect"), _("Prospect → customer"), _("Customer → debtor")]
    campaigns = dict(db.session.execute(select(Campaign.id, Campaign.name)).tuples().all())
    groups = {name: defaultdict(Counter) for name in ("funnel-by-month", "funnel-by-source", "funnel-by-campaign")}
    total = Counter()
    for (month_value, source, campaign_id), furthest in counted.furthest.items():
        groups["funnel-by-month"][month_value].update(furthest)
        groups["funnel-by-source"][source or ""].update(furthest)
        groups["funnel-by-campaign"][campaign_id or 0].update(furthest)
        total.update(furthest)
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
