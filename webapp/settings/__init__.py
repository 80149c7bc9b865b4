from flask import Blueprint

bp = Blueprint("settings", __name__, url_prefix="/settings")

from webapp.settings import company, data, routes, scoring, weekly_report  # noqa: E402,F401
