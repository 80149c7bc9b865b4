"""Custom fields on the contact and organization forms, pages and lists."""

import pytest

from tests.factories import make_contact, make_custom_field, make_organization
from webapp.models import Contact, Organization


@pytest.fixture
def fields(db):
    return [make_custom_field("budget", "number", label="Budget", position=1, in_list=True),
            make_custom_field("first_met", "date", label="First met", position=2),
            make_custom_field("region", "choice", label="Region", options=["Nord", "Süd"], position=3, in_list=True),
            make_custom_field("hobby", label="Hobby", position=4)]


def _new_contact(client, **custom):
    return client.post("/contacts/new", data={"first_name": "Lena", "last_name": "Kurz", "allow_duplicate": "y",
                                              **{f"cf_{k}": v for k, v in custom.items()}})


def test_the_form_shows_real_inputs_and_stores_typed_values(client, login_as, db, fields):
    login_as("sales")
    form = client.get("/contacts/new").get_data(as_text=True)
    assert 'name="cf_budget"' in form and 'inputmode="decimal"' in form
    assert 'type="date" name="cf_first_met"' in form or ('name="cf_first_met"' in form and 'type="date"' in form)
    assert '<option value="Süd">Süd</option>' in form
    response = _new_contact(client, budget="1,234.5", first_met="2026-02-28", region="Süd", hobby=" Segeln ")
    assert response.status_code == 302
    contact = db.session.query(Contact).one()
    assert contact.custom == {"budget": 1234.5, "first_met": "2026-02-28", "region": "Süd", "hobby": "Segeln"}
    page = client.get(f"/contacts/{contact.id}").get_data(as_text=True)
    assert "Budget" in page and "1,234.5" in page and "28 Feb 2026" in page and "Segeln" in page


def test_whole_numbers_stay_whole_and_empty_fields_are_left_out(client, login_as, db, fields):
    login_as("sales")
    assert _new_contact(client, budget="12", first_met="", region="").status_code == 302
    assert db.session.query(Contact).one().custom == {"budget": 12}


@pytest.mark.parametrize("custom, field, error", [
    ({"budget": "1.234,5"}, "budget", "Enter a number like"),     # German notation on an English page
    ({"budget": "lots"}, "budget", "Enter a number like"),
    ({"budget": "1e20"}, "budget", "Number must be between"),
    ({"first_met": "31.02.2026"}, "first_met", "Not a valid date value"),
    ({"region": "West"}, "region", "Not a valid choice"),
])
def test_a_value_of_the_wrong_type_is_marked_on_its_field(client, login_as, db, fields, custom, field, error):
    login_as("sales")
    response = _new_contact(client, **custom)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and error in body
    assert f'id="cf_{field}-errors"' in body
    assert db.session.query(Contact).count() == 0


def test_german_users_write_numbers_the_german_way(client, login_as, db, fields):
    login_as("sales", language="de")
    assert _new_contact(client, budget="1.234,5").status_code == 302
    contact = db.session.query(Contact).one()
    assert contact.custom == {"budget": 1234.5}
    assert 'value="1234,5"' in client.get(f"/contacts/{contact.id}/edit").get_data(as_text=True)


def test_a_required_field_must_be_filled(client, login_as, db):
    make_custom_field("customer_number", "number", label="Customer number", required=True)
    login_as("sales")
    response = _new_contact(client, customer_number="")
    assert response.status_code == 422 and 'id="cf_customer_number-errors"' in response.get_data(as_text=True)
    assert _new_contact(client, customer_number="0").status_code == 302  # zero is a value
    assert db.session.query(Contact).one().custom == {"customer_number": 0}


def test_editing_keeps_attributes_no_active_field_shows(client, login_as, db, fields):
    make_custom_field("old_code", label="Old code", active=False)
    contact = make_contact(custom={"budget": 5, "old_code": "X-1", "Lieblings-Farbe": "grün", "newsletter": True})
    login_as("sales")
    form = client.get(f"/contacts/{contact.id}/edit").get_data(as_text=True)
    assert "Other attributes" in form and "Lieblings-Farbe: grün" in form and "X-1" not in form
    data = {"first_name": contact.first_name, "last_name": contact.last_name, "version": contact.version,
            "cf_budget": "7", "custom_text": "Lieblings-Farbe: grün\nnewsletter: True"}
    assert client.post(f"/contacts/{contact.id}/edit", data=data).status_code == 302
    db.session.refresh(contact)
    assert contact.custom == {"budget": 7, "old_code": "X-1", "Lieblings-Farbe": "grün", "newsletter": True}


def test_a_stored_value_the_type_cannot_read_is_shown_to_be_corrected_not_dropped(client, login_as, db, fields):
    contact = make_contact(custom={"budget": "about 300", "region": "Ost"})
    login_as("sales")
    form = client.get(f"/contacts/{contact.id}/edit").get_data(as_text=True)
    assert 'value="about 300"' in form and '<option selected value="Ost">Ost</option>' in form


