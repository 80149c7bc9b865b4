"""Creating a contact or organization warns of likely duplicates first; "Create anyway" creates
it, without JavaScript (the POST asks again) and with htmx (a warning while typing)."""

from sqlalchemy import func, select

from webapp.models import Contact, Organization
from tests.factories import make_contact, make_lead, make_organization

NEW = {"first_name": "Ada", "last_name": "Lovelace", "organization_id": "0", "phone": "030/1234567",
       "notes": "met at the fair"}


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_new_contact_like_an_existing_one_asks_first_and_keeps_what_was_typed(client, login_as, db):
    login_as("sales")
    ada = make_contact(first_name="Augusta", last_name="King", phone="+49 30 1234567")
    response = client.post("/contacts/new", data=NEW)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and _count(db, Contact) == 1
    assert f'href="/contacts/{ada.id}"' in page and "same phone number" in page
    assert 'value="Lovelace"' in page and "met at the fair" in page
    assert 'name="allow_duplicate"' in page  # the button that creates it anyway


def test_create_anyway_creates_the_contact(client, login_as, db):
    login_as("sales")
    make_contact(first_name="Augusta", last_name="King", phone="+49 30 1234567")
    response = client.post("/contacts/new", data={**NEW, "allow_duplicate": "y"})
    assert response.status_code == 302 and _count(db, Contact) == 2


def test_a_contact_like_no_other_is_created_at_once(client, login_as, db):
    login_as("sales")
    make_contact(first_name="Augusta", last_name="King", phone="+49 30 7654321")
    assert client.post("/contacts/new", data=NEW).status_code == 302 and _count(db, Contact) == 2


def test_the_same_email_stays_a_hard_error_not_a_warning(client, login_as, db):
    login_as("sales")
    make_contact(first_name="Augusta", last_name="King", email="ada@engine.example")
    response = client.post("/contacts/new", data={**NEW, "email": "ADA@engine.example", "allow_duplicate": "y"})
    assert response.status_code == 409 and _count(db, Contact) == 1


def test_while_typing_the_form_names_likely_duplicates(client, login_as, db):
    login_as("sales")
    acme = make_organization("Acme GmbH")
    same = make_contact(first_name="Ada", last_name="Lovelace", organization_id=acme.id)
    form = client.get("/contacts/new").get_data(as_text=True)
    assert 'hx-get="/contacts/check/duplicates"' in form and 'id="duplicate-check"' in form
    fragment = client.get(f"/contacts/check/duplicates?first_name=Ada&last_name=Lovelace&organization_id={acme.id}")
    text = fragment.get_data(as_text=True)
    assert f'href="/contacts/{same.id}"' in text and "similar name at the same company" in text
    assert "allow_duplicate" not in text  # the button comes with a save, not while typing
    assert "href" not in client.get("/contacts/check/duplicates?first_name=Zed&last_name=Zulu").get_data(as_text=True)


def test_a_partner_is_warned_only_of_their_own_contacts(client, login_as, db):
    partner = login_as("partner")
    make_contact(first_name="Udo", last_name="Fremd", phone="030 1111111")
    own = make_contact(first_name="Ina", last_name="Eigen", mobile="030 1111111")
    make_lead(own, partner_id=partner.id)
    text = client.get("/contacts/check/duplicates?phone=%2B49301111111").get_data(as_text=True)
    assert "Eigen" in text and "Fremd" not in text


def test_a_new_organization_like_an_existing_one_asks_first(client, login_as, db):
    login_as("sales")
    existing = make_organization("Schneider Logistik GmbH", website="https://schneider-logistik.example")
    data = {"name": "Schneider Logistics", "website": "https://www.schneider-logistik.example/"}
    asked = client.post("/organizations/new", data=data)
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and f'href="/organizations/{existing.id}"' in page and "same website" in page
    assert _count(db, Organization) == 1
    assert client.post("/organizations/new", data={**data, "allow_duplicate": "y"}).status_code == 302
    assert _count(db, Organization) == 2
    fragment = client.get("/organizations/check/duplicates?name=Schneider+Logistik+AG").get_data(as_text=True)
    assert f'href="/organizations/{existing.id}"' in fragment
