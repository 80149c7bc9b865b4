"""The offer screens: bad input re-renders with field errors (422), refusals become messages, htmx
gets fragments, and a plain form POST redirects."""

from decimal import Decimal

import pytest

from webapp.models import LostReason, Offer, OfferStatus, Stage
from tests.factories import make_lead, make_offer, make_product, make_user

QUALIFIED = dict(budget="confirmed", authority="decision_maker", need="urgent", timeline="within_3_months")
HX = {"HX-Request": "true"}


@pytest.fixture
def draft(login_as, db):
    sales = login_as("sales")
    return make_offer(make_lead(stage=Stage.LEAD, owner_id=sales.id, **QUALIFIED), lines=[])


def test_creating_an_offer_from_the_lead_page(client, login_as, db):
    login_as("sales")
    lead = make_lead(**QUALIFIED)
    form = client.get(f"/offers/new/{lead.id}").get_data(as_text=True)
    assert "Valid until" in form and "Payment within 14 days" in form
    response = client.post(f"/offers/new/{lead.id}", data={"valid_until": "2099-01-31", "customer_note": "Thanks!"})
    offer = db.session.query(Offer).one()
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/offers/{offer.id}")
    assert offer.customer_note == "Thanks!" and offer.number.startswith("A-")


@pytest.mark.parametrize("valid_until", ["", "31.12.2099", "2099-02-30", "9" * 40])
def test_a_bad_validity_date_re_renders_the_form(client, login_as, db, valid_until):
    login_as("sales")
    lead = make_lead(**QUALIFIED)
    response = client.post(f"/offers/new/{lead.id}", data={"valid_until": valid_until})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert db.session.query(Offer).count() == 0


def test_no_offer_for_a_customer_lead_says_why(client, login_as, db):
    login_as("sales")
    lead = make_lead(stage=Stage.CUSTOMER)
    page = client.post(f"/offers/new/{lead.id}", data={"valid_until": "2099-01-31"},
                       follow_redirects=True).get_data(as_text=True)
    assert "a new order starts as a new project" in page


