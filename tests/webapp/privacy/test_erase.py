"""Erasing a person anonymises every personal field wherever it is stored, keeps their projects'
figures (so KPIs and the scoring's training rows stay as they were), and is recorded without them."""

import json

import pytest
from sqlalchemy import func, select

from webapp.models import Activity, Contact, DataRequest, Invoice, Lead, Offer, OfferLine, Payment
from webapp.scoring import dataset
from webapp.settings.services import save_settings

KEPT_LEAD_FIELDS = ("stage", "owner_id", "budget", "authority", "need", "timeline", "reaction", "source",
                    "campaign_id", "expected_value", "bant_points", "probability", "abc_class", "created_at",
                    "closed_at", "contact_id")
KEPT_FIGURES = ((Invoice, ("number", "total_net", "total_tax", "total_gross", "amount_paid", "status")),
                (Offer, ("number", "total_net", "total_tax", "total_gross", "status")),
                (OfferLine, ("quantity", "unit_price", "tax_rate")), (Payment, ("amount", "paid_on")))


def stored_anywhere(db, text: str) -> list[str]:
    """Every table.column holding `text` (case-insensitive), besides the address an invoice was issued to."""
    found = []
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            for row in connection.execute(table.select()).mappings():
                for column, value in row.items():
                    if (table.name, column) != ("invoices", "issued_to") and text.lower() in str(value).lower():
                        found.append(f"{table.name}.{column}")
    return found


def _figures(db, person):
    leads = {lead.id: {f: getattr(lead, f) for f in KEPT_LEAD_FIELDS}
             for lead in db.session.scalars(select(Lead).where(Lead.contact_id == person.contact.id))}
    figures = {model.__tablename__: sorted(tuple(getattr(r, f) for f in fields)
                                           for r in db.session.scalars(select(model)))
               for model, fields in KEPT_FIGURES}
    counts = {model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
              for model in (Lead, Offer, Invoice, Payment, Activity)}
    return leads, figures, counts


def _training_rows(person):
    frame = dataset.training_frame()
    mine = frame[frame[dataset.GROUP].isin([person.won.id, person.lost.id])]
    return mine.drop(columns=[c for c in dataset.DEFAULT_EXCLUDED if c in mine.columns]).reset_index(drop=True)


def _erase(client, person, typed=None):
    return client.post(f"/privacy/contacts/{person.contact.id}/erase", data={"confirm_name": typed or person.name})


def test_the_confirm_screen_says_what_goes_and_what_stays(client, login_as, people):
    person, _ = people
    login_as("admin")
    page = client.get(f"/privacy/contacts/{person.contact.id}/erase").text
    assert person.name in page and "Issued invoices (1) keep the name and address" in page
    assert "BANT answers" in page and 'name="csrf_token"' in page


def test_a_wrong_name_erases_nothing(client, login_as, people, db):
    person, _ = people
    login_as("admin")
    response = _erase(client, person, typed="Someone Else")
    assert response.status_code == 422 and "This is not the person" in response.text
    assert client.post(f"/privacy/contacts/{person.contact.id}/erase", data={}).status_code == 422
    db.session.expire_all()
    assert db.session.get(Contact, person.contact.id).email == person.email
    assert db.session.scalar(select(func.count()).select_from(DataRequest)) == 0


def test_erasing_blanks_the_person_everywhere_and_keeps_the_figures(client, login_as, people, db):
    person, other = people
    leads_before, figures_before, counts_before = _figures(db, person)
    training_before = _training_rows(person)
    assert len(training_before) >= 2
    login_as("admin")
    response = _erase(client, person, typed="  wilhelmine   ZWIEBELMEISTER ")
    assert response.status_code == 302
    db.session.expire_all()

    for text in person.texts:
        assert stored_anywhere(db, text) == [], text
    contact = db.session.get(Contact, person.contact.id)
    assert (contact.full_name, contact.email, contact.phone_key, contact.mobile_key, contact.custom) == (
        "Erased person", None, None, None, {})
    assert (contact.function, contact.industry, contact.country) == ("Head of IT", "logistics", "DE")
    invoice = db.session.get(Invoice, person.invoice.id)
    assert "Ms Wilhelmine Zwiebelmeister" in invoice.issued_to  # issued invoices are kept as issued
    for text in other.texts:  # the other person is untouched
        assert stored_anywhere(db, text), text

    assert _figures(db, person) == (leads_before, figures_before, counts_before)
    assert _training_rows(person).equals(training_before)
    assert client.get(f"/contacts/{person.contact.id}").status_code == 200
    assert "Erased person" in client.get(f"/invoices/{person.invoice.id}").text


def test_the_erasure_is_recorded_without_the_persons_data(client, login_as, people, db):
    person, _ = people
    admin = login_as("admin", name="Ada Admin")
    _erase(client, person)
    request = db.session.scalar(select(DataRequest))
    assert (request.kind, request.contact_id, request.user_id) == ("erase", person.contact.id, admin.id)
    assert request.summary["leads"] == 3 and request.summary["invoices"] == 1
    recorded = json.dumps(request.summary)
    assert not any(text.lower() in recorded.lower() for text in person.texts)

    page = client.get("/privacy/requests").text
    assert f"#{person.contact.id}" in page and "Ada Admin" in page and "Erasure" in page
    assert "Zwiebelmeister" not in page
    again = client.get(f"/privacy/contacts/{person.contact.id}/erase").text
    assert "erased already" in again and "confirm_name" not in again


@pytest.mark.parametrize("language, placeholder", [("de", "Gelöschte Person"), ("en", "Erased person")])
def test_the_placeholder_is_in_the_companys_language(client, login_as, people, db, language, placeholder):
    person, _ = people
    save_settings({"company": {"language": language}})
    login_as("admin", language="en")
    _erase(client, person)
    db.session.expire_all()
    assert db.session.get(Contact, person.contact.id).full_name == placeholder
