from flask import Blueprint, abort
from flask_login import current_user

from webapp.models import Role

bp = Blueprint("materials", __name__, url_prefix="/materials")


@bp.before_request
def _partners_never_see_the_catalogue():
    if current_user.role == Role.PARTNER:
        abort(404)


from webapp.materials import routes  # noqa: E402,F401
