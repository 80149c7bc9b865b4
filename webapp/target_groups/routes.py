"""The target-group builder of a campaign (a plain GET form that htmx refreshes as criteria change),
saving the group, adding its contacts as members, and members' status in bulk."""

import json

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp import labels
from webapp.campaigns.navigation import back_to_members
from webapp.campaigns.services import get_campaign, may_edit
from webapp.htmx import is_partial
from webapp.models.campaign import MEMBER_STATUSES
from webapp.security import roles_required
from webapp.request_args import text_args
from webapp.storable import fits_int_column
from webapp.target_groups import bp, services
from webapp.target_groups.criteria import MAX_ROWS, PARTS, draft_from_args, draft_from_json
from webapp.target_groups.fields import available_fields

TEMPLATES = {"group-results": "target_groups/_results.html", "group-builder": "target_groups/_builder.html"}


def _typed_criteria(args: dict) -> bool:
    """Whether the query string holds criteria (else the builder starts from the saved group)."""
    return any(name in ("match", "add") or name.split("-")[0] in PARTS for name in args)


@bp.get("/")
def builder(campaign_id: int):
    campaign = get_campaign(campaign_id)
    fields = available_fields()
    args = text_args()
    if _typed_criteria(args):
        draft = draft_from_args(args, fields)
    else:
        draft = services.saved_draft(campaign, fields)
    group = draft.group
    stored = group.to_json() if group is not None else None
    template = next((t for target, t in TEMPLATES.items() if is_partial(target)), "target_groups/builder.html")
    response = make_response(render_template(
        template, campaign=campaign, fields=fields, draft=draft, preview=services.preview(group, fields) if group else None,
        criteria_json=json.dumps(stored) if stored else "", saved=stored is not None and stored == campaign.criteria,
        may_edit=may_edit(current_user), max_rows=MAX_ROWS, oob=template == TEMPLATES["group-results"]),
        422 if draft.errors else 200)
    response.headers.add("Vary", "HX-Request")
    return response


@bp.post("/save")
@roles_required("marketing")
def save(campaign_id: int):
    campaign = get_campaign(campaign_id)
    try:
        data = json.loads(request.form.get("criteria") or "")
    except ValueError:
        data = None
    draft = draft_from_json(data, available_fields()) if isinstance(data, dict) and data else None
    if draft is None or draft.group is None:
        flash(_("These criteria cannot be saved: %(problems)s",
                problems=" ".join(draft.errors.values()) if draft else _("none were given.")), "error")
        return redirect(url_for("target_groups.builder", campaign_id=campaign.id))
    services.save_group(campaign, draft.group)
    flash(_("Target group of “%(campaign)s” saved.", campaign=campaign.name), "success")
    return redirect(url_for("target_groups.builder", campaign_id=campaign.id))


@bp.post("/members")
@roles_required("marketing")
def add_members(campaign_id: int):
    campaign = get_campaign(campaign_id)
    try:
        done = services.add_from_group(campaign)
    except services.GroupError as error:
        flash(str(error), "error")
    else:
        flash(_("%(added)d contacts added from the target group, %(already)d were members already, %(skipped)d "
                "skipped: they may not be contacted.", added=done.added, already=done.already, skipped=done.skipped),
              "success")
    return redirect(url_for("campaigns.detail", campaign_id=campaign.id, _anchor="campaign-members"))


@bp.post("/members/status")
@roles_required("marketing")
def member_status(campaign_id: int):
    campaign = get_campaign(campaign_id)
    status = request.form.get("status", "")
    ids = [n for n in request.form.getlist("member_ids", type=int) if fits_int_column(n)]
    try:
        done = services.set_status_in_bulk(campaign, status, None if request.form.get("everyone") else ids,
                                           shown_status=request.form.get("shown") or None)
    except services.GroupError as error:
        flash(str(error), "error")
    else:
        message = _("%(n)d members set to “%(status)s”.", n=done.changed,
                    status=labels.member_status(status) if status in MEMBER_STATUSES else status)
        if done.skipped:
            message += " " + _("%(n)d left as they were: they may not be contacted.", n=done.skipped)
        flash(message, "success")
    return back_to_members(campaign.id)
