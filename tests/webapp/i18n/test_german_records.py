"""Contacts, organizations, offers and invoices read in German for a German browser, in English otherwise."""

from datetime import date, timedelta

import pytest

from webapp.models import Invoice, InvoiceStatus, OfferStatus, Stage
from tests.factories import (
    make_activity,
    make_contact,
    make_lead,
    make_offer,
    make_organization,
    make_product,
    make_user,
)

GERMAN = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}
QUALIFIED = dict(budget="confirmed", authority="decision_maker", need="urgent", timeline="within_3_months")


@pytest.fixture
def records(db):
    """One customer with its organization, history, offers (a draft, a sent one, an invoiced one), and an
    invoice past its due date."""
    sales = make_user("sales", name="Sven")
    make_user("service", name="Sina")  # takes the customer when an offer is accepted
    organization = make_organization("Kühlhaus Nord GmbH", industry="Logistics", employees=40, city="Hamburg",
                                      website="https://kuehlhaus.example", territory="North")
    contact = make_contact("Erika", "Muster", organization_id=organization.id, salutation="Ms", function="Buyer",
                           email="erika@kuehlhaus.example", phone="+49 40 123456", city="Hamburg")
    lead = make_lead(contact, title="Cold room", stage=Stage.PROSPECT, source="trade_fair", owner_id=sales.id,
                     **QUALIFIED)
    make_activity(contact, kind="call", subject="First call", lead_id=lead.id)
    draft = make_offer(lead, status=OfferStatus.DRAFT, valid_until=date.today() + timedelta(days=30))
    sent = make_offer(lead, status=OfferStatus.SENT, valid_until=date.today() + timedelta(days=20),
                      lines=[("Cooling unit", "1", "1000.00", "19"), ("Installation", "8", "95.00", "7", "10")])
    won = make_lead(contact, title="Spare parts", stage=Stage.DEBTOR, source="referral")
    accepted = make_offer(won, status=OfferStatus.ACCEPTED, valid_until=date.today())
    invoice = Invoice(offer=accepted, lead=won, number="R-2026-0001", issued_on=date.today() - timedelta(days=30),
                      due_on=date.today() - timedelta(days=16), total_net=accepted.total_net,
                      total_tax=accepted.total_tax, total_gross=accepted.total_gross, status=InvoiceStatus.OPEN)
    db.session.add(invoice)
    db.session.commit()
    make_product("Cooling unit", unit_price="1000.00")
    return {"organization": organization, "contact": contact, "lead": lead, "draft": draft, "sent": sent,
            "invoice": invoice}


