"""Only admins answer data requests; partners do not learn that the pages exist."""

import pytest

from webapp.models import Contact


@pytest.mark.parametrize("role", ["marketing", "sales", "service", "accounting"])
def test_colleagues_may_neither_export_nor_erase(client, login_as, people, db, role):
    person, _ = people
    login_as(role)
    contact_id = person.contact.id
    assert client.post(f"/privacy/contacts/{contact_id}/export").status_code == 403
    assert client.get(f"/privacy/contacts/{contact_id}/erase").status_code == 403
    assert client.post(f"/privacy/contacts/{contact_id}/erase",
                       data={"confirm_name": person.name}).status_code == 403
    assert client.get("/privacy/requests").status_code == 403
    page = client.get(f"/contacts/{contact_id}").text
    assert "/privacy/" not in page
    assert db.session.get(Contact, contact_id).email == person.email


def test_a_partner_gets_not_found_and_sees_no_button(client, login_as, people, db):
    person, _ = people
    partner = login_as("partner")
    person.open.partner_id = partner.id
    db.session.commit()
    contact_id = person.contact.id
    assert client.get(f"/contacts/{contact_id}").status_code == 200
    assert "/privacy/" not in client.get(f"/contacts/{contact_id}").text
    for method, path in (("post", f"/privacy/contacts/{contact_id}/export"),
                         ("get", f"/privacy/contacts/{contact_id}/erase"),
                         ("post", f"/privacy/contacts/{contact_id}/erase"), ("get", "/privacy/requests")):
        assert getattr(client, method)(path).status_code == 404
    assert db.session.get(Contact, contact_id).email == person.email


def test_an_admin_finds_both_actions_on_the_contact_page(client, login_as, people):
    person, _ = people
    login_as("admin")
    page = client.get(f"/contacts/{person.contact.id}").text
    assert f"/privacy/contacts/{person.contact.id}/export" in page
    assert f"/privacy/contacts/{person.contact.id}/erase" in page
    assert client.post("/privacy/contacts/999999/export").status_code == 404
