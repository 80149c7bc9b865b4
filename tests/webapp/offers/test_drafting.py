"""Drafting offers: lines from the catalogue or free text, totals, frozen sent offers, revisions."""

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from webapp.models import Offer, OfferStatus, Stage
from webapp.offers import decisions, services
from webapp.offers.errors import OfferError
from tests.factories import make_lead, make_offer, make_product

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
D = Decimal


def test_a_new_offer_is_a_numbered_draft_with_default_validity_and_terms(db, team, qualified_lead):
    offer = services.create_offer(qualified_lead, team["sales"], now=NOW)
    assert offer.number == "A-2026-0001" and offer.status == OfferStatus.DRAFT and offer.revision == 1
    assert offer.valid_until == NOW.date() + timedelta(days=30)
    assert offer.terms.startswith("Payment within 14 days")
    assert offer.created_by_id == team["sales"].id


@pytest.mark.parametrize("stage", [Stage.CUSTOMER, Stage.DEBTOR, Stage.LOST, Stage.DISQUALIFIED])
def test_offers_are_made_on_open_leads_only(db, team, stage):
    with pytest.raises(OfferError):
        services.create_offer(make_lead(stage=stage), team["sales"], now=NOW)


def test_a_catalogue_line_takes_the_products_values_unless_overridden(db, team, qualified_lead):
    product = make_product("Handbook", unit_price="34.90", tax_rate="7.00", unit="copy")
    offer = services.create_offer(qualified_lead, team["sales"], now=NOW)
    line = services.add_line(offer, {"quantity": D(10)}, product)
    assert (line.description, line.unit, line.unit_price, line.tax_rate) == ("Handbook", "copy", D("34.90"), D("7.00"))
    assert line.product_id == product.id
    services.add_line(offer, {"quantity": D(2), "unit_price": D("30.00"), "discount_pct": D(10)}, product)
    assert [line.position for line in offer.lines] == [1, 2]
    # 349.00 + 54.00 net at 7 %: tax 28.21 (28.210), gross 431.21
    assert (offer.total_net, offer.total_tax, offer.total_gross) == (D("403.00"), D("28.21"), D("431.21"))


def test_a_free_text_line_needs_description_price_and_tax(db, team, qualified_lead):
    offer = services.create_offer(qualified_lead, team["sales"], now=NOW)
    with pytest.raises(OfferError, match="description, unit price, tax rate"):
        services.add_line(offer, {"quantity": D(1)})
    services.add_line(offer, {"description": "Setup", "quantity": D(1), "unit_price": D("99.95"), "tax_rate": D(19)})
    assert offer.total_gross == D("118.94")  # 99.95 + 18.9905 → 18.99


def test_editing_and_removing_lines_keeps_totals_and_positions_right(db, team, qualified_lead):
    offer = services.create_offer(qualified_lead, team["sales"], now=NOW)
    for price in ("10.00", "20.00", "30.00"):
        services.add_line(offer, {"description": f"Item {price}", "quantity": D(1), "unit_price": D(price),
                                  "tax_rate": D(0)})
    services.update_line(offer.lines[0], {"description": "Item", "quantity": D(3), "unit_price": D("10.00"),
                                          "tax_rate": D(0)}, version=offer.lines[0].version)
    assert offer.total_net == D("80.00")
    services.remove_line(offer.lines[1], version=offer.lines[1].version)
    assert [(line.position, line.unit_price) for line in offer.lines] == [(1, D("10.00")), (2, D("30.00"))]
    assert offer.total_gross == D("60.00")


def test_a_total_beyond_what_the_database_holds_is_refused(db, team, qualified_lead):
    offer = services.create_offer(qualified_lead, team["sales"], now=NOW)
    big = {"description": "Plant", "quantity": D(1_000_000), "unit_price": D(10_000_000), "tax_rate": D(19)}
    with pytest.raises(OfferError, match="split it"):
        services.add_line(offer, big)
    assert offer.lines == []


def _sent(lead, sales):
    offer = services.create_offer(lead, sales, valid_until=date(2026, 3, 31), now=NOW)
    services.add_line(offer, {"description": "Scanner", "quantity": D(3), "unit_price": D("250.00"), "tax_rate": D(19)})
    decisions.send_offer(offer, sales, now=NOW)
    return offer


@pytest.mark.parametrize("change", [
    lambda offer: services.add_line(offer, {"description": "More", "quantity": D(1), "unit_price": D(1), "tax_rate": D(0)}),
    lambda offer: services.update_line(offer.lines[0], {"description": "Cheaper", "quantity": D(1),
                                                        "unit_price": D(1), "tax_rate": D(0)},
                                       version=offer.lines[0].version),
    lambda offer: services.remove_line(offer.lines[0], version=offer.lines[0].version),
    lambda offer: services.update_header(offer, {"valid_until": date(2026, 12, 31), "terms": "Changed"},
                                         version=offer.version),
], ids=["add line", "edit line", "remove line", "edit header"])
def test_a_sent_offer_is_frozen(db, team, qualified_lead, change):
    offer = _sent(qualified_lead, team["sales"])
    with pytest.raises(OfferError, match="frozen; make a revision"):
        change(offer)
    db.session.refresh(offer)
    assert len(offer.lines) == 1 and offer.lines[0].description == "Scanner"
    assert offer.total_gross == D("892.50") and offer.valid_until == date(2026, 3, 31)


def test_a_revision_is_a_new_draft_linked_to_the_old_offer_which_stays_as_sent(db, team, qualified_lead):
    offer = _sent(qualified_lead, team["sales"])
    revision = services.revise(offer, team["sales"], now=NOW + timedelta(days=5))
    assert revision.previous_id == offer.id and revision.revision == 2 and revision.status == OfferStatus.DRAFT
    assert revision.number == "A-2026-0002"
    assert [(line.description, line.quantity) for line in revision.lines] == [("Scanner", D(3))]
    assert revision.valid_until == date(2026, 4, 6)
    assert services.revise(offer, team["sales"]) == revision  # one open revision at a time
    services.update_line(revision.lines[0], {"description": "Scanner", "quantity": D(2), "unit_price": D("250.00"),
                                             "tax_rate": D(19)}, version=revision.lines[0].version)
    db.session.refresh(offer)
    assert offer.status == OfferStatus.SENT and offer.lines[0].quantity == D(3) and offer.total_net == D("750.00")
    decisions.send_offer(revision, team["sales"], now=NOW + timedelta(days=6))
    db.session.refresh(offer)
    assert offer.status == OfferStatus.REJECTED
    assert offer.rejection_reason == f"Replaced by revised offer {revision.number}"
    assert offer.lines[0].quantity == D(3)  # content untouched
    with pytest.raises(OfferError, match="revised already"):
        services.revise(offer, team["sales"])


@pytest.mark.parametrize("status,message", [(OfferStatus.DRAFT, "edited directly"),
                                            (OfferStatus.ACCEPTED, "cannot be revised")])
def test_drafts_and_accepted_offers_are_not_revised(db, team, qualified_lead, status, message):
    offer = make_offer(qualified_lead, status=status)
    with pytest.raises(OfferError, match=message):
        services.revise(offer, team["sales"])
    assert db.session.query(Offer).count() == 1
