from flask import Blueprint
from flask_login import current_user

bp = Blueprint("lead_batches", __name__, url_prefix="/lead-batches")


@bp.before_request
def _marketing_and_admins_only():
    """Partners never learn that batches exist (404); other internal roles may not mark leads (403)."""
    from webapp.lead_batches.services import require_marketing

    require_marketing(current_user)


from webapp.lead_batches import routes, template_helpers  # noqa: E402,F401
