"""Who may see and act on offers and invoices: sales acts on offers, accounting on invoices, admins on
all; others look; a partner sees only offers on leads handed to them, 404 for everything else."""

import re

import pytest

from webapp.models import OfferStatus, Stage
from tests.factories import make_lead, make_offer, make_user

QUALIFIED = dict(budget="confirmed", authority="decision_maker", need="urgent", timeline="within_3_months")
OWN_URLS = ("offers.", "invoices.")
# Every URL of one offer, lead or invoice. A new one is added here once it is known what a partner may do with it.
ID_URLS = {
    ("GET", "offers.create"), ("POST", "offers.create"), ("GET", "offers.detail"), ("POST", "offers.update"),
    ("POST", "offers.add_line"), ("GET", "offers.edit_line"), ("POST", "offers.edit_line"),
    ("POST", "offers.remove_line"), ("POST", "offers.send"), ("POST", "offers.accept"), ("POST", "offers.reject"),
    ("POST", "offers.revise"), ("GET", "offers.printable"), ("GET", "offers.pdf"), ("POST", "invoices.create"),
    ("GET", "invoices.detail"), ("POST", "invoices.add_payment"),
}


def _id_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(OWN_URLS) and rule.arguments & {"offer_id", "lead_id", "invoice_id"}:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, rule.endpoint, rule.rule


def _fill(rule: str, ids: dict) -> str:
    return re.sub(r"<(?:[^:>]+:)?(\w+)>", lambda m: str(ids[m.group(1)]), rule)


@pytest.fixture
def foreign(db):
    """An offer with a line and an invoice, on a lead no partner holds."""
    from webapp.models import Invoice

    lead = make_lead(stage=Stage.DEBTOR)
    offer = make_offer(lead, status=OfferStatus.ACCEPTED)
    invoice = Invoice(offer_id=offer.id, lead_id=lead.id, number="R-2026-0099", issued_on=offer.created_at.date(),
                      due_on=offer.created_at.date(), total_net=offer.total_net, total_tax=offer.total_tax,
                      total_gross=offer.total_gross)
    db.session.add(invoice)
    db.session.commit()
    return {"offer_id": offer.id, "lead_id": lead.id, "invoice_id": invoice.id, "line_id": offer.lines[0].id}


@pytest.mark.parametrize("guess", ["other", "missing", "beyond the database's integers"])
def test_partner_gets_404_for_every_offer_and_invoice_url_not_theirs(app, client, login_as, foreign, guess):
    login_as("partner")
    offset = {"other": 0, "missing": 1000}.get(guess, 10**20)
    ids = {k: v + offset for k, v in foreign.items()}
    checked = set()
    for method, endpoint, rule in _id_rules(app):
        path = _fill(rule, ids)
        # an id past the database's range matches no route at all (404, or 405 where a sibling URL exists)
        expected = {404} if offset < 10**20 else {404, 405}
        assert client.open(path, method=method).status_code in expected, (method, path)
        checked.add((method, endpoint))
    assert checked == ID_URLS


def test_partner_sees_offers_on_their_leads_including_print_and_pdf_but_does_not_act(client, login_as, db):
    partner = login_as("partner")
    offer = make_offer(make_lead(title="Shared deal", stage=Stage.PROSPECT, partner_id=partner.id),
                       status=OfferStatus.SENT)
    hidden = make_offer(make_lead(title="Secret deal", stage=Stage.PROSPECT), status=OfferStatus.SENT)
    listing = client.get("/offers/").get_data(as_text=True)
    assert offer.number in listing and hidden.number not in listing
    pipeline = client.get("/offers/pipeline").get_data(as_text=True)
    assert offer.number in pipeline and hidden.number not in pipeline
    for suffix in ("", "/print", "/pdf"):
        assert client.get(f"/offers/{offer.id}{suffix}").status_code == 200, suffix
    assert client.post(f"/offers/{offer.id}/accept").status_code == 403
    db.session.refresh(offer)
    assert offer.status == OfferStatus.SENT


@pytest.mark.parametrize("role,allowed", [("sales", True), ("admin", True), ("marketing", False),
                                          ("service", False), ("accounting", False)])
def test_only_sales_and_admins_write_offers(client, login_as, db, role, allowed):
    login_as(role)
    make_user("sales")  # someone to hand the prospect to
    lead = make_lead(stage=Stage.LEAD, **QUALIFIED)
    assert client.get(f"/leads/{lead.id}").status_code == 200
    created = client.post(f"/offers/new/{lead.id}", data={"valid_until": "2099-12-31"})
    assert created.status_code == (302 if allowed else 403)
    offer = make_offer(lead)
    assert client.get(f"/offers/{offer.id}").status_code == 200  # everyone inside may look
    line = client.post(f"/offers/{offer.id}/lines", data={"description": "Extra", "quantity": "1",
                                                          "unit_price": "10", "tax_rate": "19"})
    assert line.status_code == (302 if allowed else 403)
    sent = client.post(f"/offers/{offer.id}/send")
    assert sent.status_code == (302 if allowed else 403)
    db.session.refresh(offer)
    assert offer.status == (OfferStatus.SENT if allowed else OfferStatus.DRAFT)


@pytest.mark.parametrize("role,allowed", [("accounting", True), ("admin", True), ("sales", False),
                                          ("service", False), ("marketing", False)])
def test_only_accounting_and_admins_invoice_and_record_payments(client, login_as, db, role, allowed):
    login_as(role)
    make_user("accounting")
    offer = make_offer(make_lead(stage=Stage.CUSTOMER), status=OfferStatus.ACCEPTED)
    response = client.post(f"/invoices/from-offer/{offer.id}", data={"issued_on": "2026-04-01", "due_on": "2026-04-15"})
    assert response.status_code == (302 if allowed else 403)
    if allowed:
        invoice_id = int(response.headers["Location"].rsplit("/", 1)[1])
        paid = client.post(f"/invoices/{invoice_id}/payments", data={"amount": "1.00", "paid_on": "2026-04-02"})
        assert paid.status_code == 302
    assert client.get("/invoices/").status_code == (200 if allowed else 403)


@pytest.mark.parametrize("role", ["marketing", "sales", "service", "accounting", "partner"])
def test_only_admins_edit_the_catalogue_and_company_design(client, login_as, role):
    login_as(role)
    assert client.get("/offers/catalogue").status_code == 403
    assert client.post("/offers/catalogue", data={"name": "X", "unit": "pc", "unit_price": "1",
                                                  "tax_rate": "19"}).status_code == 403
    assert client.get("/settings/company").status_code == 403


@pytest.mark.parametrize("role,sees_button", [("sales", True), ("admin", True), ("marketing", False),
                                              ("service", False)])
def test_the_lead_page_lists_offers_and_offers_a_new_one_to_sales(client, login_as, role, sees_button):
    login_as(role)
    lead = make_lead(stage=Stage.PROSPECT)
    offer = make_offer(lead, status=OfferStatus.SENT)
    page = client.get(f"/leads/{lead.id}").get_data(as_text=True)
    assert offer.number in page and "Offers" in page
    assert (f'href="/offers/new/{lead.id}"' in page) == sees_button


def test_nav_shows_offers_to_all_invoices_to_accounting_catalogue_to_admins(client, login_as):
    login_as("accounting")
    page = client.get("/offers/").get_data(as_text=True)
    assert 'href="/invoices/"' in page and 'href="/offers/catalogue"' not in page
