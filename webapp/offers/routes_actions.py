"""Offer decisions (send, accept, reject, revise) and the printable offer as HTML and PDF.

A refusal, whether by the offer's rules or by the lead lifecycle (e.g. BANT incomplete before the
lead may become a prospect), comes back as a message on the offer page; nothing changes.
"""

from datetime import datetime, timezone

from flask import flash, make_response, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from webapp.leads.errors import HandoffBlocked, LeadError
from webapp.offers import bp, decisions, presenter, services
from webapp.offers.document import offer_document
from webapp.offers.errors import OfferError
from webapp.offers.forms import SendForm
from webapp.offers.pdf import offer_pdf
from webapp.offers.routes import back_to, offer_page, offer_to_write


def _run(offer, action, success: str):
    try:
        action()
    except HandoffBlocked as exc:
        flash(_("Not sent: sending makes the lead a prospect. %(reason)s Complete them on the lead page.", reason=exc),
              "error")
    except (OfferError, LeadError) as exc:
        flash(str(exc), "error")
    else:
        flash(success, "success")
    return back_to(offer)


@bp.post("/<int:offer_id>/send")
def send(offer_id: int):
    offer = offer_to_write(offer_id)
    form = SendForm()
    if not form.validate_on_submit():
        flash(_("Enter the follow-up date as a date, or leave it empty."), "error")
        return back_to(offer)
    return _run(offer, lambda: decisions.send_offer(offer, current_user, form.follow_up_on.data),
                _("Offer %(number)s sent; the history has it and a follow-up is set.", number=offer.number))


@bp.post("/<int:offer_id>/accept")
def accept(offer_id: int):
    offer = offer_to_write(offer_id)
    return _run(offer, lambda: decisions.accept_offer(offer, current_user),
                _("Offer %(number)s accepted: the lead is a customer now, with customer service.", number=offer.number))


@bp.post("/<int:offer_id>/reject")
def reject(offer_id: int):
    offer = offer_to_write(offer_id)
    form = presenter.reject_form()
    if not form.validate_on_submit():
        return offer_page(offer, 422, reject=form)
    return _run(offer, lambda: decisions.reject_offer(offer, current_user, form.reason_id.data or None,
                                                      form.note.data, form.close_lead.data),
                _("Offer %(number)s marked rejected.", number=offer.number))


@bp.post("/<int:offer_id>/revise")
def revise(offer_id: int):
    offer = offer_to_write(offer_id)
    try:
        revision = services.revise(offer, current_user)
    except OfferError as exc:
        flash(str(exc), "error")
        return back_to(offer)
    flash(_("Revision %(revision)s drafted as %(number)s; %(previous)s stays as it was sent.",
            revision=revision.revision, number=revision.number, previous=offer.number), "success")
    return redirect(url_for("offers.detail", offer_id=revision.id))


@bp.get("/<int:offer_id>/print")
def printable(offer_id: int):
    doc = offer_document(services.get_offer_for(current_user, offer_id))
    with force_locale(doc.language):  # the customer's language, as the PDF
        return render_template("offers/print.html", doc=doc, now=datetime.now(timezone.utc))


@bp.get("/<int:offer_id>/pdf")
def pdf(offer_id: int):
    doc = offer_document(services.get_offer_for(current_user, offer_id))
    response = make_response(offer_pdf(doc))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{doc.offer.number}.pdf"'
    return response
