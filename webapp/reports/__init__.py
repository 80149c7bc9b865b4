"""The team lead's reports: KPIs of the team's leads with charts, each linked to its leads and
downloadable as CSV. Figures are computed from a ReportFilters without a request
(webapp.reports.figures), so a scheduled e-mail can reuse exactly the same numbers."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from webapp.reports import routes  # noqa: E402,F401
