from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.paging import page_number
from webapp.request_args import text_arg
from webapp.custom_fields.definitions import fields_for
from webapp.custom_fields.forms import inputs, prepare, stored_values, with_custom_fields
from webapp.custom_fields.records import shown_values
from webapp.duplicates.matching import organization_candidates
from webapp.htmx import render
from webapp.organizations import bp, services
from webapp.locking import EditConflict
from webapp.organizations.forms import OrganizationEditForm, OrganizationForm
from webapp.security import roles_required

INTERNAL = ("marketing", "sales", "service", "accounting")


@bp.get("/")
def index():
    params = services.list_params()
    page = services.search_organizations(current_user, **params, page=page_number(),
                                         per_page=current_app.config["PAGE_SIZE"])
    fields = fields_for("organization")
    return render("organizations/index.html", "organizations/_results.html", target="organization-results",
                  page=page, filter_fields=fields, list_fields=[f for f in fields if f.in_list], **params)


def _form(organization=None) -> OrganizationForm:
    fields = fields_for("organization")
    form_class = with_custom_fields(OrganizationForm if organization is None else OrganizationEditForm, fields)
    form = form_class() if organization is None else form_class(obj=organization)
    prepare(form, fields, organization.custom if organization else None, show_stored=request.method == "GET")
    form.custom_fields = inputs(form, fields)
    return form


def _save(form: OrganizationForm, organization=None):
    if services.name_taken(form.name.data, organization.id if organization else None):
        form.name.errors.append(_("An organization with this name exists already."))
        return None
    version = form.version.data if organization else None
    data = {**form.data, "custom": stored_values(form, fields_for("organization"),
                                                 organization.custom if organization else None)}
    return services.save_organization(organization, data, current_user, version)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*INTERNAL)
def create():
    form = _form()
    if form.validate_on_submit():
        # The same name is refused outright (_save); anything else alike asks to confirm first.
        confirmed = form.allow_duplicate.data or services.name_taken(form.name.data)
        candidates = [] if confirmed else organization_candidates(form.data, current_user)
        if candidates:  # nothing is saved yet: the same form asks, with what was typed
            return render_template("organizations/form.html", form=form, organization=None, candidates=candidates)
        if organization := _save(form):
            flash(_("Organization %(name)s created.", name=organization.name), "success")
            return redirect(url_for("organizations.detail", organization_id=organization.id))
    status = 422 if form.errors else 200
    return render_template("organizations/form.html", form=form, organization=None), status


@bp.get("/check/duplicates")
def check_duplicates():
    """While typing a new organization: the likely duplicates of what the form holds so far."""
    values = {name: text_arg(name)[:200] for name in ("name", "phone", "website")}
    return render_template("duplicates/_warning.html", kind="organization",
                           candidates=organization_candidates(values, current_user))


@bp.route("/<int:organization_id>/edit", methods=["GET", "POST"])
@roles_required(*INTERNAL)
def edit(organization_id: int):
    organization = services.get_organization_for(current_user, organization_id)
    form, status = _form(organization), 422
    try:
        if form.validate_on_submit() and _save(form, organization):
            flash(_("Changes saved."), "success")
            return redirect(url_for("organizations.detail", organization_id=organization.id))
    except EditConflict as conflict:
        status = form.report_conflict(conflict)
    status = status if form.errors else 200
    return render_template("organizations/form.html", form=form, organization=organization), status


@bp.get("/<int:organization_id>")
def detail(organization_id: int):
    organization = services.get_organization_for(current_user, organization_id)
    return render_template("organizations/detail.html", organization=organization,
                           contacts=services.contacts_of(organization, current_user),
                           custom_values=shown_values("organization", organization.custom))
