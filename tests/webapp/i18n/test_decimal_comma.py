"""Number fields read what the user's language writes: 1.234,56 in German, 1,234.56 in English;
a number written the other way is refused with an example, never misread."""

from decimal import Decimal

import pytest

from webapp.models import Lead, Stage
from tests.factories import make_lead, make_offer
from tests.html_forms import form_fields


def _edit_lead(client, lead, value):
    action = f"/leads/{lead.id}"
    data = {**form_fields(client.get(action).get_data(as_text=True), action, action), "expected_value": value}
    return client.post(action, data=data)


@pytest.mark.parametrize("language, typed, shown", [("de", "12.500,50", "12500,50"), ("en", "12,500.50", "12500.50"),
                                                    ("de", "980,5", "980,50"), ("en", "980.5", "980.50")])
def test_expected_value_in_the_users_notation(client, login_as, db, language, typed, shown):
    me = login_as("marketing", language=language)
    lead = make_lead(owner_id=me.id)
    assert _edit_lead(client, lead, typed).status_code == 302
    expected = Decimal(typed.replace(".", "").replace(",", ".") if language == "de" else typed.replace(",", ""))
    assert db.session.get(Lead, lead.id).expected_value == expected
    page = client.get(f"/leads/{lead.id}").get_data(as_text=True)
    assert form_fields(page, f"/leads/{lead.id}", f"/leads/{lead.id}")["expected_value"] == shown


@pytest.mark.parametrize("language, typed, message", [
    ("de", "12.5", "Geben Sie eine Zahl wie 1.234,56 ein."),  # would be 125 if thousands dots were dropped
    ("en", "1,5", "Enter a number like 1,234.56."),  # would be 15
    ("en", "12,50", "Enter a number like 1,234.56."),
])
def test_a_number_in_the_other_notation_is_refused_not_misread(client, login_as, db, language, typed, message):
    me = login_as("marketing", language=language)
    lead = make_lead(owner_id=me.id, expected_value=Decimal("100"))
    response = _edit_lead(client, lead, typed)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert f'value="{typed}"' in response.get_data(as_text=True)  # what was typed stays to be corrected
    assert db.session.get(Lead, lead.id).expected_value == Decimal("100")


def test_a_german_offer_line_with_decimal_commas(client, login_as, db):
    sales = login_as("sales", language="de")
    offer = make_offer(make_lead(stage=Stage.LEAD, owner_id=sales.id), lines=[])
    response = client.post(f"/offers/{offer.id}/lines", data={
        "product_id": "0", "description": "Wartung", "quantity": "2,5", "unit": "Std.",
        "unit_price": "1.150,00", "discount_pct": "12,5", "tax_rate": "19"},
        headers={"HX-Request": "true", "HX-Target": f"offer-{offer.id}-lines"})
    assert response.status_code == 200
    line = offer.lines[0]
    assert (line.quantity, line.unit_price, line.discount_pct) == (Decimal("2.5"), Decimal("1150"), Decimal("12.5"))
    assert "2.515,63 €" in response.get_data(as_text=True).replace("\xa0", " ")  # 2.5 × 1150 × 87.5 %