# page, who reads it, what a German reader sees, what only an English reader sees
PAGES = {
    "contact list": ("/contacts/", "marketing",
                     ["<h1>Kontakte</h1>", "Neuer Kontakt", ">Ort<", "Funktion", "Angehakte Kontakte als Leads anlegen",
                      "Vorschau der Leads", "Messe", '>Kontakte suchen<', 'placeholder="Name, Firma, E-Mail, Ort …"'],
                     ["New contact", ">City<", ">Function<", "Mark the ticked contacts", "Preview leads", "Trade fair",
                      "Search contacts", "Name, company, e-mail, city"]),
    "contact page": ("/contacts/{contact}", "sales",
                     ["Frau Erika Muster", "Stammdaten", "Telefon", "Projekte (2)", "Messe", "· Klasse ",
                      "Kontakthistorie", ">Anruf</span>", "Was ist passiert", "Erfassen", "Leer bedeutet: jetzt.",
                      "— ganzer Kontakt —"],
                     ["Ms Erika", "Base data", ">Phone<", "Projects (", "Trade fair", "· class ", "Contact history",
                      ">Call</span>", "What happened", ">Log<", "Empty means now", "whole contact", ">Edit<"]),
    "organization list": ("/organizations/", "sales",
                          ["<h1>Firmen</h1>", "Neue Firma", "Branche", "Mitarbeiter", ">Firmen suchen<"],
                          ["New organization", ">Industry", ">Employees", "Search organizations",
                           "Name, city, industry"]),
    "organization page": ("/organizations/{organization}", "sales",
                          ["10-49 Mitarbeiter", "Stammdaten", "Gebiet", "Ansprechpartner (1)", "Kontakt hinzufügen",
                           "Bearbeiten"],
                          ["employees", "Base data", "Territory", "Contacts (1)", "Add a contact", ">Edit<"]),
    "offer list": ("/offers/", "sales",
                   ["<h1>Angebote</h1>", "Nummer", "Gültig bis", "Brutto", ">Entwurf</span>", ">Versandt</span>",
                    "Jeder Status", 'aria-label="Angebote suchen"', "Filtern"],
                   ["Number", "Valid until", "Gross", ">Draft</span>", ">Sent</span>", "Any status", "Search offers",
                    ">Filter<"]),
    "offer page": ("/offers/{sent}", "sales",
                   ["Angebot T-", "Druckansicht", "Nächster Schritt", "Als angenommen markieren",
                    "Als abgelehnt markieren", "Überarbeiten", "Positionen", "Einzelpreis", "Rabatt %", "Nettosumme",
                    "USt. 19 % auf", "USt. 7 % auf", "Gesamt", "brutto", "Grund",
                    "— auswählen —"],
                   ["Offer T-", "Print view", "Next step", "Mark accepted", "Mark rejected", ">Revise<", ">Lines<",
                    "Unit price", "Disc. %", "Net total", "VAT 19 %", ">Total<", " gross", "Reason", "choose —"]),
    "draft offer page": ("/offers/{draft}", "sales",
                         ["Angebot versenden", "Hinweis an den Kunden", "Position hinzufügen",
                          "Aus dem Produktkatalog", "— Freitext —", "Einzelpreis (€, netto)", "Steuersatz (%)",
                          "Gültigkeit, Hinweis und Konditionen", "Angebot speichern", "Bearbeiten", "Entfernen"],
                         ["Send offer", "Note to the customer", "Add a line", "From the catalogue", "free text",
                          "Unit price (€, net)", "Tax rate (%)", "Validity, note and terms", "Save offer", ">Edit<",
                          ">Remove<"]),
    "new offer form": ("/offers/new/{lead}", "sales",
                       ["<h1>Neues Angebot</h1>", "Für <a", "Gültig bis", "Hinweis an den Kunden", "Konditionen",
                        "Entwurf anlegen", "Abbrechen", "Das Angebot erhält jetzt seine Nummer"],
                       ["New offer", "For <a", "Valid until", "Note to the customer", ">Terms<", "Create draft",
                        ">Cancel<", "gets its number now"]),
    "pipeline": ("/offers/pipeline", "sales",
                 ["Alle Angebote", ">offenes Angebot<", "erwarteter Auftragswert",
                  "Offene Angebote", "Phase", "Verantwortlich", "Wahrscheinlichkeit",
                  "Erwartete Abschlüsse pro Monat", "Angenommen und abgelehnt", "Pro Vertriebsmitarbeiter",
                  "Pro Quelle", "Empfehlung", "Annahmequote"],
                 ["All offers", "open offers", "expected value", "Open offers", ">Stage<", ">Owner<", "Probability",
                  "Expected close per month", "Accepted vs rejected", "Per sales rep", "Per source", "Referral",
                  "Accepted share"]),
    "catalogue": ("/offers/catalogue", "admin",
                  ["<h1>Katalog</h1>", "Firmengestaltung und Angebotsvorgaben", "Einzelpreis", "Im Angebot", ">ja<",
                   "Produkt oder Leistung hinzufügen", "In den Produktkatalog aufnehmen",
                   "Im Angebot (beim Schreiben von Angeboten wählbar)"],
                  ["<h1>Catalogue", "Company design", "Unit price", "Offered", ">yes<", "Add a product or service",
                   "Add to catalogue", "shown when writing offers"]),
    "invoice list": ("/invoices/?show=all", "accounting",
                     ["<h1>Rechnungen</h1>", "1 Rechnung überfällig</strong>", "brutto.", "Ausgestellt", "Fällig",
                      ">überfällig</span>", "Offen", "Bezahlt", "Alle"],
                     ["invoice(s) overdue", " gross.", "Issued", ">Due<", ">overdue</span>", ">Open<", ">Paid<",
                      ">All<"]),
    "invoice page": ("/invoices/{invoice}", "accounting",
                     ["Rechnung R-2026-0001", ">Offen</span>", ">überfällig</span>", "Ausgestellt", "Offener Betrag",
                      "Zahlungen", "Noch keine Zahlung eingegangen.", "Erhaltener Betrag (€)", "Eingegangen am",
                      "Zahlung erfassen"],
                     ["Invoice R-", ">Open</span>", ">overdue</span>", "Issued", "Outstanding", "Payments",
                      "No payment received", "Amount received", "Received on", "Record payment"]),
}


def _url(path: str, records: dict) -> str:
    return path.format(**{name: getattr(record, "id", record) for name, record in records.items()})


@pytest.mark.parametrize("name", PAGES)
def test_a_german_reader_sees_the_page_in_german(client, login_as, records, name):
    path, role, german, english = PAGES[name]
    login_as(role)
    response = client.get(_url(path, records), headers=GERMAN)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert [text for text in german if text not in page] == []
    assert [text for text in english if text in page] == []


