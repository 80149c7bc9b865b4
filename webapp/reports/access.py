"""Who reads the team's figures: team leads and admins. Partners are told nothing is here."""

from flask import abort
from flask_babel import gettext as _

from webapp.models import Role, User


def require_team_lead(user: User) -> None:
    if user.role == Role.PARTNER:
        abort(404)
    if not user.leads_team:
        abort(403, _("Only team leads and admins see the team's reports."))
