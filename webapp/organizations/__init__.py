from flask import Blueprint

bp = Blueprint("organizations", __name__, url_prefix="/organizations")

from webapp.organizations import routes  # noqa: E402,F401
