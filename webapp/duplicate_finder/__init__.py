"""The duplicate finder and the merge screen (admin and marketing)."""

from flask import Blueprint

bp = Blueprint("duplicate_finder", __name__, url_prefix="/duplicates")

from webapp.duplicate_finder import routes  # noqa: E402,F401
