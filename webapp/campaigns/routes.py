"""Campaign pages: the list with results, one campaign with its members, and the form."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.campaigns import bp, services
from webapp.campaigns.navigation import back_to_members
from webapp.campaigns.forms import AddMemberForm, CampaignForm, JoinCampaignForm, MemberStatusForm
from webapp.campaigns.results import results_for
from webapp.consent.services import may_contact
from webapp.contacts.services import get_contact_for
from webapp.forms_common import choices
from webapp.htmx import render
from webapp.models.campaign import MEMBER_STATUSES
from webapp.paging import page_number, page_size
from webapp.request_args import choice_arg, text_arg
from webapp.security import roles_required


@bp.get("/")
def index():
    sort = choice_arg("sort", services.SORTS, services.DEFAULT_SORT)
    direction = choice_arg("dir", ("asc", "desc"), "desc")
    page = services.campaign_results(sort, direction, page_number(), page_size())
    return render("campaigns/index.html", "campaigns/_list.html", target="campaign-list", page=page, sort=sort,
                  direction=direction, may_edit=services.may_edit(current_user))


@bp.get("/<int:campaign_id>")
def detail(campaign_id: int):
    campaign = services.get_campaign(campaign_id)
    q, status = text_arg("q"), choice_arg("status", MEMBER_STATUSES)
    return render_template("campaigns/detail.html", campaign=campaign, results=results_for(campaign.id),
                           members=services.members_page(campaign, page_number(), page_size(), status),
                           member_status_filter=status,
                           q=q, found=services.find_contacts(campaign, q), statuses=MEMBER_STATUSES,
                           may_edit=services.may_edit(current_user))


def _form(campaign=None) -> CampaignForm:
    form = CampaignForm(obj=campaign)
    form.owner_id.choices = choices([(0, _("— nobody —")), *services.owner_choices()])
    if campaign is None and request.method == "GET":
        form.owner_id.data = current_user.id
    return form


def _data(form: CampaignForm) -> dict:
    return {name: getattr(form, name).data for name in services.EDITABLE}


@bp.route("/new", methods=["GET", "POST"])
@roles_required("marketing")
def create():
    form = _form()
    if form.validate_on_submit():
        campaign = services.save_campaign(None, _data(form), current_user)
        flash(_("Campaign “%(name)s” created.", name=campaign.name), "success")
        return redirect(url_for("campaigns.detail", campaign_id=campaign.id))
    return render_template("campaigns/form.html", form=form, campaign=None), 422 if form.errors else 200


@bp.route("/<int:campaign_id>/edit", methods=["GET", "POST"])
@roles_required("marketing")
def edit(campaign_id: int):
    campaign = services.get_campaign(campaign_id)
    form = _form(campaign)
    if form.validate_on_submit():
        services.save_campaign(campaign, _data(form), current_user)
        flash(_("Campaign “%(name)s” saved.", name=campaign.name), "success")
        return redirect(url_for("campaigns.detail", campaign_id=campaign.id))
    return render_template("campaigns/form.html", form=form, campaign=campaign), 422 if form.errors else 200


@bp.post("/<int:campaign_id>/members")
@roles_required("marketing")
def add_member(campaign_id: int):
    campaign = services.get_campaign(campaign_id)
    form = AddMemberForm()
    if form.validate_on_submit():
        _added(campaign, get_contact_for(current_user, form.contact_id.data))
    else:
        flash(_("Choose a contact to add."), "error")
    return redirect(url_for("campaigns.detail", campaign_id=campaign.id))


@bp.post("/join/<int:contact_id>")
@roles_required("marketing")
def join(contact_id: int):
    """From the contact page: put the contact on a campaign, then back to the contact."""
    contact = get_contact_for(current_user, contact_id)
    form = JoinCampaignForm()
    form.campaign_id.choices = choices(services.campaigns_to_join(contact.id))
    if form.validate_on_submit():
        _added(services.get_campaign(form.campaign_id.data), contact)
    else:
        flash(_("Choose a campaign the contact is not on yet."), "error")
    return redirect(url_for("contacts.detail", contact_id=contact.id))


def _added(campaign, contact) -> None:
    try:
        services.add_member(campaign, contact)
    except services.CampaignError as error:
        flash(str(error), "error")
    else:
        flash(_("%(name)s added to “%(campaign)s”.", name=contact.full_name, campaign=campaign.name), "success")
        if not may_contact(contact):
            flash(_("%(name)s may not be contacted (do not contact, or consent refused): marking as leads and "
                    "the bulk status leave them out.", name=contact.full_name), "warning")


@bp.post("/<int:campaign_id>/members/<int:member_id>/status")
@roles_required("marketing")
def member_status(campaign_id: int, member_id: int):
    campaign = services.get_campaign(campaign_id)
    member = services.get_member(campaign, member_id)
    form = MemberStatusForm()
    if form.validate_on_submit():
        try:
            services.set_member_status(member, form.status.data)
        except services.CampaignError as error:
            flash(str(error), "error")
        else:
            flash(_("Status of %(name)s saved.", name=member.contact.full_name), "success")
    else:
        flash(_("Choose one of the offered statuses."), "error")
    return _back(campaign.id, member.contact_id)


@bp.post("/<int:campaign_id>/members/<int:member_id>/remove")
@roles_required("marketing")
def remove_member(campaign_id: int, member_id: int):
    campaign = services.get_campaign(campaign_id)
    member = services.get_member(campaign, member_id)
    name, contact_id = member.contact.full_name, member.contact_id
    services.remove_member(member)
    flash(_("%(name)s removed from “%(campaign)s”.", name=name, campaign=campaign.name), "success")
    return _back(campaign.id, contact_id)


def _back(campaign_id: int, contact_id: int):
    """Back to the page the change was made on: the contact's or the campaign's (same members page)."""
    if request.form.get("back") == "contact":
        return redirect(url_for("contacts.detail", contact_id=contact_id))
    return back_to_members(campaign_id)
