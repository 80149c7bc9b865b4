from flask import Blueprint

bp = Blueprint("contacts", __name__, url_prefix="/contacts")

from webapp.contacts import routes, template_helpers  # noqa: E402,F401
