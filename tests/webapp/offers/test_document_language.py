"""The offer PDF and print view are written in the contact's language, whoever prints them, with
money and dates that way too, in a font that draws umlauts, € and ✓."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from webapp.models import OfferStatus, Organization, Stage
from tests.factories import make_contact, make_lead, make_offer


def _pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return "\n".join(page.extract_text() for page in pages).replace("\xa0", " ")


def _offer(db, language: str):
    organization = Organization(name="Kühl & Söhne GmbH", street="Hafenweg 3", postal_code="20457", city="Hamburg")
    db.session.add(organization)
    db.session.commit()
    contact = make_contact("Jörg", "Weiß", organization_id=organization.id, language=language)
    return make_offer(make_lead(contact, title="Kühlraum", stage=Stage.PROSPECT), status=OfferStatus.SENT,
                      number="A-2026-0042", valid_until=date(2026, 4, 30),
                      terms="Payment within 14 days of invoice, net. Prices plus statutory VAT.",
                      lines=[("Beratungstag ✓", "2", "1150.00", "19"), ("Handbuch", "3", "34.90", "7", "10")])


def test_the_pdf_for_a_german_contact_is_german(client, login_as, db):
    login_as("sales", language="en")  # the user's own language does not matter
    text = _pdf_text(client.get(f"/offers/{_offer(db, 'de').id}/pdf").data)
    for expected in ("Angebot A-2026-0042", "gültig bis 30.04.2026", "Projekt: Kühlraum", "Kühl & Söhne GmbH",
                     "Jörg Weiß", "Beratungstag ✓", "Menge", "Einzelpreis", "2.300,00 €", "Nettosumme", "2.394,23 €",
                     "USt. 19 % auf 2.300,00 €", "437,00 €", "USt. 7 % auf 94,23 €", "Gesamtbetrag", "2.837,83 €",
                     "Zahlbar innerhalb von 14 Tagen", "Seite 1/1"):
        assert expected in text, expected
    for english in ("Offer", "Net total", "valid until", "€2", "Payment within", "?"):
        assert english not in text, english


def test_the_pdf_for_an_english_contact_stays_english_for_a_german_user(client, login_as, db):
    login_as("sales", language="de")
    text = _pdf_text(client.get(f"/offers/{_offer(db, 'en').id}/pdf").data)
    assert "Offer A-2026-0042" in text and "valid until 30 Apr 2026" in text and "€2,837.83" in text
    assert "Payment within 14 days" in text and "Beratungstag ✓" in text and "Angebot" not in text


def test_the_print_view_follows_the_contact_too(client, login_as, db):
    login_as("sales", language="en")
    page = client.get(f"/offers/{_offer(db, 'de').id}/print").get_data(as_text=True).replace("\xa0", " ")
    assert '<html lang="de">' in page and 'id="print-total">2.837,83 €' in page and "30.04.2026" in page
    assert "Zahlbar innerhalb von 14 Tagen" in page
    assert '<html lang="en">' in client.get("/leads/queue").get_data(as_text=True)  # the user's pages stay theirs


def test_terms_someone_wrote_are_printed_as_written(client, login_as, db):
    login_as("sales")
    offer = _offer(db, "de")
    offer.terms = "Net 30 days, as agreed on the phone."
    db.session.commit()
    assert "Net 30 days, as agreed on the phone." in _pdf_text(client.get(f"/offers/{offer.id}/pdf").data)


def test_without_the_font_files_the_pdf_still_prints_german(client, login_as, db, app, tmp_path, caplog):
    app.config["PDF_FONT_DIR"] = tmp_path  # no DejaVu here: the built-in Helvetica instead
    login_as("sales")
    response = client.get(f"/offers/{_offer(db, 'de').id}/pdf")
    text = _pdf_text(response.data)
    assert response.status_code == 200 and "Angebot A-2026-0042" in text and "Kühl & Söhne" in text
    assert "2.837,83 €" in text and "Beratungstag" in text and "?" not in text  # ✓ is left out
    assert "fonts-dejavu-core" in caplog.text


@pytest.mark.parametrize("character", ["ä", "ö", "ü", "Ä", "ß", "€", "✓", "„", "“", "–"])
def test_the_embedded_font_draws_german_and_the_symbols_printed(client, login_as, db, character):
    login_as("sales")
    contact = make_contact("Test", "Zeichen", language="de")
    offer = make_offer(make_lead(contact), lines=[(f"Zeichen {character} Ende", "1", "10.00", "19")])
    assert f"Zeichen {character} Ende" in _pdf_text(client.get(f"/offers/{offer.id}/pdf").data)
