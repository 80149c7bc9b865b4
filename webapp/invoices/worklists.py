"""Accounting's worklists on My queue: accepted offers still to invoice, and overdue invoices.
Template globals, so the queue page shows them without the leads package knowing invoices."""

from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import exists
from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.invoices import bp
from webapp.invoices.services import UNPAID, may_account, visible_invoices
from webapp.models import Contact, Invoice, InvoiceStatus, Lead, Offer, OfferStatus, User
from webapp.offers.services import visible_offers

LIMIT = 50


@dataclass(frozen=True)
class AccountingLists:
    to_invoice: list[Offer]
    overdue: list[Invoice]


def offers_to_invoice(user: User) -> list[Offer]:
    """Accepted offers without an invoice (a cancelled one does not count), oldest decision first."""
    invoiced = exists().where(Invoice.offer_id == Offer.id, Invoice.status != InvoiceStatus.CANCELLED)
    query = (visible_offers(user).where(Offer.status == OfferStatus.ACCEPTED, ~invoiced)
             .options(joinedload(Offer.lead).joinedload(Lead.contact).joinedload(Contact.organization))
             .order_by(Offer.decided_at, Offer.id))
    return list(db.session.scalars(query.limit(LIMIT)))


def overdue_invoices(user: User, today: date) -> list[Invoice]:
    query = (visible_invoices(user).where(Invoice.status.in_(UNPAID), Invoice.due_on < today)
             .options(joinedload(Invoice.lead).joinedload(Lead.contact))
             .order_by(Invoice.due_on, Invoice.id))
    return list(db.session.scalars(query.limit(LIMIT)))


@bp.app_template_global()
def accounting_worklists(user: User) -> AccountingLists | None:
    """None for users who do not keep the books: the queue then shows no accounting lists."""
    if not may_account(user):
        return None
    return AccountingLists(offers_to_invoice(user), overdue_invoices(user, datetime.now(timezone.utc).date()))
