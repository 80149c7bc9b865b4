"""Eight people at the same moment, with a trained model scoring every save: one payment, one save of
the same lead, contact and offer line, one intake each. Exactly one wins where only one may, the
others hear 409 (never a 500), and the money adds up. On a SQLite file and on PostgreSQL."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from webapp.api.auth import create_token
from webapp.extensions import db
from webapp.models import Contact, Invoice, Lead, OfferLine, OfferStatus, Payment, Stage
from tests.concurrency import at_once, signed_in_client
from tests.factories import make_contact, make_lead, make_offer, make_user
from tests.html_forms import form_fields

PEOPLE = 8


@pytest.fixture
def world(shared_app, _trained_artefact):
    """A lead, its contact, an offer line and an open invoice; eight admins signed in."""
    from tests.conftest import install_trained_model

    with shared_app.app_context():
        install_trained_model(shared_app, _trained_artefact)
        contact = make_contact(first_name="Rita", last_name="Race", email="rita@race.example")
        lead = make_lead(contact, title="Cold room", stage=Stage.LEAD, budget="planned")
        draft = make_offer(make_lead(contact, title="Shelving"), lines=[("Shelf", "3", "250.00", "19")])
        billed = make_offer(make_lead(make_contact(), title="Freezer", stage=Stage.CUSTOMER,
                                      owner_id=make_user("service").id),
                            status=OfferStatus.ACCEPTED, lines=[("Freezer", "1", "2439.00", "19")])
        from webapp.invoices import services as invoices

        invoice = invoices.create_invoice(billed, make_user("accounting"), date.today(), date.today() + timedelta(days=14))
        make_user("marketing")  # intake hands new leads to marketing
        admins = [make_user("admin") for _ in range(PEOPLE)]
        ids = {"lead": lead.id, "contact": contact.id, "offer": draft.id, "line": draft.lines[0].id,
               "invoice": invoice.id, "gross": invoice.total_gross,
               "logins": [a.get_id() for a in admins], "tokens": [create_token(a, "race") for a in admins]}
        db.session.remove()
    clients = [signed_in_client(shared_app, login) for login in ids["logins"]]
    return shared_app, ids, clients


def _race(clients, path: str, form_path: str, change: dict) -> list[int]:
    """Every client reads the form first (same version), then all submit at once."""
    forms = [{**form_fields(client.get(form_path).get_data(as_text=True), path, form_path), **change}
             for client, _ in clients]
    assert all(forms), f"no form posting to {path} on {form_path}"
    calls = [lambda c=c, h=h, f=f: c.post(path, data={**f, "csrf_token": h["X-CSRFToken"]}).status_code
             for (c, h), f in zip(clients, forms)]
    return sorted(at_once(calls))


def _one_wins(statuses: list[int]) -> None:
    assert 500 not in statuses
    assert statuses == sorted([302] + [409] * (PEOPLE - 1)), statuses


def test_saving_one_lead_at_once(world):
    app, ids, clients = world
    path = f"/leads/{ids['lead']}"
    _one_wins(_race(clients, path, path, {"next_step": "Call back", "budget": "confirmed"}))
    with app.app_context():
        lead = db.session.get(Lead, ids["lead"])
        assert lead.next_step == "Call back" and lead.probability is not None


def test_saving_one_contact_at_once(world):
    app, ids, clients = world
    path = f"/contacts/{ids['contact']}/edit"
    _one_wins(_race(clients, path, path, {"city": "Leipzig"}))
    with app.app_context():
        assert db.session.get(Contact, ids["contact"]).city == "Leipzig"


def test_saving_one_offer_line_at_once(world):
    app, ids, clients = world
    path = f"/offers/{ids['offer']}/lines/{ids['line']}"
    _one_wins(_race(clients, path, path, {"quantity": "4"}))
    with app.app_context():
        assert db.session.get(OfferLine, ids["line"]).quantity == Decimal("4")


def test_paying_one_invoice_at_once_and_the_money_adds_up(world):
    app, ids, clients = world
    path = f"/invoices/{ids['invoice']}/payments"
    _one_wins(_race(clients, path, f"/invoices/{ids['invoice']}",
                    {"amount": str(ids["gross"]), "paid_on": date.today().isoformat()}))
    with app.app_context():
        invoice = db.session.get(Invoice, ids["invoice"])
        paid = db.session.scalar(select(func.sum(Payment.amount)).where(Payment.invoice_id == invoice.id))
        assert paid == invoice.total_gross == invoice.amount_paid


def test_sending_one_intake_at_once(world):
    app, ids, clients = world
    body = {"first_name": "Ina", "last_name": "Intake", "email": "ina@race.example", "title": "Webshop",
            "source": "web_form", "budget": "confirmed", "authority": "decision_maker"}
    calls = [lambda c=c, t=t: c.post("/api/v1/leads", json=body, headers={"Authorization": f"Bearer {t}"}).status_code
             for (c, _), t in zip(clients, ids["tokens"])]
    statuses = sorted(at_once(calls))
    assert statuses == sorted([201] + [409] * (PEOPLE - 1)), statuses
    with app.app_context():
        contact = db.session.scalar(select(Contact).where(Contact.email == "ina@race.example"))
        assert len(contact.leads) == 1 and contact.leads[0].probability is not None
