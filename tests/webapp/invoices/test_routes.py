"""Accounting issues invoices from the offer page, records payments and watches overdue ones."""

from datetime import date, timedelta

import pytest

from webapp.models import Invoice, InvoiceStatus, OfferStatus, Stage
from tests.factories import make_lead, make_offer, make_user


@pytest.fixture
def accepted(db):
    lead = make_lead(title="Cold room", stage=Stage.CUSTOMER, owner_id=make_user("service").id)
    return make_offer(lead, status=OfferStatus.ACCEPTED, lines=[("Cooling unit", "1", "1000.00", "19")])


def test_accounting_issues_the_invoice_from_the_offer_page(client, login_as, db, accepted):
    login_as("accounting")
    page = client.get(f"/offers/{accepted.id}").get_data(as_text=True)
    assert "Issue invoice" in page and 'name="due_on"' in page
    today = date.today()
    response = client.post(f"/invoices/from-offer/{accepted.id}",
                           data={"issued_on": today.isoformat(), "due_on": (today + timedelta(days=14)).isoformat()},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert f"Invoice R-{today.year}-0001" in page and "the customer is a debtor now" in page
    assert 'id="invoice-outstanding"><strong>€1,190.00' in page
    db.session.refresh(accepted)
    assert accepted.lead.stage == Stage.DEBTOR and accepted.lead.owner.role == "accounting"
    again = client.post(f"/invoices/from-offer/{accepted.id}",
                        data={"issued_on": today.isoformat(), "due_on": today.isoformat()}, follow_redirects=True)
    assert "invoiced already" in again.get_data(as_text=True)
    assert db.session.query(Invoice).count() == 1


@pytest.mark.parametrize("data,message", [
    ({"issued_on": "2026-04-01", "due_on": "2026-03-01"}, "cannot lie before the invoice date"),
    ({"issued_on": "yesterday", "due_on": "2026-03-01"}, "Enter the invoice date"),
    ({"issued_on": "2026-04-01"}, "Enter the due date"),
])
def test_bad_invoice_dates_re_render_the_offer_page(client, login_as, db, accepted, data, message):
    login_as("accounting")
    response = client.post(f"/invoices/from-offer/{accepted.id}", data=data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert db.session.query(Invoice).count() == 0


def _invoice(client, offer):
    from webapp.extensions import db

    today = date.today()
    client.post(f"/invoices/from-offer/{offer.id}", data={"issued_on": (today - timedelta(days=30)).isoformat(),
                                                          "due_on": (today - timedelta(days=16)).isoformat()})
    return db.session.query(Invoice).one()


@pytest.mark.parametrize("data,message", [
    ({"amount": "NaN"}, "Enter a number"), ({"amount": "0"}, "Enter the amount received"),
    ({"amount": "12.345"}, "at most 2 decimal places"), ({"amount": "5000"}, "Only €1,190.00 is outstanding"),
    ({"amount": "10", "paid_on": "2999-01-01"}, "future date"), ({"amount": "10", "paid_on": "soon"}, "Enter the day"),
])
def test_bad_payments_are_refused_with_a_message(client, login_as, db, accepted, data, message):
    login_as("accounting")
    invoice = _invoice(client, accepted)
    response = client.post(f"/invoices/{invoice.id}/payments", data={"paid_on": date.today().isoformat(), **data})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert invoice.payments == []


def test_payments_and_the_overdue_list(client, login_as, db, accepted):
    login_as("accounting")
    invoice = _invoice(client, accepted)
    listing = client.get("/invoices/?show=overdue").get_data(as_text=True)
    assert invoice.number in listing and "1 invoice(s) overdue" in listing and "overdue</span>" in listing
    today = date.today().isoformat()
    client.post(f"/invoices/{invoice.id}/payments", data={"amount": "190", "paid_on": today, "note": "first"})
    db.session.refresh(invoice)
    assert invoice.status == InvoiceStatus.PARTLY_PAID
    page = client.post(f"/invoices/{invoice.id}/payments", data={"amount": "1000.00", "paid_on": today},
                       follow_redirects=True).get_data(as_text=True)
    assert "is paid" in page
    assert invoice.number not in client.get("/invoices/?show=overdue").get_data(as_text=True)
    assert invoice.number in client.get("/invoices/?show=paid").get_data(as_text=True)
    fragment = client.get("/invoices/?show=all", headers={"HX-Request": "true", "HX-Target": "invoice-results"})
    assert "<html" not in fragment.get_data(as_text=True)
    for odd in ("show=bogus&page=x", "page=99999999999999999999"):
        assert client.get(f"/invoices/?{odd}").status_code == 200, odd


def test_a_partner_never_sees_invoices(client, login_as, db, accepted):
    login_as("partner")
    assert client.get("/invoices/").status_code == 403
