"""The report's charts and links, from its figures (webapp.reports.figures)."""

from urllib.parse import urlencode

from flask import g, url_for
from flask_babel import gettext as _

from webapp.formats import format_percent
from webapp.reports import charts
from webapp.reports.figures import Table


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


def report_charts(report: dict) -> dict:
    weeks: Table = report["first_callback"]["weeks"]
    funnel: Table = report["funnel"]["tables"]["funnel-by-month"]
    classes: Table = report["win_rates"]["classes"]
    deciles: Table = report["win_rates"]["deciles"]
    waiting: Table = report["waiting"]["owners"]
    return {
        "first_callback": charts.line_chart(
            _("Time to first callback by week"),
            _("Median and 90th percentile of hours from the contact request to the first call, e-mail or "
              "meeting, by week of the request."),
            [row[0] for row in weeks.rows],
            [(_("Median"), [row[2] for row in weeks.rows]), (_("90th percentile"), [row[3] for row in weeks.rows])],
            x_label=_("Week of the request"), y_label=_("Hours"), fmt=_hours),
        "waiting": charts.bar_chart(
            _("Leads waiting for a first contact"), _("Open leads nobody has contacted yet, by owner."),
            [row[0] for row in waiting.rows], [row[1] for row in waiting.rows],
            x_label=_("Owner"), y_label=_("Leads"), links=[lead_link(link) for link in waiting.links]),
        "funnel": charts.line_chart(
            _("Conversion by month of creation"),
            _("Share of the month's leads that became prospects, and of those prospects that became customers."),
            [row[0] for row in funnel.rows],
            [(_("Lead → prospect"), [row[5] for row in funnel.rows]),
             (_("Prospect → customer"), [row[6] for row in funnel.rows])],
            x_label=_("Month of creation"), y_label=_("Conversion"), fmt=lambda v: format_percent(v)),
        "classes": charts.bar_chart(
            _("Win rate by class"), _("Share of the closed leads of each class that were won."),
            [row[0] for row in classes.rows], [row[3] for row in classes.rows],
            x_label=_("Class"), y_label=_("Win rate"), fmt=lambda v: format_percent(v),
            links=[lead_link(link) for link in classes.links]),
        "deciles": charts.bar_chart(
            _("Win rate by close probability"),
            _("Share of the closed leads in each tenth of the close probability that were won; a score that "
              "means something rises from left to right."),
            [row[0] for row in deciles.rows], [row[3] for row in deciles.rows],
            x_label=_("Close probability"), y_label=_("Win rate"), fmt=lambda v: format_percent(v),
            links=[lead_link(link) for link in deciles.links]),
    }
