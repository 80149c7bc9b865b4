"""Invoices from accepted offers, payments, and what is overdue.

An invoice is open until payments cover its gross amount (partly paid in between, then paid);
it is overdue while not paid after its due date. Creating one makes the lead a debtor and hands
it to accounting through the lead lifecycle.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from webapp.database import lock_for_update
from webapp.extensions import db
from webapp.leads import lifecycle
from webapp.leads.errors import LeadError
from webapp.models import (
    Activity,
    ActivityKind,
    Contact,
    Invoice,
    InvoiceStatus,
    Lead,
    Offer,
    OfferStatus,
    Payment,
    Role,
    Stage,
    User,
)
from webapp.notifications import events
from webapp.offers import numbering
from webapp.offers.document import recipient
from webapp.offers.errors import OfferError
from webapp.offers.labels import invoice_status_word, offer_status_word
from webapp.offers.money import format_amount
from webapp.offers.services import offer_settings, utcnow
from webapp.request_args import choice_arg
from webapp.visibility import on_visible_leads

UNPAID = (InvoiceStatus.OPEN, InvoiceStatus.PARTLY_PAID)
FILTERS = ("open", "overdue", "paid", "all")


class PaymentConflict(OfferError):
    """The invoice no longer takes this payment: it was paid meanwhile (by a colleague, or a second click)."""


def may_account(user: User) -> bool:
    return user.has_role(Role.ACCOUNTING)


def require_accounting(user: User) -> None:
    if not may_account(user):
        abort(403, _("Invoices and payments are recorded by accounting."))


def visible_invoices(user: User) -> Select:
    return select(Invoice).where(on_visible_leads(user, Invoice.lead_id))


def get_invoice_for(user: User, invoice_id: int) -> Invoice:
    return db.first_or_404(visible_invoices(user).where(Invoice.id == invoice_id),
                           description=_("No such invoice, or it is not shared with you."))


def invoice_of(offer: Offer) -> Invoice | None:
    return db.session.scalar(select(Invoice).where(Invoice.offer_id == offer.id,
                                                   Invoice.status != InvoiceStatus.CANCELLED))


def paid_amount(invoice: Invoice) -> Decimal:
    return invoice.amount_paid


def outstanding(invoice: Invoice) -> Decimal:
    return invoice.total_gross - invoice.amount_paid


def is_overdue(invoice: Invoice, today: date) -> bool:
    return invoice.status in UNPAID and invoice.due_on < today


def tell_overdue(today: date) -> int:
    """Accounting and each lead's owner hear of an invoice that became overdue, once per due date;
    the scheduler asks daily."""
    overdue = db.session.scalars(select(Invoice).where(Invoice.status.in_(UNPAID), Invoice.due_on < today)
                                 .options(joinedload(Invoice.lead)).order_by(Invoice.id)).all()
    for invoice in overdue:
        events.invoice_overdue(invoice)
    db.session.commit()
    return len(overdue)


def default_due(issued_on: date) -> date:
    return issued_on + timedelta(days=offer_settings()["invoice_due_days"])


def list_params() -> dict:
    """The list's filter from the query string: the list page and its export read it here."""
    return {"show": choice_arg("show", FILTERS, "open")}


def list_query(user: User, show: str, today: date) -> Select:
    """Every invoice of the list in its order (open ones by due date, the others newest first)."""
    query = (visible_invoices(user).join(Invoice.lead).join(Lead.contact)
             .options(joinedload(Invoice.lead).joinedload(Lead.contact).joinedload(Contact.organization)))
    if show == "open":
        query = query.where(Invoice.status.in_(UNPAID))
    elif show == "overdue":
        query = query.where(Invoice.status.in_(UNPAID), Invoice.due_on < today)
    elif show == "paid":
        query = query.where(Invoice.status == InvoiceStatus.PAID)
    order = Invoice.due_on.asc() if show in ("open", "overdue") else Invoice.issued_on.desc()
    return query.order_by(order, Invoice.id)


def list_invoices(user: User, show: str, today: date, page: int, per_page: int):
    return db.paginate(list_query(user, show, today), page=page, per_page=per_page, error_out=False)


def overdue_total(user: User, today: date):
    query = (visible_invoices(user).where(Invoice.status.in_(UNPAID), Invoice.due_on < today)
             .with_only_columns(func.count(Invoice.id), func.coalesce(func.sum(Invoice.total_gross), 0)))
    return db.session.execute(query).one()


