"""Notifications: what the app tells each person (a bell in the header, a list, e-mail at once or
as a daily digest). Domains report events through webapp.notifications.events."""

from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

from webapp.notifications import routes  # noqa: E402,F401
