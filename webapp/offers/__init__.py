from flask import Blueprint

bp = Blueprint("offers", __name__, url_prefix="/offers")

# URL ids stay within the database's INTEGER range: a larger one is a 404, not a database error.
ID = "int(max=2147483647)"

from webapp.offers import (  # noqa: E402,F401
    cli,
    jobs,
    routes,
    routes_actions,
    routes_catalogue,
    routes_pipeline,
    template_helpers,
)
