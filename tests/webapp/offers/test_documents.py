"""The printable offer, as HTML and PDF, in the company's design from the settings."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from webapp.models import Contact, OfferStatus, Organization, Stage
from webapp.settings.services import COMPANY_KEYS, get_settings, page_version, save_settings
from tests.factories import make_contact, make_lead, make_offer


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def offer(db):
    organization = Organization(name="Kühl & Söhne GmbH", street="Hafenweg 3", postal_code="20457", city="Hamburg")
    db.session.add(organization)
    db.session.commit()
    contact = make_contact("Olga", "Orth", organization_id=organization.id)
    return make_offer(make_lead(contact, title="Cold room", stage=Stage.PROSPECT), status=OfferStatus.SENT,
                      number="A-2026-0042", valid_until=date(2026, 4, 30), customer_note="Thank you for your time.",
                      terms="Net 14 days.",
                      lines=[("Consulting day", "2", "1150.00", "19"), ("Handbook", "3", "34.90", "7", "10")])


def test_the_pdf_shows_company_recipient_lines_and_totals(client, login_as, offer):
    login_as("sales")
    response = client.get(f"/offers/{offer.id}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert 'filename="A-2026-0042.pdf"' in response.headers["Content-Disposition"]
    text = _pdf_text(response.data)
    for expected in ("Your Company GmbH", "Kühl & Söhne GmbH", "Hafenweg 3", "Offer A-2026-0042", "Consulting day",
                     "€2,300.00", "€94.23", "Net total", "€2,394.23", "VAT 19 % on €2,300.00", "€437.00",
                     "VAT 7 % on €94.23", "€6.60", "€2,837.83", "Thank you for your time.", "Net 14 days.",
                     "IBAN DE02 1001 0010 0123 4567 89", "valid until 30 Apr 2026"):
        assert expected in text, expected


def test_the_print_view_shows_the_same_totals_in_the_company_colour(client, login_as, offer):
    login_as("service")
    page = client.get(f"/offers/{offer.id}/print").get_data(as_text=True)
    assert "<!doctype html>" in page and "@media print" in page
    assert 'id="print-total">€2,837.83' in page and "VAT 7 % on €94.23" in page
    assert "#1f4e79" in page and "Kühl &amp; Söhne GmbH" in page


def test_company_settings_change_the_design(client, login_as, offer, db):
    login_as("admin")
    data = {**get_settings()["company"], **get_settings()["offers"], "version": page_version(COMPANY_KEYS),
            "name": "Nordlicht IT", "logo_text": "NL",
            "colour": "#aa3300", "bank": "Förde Sparkasse\nIBAN DE89 2105 0170 0012 3456 78"}
    assert client.get("/settings/company").status_code == 200
    assert client.post("/settings/company", data=data).status_code == 302
    assert "#aa3300" in client.get(f"/offers/{offer.id}/print").get_data(as_text=True)
    text = _pdf_text(client.get(f"/offers/{offer.id}/pdf").data)
    assert "Nordlicht IT" in text and "Förde Sparkasse" in text


@pytest.mark.parametrize("field,value", [("colour", "red; } body { display:none"), ("colour", ""),
                                         ("validity_days", "0"), ("logo_text", "TOOLONG"), ("unanswered_days", "x")])
def test_bad_company_settings_are_refused_with_the_field_marked(client, login_as, db, field, value):
    login_as("admin")
    data = {**get_settings()["company"], **get_settings()["offers"], "version": page_version(COMPANY_KEYS), field: value}
    response = client.post("/settings/company", data=data)
    assert response.status_code == 422 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert get_settings()["company"]["colour"] == "#1f4e79"


def test_a_stored_colour_that_is_not_a_colour_never_reaches_the_page(client, login_as, offer, db):
    save_settings({"company": {"colour": "red;}</style><script>alert(1)</script>"}})
    login_as("sales")
    page = client.get(f"/offers/{offer.id}/print").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "#1f4e79" in page


def test_text_the_pdf_font_cannot_draw_is_left_out_not_printed_as_a_question_mark(client, login_as, db):
    login_as("sales")
    contact = make_contact("Zoë", "Łukasiewicz")
    offer = make_offer(make_lead(contact, title="Café ☕ 東京"), lines=[("Setup 🚀 für Ærø ✓", "1", "10.00", "19")])
    response = client.get(f"/offers/{offer.id}/pdf")
    assert response.status_code == 200
    text = _pdf_text(response.data)
    assert "Setup" in text and "für Ærø ✓" in text and "Łukasiewicz" in text and "€11.90" in text
    assert "?" not in text and "🚀" not in text and "東京" not in text


def test_a_long_offer_runs_over_several_pages(client, login_as, db):
    login_as("sales")
    offer = make_offer(make_lead(), lines=[(f"Item {n}", "1", "1.00", "19") for n in range(80)])
    reader = PdfReader(io.BytesIO(client.get(f"/offers/{offer.id}/pdf").data))
    assert len(reader.pages) >= 2
    assert "€95.20" in reader.pages[-1].extract_text()
    assert db.session.get(Contact, offer.lead.contact_id) is not None
