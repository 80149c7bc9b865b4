from flask import Blueprint

bp = Blueprint("offers", __name__, url_prefix="/offers")

from webapp.offers import (  # noqa: E402,F401
    cli,
    routes,
    routes_actions,
    routes_catalogue,
    routes_pipeline,
    template_helpers,
)
