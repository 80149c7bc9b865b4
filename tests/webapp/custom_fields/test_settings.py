"""Admins define custom fields on Settings → Custom fields; nobody else may."""

import pytest

from tests.factories import make_custom_field
from webapp.models import CustomField


def test_an_admin_adds_a_choice_field_with_a_key_from_its_label(client, login_as, db):
    login_as("admin")
    response = client.post("/settings/fields/new", data={
        "entity": "contact", "label": "Größe Region", "type": "choice", "options_text": "Nord\nSüd\n\nNord",
        "required": "y", "position": "3", "active": "y", "in_list": "y"})
    assert response.status_code == 302
    field = db.session.query(CustomField).one()
    assert (field.key, field.type, field.options, field.required, field.in_list) == (
        "groesse_region", "choice", ["Nord", "Süd"], True, True)
    listing = client.get("/settings/fields/").get_data(as_text=True)
    assert "Größe Region" in listing and "groesse_region" in listing


@pytest.mark.parametrize("data, error", [
    ({"label": "Budget", "key": "Budget Key", "type": "number"}, "Lower-case letters"),
    ({"label": "Region", "type": "choice", "options_text": " \n"}, "at least one choice"),
    ({"label": "", "type": "text"}, "This field is required"),
    ({"label": "Budget", "key": "budget", "type": "number"}, "has this key already"),
])
def test_a_bad_definition_is_shown_again_with_the_reason(client, login_as, db, data, error):
    make_custom_field("budget", "number")
    login_as("admin")
    response = client.post("/settings/fields/new", data={"entity": "contact", "active": "y", **data})
    assert response.status_code == 422 and error in response.get_data(as_text=True)
    assert db.session.query(CustomField).count() == 1


def test_editing_keeps_key_and_type_and_can_deactivate(client, login_as, db):
    field = make_custom_field("budget", "number", label="Budget")
    login_as("admin")
    response = client.post(f"/settings/fields/{field.id}", data={
        "label": "Budget (EUR)", "type": "text", "key": "other", "entity": "organization", "position": "1"})
    assert response.status_code == 302
    db.session.refresh(field)
    assert (field.label, field.key, field.type, field.entity, field.active) == (
        "Budget (EUR)", "budget", "number", "contact", False)


@pytest.mark.parametrize("role", ["marketing", "sales", "partner"])
def test_only_admins_define_fields(client, login_as, role):
    login_as(role)
    assert client.get("/settings/fields/").status_code in (403, 404)
    assert client.post("/settings/fields/new", data={"label": "X", "type": "text"}).status_code in (403, 404)
