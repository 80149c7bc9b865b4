"""Invoices from accepted offers make the customer a debtor with accounting; payments settle them."""

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from webapp.models import Activity, ActivityKind, InvoiceStatus, OfferStatus, Stage
from webapp.invoices import services
from webapp.offers.errors import OfferError
from tests.factories import make_lead, make_offer, make_user

NOW = datetime(2026, 4, 1, 10, 0, tzinfo=timezone.utc)
D = Decimal


@pytest.fixture
def accountant(db):
    return make_user("accounting", name="Anton")


@pytest.fixture
def accepted(db):
    service = make_user("service")
    lead = make_lead(stage=Stage.CUSTOMER, owner_id=service.id)
    return make_offer(lead, status=OfferStatus.ACCEPTED,
                      lines=[("Consulting day", "2", "1150.00", "19"), ("Handbook", "3", "34.90", "7")])


def _invoice(offer, accountant, issued=date(2026, 4, 1), due=date(2026, 4, 15)):
    return services.create_invoice(offer, accountant, issued, due, now=NOW)


def test_invoicing_makes_a_debtor_with_accounting_and_copies_the_amounts(db, accountant, accepted):
    invoice = _invoice(accepted, accountant)
    lead = accepted.lead
    assert invoice.number == "R-2026-0001" and invoice.status == InvoiceStatus.OPEN
    assert (invoice.total_net, invoice.total_tax, invoice.total_gross) == (D("2404.70"), D("444.33"), D("2849.03"))
    assert lead.stage == Stage.DEBTOR and lead.owner == accountant
    kinds = [(a.kind, a.details.get("to") or a.details.get("to_role") or a.details.get("event"))
             for a in db.session.query(Activity).filter_by(lead_id=lead.id).order_by(Activity.id)]
    assert kinds == [(ActivityKind.NOTE, "invoice_issued"), (ActivityKind.STAGE_CHANGE, "debtor"),
                     (ActivityKind.HANDOFF, "accounting")]


@pytest.mark.parametrize("status", [OfferStatus.DRAFT, OfferStatus.SENT, OfferStatus.REJECTED, OfferStatus.EXPIRED])
def test_only_accepted_offers_are_invoiced(db, accountant, status):
    offer = make_offer(make_lead(stage=Stage.PROSPECT), status=status)
    with pytest.raises(OfferError, match="only an accepted offer"):
        _invoice(offer, accountant)


def test_an_offer_is_invoiced_once_and_due_dates_follow_the_invoice_date(db, accountant, accepted):
    with pytest.raises(OfferError, match="due date cannot lie before"):
        _invoice(accepted, accountant, due=date(2026, 3, 1))
    first = _invoice(accepted, accountant)
    with pytest.raises(OfferError, match=f"invoiced already \\({first.number}\\)"):
        _invoice(accepted, accountant)


def test_payments_move_the_invoice_from_open_to_partly_paid_to_paid(db, accountant, accepted):
    invoice = _invoice(accepted, accountant)
    services.record_payment(invoice, accountant, D("1000.00"), date(2026, 4, 1), "first half", now=NOW)
    assert invoice.status == InvoiceStatus.PARTLY_PAID and services.outstanding(invoice) == D("1849.03")
    with pytest.raises(OfferError, match="Only €1,849.03 is outstanding"):
        services.record_payment(invoice, accountant, D("2000.00"), date(2026, 4, 1), now=NOW)
    with pytest.raises(OfferError, match="future date"):
        services.record_payment(invoice, accountant, D("1.00"), date(2026, 4, 2), now=NOW)
    services.record_payment(invoice, accountant, D("1849.03"), date(2026, 4, 1), now=NOW)
    assert invoice.status == InvoiceStatus.PAID and services.paid_amount(invoice) == invoice.total_gross
    with pytest.raises(OfferError, match="nothing is due"):
        services.record_payment(invoice, accountant, D("1.00"), date(2026, 4, 1), now=NOW)


def test_unpaid_invoices_are_overdue_after_their_due_date(db, accountant, accepted):
    invoice = _invoice(accepted, accountant)
    assert not services.is_overdue(invoice, date(2026, 4, 15))
    assert services.is_overdue(invoice, date(2026, 4, 16))
    page = services.list_invoices(accountant, "overdue", date(2026, 4, 16), 1, 10)
    assert page.items == [invoice]
    assert services.overdue_total(accountant, date(2026, 4, 16)) == (1, D("2849.03"))
    services.record_payment(invoice, accountant, invoice.total_gross, date(2026, 4, 1), now=NOW)
    assert not services.is_overdue(invoice, date(2026, 4, 16))
    assert services.list_invoices(accountant, "overdue", date(2026, 4, 16), 1, 10).items == []