@pytest.mark.parametrize("field,value,message", [
    ("quantity", "abc", "Enter a number like 1,234.56."),
    ("quantity", "NaN", "Enter a number"),
    ("quantity", "Infinity", "Enter a number"),
    ("quantity", "0", "Enter a quantity above 0"),
    ("quantity", "-2", "Number must be between"),
    ("quantity", "1e999", "Number must be between"),
    ("quantity", "1.0005", "at most 3 decimal places"),
    ("unit_price", "12.345", "at most 2 decimal places"),
    ("unit_price", "-1", "Number must be between"),
    ("discount_pct", "120", "Number must be between"),
    ("tax_rate", "", "Enter the tax rate, or choose a product"),
    ("description", "", "Describe the line, or choose a product"),
    ("product_id", "999", "Not a valid choice"),
])
def test_bad_line_input_re_renders_with_the_field_error(client, draft, field, value, message):
    data = {"product_id": "0", "description": "Setup", "quantity": "1", "unit_price": "10.00", "tax_rate": "19"}
    data[field] = value
    response = client.post(f"/offers/{draft.id}/lines", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body and "<html" in body
    assert draft.lines == []


def test_htmx_adds_a_line_and_gets_only_the_lines_fragment(client, draft):
    product = make_product("Scanner", unit_price="250.00")
    headers = {**HX, "HX-Target": f"offer-{draft.id}-lines"}
    response = client.post(f"/offers/{draft.id}/lines", data={"product_id": str(product.id), "quantity": "3"},
                           headers=headers)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert body.strip().startswith(f'<section class="card" id="offer-{draft.id}-lines"')
    assert "Scanner" in body and "€892.50" in body and "HX-Request" in response.headers["Vary"]
    bad = client.post(f"/offers/{draft.id}/lines", data={"product_id": "0", "quantity": "x"}, headers=headers)
    assert bad.status_code == 422 and "<html" not in bad.get_data(as_text=True)
    assert "Enter a number like 1,234.56." in bad.get_data(as_text=True)
    line = draft.lines[0]
    removed = client.post(f"/offers/{draft.id}/lines/{line.id}/remove", data={"version": line.version},
                          headers=headers)
    assert removed.status_code == 200 and "No lines yet." in removed.get_data(as_text=True)


def test_a_plain_form_adds_a_line_and_redirects_back(client, draft, db):
    response = client.post(f"/offers/{draft.id}/lines", data={"product_id": "0", "description": "Setup",
                                                              "quantity": "1", "unit_price": "99.95", "tax_rate": "19"})
    assert response.status_code == 302
    db.session.refresh(draft)
    assert draft.total_gross == Decimal("118.94")
    page = client.get(f"/offers/{draft.id}").get_data(as_text=True)
    assert "€118.94" in page and "Setup" in page


def test_editing_a_line_on_its_own_page(client, draft, db):
    client.post(f"/offers/{draft.id}/lines", data={"description": "Setup", "quantity": "1", "unit_price": "10",
                                                   "tax_rate": "19"})
    line = draft.lines[0]
    assert "Setup" in client.get(f"/offers/{draft.id}/lines/{line.id}").get_data(as_text=True)
    bad = client.post(f"/offers/{draft.id}/lines/{line.id}", data={"description": "Setup", "quantity": "NaN",
                                                                   "unit_price": "10", "tax_rate": "19",
                                                                   "version": line.version})
    assert bad.status_code == 422
    ok = client.post(f"/offers/{draft.id}/lines/{line.id}", data={"description": "Setup", "quantity": "2",
                                                                  "unit_price": "10", "tax_rate": "19",
                                                                  "version": line.version})
    assert ok.status_code == 302
    db.session.refresh(draft)
    assert draft.total_net == Decimal("20.00")
    assert client.get(f"/offers/{draft.id}/lines/{line.id + 99}").status_code == 404


def test_sending_with_incomplete_bant_shows_what_is_missing_and_changes_nothing(client, login_as, db):
    sales = login_as("sales")
    lead = make_lead(owner_id=sales.id, budget="confirmed")
    offer = make_offer(lead)
    page = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert "needs authority, need, timeline known first" in page  # warned before trying
    page = client.post(f"/offers/{offer.id}/send", follow_redirects=True).get_data(as_text=True)
    assert "Not sent: sending makes the lead a prospect" in page and "fill in: authority, need, timeline" in page
    db.session.refresh(offer)
    assert offer.status == OfferStatus.DRAFT


def test_a_frozen_offer_refuses_changes_with_a_message(client, login_as, db):
    login_as("sales")
    offer = make_offer(make_lead(stage=Stage.PROSPECT), status=OfferStatus.SENT)
    page = client.post(f"/offers/{offer.id}", data={"valid_until": "2099-01-01", "version": offer.version},
                       follow_redirects=True).get_data(as_text=True)
    assert "frozen; make a revision" in page
    page = client.post(f"/offers/{offer.id}/send", follow_redirects=True).get_data(as_text=True)
    assert "only a draft can be sent" in page


def test_send_accept_and_revise_through_the_pages(client, login_as, db):
    sales = login_as("sales")
    make_user("service")
    lead = make_lead(owner_id=sales.id, **QUALIFIED)
    offer = make_offer(lead, valid_until=None)
    assert client.post(f"/offers/{offer.id}/send", data={"follow_up_on": "2099-01-10"}).status_code == 302
    revised = client.post(f"/offers/{offer.id}/revise")
    revision = db.session.query(Offer).filter_by(previous_id=offer.id).one()
    assert revised.headers["Location"].endswith(f"/offers/{revision.id}")
    page = client.post(f"/offers/{offer.id}/accept", follow_redirects=True).get_data(as_text=True)
    assert "the lead is a customer now" in page
    db.session.refresh(lead)
    assert lead.stage == Stage.CUSTOMER and lead.owner.role == "service"


def test_rejecting_asks_for_a_reason(client, login_as, db):
    login_as("sales")
    reason = LostReason(label="Too expensive")
    db.session.add(reason)
    db.session.commit()
    offer = make_offer(make_lead(stage=Stage.PROSPECT, **QUALIFIED), status=OfferStatus.SENT)
    assert "Too expensive" in client.get(f"/offers/{offer.id}").get_data(as_text=True)
    response = client.post(f"/offers/{offer.id}/reject", data={"reason_id": "0", "note": ""})
    assert response.status_code == 422 and "Say why" in response.get_data(as_text=True)
    response = client.post(f"/offers/{offer.id}/reject", data={"reason_id": "0", "close_lead": "y"})
    assert response.status_code == 422 and "choose a reason from the list" in response.get_data(as_text=True)
    response = client.post(f"/offers/{offer.id}/reject", data={"reason_id": str(reason.id), "close_lead": "y"})
    assert response.status_code == 302
    db.session.refresh(offer)
    assert offer.status == OfferStatus.REJECTED and offer.lead.stage == Stage.LOST


def test_offer_list_filters_by_status_and_search(client, login_as, db):
    login_as("service")
    sent = make_offer(make_lead(title="Cold room", stage=Stage.PROSPECT), status=OfferStatus.SENT)
    draft = make_offer(make_lead(title="Forklift"), status=OfferStatus.DRAFT)
    page = client.get("/offers/?status=sent").get_data(as_text=True)
    assert sent.number in page and draft.number not in page
    fragment = client.get("/offers/?q=forklift", headers={**HX, "HX-Target": "offer-results"}).get_data(as_text=True)
    assert draft.number in fragment and sent.number not in fragment and "<html" not in fragment
    for odd in ("status=bogus&page=-3", "page=99999999999999999999"):
        assert client.get(f"/offers/?{odd}").status_code == 200, odd
