"""A user's own language (profile page) before the browser's, the company default and time zone
on the settings page, and the language a new contact's documents start in."""

from webapp.models import Contact, User
from webapp.settings.services import COMPANY_KEYS, get_settings, page_version, save_settings
from tests.factories import make_contact
from tests.html_forms import form_fields

GERMAN_BROWSER = {"Accept-Language": "de-DE,de;q=0.9"}
ENGLISH_BROWSER = {"Accept-Language": "en-GB,en;q=0.9"}


def queue(client, headers) -> str:
    return client.get("/leads/queue", headers=headers).get_data(as_text=True)


def test_the_users_own_language_comes_before_the_browsers(client, login_as):
    login_as("sales", language="de")
    assert "Mein Arbeitsvorrat" in queue(client, ENGLISH_BROWSER)


def test_a_user_who_chose_english_gets_english_from_a_german_browser(client, login_as):
    login_as("sales", language="en")
    assert "My queue" in queue(client, GERMAN_BROWSER)


def test_an_unknown_stored_language_falls_back_to_the_browser(client, login_as):
    login_as("sales", language="fr")
    assert "Mein Arbeitsvorrat" in queue(client, GERMAN_BROWSER)
    assert "My queue" in queue(client, ENGLISH_BROWSER)


def test_choosing_a_language_on_the_profile_page(client, login_as, db):
    user = login_as("sales")
    profile = client.get("/profile", headers=ENGLISH_BROWSER).get_data(as_text=True)
    assert form_fields(profile, "/profile/language")["language"] == ""  # as the browser asks
    response = client.post("/profile/language", data={"language": "de"}, headers=ENGLISH_BROWSER,
                           follow_redirects=True)
    assert "Ihre Sprache ist gespeichert." in response.get_data(as_text=True)
    assert db.session.get(User, user.id).language == "de"
    assert "Mein Arbeitsvorrat" in queue(client, ENGLISH_BROWSER)
    assert form_fields(client.get("/profile").get_data(as_text=True), "/profile/language")["language"] == "de"

    client.post("/profile/language", data={"language": ""})  # back to the browser's language
    assert db.session.get(User, user.id).language is None
    assert "My queue" in queue(client, ENGLISH_BROWSER)


def test_a_language_we_do_not_have_is_refused_on_the_profile_page(client, login_as, db):
    user = login_as("sales", language="de")
    response = client.post("/profile/language", data={"language": "fr"})
    assert response.status_code == 422 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert db.session.get(User, user.id).language == "de"


def _company_form(client) -> dict:
    return form_fields(client.get("/settings/company").get_data(as_text=True), "/settings/company")


def test_an_admin_sets_the_company_language_and_time_zone(client, login_as, db):
    login_as("admin")
    data = _company_form(client)
    assert (data["language"], data["timezone"]) == ("en", "Europe/Berlin")
    assert client.post("/settings/company", data={**data, "language": "de", "timezone": "Europe/Vienna"}).status_code == 302
    company = get_settings()["company"]
    assert (company["language"], company["timezone"]) == ("de", "Europe/Vienna")
    assert company["name"] == "Your Company GmbH"  # the rest of the page is kept


def test_a_time_zone_the_database_does_not_know_is_refused(client, login_as, db):
    login_as("admin")
    data = {**_company_form(client), "timezone": "Europe/Atlantis"}
    response = client.post("/settings/company", data=data)
    assert response.status_code == 422 and "Not a time zone we know" in response.get_data(as_text=True)
    assert get_settings()["company"]["timezone"] == "Europe/Berlin"
    assert page_version(COMPANY_KEYS) == 0


def test_a_new_contact_starts_in_the_company_language_and_keeps_it(client, login_as, db):
    save_settings({"company": {"language": "de"}})
    login_as("sales")
    form = form_fields(client.get("/contacts/new").get_data(as_text=True), "/contacts/new", "/contacts/new")
    assert form["language"] == "de"
    client.post("/contacts/new", data={**form, "first_name": "Jörg", "last_name": "Özdemir", "organization_id": "0"})
    assert db.session.query(Contact).filter_by(last_name="Özdemir").one().language == "de"

    imported = make_contact("Ida", "Import")  # created by any other path: the same default
    save_settings({"company": {"language": "en"}})
    assert db.session.get(Contact, imported.id).language == "de"
    assert make_contact("Erik", "Later").language == "en"


def test_a_contact_saved_before_languages_existed_shows_the_company_default(client, login_as, db):
    save_settings({"company": {"language": "de"}})
    login_as("sales")
    contact = make_contact("Alt", "Bestand")
    db.session.query(Contact).filter_by(id=contact.id).update({"language": None})
    db.session.commit()
    action = f"/contacts/{contact.id}/edit"
    assert form_fields(client.get(action).get_data(as_text=True), action, action)["language"] == "de"


def test_an_unknown_company_language_starts_contacts_in_english(db):
    save_settings({"company": {"language": "xx"}})
    assert make_contact("Nora", "Neu").language == "en"
