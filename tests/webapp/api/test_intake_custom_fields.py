"""Lead intake with custom fields: "custom" fills the new contact's, "organization_custom" a new
organization's; a required one left out is a 422 naming it, as other invalid fields are."""

import pytest

from tests.factories import make_contact, make_custom_field, make_organization, make_user
from webapp.api.auth import create_token
from webapp.models import Contact, Organization

BODY = {"first_name": "Ina", "last_name": "Intake", "email": "ina@shop.example", "title": "Webshop"}


@pytest.fixture
def call(client, db):
    make_user("marketing")  # takes the leads
    token = create_token(make_user("marketing"), "test")

    def _call(body: dict):
        return client.post("/api/v1/leads", json=body, headers={"Authorization": f"Bearer {token}"})

    return _call


def _fields(response) -> dict:
    assert response.status_code == 422, response.json
    assert response.json["error"]["message"] == "Some fields are not valid."
    return response.json["error"]["fields"]


def test_a_new_contact_needs_its_required_field_and_gets_its_values(call, db):
    make_custom_field("customer_number", "number", label="Kundennummer", required=True)
    make_custom_field("region", "choice", label="Region", options=["Nord", "Süd"])
    assert _fields(call(BODY)) == {"custom.customer_number": ["This field is required."]}
    assert _fields(call({**BODY, "custom": {"customer_number": None}})) == {
        "custom.customer_number": ["This field is required."]}
    assert db.session.query(Contact).count() == 0
    response = call({**BODY, "custom": {"customer_number": 0, "region": "Süd"}})
    assert response.status_code == 201, response.json
    assert db.session.query(Contact).one().custom == {"customer_number": 0, "region": "Süd"}


def test_bad_custom_values_are_named_together_with_the_other_invalid_fields(call, db):
    make_custom_field("customer_number", "number", required=True)
    make_custom_field("first_met", "date")
    make_custom_field("region", "choice", options=["Nord", "Süd"])
    fields = _fields(call({**BODY, "email": "bad", "custom": {"customer_number": "12", "first_met": "31.03.2026",
                                                             "region": "West", "colour": "red"}}))
    assert fields["email"] and fields["custom.customer_number"] == ["Send a number."]
    assert fields["custom.first_met"] == ["Send a date as YYYY-MM-DD."]
    assert fields["custom.region"] == ["Use one of: Nord, Süd."]
    assert fields["custom.colour"] == ["Unknown field."]
    assert _fields(call({**BODY, "custom": ["customer_number", 1]})) == {
        "custom": ["Send an object of custom field keys and values."],
        "custom.customer_number": ["This field is required."]}


def test_a_contact_that_exists_already_is_not_asked_for_a_field_made_required_later(call, db):
    make_contact("Ina", "Intake", email="ina@shop.example")
    make_custom_field("customer_number", required=True)
    response = call(BODY)
    assert response.status_code == 201 and response.json["contact_existed"] is True


def test_a_new_organization_needs_its_required_fields_an_existing_one_does_not(call, db):
    make_organization("Alt AG")
    make_custom_field("tax_id", entity="organization", required=True)
    assert _fields(call({**BODY, "organization": "Neu GmbH"})) == {
        "organization_custom.tax_id": ["This field is required."]}
    assert call({**BODY, "organization": "alt ag"}).status_code == 201
    response = call({**BODY, "email": "otto@shop.example", "last_name": "Other", "organization": "Neu GmbH",
                     "organization_custom": {"tax_id": "DE123"}, "allow_duplicate": True})
    assert response.status_code == 201, response.json
    assert db.session.query(Organization).filter_by(name="Neu GmbH").one().custom == {"tax_id": "DE123"}


def test_the_openapi_document_lists_this_installations_custom_fields(client, db):
    make_custom_field("customer_number", "number", label="Kundennummer", required=True)
    make_custom_field("region", "choice", options=["Nord", "Süd"])
    make_custom_field("tax_id", entity="organization")
    intake = client.get("/api/v1/openapi.json").json["components"]["schemas"]["LeadIntake"]["properties"]
    custom = intake["custom"]["properties"]
    assert custom["customer_number"]["type"] == ["number", "null"] and custom["customer_number"]["title"] == "Kundennummer"
    assert custom["region"]["enum"] == ["Nord", "Süd", "", None]
    assert list(intake["organization_custom"]["properties"]) == ["tax_id"]
    assert intake["custom"]["additionalProperties"] is False
