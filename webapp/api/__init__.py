"""JSON API under /api/v1: token auth, one error shape, no CSRF (no cookies are used)."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from webapp.api import campaigns, errors, routes  # noqa: E402,F401
