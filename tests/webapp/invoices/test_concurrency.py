"""Paying one invoice at the same moment, from several desks or by a double click, pays it once."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from webapp.extensions import db as _db
from webapp.invoices import services
from webapp.models import Invoice, InvoiceStatus, OfferStatus, Payment, Stage
from tests.concurrency import at_once, signed_in_client
from tests.factories import make_lead, make_offer, make_user


def _open_invoice() -> tuple[int, Decimal]:
    lead = make_lead(title="Cold room", stage=Stage.CUSTOMER, owner_id=make_user("service").id)
    offer = make_offer(lead, status=OfferStatus.ACCEPTED, lines=[("Cooling unit", "1", "2439.00", "19")])
    today = date.today()
    invoice = services.create_invoice(offer, make_user("accounting"), today, today + timedelta(days=14))
    return invoice.id, invoice.total_gross


@pytest.mark.parametrize("who", ["eight colleagues", "one person clicking five times"])
def test_paying_the_full_amount_at_once_is_accepted_exactly_once(shared_app, who):
    with shared_app.app_context():
        invoice_id, gross = _open_invoice()
        users = [make_user("accounting").get_id() for _ in range(8)]
        _db.session.remove()
    senders = [signed_in_client(shared_app, user) for user in users] if who.startswith("eight") \
        else [signed_in_client(shared_app, users[0])] * 5
    today = date.today().isoformat()

    def pay(client, headers):
        return lambda: client.post(f"/invoices/{invoice_id}/payments", headers=headers,
                                   data={"amount": str(gross), "paid_on": today})

    responses = at_once([pay(client, headers) for client, headers in senders])
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [302] + [409] * (len(senders) - 1)
    refused = next(r for r in responses if r.status_code == 409).get_data(as_text=True)
    assert "is paid; nothing is due" in refused and 'id="invoice-outstanding"><strong>€0.00' in refused
    with shared_app.app_context():
        invoice = _db.session.get(Invoice, invoice_id)
        paid = _db.session.scalar(select(func.sum(Payment.amount)).where(Payment.invoice_id == invoice_id))
        assert (invoice.status, invoice.amount_paid, paid) == (InvoiceStatus.PAID, gross, gross)
        assert services.outstanding(invoice) == 0


def test_part_payments_at_once_never_take_more_than_is_due(shared_app):
    with shared_app.app_context():
        invoice_id, gross = _open_invoice()  # 2,902.41 €
        users = [make_user("accounting").get_id() for _ in range(8)]
        _db.session.remove()
    today = date.today().isoformat()
    senders = [signed_in_client(shared_app, user) for user in users]
    responses = at_once([lambda c=c, h=h: c.post(f"/invoices/{invoice_id}/payments", headers=h,
                                                  data={"amount": "1000.00", "paid_on": today})
                         for c, h in senders])
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [302] * 2 + [422] * 6  # a third 1,000 € would exceed the 902.41 € left
    with shared_app.app_context():
        invoice = _db.session.get(Invoice, invoice_id)
        assert invoice.amount_paid == Decimal("2000.00") and services.outstanding(invoice) == gross - 2000


def test_the_database_refuses_an_overpaid_invoice_and_an_empty_payment(db):
    invoice_id, gross = _open_invoice()
    with pytest.raises(IntegrityError):
        db.session.execute(update(Invoice).where(Invoice.id == invoice_id).values(amount_paid=gross + 1))
        db.session.flush()
    db.session.rollback()
    with pytest.raises(IntegrityError):
        db.session.add(Payment(invoice_id=invoice_id, amount=Decimal("0"), paid_on=date.today()))
        db.session.flush()
    db.session.rollback()