def _history(invoice: Invoice, by: User, subject: str, body: str | None, now: datetime, event: str) -> None:
    db.session.add(Activity(contact_id=invoice.lead.contact_id, lead_id=invoice.lead_id, kind=ActivityKind.NOTE,
                            subject=subject, body=body, occurred_at=now, user_id=by.id,
                            details={"event": event, "invoice_id": invoice.id, "invoice": invoice.number}))


def create_invoice(offer: Offer, by: User, issued_on: date, due_on: date, now: datetime | None = None) -> Invoice:
    """Invoice an accepted offer once; the customer becomes a debtor, accounting takes over."""
    now = now or utcnow()
    if offer.status != OfferStatus.ACCEPTED:
        raise OfferError(_("Offer %(number)s is %(status)s; only an accepted offer is invoiced.", number=offer.number,
                           status=offer_status_word(offer.status)))
    existing = invoice_of(offer)
    if existing is not None:
        raise OfferError(_("Offer %(number)s is invoiced already (%(invoice)s).", number=offer.number,
                           invoice=existing.number))
    if due_on < issued_on:
        raise OfferError(_("The due date cannot lie before the invoice date."))
    lead = offer.lead
    invoice = Invoice(offer=offer, lead=lead, number=numbering.next_number(numbering.INVOICE, issued_on.year),
                      issued_on=issued_on, due_on=due_on, total_net=offer.total_net, total_tax=offer.total_tax,
                      total_gross=offer.total_gross, status=InvoiceStatus.OPEN, created_at=now,
                      issued_to=recipient(offer))
    db.session.add(invoice)
    db.session.flush()
    _history(invoice, by, f"Invoice {invoice.number} issued",
             f"{invoice.total_gross:,.2f} € due {due_on:%d %b %Y}.", now, "invoice_issued")
    try:
        if lead.stage == Stage.DEBTOR:  # a second order in the same project: already with accounting
            lead.paid_at = None  # money is owed again
            db.session.commit()
        else:
            lifecycle.make_debtor(lead, by, now, reason=f"Invoice {invoice.number} issued")
    except LeadError:
        db.session.rollback()
        raise
    except StaleDataError:
        db.session.rollback()
        raise OfferError(_("The lead was changed by someone else meanwhile; reload and try again.")) from None
    return invoice


def _all_paid(lead_id: int) -> bool:
    """No invoice of the project is left unpaid (a cancelled one owes nothing)."""
    db.session.flush()
    return not db.session.scalar(select(func.count(Invoice.id)).where(Invoice.lead_id == lead_id,
                                                                      Invoice.status.in_(UNPAID)))


def record_payment(invoice: Invoice, by: User, amount, paid_on: date, note: str | None = None,
                   now: datetime | None = None) -> Payment:
    """A payment received; the status follows what has been paid so far.

    The invoice row is locked and read afresh first, so two payments at once (two colleagues, or
    one double click) are checked one after the other against what is really outstanding; the
    database's check on the invoice refuses an overpayment should anything slip past.
    """
    now = now or utcnow()
    if amount <= 0:
        raise OfferError(_("Enter the amount received (more than 0)."))
    if paid_on > now.date():
        raise OfferError(_("A payment cannot be recorded for a future date."))
    invoice = lock_for_update(Invoice, invoice.id)
    if invoice.status not in UNPAID:
        raise PaymentConflict(_("Invoice %(number)s is %(status)s; nothing is due.", number=invoice.number,
                                status=invoice_status_word(invoice.status)))
    due = outstanding(invoice)
    if amount > due:
        raise OfferError(_("Only %(amount)s is outstanding on %(number)s; enter at most that.",
                           amount=format_amount(due), number=invoice.number))
    payment = Payment(invoice=invoice, amount=amount, paid_on=paid_on, note=note, recorded_by_id=by.id)
    db.session.add(payment)
    invoice.amount_paid += amount
    invoice.status = InvoiceStatus.PAID if amount == due else InvoiceStatus.PARTLY_PAID
    _history(invoice, by, f"Payment on invoice {invoice.number}",
             f"{amount:,.2f} € received on {paid_on:%d %b %Y}" + (f" ({note})" if note else "") + ".",
             now, "payment")
    if invoice.status == InvoiceStatus.PAID and _all_paid(invoice.lead_id):
        lifecycle.mark_paid(invoice.lead, by, now)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise PaymentConflict(_("Invoice %(number)s was paid meanwhile; nothing more is due.",
                                number=invoice.number)) from None
    return payment