@pytest.mark.parametrize("name", PAGES)
def test_without_a_language_the_page_stays_english(client, login_as, records, name):
    path, role, german, english = PAGES[name]
    login_as(role)
    page = client.get(_url(path, records)).get_data(as_text=True)
    assert [text for text in english if text not in page] == []
    assert [text for text in german if text in page] == []



def test_a_german_contact_form_explains_its_errors_in_german(client, login_as, db):
    login_as("marketing")
    response = client.post("/contacts/new", headers=GERMAN,
                           data={"first_name": "", "last_name": "Muster", "email": "no-address",
                                 "custom_text": "Newsletter yes"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for text in ("<h1>Neuer Kontakt</h1>", "Anrede", ">Frau<", ">Herr<", "Vorname", "Erreichbarkeit",
                 "Dieses Feld wird benötigt.", "Ungültige E-Mail-Adresse.", "Zeile 1 braucht die Form",
                 "Weitere Angaben", "Speichern", "Abbrechen"):
        assert text in page, text
    for text in ("New contact", ">Ms<", "First name", "Reach", "This field is required", "Invalid email address",
                 "Line 1 needs", "Other attributes", ">Save<", ">Cancel<"):
        assert text not in page, text


def test_a_german_reader_is_warned_of_a_known_address_in_german(client, login_as, records):
    login_as("sales")
    known = records["contact"]
    warning = client.get("/contacts/validate/email", query_string={"email": known.email},
                         headers=GERMAN).get_data(as_text=True)
    assert "Ein anderer Kontakt verwendet diese E-Mail-Adresse bereits: <a" in warning and "Erika Muster" in warning
    assert "Another contact" not in warning
    response = client.post("/contacts/new", headers=GERMAN,
                           data={"first_name": "Eva", "last_name": "Zweit", "email": known.email})
    assert response.status_code == 409
    assert f"Erika Muster (Kontakt {known.id}) hat diese E-Mail-Adresse bereits." in response.get_data(as_text=True)


def test_a_german_organization_form_explains_its_errors_in_german(client, login_as, records):
    login_as("sales")
    taken = client.post("/organizations/new", headers=GERMAN, data={"name": "Kühlhaus Nord GmbH"})
    assert taken.status_code == 422
    assert "Eine Firma mit diesem Namen gibt es bereits." in taken.get_data(as_text=True)
    response = client.post("/organizations/new", headers=GERMAN, data={"name": "Kühlhaus Süd", "website": "kuehlhaus"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for text in ("Neue Firma", "Geben Sie eine vollständige Adresse ein", "Mitarbeiter", "Gebiet", "PLZ"):
        assert text in page, text
    assert "Enter a full address" not in page and "New organization" not in page


def test_offer_messages_reach_a_german_reader_in_german(client, login_as, records):
    login_as("sales")
    lead, draft, sent = records["lead"], records["draft"], records["sent"]
    created = client.post(f"/offers/new/{lead.id}", headers=GERMAN, follow_redirects=True,
                          data={"valid_until": (date.today() + timedelta(days=10)).isoformat()})
    assert "als Entwurf angelegt; fügen Sie jetzt die Positionen hinzu." in created.get_data(as_text=True)
    empty_line = client.post(f"/offers/{draft.id}/lines", headers=GERMAN, data={"product_id": "0", "quantity": "1"})
    assert empty_line.status_code == 422
    assert "Beschreiben Sie die Position oder wählen Sie ein Produkt." in empty_line.get_data(as_text=True)
    refused = client.post(f"/offers/{draft.id}/accept", headers=GERMAN, follow_redirects=True).get_data(as_text=True)
    assert f"Angebot {draft.number} hat den Status „Entwurf“; nur ein versandtes Angebot kann angenommen werden." \
        in refused
    accepted = client.post(f"/offers/{sent.id}/accept", headers=GERMAN, follow_redirects=True)
    assert f"Angebot {sent.number} angenommen: Der Lead ist jetzt Kunde" in accepted.get_data(as_text=True)


def test_payment_messages_reach_a_german_reader_in_german(client, login_as, records):
    login_as("accounting")
    invoice = records["invoice"]
    too_much = client.post(f"/invoices/{invoice.id}/payments", headers=GERMAN,
                           data={"amount": "999999", "paid_on": date.today().isoformat()})
    assert too_much.status_code == 422
    assert f"Auf {invoice.number} sind nur " in too_much.get_data(as_text=True)
    part = client.post(f"/invoices/{invoice.id}/payments", headers=GERMAN, follow_redirects=True,
                       data={"amount": "100", "paid_on": date.today().isoformat()}).get_data(as_text=True)
    assert f"Zahlung erfasst; Rechnung {invoice.number} ist teilweise bezahlt." in part
    assert ">Teilweise bezahlt</span>" in part
