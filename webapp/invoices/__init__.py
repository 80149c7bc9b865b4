from flask import Blueprint

bp = Blueprint("invoices", __name__, url_prefix="/invoices")

from webapp.invoices import routes, worklists  # noqa: E402,F401
