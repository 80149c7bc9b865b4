"""Invoices: the list (open, overdue, paid), issuing one from an accepted offer, payments."""

from datetime import datetime, timezone

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.paging import page_number
from webapp.extensions import db
from webapp.htmx import render
from webapp.invoices import bp, services
from webapp.invoices.forms import InvoiceForm, PaymentForm
from webapp.leads.errors import LeadError
from webapp.offers import presenter as offer_presenter
from webapp.offers.errors import OfferError
from webapp.offers.labels import invoice_status_word
from webapp.offers.services import get_offer_for
from webapp.security import roles_required


def _today():
    return datetime.now(timezone.utc).date()


def _detail(invoice, status: int = 200, form: PaymentForm | None = None):
    today = _today()
    form = form or PaymentForm(formdata=None, amount=services.outstanding(invoice), paid_on=today)
    return render_template("invoices/detail.html", invoice=invoice, form=form, today=today,
                           paid=services.paid_amount(invoice), outstanding=services.outstanding(invoice),
                           overdue=services.is_overdue(invoice, today),
                           can_account=services.may_account(current_user)), status


@bp.get("/")
@roles_required("accounting")
def index():
    show = services.list_params()["show"]
    today = _today()
    page = services.list_invoices(current_user, show, today, page_number(),
                                  current_app.config["PAGE_SIZE"])
    return render("invoices/index.html", "invoices/_results.html", target="invoice-results", page=page,
                  show=show, today=today, overdue=services.overdue_total(current_user, today),
                  filters=services.FILTERS, is_overdue=services.is_overdue, paid=services.paid_amount)


@bp.post("/from-offer/<int:offer_id>")
def create(offer_id: int):
    offer = get_offer_for(current_user, offer_id)  # first: 404 before 403
    services.require_accounting(current_user)
    form = InvoiceForm()
    if not form.validate_on_submit():
        context = offer_presenter.detail(offer, current_user, datetime.now(timezone.utc), invoice_form=form)
        return render_template("offers/detail.html", **context), 422
    try:
        invoice = services.create_invoice(offer, current_user, form.issued_on.data, form.due_on.data)
    except (OfferError, LeadError) as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("offers.detail", offer_id=offer.id))
    flash(_("Invoice %(number)s issued: the customer is a debtor now, with accounting.", number=invoice.number),
          "success")
    return redirect(url_for("invoices.detail", invoice_id=invoice.id))


@bp.get("/<int:invoice_id>")
def detail(invoice_id: int):
    return _detail(services.get_invoice_for(current_user, invoice_id))


@bp.post("/<int:invoice_id>/payments")
def add_payment(invoice_id: int):
    invoice = services.get_invoice_for(current_user, invoice_id)
    services.require_accounting(current_user)
    form = PaymentForm()
    if not form.validate_on_submit():
        return _detail(invoice, 422, form)
    try:
        services.record_payment(invoice, current_user, form.amount.data, form.paid_on.data, form.note.data)
    except OfferError as exc:
        db.session.rollback()
        form.form_errors.append(str(exc))
        return _detail(invoice, 409 if isinstance(exc, services.PaymentConflict) else 422, form)
    flash(_("Payment recorded; invoice %(number)s is %(status)s.", number=invoice.number,
            status=invoice_status_word(invoice.status)), "success")
    return redirect(url_for("invoices.detail", invoice_id=invoice.id))
