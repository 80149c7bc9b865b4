from flask import Blueprint

bp = Blueprint("leads", __name__, url_prefix="/leads")

from webapp.leads import routes, routes_actions  # noqa: E402,F401
