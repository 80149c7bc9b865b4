from flask import Blueprint

bp = Blueprint("users", __name__, url_prefix="/settings/users")

from webapp.users import routes  # noqa: E402,F401
