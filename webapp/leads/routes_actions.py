"""Actions on leads: hand-offs, closing, materials, bulk changes. Refusals come back as messages.
(Contacts become leads in bulk through a preview and a batch: webapp.lead_batches.)"""

from datetime import datetime, timezone

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from webapp import labels
from webapp.contacts import services as contact_services
from webapp.contacts.forms import ActivityForm
from webapp.extensions import db
from webapp.forms_common import choices
from webapp.labels import stage_word
from webapp.leads import bp, lifecycle, materials, presenter, services
from webapp.leads.errors import LeadError
from webapp.leads.forms import BulkForm, PartnerForm
from webapp.models import LOGGABLE_KINDS, Lead, Material, Role, User


def _back(lead: Lead):
    return redirect(url_for("leads.detail", lead_id=lead.id))


def _acting_on(lead_id: int) -> Lead:
    """A lead the user works: answers, materials (a partner on the leads handed to them)."""
    lead = services.get_lead_for(current_user, lead_id)
    services.require_act(current_user, lead)
    return lead


def _steering(lead_id: int) -> Lead:
    """A lead the user moves on: assign, hand off, close, demote, reopen (never a partner)."""
    lead = services.get_lead_for(current_user, lead_id)  # first, so a guessed id learns nothing (404)
    services.require_steer(current_user, lead)
    return lead


def _run(lead: Lead, action, success):
    """Carry out one lifecycle action; a refusal is shown on the lead page, nothing changes.
    `success(result)` words the message once the action is done."""
    try:
        result = action()
    except LeadError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        flash(success(result), "success")
    return _back(lead)


@bp.post("/<int:lead_id>/hand-to-sales")
def hand_to_sales(lead_id: int):
    lead = _steering(lead_id)
    return _run(lead, lambda: lifecycle.hand_to_sales(lead, current_user),
                lambda owner: _("Handed to %(name)s in sales.", name=owner.name))


@bp.post("/<int:lead_id>/partner")
def hand_to_partner(lead_id: int):
    lead = _steering(lead_id)
    if not current_user.has_role(Role.SALES, Role.MARKETING):
        abort(403, _("Only sales and marketing hand leads to partners."))
    form = PartnerForm()
    partner = db.session.get(User, form.partner_id.data or 0)
    if partner is None:
        flash(_("Choose a sales partner."), "error")
        return _back(lead)
    return _run(lead, lambda: lifecycle.hand_to_partner(lead, partner, current_user),
                lambda _result: _("Handed to partner %(name)s.", name=partner.name))


@bp.post("/<int:lead_id>/assign")
def assign(lead_id: int):
    lead = _steering(lead_id)
    form = presenter.assign_form(lead, request.form)
    if form.validate_on_submit():
        owner = db.session.get(User, form.owner_id.data or 0)
        try:
            if owner is None:
                raise LeadError(_("Choose who takes the lead."))
            lifecycle.assign_to(lead, owner, current_user)
        except LeadError as exc:
            db.session.rollback()
            form.owner_id.errors.append(str(exc))
        else:
            flash(_("Assigned to %(name)s.", name=owner.name), "success")
            return _back(lead)
    context = presenter.detail(lead, current_user, datetime.now(timezone.utc), assign_form=form)
    return render_template("leads/detail.html", **context), 422


@bp.post("/<int:lead_id>/close")
def close(lead_id: int):
    lead = _steering(lead_id)
    form = presenter.close_form(request.form)
    if not form.validate_on_submit() or not form.reason_id.data:
        flash(_("Choose a reason from the list to close the lead."), "error")
        return _back(lead)
    return _run(lead, lambda: lifecycle.close_lost(lead, current_user, form.target.data, form.reason_id.data,
                                                   form.note.data),
                lambda _result: _("Lead closed as %(stage)s.", stage=stage_word(lead.stage)))


@bp.post("/<int:lead_id>/demote")
def demote(lead_id: int):
    lead = _steering(lead_id)
    return _run(lead, lambda: lifecycle.demote_to_contact(lead, current_user),
                lambda _result: _("Demoted: the person stays a plain contact."))


@bp.post("/<int:lead_id>/reopen")
def reopen(lead_id: int):
    lead = _steering(lead_id)
    return _run(lead, lambda: lifecycle.reopen(lead, current_user), lambda _result: _("Reopened as a lead."))


@bp.post("/<int:lead_id>/materials")
def send_material(lead_id: int):
    lead = _acting_on(lead_id)
    form = presenter.material_form(request.form)
    material = db.session.get(Material, form.material_id.data or 0)
    if not form.validate_on_submit() or material is None:
        flash(_("Choose a material."), "error")
        return _back(lead)
    try:
        materials.send_material(lead, material, current_user, confirm=form.confirm.data, note=form.note.data)
    except materials.AlreadySent as exc:
        # Ask, do not refuse: the page shows when it went out and a button to send anyway.
        context = presenter.detail(lead, current_user, datetime.now(timezone.utc), already_sent=exc,
                                   pending_material=material)
        return render_template("leads/detail.html", **context), 409
    flash(_("%(material)s logged as sent.", material=material.name), "success")
    return _back(lead)


@bp.post("/<int:lead_id>/activities")
def log_activity(lead_id: int):
    lead = services.get_lead_for(current_user, lead_id)
    form = ActivityForm()
    form.kind.choices = choices(labels.choices_of(labels.ACTIVITY_KINDS, [k.value for k in LOGGABLE_KINDS]))
    form.lead_id.choices = choices([(lead.id, lead.title)])
    form.lead_id.data = lead.id
    if form.validate_on_submit():
        contact_services.log_activity(lead.contact, current_user, form.kind.data, form.body.data,
                                      subject=form.subject.data, lead=lead, occurred_at=form.occurred_at.data)
        flash(_("Logged."), "success")
    else:
        flash(_("Write what happened before logging."), "error")
    return _back(lead)


@bp.post("/bulk")
def bulk():
    form = BulkForm()
    if not form.validate_on_submit():
        flash(_("Tick at least one lead and choose an action."), "error")
        return redirect(request.referrer or url_for("leads.index"))
    owner = db.session.get(User, form.owner_id.data or 0)
    done, refused = 0, []
    ticked = {lead.id: lead for lead in db.session.scalars(
        services.visible_leads(current_user).where(Lead.id.in_(form.lead_ids.data)))}
    for lead_id in form.lead_ids.data:
        lead = ticked.get(lead_id)
        if lead is None or not services.can_steer(current_user, lead):
            refused.append(_("#%(id)s: not yours to change", id=lead_id))
            continue
        try:
            if form.action.data == "assign":
                if owner is None:
                    raise LeadError(_("choose who takes the leads"))
                lifecycle.assign_to(lead, owner, current_user)
            else:
                lifecycle.hand_to_sales(lead, current_user)
            done += 1
        except LeadError as exc:
            db.session.rollback()
            refused.append(f"{lead.title}: {exc}")
    if done:
        flash(ngettext("%(num)d lead(s) updated.", "%(num)d lead(s) updated.", done), "success")
    for message in refused:
        flash(message, "error")
    return redirect(request.referrer or url_for("leads.index"))
