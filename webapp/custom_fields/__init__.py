"""Typed custom fields of contacts and organizations: admins define them (Settings → Custom
fields), forms and detail pages show them, lists and target groups filter on them."""

from flask import Blueprint

bp = Blueprint("custom_fields", __name__, url_prefix="/settings/fields")

from webapp.custom_fields import routes  # noqa: E402,F401