def test_the_list_shows_chosen_fields_and_filters_by_each_type(client, login_as, db, fields):
    make_contact("Anna", custom={"budget": 1200, "first_met": "2025-03-01", "region": "Nord", "hobby": "Segeln"})
    make_contact("Bert", custom={"budget": 80.5, "first_met": "2026-01-15", "region": "Süd", "hobby": "Golf"})
    make_contact("Cleo")
    login_as("sales")

    def listed(query: str) -> set[str]:
        body = client.get(f"/contacts/?{query}").get_data(as_text=True)
        return {name for name in ("Anna", "Bert", "Cleo") if f", {name}<" in body}

    page = client.get("/contacts/").get_data(as_text=True)
    assert "<th scope=\"col\">Budget</th>" in page and "1,200" in page and "Hobby</th>" not in page
    assert listed("") == {"Anna", "Bert", "Cleo"}
    assert listed("f_budget_from=100") == {"Anna"}
    assert listed("f_budget_to=1,000") == {"Bert"}
    assert listed("f_budget_from=abc") == {"Anna", "Bert", "Cleo"}  # not a number: ignored
    assert listed("f_first_met_from=2026-01-01&f_first_met_to=2026-12-31") == {"Bert"}
    assert listed("f_region=Nord") == {"Anna"}
    assert listed("f_hobby=segel") == {"Anna"}
    assert listed("f_hobby=segel&f_region=Süd") == set()
    export = client.get("/export/contacts.csv?f_region=Süd").get_data(as_text=True)
    assert "Bert" in export and "Anna" not in export


def test_organizations_have_custom_fields_too(client, login_as, db):
    make_custom_field("founded", "date", entity="organization", label="Founded", in_list=True)
    login_as("sales")
    response = client.post("/organizations/new", data={"name": "Nordlicht GmbH", "cf_founded": "1999-05-01"})
    assert response.status_code == 302
    organization = db.session.query(Organization).one()
    assert organization.custom == {"founded": "1999-05-01"}
    assert "1 May 1999" in client.get(f"/organizations/{organization.id}").get_data(as_text=True)
    make_organization("Alt AG", custom={"founded": "1950-01-01"})
    listing = client.get("/organizations/?f_founded_from=1990-01-01").get_data(as_text=True)
    assert "Nordlicht GmbH" in listing and "Alt AG" not in listing
    edit = {"name": "Nordlicht GmbH", "cf_founded": "", "version": organization.version}
    assert client.post(f"/organizations/{organization.id}/edit", data=edit).status_code == 302
    db.session.refresh(organization)
    assert organization.custom == {}


def test_a_field_made_required_later_asks_old_records_for_it_on_their_form_and_nothing_else(client, login_as, db):
    contact = make_contact("Lena", "Alt", city="Köln")
    organization = make_organization("Alt AG")
    make_custom_field("customer_number", label="Customer number", required=True)
    make_custom_field("tax_id", entity="organization", label="Tax ID", required=True)
    login_as("marketing")
    page = client.get(f"/contacts/{contact.id}")
    assert page.status_code == 200 and client.get(f"/contacts/{contact.id}/edit").status_code == 200
    edit = {"first_name": "Lena", "last_name": "Alt", "city": "Bonn", "version": contact.version}
    refused = client.post(f"/contacts/{contact.id}/edit", data=edit)
    assert refused.status_code == 422 and 'id="cf_customer_number-errors"' in refused.get_data(as_text=True)
    assert 'value="Bonn"' in refused.get_data(as_text=True)  # what was typed is kept
    db.session.refresh(contact)
    assert contact.city == "Köln"
    # Consent is its own small form: a missing custom value does not hold it up.
    consent = {"marketing_consent": "yes", "consent_at": "", "consent_source": "web", "do_not_contact": "",
               "do_not_contact_at": "", "do_not_contact_source": "", "version": contact.version}
    assert client.post(f"/contacts/{contact.id}/consent", data=consent).status_code == 302
    db.session.refresh(contact)
    saved = client.post(f"/contacts/{contact.id}/edit", data={**edit, "version": contact.version,
                                                             "cf_customer_number": "K-7"})
    assert saved.status_code == 302
    db.session.refresh(contact)
    assert (contact.city, contact.custom, contact.marketing_consent) == ("Bonn", {"customer_number": "K-7"}, "yes")
    org_edit = {"name": "Alt AG", "city": "Hamm", "version": organization.version}
    refused = client.post(f"/organizations/{organization.id}/edit", data=org_edit)
    assert refused.status_code == 422 and 'id="cf_tax_id-errors"' in refused.get_data(as_text=True)
    assert client.post("/organizations/new", data={"name": "Neu GmbH"}).status_code == 422
    assert client.post(f"/organizations/{organization.id}/edit", data={**org_edit, "cf_tax_id": "DE1"}).status_code == 302
