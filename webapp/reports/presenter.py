"""The report's charts and links, from its figures (webapp.reports.figures).

chart_series() names each chart's series once; the page draws them as SVG (report_charts) and the
weekly e-mail as PNG (webapp.reports.png), so both show the same numbers."""

from collections.abc import Callable
from dataclasses import dataclass

from urllib.parse import urlencode

from flask import g, url_for
from flask_babel import gettext as _

from webapp.formats import format_percent
from webapp.reports import charts
from webapp.reports.tables import Table


@dataclass(frozen=True)
class Chart:
    kind: str  # "bar" (one series, a bar per label) or "line" (one line per series)
    title: str
    desc: str
    labels: list[str]
    series: list[tuple[str, list[float | None]]]
    x_label: str
    y_label: str
    fmt: Callable[[float], str]
    table: Table  # the figures drawn; its links lead from a bar to its leads


def lead_link(args: dict | None) -> str | None:
    """The lead list with these arguments, encoded as url_for does; the page has hundreds of them and
    building each through the URL map cost a tenth of it."""
    if not args:
        return None
    if "reports_lead_list" not in g:
        g.reports_lead_list = url_for("leads.index")
    query = urlencode([(key, value) for key, value in args.items() if value is not None], safe="!$'()*,/:;?@")
    return f"{g.reports_lead_list}?{query}" if query else g.reports_lead_list


def _hours(value: float) -> str:
    return f"{value:g} h"


def _percent(value: float) -> str:
    return format_percent(value)


def chart_series(report: dict) -> dict[str, Chart]:
    """What each chart of the report shows, in the current language."""
    weeks: Table = report["first_callback"]["weeks"]
    funnel: Table = report["funnel"]["tables"]["funnel-by-month"]
    classes: Table = report["win_rates"]["classes"]
    deciles: Table = report["win_rates"]["deciles"]
    waiting: Table = report["waiting"]["owners"]

    def column(table: Table, index: int) -> list:
        return [row[index] for row in table.rows]

    return {
        "first_callback": Chart(
            "line", _("Time to first callback by week"),
            _("Median and 90th percentile of hours from the contact request to the first call, e-mail or "
              "meeting, by week of the request."),
            column(weeks, 0), [(_("Median"), column(weeks, 2)), (_("90th percentile"), column(weeks, 3))],
            _("Week of the request"), _("Hours"), _hours, weeks),
        "waiting": Chart(
            "bar", _("Leads waiting for a first contact"), _("Open leads nobody has contacted yet, by owner."),
            column(waiting, 0), [(_("Leads"), column(waiting, 1))], _("Owner"), _("Leads"), lambda v: f"{v:g}",
            waiting),
        "funnel": Chart(
            "line", _("Conversion by month of creation"),
            _("Share of the month's leads that became prospects, and of those prospects that became customers."),
            column(funnel, 0), [(_("Lead → prospect"), column(funnel, 5)), (_("Prospect → customer"), column(funnel, 6))],
            _("Month of creation"), _("Conversion"), _percent, funnel),
        "classes": Chart(
            "bar", _("Win rate by class"), _("Share of the closed leads of each class that were won."),
            column(classes, 0), [(_("Win rate"), column(classes, 3))], _("Class"), _("Win rate"), _percent, classes),
        "deciles": Chart(
            "bar", _("Win rate by close probability"),
            _("Share of the closed leads in each tenth of the close probability that were won; a score that "
              "means something rises from left to right."),
            column(deciles, 0), [(_("Win rate"), column(deciles, 3))], _("Close probability"), _("Win rate"),
            _percent, deciles),
    }


def report_charts(report: dict) -> dict:
    """The charts as SVG for the page; a bar links to its leads."""
    drawn = {}
    for key, chart in chart_series(report).items():
        if chart.kind == "bar":
            drawn[key] = charts.bar_chart(chart.title, chart.desc, chart.labels, chart.series[0][1],
                                          x_label=chart.x_label, y_label=chart.y_label, fmt=chart.fmt,
                                          links=[lead_link(link) for link in chart.table.links])
        else:
            drawn[key] = charts.line_chart(chart.title, chart.desc, chart.labels, chart.series,
                                           x_label=chart.x_label, y_label=chart.y_label, fmt=chart.fmt)
    return drawn
