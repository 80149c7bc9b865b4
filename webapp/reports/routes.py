"""/reports: the team's KPIs for team leads and admins, filtered by a plain GET form."""

from datetime import datetime, timezone

from flask import Response, abort, render_template
from flask_login import current_user
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Campaign, Role, User
from webapp.reports import bp, charts, figures, filters, presenter
from webapp.reports.access import require_team_lead
from webapp.reports.export import table_csv, tables_of
from webapp.request_args import text_arg


# The model page's ROC and reliability plots and the portfolio scatter are drawn with the same charts.
for helper in (charts.xy_plot, charts.nice_ticks, charts.percent_ticks):
    bp.add_app_template_global(helper)


@bp.before_request
def team_leads_only():
    require_team_lead(current_user)


def _report():
    now = datetime.now(timezone.utc)
    chosen = filters.parse({key: text_arg(key) for key in filters.ARGS}, now.date())
    return chosen, figures.report(chosen, now)


@bp.get("/")
def index():
    chosen, report = _report()
    owners = db.session.scalars(select(User).where(User.role != Role.PARTNER).order_by(User.name))
    campaigns = db.session.scalars(select(Campaign).order_by(Campaign.name))
    return render_template("reports/index.html", filters=chosen, report=report, owners=list(owners),
                           campaigns=list(campaigns), roles=filters.ROLES, charts=presenter.report_charts(report),
                           lead_link=presenter.lead_link)


@bp.get("/<name>.csv")
def table(name: str):
    chosen, report = _report()
    found = tables_of(report).get(name)
    if found is None:
        abort(404)
    stamp = f"{chosen.start:%Y%m%d}-{chosen.end:%Y%m%d}"
    return Response(table_csv(found), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={name}-{stamp}.csv"})
