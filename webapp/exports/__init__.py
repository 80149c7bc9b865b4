"""Export of every list (leads, contacts, organizations, offers, invoices) as CSV and XLSX."""

from flask import Blueprint

bp = Blueprint("exports", __name__, url_prefix="/export")

from webapp.exports import routes  # noqa: E402,F401
