"""Campaigns with their results as JSON. Partners get a 404, as on the campaign pages."""

from flask import g, jsonify, url_for
from flask_babel import gettext as _

from webapp.api import bp
from webapp.api.auth import token_required
from webapp.api.errors import ApiError
from webapp.campaigns.results import Results, results_for
from webapp.campaigns.services import campaign_results
from webapp.models import Role
from webapp.paging import MAX_PAGE
from webapp.request_args import InvalidArgument, bounded_int_arg, only_args

MAX_PER_PAGE = 200


def _number(value) -> float | None:
    return None if value is None else float(value)


def campaign_json(r: Results) -> dict:
    c = r.campaign
    return {
        "id": c.id, "name": c.name, "channel": c.channel, "status": c.status,
        "starts_on": c.starts_on.isoformat() if c.starts_on else None,
        "ends_on": c.ends_on.isoformat() if c.ends_on else None,
        "owner": {"id": c.owner.id, "name": c.owner.name} if c.owner else None,
        "budget": _number(c.budget), "cost": _number(r.cost),
        "members": r.members, "contacted": r.contacted, "responded": r.responded,
        "leads": r.leads, "won": r.won, "revenue": float(r.revenue),
        "cost_per_lead": _number(r.cost_per_lead), "cost_per_won": _number(r.cost_per_won),
        "return_on_spend": _number(r.return_on_spend),
        "url": url_for("campaigns.detail", campaign_id=c.id, _external=True),
    }


def _not_for_partners() -> None:
    if g.api_user.role == Role.PARTNER:
        raise ApiError(404, _("The requested URL was not found on the server. If you entered the URL manually "
                              "please check your spelling and try again."))


@bp.get("/campaigns")
@token_required
def campaigns():
    _not_for_partners()
    try:
        only_args({"page", "per_page"})
        page = bounded_int_arg("page", 1, 1, MAX_PAGE)
        per_page = bounded_int_arg("per_page", 50, 1, MAX_PER_PAGE)
    except InvalidArgument as exc:
        raise ApiError(400, str(exc)) from exc
    found = campaign_results("starts_on", "desc", page, per_page)
    return jsonify({"items": [campaign_json(r) for r in found.items], "page": found.page,
                    "pages": found.pages, "total": found.total})


@bp.get("/campaigns/<int:campaign_id>")
@token_required
def campaign(campaign_id: int):
    _not_for_partners()
    found = results_for(campaign_id)
    if found is None:
        raise ApiError(404, _("No such campaign."))
    return jsonify(campaign_json(found))
