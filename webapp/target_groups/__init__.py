from flask import Blueprint
from flask_login import current_user

bp = Blueprint("target_groups", __name__, url_prefix="/campaigns/<int:campaign_id>/group")


@bp.before_request
def _partners_never_see_target_groups():
    from webapp.campaigns.services import refuse_partners

    refuse_partners(current_user)


from webapp.target_groups import routes, template_helpers  # noqa: E402,F401
