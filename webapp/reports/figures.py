"""The team lead's figures, computed from a ReportFilters and a moment without a request.

Figures about the period (leads created in it, whose() applied) are in period_figures, those about
now (the open leads whatever the period, windows passed) in now_figures. Python sees a few hundred
groups, never the period's leads. What a count must not recompute per request is kept when it
changes: on the lead its first contact, hand-off count and furthest stage; per day the leads
created (lead_days) and the activities logged (activity_days); breached windows when they end
(window_breaches). Each figure is a Table (webapp.reports.tables).
"""

from datetime import datetime

from webapp.reports import now_figures, period_figures
from webapp.reports.filters import ReportFilters
from webapp.reports.tables import Table, people

__all__ = ["Table", "report"]


def report(f: ReportFilters, now: datetime) -> dict:
    """Every figure of the reports page."""
    names, roles = people()
    counted, open_groups = period_figures.period_counts(f), now_figures.open_now(f, now)
    handed = period_figures.handoffs(f, counted)
    return {
        "created": handed["created"],
        "first_callback": period_figures.first_callback(f, names),
        "waiting": now_figures.waiting(f, names, open_groups),
        "breaches": now_figures.breaches(f, now, names, open_groups),
        "overdue": now_figures.overdue_now(f, names, open_groups),
        "handoffs": handed,
        "funnel": period_figures.funnel(f, counted),
        "funnel_names": now_figures.funnel_names(f, open_groups, roles),
        "win_rates": period_figures.win_rates(f),
        "pipeline": now_figures.pipeline(f, names, open_groups),
        "lost_reasons": period_figures.lost_reasons(f),
        "activities": period_figures.activities_per_rep(f, names),
    }
