"""Where a change to a campaign's members leads back to: the members as they were shown."""

from flask import redirect, request, url_for

from webapp.models.campaign import MEMBER_STATUSES


def back_to_members(campaign_id: int):
    """The campaign page at the members' page and status filter the form came from (hidden
    fields `page` and `shown`), so a change does not lose the list the user was working through."""
    page = request.form.get("page", type=int)
    shown = request.form.get("shown")
    return redirect(url_for("campaigns.detail", campaign_id=campaign_id, page=page if page and page > 1 else None,
                            status=shown if shown in MEMBER_STATUSES else None, _anchor="campaign-members"))
