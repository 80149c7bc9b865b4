from flask import Blueprint
from flask_login import current_user

bp = Blueprint("campaigns", __name__, url_prefix="/campaigns")


@bp.before_request
def _partners_never_see_campaigns():
    from webapp.campaigns.services import refuse_partners

    refuse_partners(current_user)


from webapp.campaigns import routes, template_helpers  # noqa: E402,F401
