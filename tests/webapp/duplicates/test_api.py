"""The API's lead intake: a new contact that looks like an existing one is a 409 with the
candidates, unless the request says "allow_duplicate": true; a known e-mail still reuses the contact."""

import pytest

from webapp.api.auth import create_token
from webapp.models import Contact, Lead
from tests.factories import make_contact, make_organization, make_user

BODY = {"first_name": "Jürgen", "last_name": "Müller", "email": "j.mueller@acme.example", "organization": "ACME AG",
        "phone": "0049 (30) 123 4567", "title": "New machines"}


@pytest.fixture
def post(client, db):
    make_user("marketing")  # takes the new leads
    token = create_token(make_user("sales"), "test")

    def _post(body):
        return client.post("/api/v1/leads", json=body, headers={"Authorization": f"Bearer {token}"})

    return _post


def test_a_likely_duplicate_contact_is_a_409_naming_the_candidates(post, db):
    existing = make_contact(first_name="Juergen", last_name="Mueller", phone="030/1234567",
                            organization_id=make_organization("Acme GmbH").id)
    response = post(BODY)
    assert response.status_code == 409
    candidates = response.json["error"]["candidates"]
    assert [c["id"] for c in candidates] == [existing.id]
    assert set(candidates[0]["reasons"]) == {"same phone number", "similar name at the same company"}
    assert candidates[0]["score"] == 100 and candidates[0]["name"] == "Juergen Mueller"
    assert db.session.query(Contact).count() == 1 and db.session.query(Lead).count() == 0


def test_allow_duplicate_creates_the_contact_anyway(post, db):
    make_contact(first_name="Juergen", last_name="Mueller", phone="030/1234567")
    response = post({**BODY, "allow_duplicate": True})
    assert response.status_code == 201 and response.json["contact_existed"] is False
    assert db.session.query(Contact).count() == 2


def test_a_known_email_is_no_conflict_the_lead_goes_to_that_contact(post, db):
    existing = make_contact(first_name="Juergen", last_name="Mueller", email="j.mueller@acme.example",
                            phone="030/1234567")
    response = post(BODY)
    assert response.status_code == 201 and response.json["contact_existed"] is True
    assert db.session.query(Lead).one().contact_id == existing.id


def test_allow_duplicate_must_be_a_boolean(post, db):
    response = post({**BODY, "allow_duplicate": "yes"})
    assert response.status_code == 422 and "allow_duplicate" in response.json["error"]["fields"]
