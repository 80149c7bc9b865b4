"""Admins keep the catalogue; the pipeline weighs open offers and counts how offers were decided."""

from datetime import date
from decimal import Decimal

import pytest

from webapp.models import OfferStatus, Product, Stage
from webapp.offers import pipeline
from tests.factories import make_lead, make_offer, make_product, make_user

D = Decimal


def test_admin_adds_and_changes_products(client, login_as, db):
    login_as("admin")
    assert client.post("/offers/catalogue", data={"name": "Consulting day", "unit": "day", "unit_price": "1150",
                                                  "tax_rate": "19", "active": "y"}).status_code == 302
    product = db.session.query(Product).one()
    assert (product.unit_price, product.tax_rate, product.active) == (D("1150.00"), D("19.00"), True)
    page = client.get("/offers/catalogue").get_data(as_text=True)
    assert "Consulting day" in page and "€1,150.00" in page
    response = client.post(f"/offers/catalogue/{product.id}", data={"name": "Consulting day", "unit": "day",
                                                                     "unit_price": "1200", "tax_rate": "0"})
    assert response.status_code == 302
    db.session.refresh(product)
    assert (product.unit_price, product.tax_rate, product.active) == (D("1200.00"), D("0.00"), False)


@pytest.mark.parametrize("field,value,message", [
    ("name", "", "This field is required"), ("unit_price", "", "Enter the price"),
    ("unit_price", "abc", "Enter a number like 1,234.56."), ("unit_price", "-5", "Number must be between"),
    ("tax_rate", "101", "Number must be between"), ("name", "consulting DAY", "is in the catalogue already"),
])
def test_bad_product_input_is_refused_with_the_field_marked(client, login_as, db, field, value, message):
    login_as("admin")
    make_product("Consulting Day")
    data = {"name": "Workshop", "unit": "pc", "unit_price": "690", "tax_rate": "19", field: value}
    response = client.post("/offers/catalogue", data=data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert db.session.query(Product).count() == 1


def test_a_retired_product_is_not_offered_but_old_lines_keep_it(client, login_as, db):
    login_as("sales")
    make_product("Support")
    retired = make_product("Fax server", active=False)
    offer = make_offer(make_lead(stage=Stage.LEAD), lines=[])
    page = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert "Support" in page and "Fax server" not in page
    response = client.post(f"/offers/{offer.id}/lines", data={"product_id": str(retired.id), "quantity": "1"})
    assert response.status_code == 422 and "Not a valid choice" in response.get_data(as_text=True)


@pytest.fixture
def book(db):
    """Two reps' offers: open ones to weigh and decided ones to count."""
    sven, sara = make_user("sales", name="Sven"), make_user("sales", name="Sara")
    hot = make_lead(stage=Stage.PROSPECT, probability=0.8, source="referral")
    cold = make_lead(stage=Stage.PROSPECT, probability=0.25, source="trade_fair")
    unscored = make_lead(stage=Stage.PROSPECT, probability=None, source="trade_fair")
    lines = [("Work", "1", "1000.00", "19")]
    make_offer(hot, lines=lines, status=OfferStatus.SENT, valid_until=date(2026, 4, 10), created_by_id=sven.id)
    make_offer(cold, lines=[("Work", "2", "1000.00", "19")], status=OfferStatus.SENT, valid_until=date(2026, 4, 20),
               created_by_id=sara.id)
    make_offer(unscored, lines=lines, status=OfferStatus.SENT, valid_until=date(2026, 5, 2), created_by_id=sara.id)
    make_offer(hot, lines=lines, status=OfferStatus.DRAFT, created_by_id=sven.id)  # not open yet
    won = make_lead(stage=Stage.CUSTOMER, source="referral")
    first = make_offer(won, lines=lines, status=OfferStatus.REJECTED, created_by_id=sven.id)
    make_offer(won, lines=lines, status=OfferStatus.ACCEPTED, previous_id=first.id, created_by_id=sven.id)
    make_offer(make_lead(stage=Stage.LOST, source="trade_fair"), lines=lines, status=OfferStatus.REJECTED,
               created_by_id=sara.id)
    make_offer(make_lead(stage=Stage.CUSTOMER, source="trade_fair"), lines=lines, status=OfferStatus.ACCEPTED,
               created_by_id=sara.id)
    return sven


def test_open_offers_are_weighted_by_the_leads_probability(book):
    rows = pipeline.open_offers(book)
    assert [(r.value, r.expected) for r in rows] == [(D("1000.00"), D("800.00")), (D("2000.00"), D("500.00")),
                                                     (D("1000.00"), None)]
    assert pipeline.totals(rows) == (D("4000.00"), D("1300.00"))
    assert [(m.month, m.count, m.value, m.expected) for m in pipeline.by_month(rows)] == [
        ("2026-04", 2, D("3000.00"), D("1300.00")), ("2026-05", 1, D("1000.00"), D("0.00"))]


def test_decisions_are_counted_per_rep_and_source_without_replaced_offers(book):
    assert [(r.label, r.accepted, r.rejected, r.share) for r in pipeline.ratio_by_owner(book)] == [
        ("Sara", 1, 1, 0.5), ("Sven", 1, 0, 1.0)]
    assert [(r.label, r.accepted, r.rejected) for r in pipeline.ratio_by_source(book)] == [
        ("referral", 1, 0), ("trade_fair", 1, 1)]


def test_the_pipeline_page(client, login_as, book):
    login_as("sales")
    page = client.get("/offers/pipeline").get_data(as_text=True)
    assert 'id="pipeline-value">€4,000.00' in page and 'id="pipeline-expected">€1,300.00' in page
    assert "2026-04" in page and "Trade fair" in page and "50%" in page
