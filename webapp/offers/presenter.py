"""What the offer page shows, gathered in one place so routes stay thin."""

from datetime import datetime

from sqlalchemy import select

from webapp.extensions import db
from webapp.leads.lifecycle import missing_for
from webapp.models import LostReason, Offer, OfferStatus, Stage, User
from webapp.offers import catalogue, services
from webapp.offers.decisions import proposed_follow_up
from webapp.offers.forms import LineForm, OfferEditForm, OfferForm, RejectForm, SendForm, product_choices, reason_choices
from webapp.offers.money import compute_totals


def line_form(form_class: type[LineForm] = LineForm, **kw) -> LineForm:
    """The line form with today's catalogue; pass formdata=None for an empty one."""
    form = form_class(**kw)
    form.product_id.choices = product_choices(catalogue.active_products())
    return form


def reject_form(**kw) -> RejectForm:
    form = RejectForm(**kw)
    reasons = db.session.scalars(select(LostReason).where(LostReason.active.is_(True)).order_by(LostReason.label))
    form.reason_id.choices = reason_choices(reasons)
    return form


def lines_context(offer: Offer, user: User, form: LineForm | None = None, error: str | None = None) -> dict:
    editable = offer.status == OfferStatus.DRAFT and services.may_write(user)
    return {"offer": offer, "totals": compute_totals(offer.lines), "editable": editable,
            "line_form": (form or line_form(formdata=None)) if editable else None, "lines_error": error}


def detail(offer: Offer, user: User, now: datetime, *, header_form: OfferForm | None = None,
           line_form_: LineForm | None = None, reject: RejectForm | None = None,
           invoice_form=None, lines_error: str | None = None) -> dict:
    # Imported here: the invoices package builds on offers (numbers, errors) and imports it first.
    from webapp.invoices.forms import InvoiceForm
    from webapp.invoices.services import default_due, invoice_of, may_account

    lead, today = offer.lead, now.date()
    invoice = invoice_of(offer)
    accountable = offer.status == OfferStatus.ACCEPTED and invoice is None and may_account(user)
    if accountable and invoice_form is None:
        invoice_form = InvoiceForm(formdata=None, issued_on=today, due_on=default_due(today))
    return {
        **lines_context(offer, user, line_form_, lines_error),
        "lead": lead, "now": now, "can_write": services.may_write(user),
        "header_form": header_form or OfferEditForm(formdata=None, obj=offer),
        "send_form": SendForm(formdata=None, follow_up_on=proposed_follow_up(today)),
        "reject_form": reject or reject_form(formdata=None),
        "missing": missing_for(lead, Stage.PROSPECT) if lead.stage == Stage.LEAD else [],
        "lead_open": lead.is_open, "past_validity": bool(offer.valid_until and offer.valid_until < today),
        "previous": db.session.get(Offer, offer.previous_id) if offer.previous_id else None,
        "revision": services.revision_of(offer), "invoice": invoice,
        "invoice_form": invoice_form if accountable else None,
    }
