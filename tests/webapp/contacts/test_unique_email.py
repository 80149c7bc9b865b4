"""One contact per e-mail address, however it is typed, also when two people save at once."""

import pytest

from webapp.contacts import services
from webapp.models import Contact
from tests.factories import make_contact, make_lead, make_user

FORM = {"first_name": "Ada", "last_name": "Lovelace", "organization_id": "0"}


def test_addresses_are_stored_trimmed_and_lower_case(db):
    assert make_contact(email="  Ada@Engine.Example ").email == "ada@engine.example"
    assert make_contact(email="   ").email is None
    make_contact(email=None), make_contact(email="")  # no address is allowed many times
    assert db.session.query(Contact).filter(Contact.email.is_(None)).count() == 3


@pytest.mark.parametrize("typed", ["anna@example.com", " ANNA@Example.com "])
def test_a_new_contact_with_a_known_address_gets_a_field_error_naming_it(client, login_as, db, typed):
    login_as("sales")
    existing = make_contact(first_name="Anna", last_name="Alt", email="anna@example.com")
    response = client.post("/contacts/new", data={**FORM, "email": typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert f"Anna Alt (contact {existing.id}) has this e-mail already." in page and 'aria-invalid="true"' in page
    assert 'value="Lovelace"' in page  # what was typed is kept
    assert db.session.query(Contact).count() == 1


def test_editing_keeps_its_own_address_and_cannot_take_anothers(client, login_as, db):
    login_as("sales")
    make_contact(first_name="Anna", last_name="Alt", email="anna@example.com")
    ada = make_contact(first_name="Ada", last_name="Lovelace", email="ada@engine.example")
    own = {**FORM, "email": "ADA@engine.example", "version": ada.version}
    assert client.post(f"/contacts/{ada.id}/edit", data=own).status_code == 302
    db.session.refresh(ada)
    taken = client.post(f"/contacts/{ada.id}/edit", data={**FORM, "email": "anna@example.com", "version": ada.version})
    assert taken.status_code == 409 and "Anna Alt" in taken.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Contact, ada.id).email == "ada@engine.example"


def test_a_partner_is_not_told_whose_address_it_is(client, login_as, db):
    partner = login_as("partner")
    make_contact(first_name="Secret", last_name="Customer", email="secret@example.com")
    own = make_lead(make_contact(first_name="Pat", last_name="Shared", email="pat@example.com"), partner_id=partner.id)
    response = client.post(f"/contacts/{own.contact_id}/edit",
                           data={**FORM, "email": "secret@example.com", "version": own.contact.version})
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "Another contact has this e-mail already." in page
    assert "Secret" not in page


def test_an_address_saved_by_someone_else_a_moment_ago_is_a_field_error_not_a_500(client, login_as, db, monkeypatch):
    login_as("sales")
    existing = make_contact(first_name="Anna", last_name="Alt", email="anna@example.com")
    real = services.email_in_use
    calls = iter([None])  # the check before saving misses it, as when both save at the same moment

    def racing(email, exclude_id=None):
        return next(calls, real(email, exclude_id)) if email else None

    monkeypatch.setattr(services, "email_in_use", racing)
    response = client.post("/contacts/new", data={**FORM, "email": "anna@example.com"})
    assert response.status_code == 409 and f"(contact {existing.id}) has this e-mail" in response.get_data(as_text=True)
    assert db.session.query(Contact).count() == 1


def test_the_service_refuses_a_duplicate_without_a_request(db):
    user = make_user("sales")
    services.save_contact(None, {"first_name": "A", "last_name": "B", "email": "a@b.example"}, user)
    with pytest.raises(services.DuplicateEmail):
        services.save_contact(None, {"first_name": "C", "last_name": "D", "email": "A@B.example"}, user)
