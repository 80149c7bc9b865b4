"""Marking contacts as leads: the preview, the one commit of a batch, the batch pages and the revert."""

import secrets

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from webapp.extensions import db
from webapp.lead_batches import bp, services
from webapp.lead_batches.creation import commit_plan
from webapp.lead_batches.forms import BatchForm
from webapp.lead_batches.planning import Options, Plan, Skip, make_plan
from webapp.lead_batches.revert import KEPT, AlreadyReverted, revert_batch, revert_preview
from webapp.leads.errors import LeadError
from webapp.leads.presenter import campaign_choices
from webapp.paging import page_number, page_size


def _form() -> BatchForm:
    form = BatchForm()
    form.campaign_id.choices = campaign_choices()
    return form


def _selection(form: BatchForm):
    """The contacts the form names, in order, and the campaign whose members they are (or None)."""
    if form.members_of.data:
        campaign = services.get_campaign(form.members_of.data)
        ticked = None if form.scope.data == "all" else form.member_ids.data
        return services.member_contact_ids(campaign, ticked), campaign
    return list(form.contact_ids.data or []), None


def _options(form: BatchForm) -> Options:
    campaign_id = form.campaign_id.data or None
    return Options(title=form.title.data, campaign_id=campaign_id,
                   source=form.source.data or ("campaign" if campaign_id else None),
                   expected_value=form.expected_value.data)


def _page(form: BatchForm, selected: int, members_of, plan: Plan | None = None, status: int = 200, **context):
    """The preview: the options, and with a plan its new leads and skipped contacts, under a new token."""
    if plan is not None:
        form.token.data, form.fingerprint.data = secrets.token_hex(16), plan.fingerprint
    return render_template("lead_batches/preview.html", form=form, plan=plan, selected=selected,
                           members_of=members_of, **context), status


@bp.post("/preview")
def preview():
    form = _form()
    contact_ids, campaign = _selection(form)
    if campaign is not None and "title" not in request.form:  # from the campaign page: its defaults
        form.title.data, form.campaign_id.data, form.source.data = campaign.name, campaign.id, "campaign"
    elif not form.validate_on_submit():
        return _page(form, len(contact_ids), campaign, status=422)
    if not contact_ids:
        form.form_errors.append(_("Tick at least one contact or member."))
        return _page(form, 0, campaign, status=422)
    return _page(form, len(contact_ids), campaign, make_plan(current_user, contact_ids, _options(form)))


@bp.post("/create")
def create():
    form = _form()
    contact_ids, campaign = _selection(form)
    if not form.validate_on_submit() or not contact_ids or not form.token.data:
        return _page(form, len(contact_ids), campaign, status=422)
    options = _options(form)
    try:
        outcome = commit_plan(current_user, contact_ids, options, form.token.data, form.fingerprint.data or "")
    except LeadError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _page(form, len(contact_ids), campaign, make_plan(current_user, contact_ids, options), 409)
    if outcome.kind == "changed":
        return _page(form, len(contact_ids), campaign, outcome.plan, 409, changed=True)
    batch = outcome.batch
    if outcome.kind == "exists":
        flash(_("This preview was committed already; here is its batch. Nothing was created twice."), "info")
    else:
        flash(ngettext("%(num)d lead created.", "%(num)d leads created.", batch.created_count), "success")
    return redirect(url_for("lead_batches.detail", batch_id=batch.id))


@bp.get("/")
def index():
    return render_template("lead_batches/index.html", page=services.batches_page(page_number(), page_size()))


@bp.get("/<int:batch_id>")
def detail(batch_id: int):
    batch = services.get_batch(batch_id)
    return render_template("lead_batches/detail.html", batch=batch, kept_reasons=KEPT,
                           skipped=[Skip(**row) for row in batch.skipped or []],
                           items=services.items_page(batch, page_number(), page_size()))


@bp.get("/<int:batch_id>/revert")
def confirm_revert(batch_id: int):
    batch = services.get_batch(batch_id)
    if batch.reverted_at is not None:
        return _reverted_already(batch)
    deleting, kept = revert_preview(batch)
    return render_template("lead_batches/revert.html", batch=batch, deleting=deleting, kept=kept,
                           kept_reasons=KEPT)


@bp.post("/<int:batch_id>/revert")
def revert(batch_id: int):
    services.get_batch(batch_id)
    try:
        batch = revert_batch(batch_id, current_user)
    except AlreadyReverted as exc:
        return _reverted_already(exc.batch)
    flash(_("Batch reverted: %(deleted)s leads deleted, %(kept)s kept.", deleted=batch.deleted_count,
            kept=batch.kept_count), "success")
    return redirect(url_for("lead_batches.detail", batch_id=batch.id))


def _reverted_already(batch):
    flash(_("This batch was reverted already."), "info")
    return redirect(url_for("lead_batches.detail", batch_id=batch.id))
