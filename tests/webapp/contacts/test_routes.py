"""Contacts as a user sees them: search, create, edit, the timeline."""

from webapp.models import Activity, Contact
from tests.factories import make_activity, make_contact, make_lead, make_organization

VALID = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@engine.example",
         "phone": "+44 20 7946 0000", "organization_id": "0"}


def test_search_finds_by_name_company_and_email(client, login_as):
    login_as("sales")
    acme = make_organization(name="Acme Maschinenbau")
    make_contact(first_name="Petra", last_name="Quast", organization_id=acme.id)
    make_contact(first_name="Jonas", last_name="Ritter", email="jonas@ritter-logistik.example")
    make_contact(first_name="Other", last_name="Person")

    def found(q):
        return client.get("/contacts/", query_string={"q": q}).get_data(as_text=True)

    assert "Quast" in found("quast") and "Ritter" not in found("quast")
    assert "Quast" in found("maschinenbau")
    assert "Ritter" in found("ritter-logistik") and "Quast" not in found("ritter-logistik")
    assert "Quast" in found("petra acme")  # every word must match somewhere
    assert "No contact matches" in found("nobody-like-this")


def test_search_as_you_type_returns_only_the_results_fragment(client, login_as):
    login_as("sales")
    make_contact(first_name="Petra", last_name="Quast")
    response = client.get("/contacts/?q=quast", headers={"HX-Request": "true", "HX-Target": "contact-results"})
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'id="contact-results"' in body and "Quast" in body
    assert "HX-Request" in response.headers["Vary"]
    # A boosted or history-restore request gets the whole page.
    restore = client.get("/contacts/?q=quast", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.get_data(as_text=True)


def test_list_paginates_and_sorts(client, login_as, app):
    login_as("sales")
    for i in range(app.config["PAGE_SIZE"] + 3):
        make_contact(first_name="P", last_name=f"Name{i:02d}")
    first = client.get("/contacts/?sort=name&dir=asc").get_data(as_text=True)
    assert "Name00" in first and "Name12" not in first and "Page 1 of 2" in first
    second = client.get("/contacts/?sort=name&dir=asc&page=2").get_data(as_text=True)
    assert "Name12" in second
    descending = client.get("/contacts/?sort=name&dir=desc").get_data(as_text=True)
    assert descending.index("Name12") < descending.index("Name11")


def test_create_contact_then_see_it(client, login_as, db):
    login_as("marketing")
    response = client.post("/contacts/new", data={**VALID, "custom_text": "Newsletter: yes"})
    assert response.status_code == 302
    contact = db.session.query(Contact).one()
    assert contact.custom == {"Newsletter": "yes"}
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ada Lovelace" in page and "Newsletter" in page


def test_invalid_contact_re_renders_with_field_errors_and_writes_nothing(client, login_as, db):
    login_as("marketing")
    bad = {**VALID, "first_name": "", "email": "not-an-email", "phone": "call me", "custom_text": "no colon"}
    response = client.post("/contacts/new", data=bad)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert db.session.query(Contact).count() == 0
    assert 'aria-invalid="true"' in body
    assert "Invalid email address" in body and "phone number" in body and "name: value" in body
    assert 'value="Lovelace"' in body and 'value="not-an-email"' in body  # kept what was typed


def test_edit_with_invalid_data_changes_nothing(client, login_as, db):
    login_as("sales")
    contact = make_contact(first_name="Old", last_name="Name", email="old@example.com")
    response = client.post(f"/contacts/{contact.id}/edit", data={**VALID, "last_name": "", "email": "x@"})
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).email == "old@example.com"
    ok = client.post(f"/contacts/{contact.id}/edit", data={**VALID, "first_name": "New", "version": contact.version})
    assert ok.status_code == 302
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).first_name == "New"


def test_email_check_warns_about_a_second_contact(client, login_as):
    login_as("sales")
    existing = make_contact(first_name="Anna", last_name="Alt", email="anna@example.com")
    warn = client.get("/contacts/validate/email?email=ANNA@example.com").get_data(as_text=True)
    assert "Another contact already uses this e-mail" in warn and "Anna Alt" in warn
    same = client.get(f"/contacts/validate/email?email=anna@example.com&id={existing.id}").get_data(as_text=True)
    assert "Another contact" not in same
    invalid = client.get("/contacts/validate/email?email=anna@").get_data(as_text=True)
    assert "Invalid email address" in invalid and "<html" not in invalid


def test_contact_page_shows_leads_and_timeline_newest_first(client, login_as):
    user = login_as("sales")
    contact = make_contact(first_name="Tim", last_name="Line")
    make_lead(contact, title="ERP rollout", stage="customer")
    make_lead(contact, title="Webshop", stage="lead")
    from datetime import datetime, timezone

    make_activity(contact, body="older entry", occurred_at=datetime(2025, 1, 1, tzinfo=timezone.utc), user_id=user.id)
    make_activity(contact, body="newer entry", occurred_at=datetime(2025, 6, 1, tzinfo=timezone.utc))
    page = client.get(f"/contacts/{contact.id}").get_data(as_text=True)
    assert "ERP rollout" in page and "Webshop" in page and "Customer" in page and "Lead" in page
    assert page.index("newer entry") < page.index("older entry")


def test_logging_a_note_inline_shows_it_on_the_timeline_with_who(client, login_as, db):
    user = login_as("sales", name="Sam Seller")
    contact = make_contact()
    lead = make_lead(contact, title="Fleet deal")
    response = client.post(f"/contacts/{contact.id}/activities", headers={"HX-Request": "true"},
                           data={"kind": "call", "subject": "Intro", "body": "Wants a demo", "lead_id": lead.id})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert 'id="contact-history"' in body and "Wants a demo" in body and "Sam Seller" in body
    assert response.headers["HX-Trigger"] == "activity-logged"
    activity = db.session.query(Activity).one()
    assert activity.user_id == user.id and activity.lead_id == lead.id
    db.session.refresh(lead)
    assert lead.last_contact_at is not None  # a call counts as contact


def test_logging_without_javascript_redirects_back(client, login_as):
    login_as("sales")
    contact = make_contact()
    response = client.post(f"/contacts/{contact.id}/activities", data={"kind": "note", "body": "Plain form"})
    assert response.status_code == 302
    assert "Plain form" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_empty_note_is_refused_inline(client, login_as, db):
    login_as("sales")
    contact = make_contact()
    response = client.post(f"/contacts/{contact.id}/activities", headers={"HX-Request": "true"},
                           data={"kind": "note", "body": "  "})
    assert response.status_code == 422
    assert "This field is required" in response.get_data(as_text=True)
    assert db.session.query(Activity).count() == 0


def test_partner_sees_only_contacts_of_leads_handed_to_them(client, login_as):
    partner = login_as("partner")
    shared = make_contact(first_name="Shared", last_name="Person")
    hidden = make_contact(first_name="Hidden", last_name="Person")
    make_lead(shared, partner_id=partner.id, title="Their project")
    make_lead(shared, title="In-house project")
    make_lead(hidden)
    listing = client.get("/contacts/").get_data(as_text=True)
    assert "Shared" in listing and "Hidden" not in listing
    assert client.get(f"/contacts/{hidden.id}").status_code == 404
    page = client.get(f"/contacts/{shared.id}").get_data(as_text=True)
    assert "Their project" in page and "In-house project" not in page


def test_email_check_tells_a_partner_nothing_about_contacts_beyond_their_leads(client, login_as):
    partner = login_as("partner")
    theirs = make_contact(first_name="Paul", last_name="Shared", email="paul@shared.example")
    make_lead(theirs, partner_id=partner.id)
    stranger = make_contact(first_name="Vera", last_name="Secret", email="vera@customer.example")
    hidden = client.get("/contacts/validate/email?email=vera@customer.example").get_data(as_text=True)
    assert "Vera" not in hidden and f"/contacts/{stranger.id}" not in hidden and "Another contact" not in hidden
    other = make_contact(first_name="Otto", last_name="Other")
    make_lead(other, partner_id=partner.id)
    own = client.get(f"/contacts/validate/email?email=paul@shared.example&id={other.id}").get_data(as_text=True)
    assert "Another contact already uses this e-mail" in own and f"/contacts/{theirs.id}" in own


def test_partner_contact_form_offers_only_organizations_they_may_see(client, login_as, db):
    partner = login_as("partner")
    own_org, second_org = make_organization(name="Partnered GmbH"), make_organization(name="Also Shared AG")
    foreign = make_organization(name="Big Customer SE")
    contact = make_contact(organization_id=own_org.id, first_name="Paul", last_name="Shared")
    make_lead(contact, partner_id=partner.id)
    make_lead(make_contact(organization_id=second_org.id), partner_id=partner.id)
    make_contact(organization_id=foreign.id)
    form = client.get(f"/contacts/{contact.id}/edit").get_data(as_text=True)
    assert "Partnered GmbH" in form and "Also Shared AG" in form and "Big Customer SE" not in form
    data = {"first_name": "Paul", "last_name": "Shared", "organization_id": foreign.id, "version": contact.version}
    response = client.post(f"/contacts/{contact.id}/edit", data=data)
    assert response.status_code == 422 and "Not a valid choice" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).organization_id == own_org.id
    assert client.get(f"/organizations/{foreign.id}").status_code == 404
    moved = client.post(f"/contacts/{contact.id}/edit", data={**data, "organization_id": second_org.id})
    assert moved.status_code == 302


def test_internal_contact_form_offers_every_organization(client, login_as):
    login_as("service")
    make_organization(name="Big Customer SE")
    assert "Big Customer SE" in client.get("/contacts/new").get_data(as_text=True)


def test_a_partner_files_notes_only_on_the_projects_handed_to_them(client, login_as, db):
    partner = login_as("partner")
    shared = make_contact(first_name="Shared", last_name="Person")
    theirs = make_lead(shared, partner_id=partner.id, title="Their project")
    page = client.get(f"/contacts/{shared.id}").get_data(as_text=True)
    assert "whole contact" not in page and "Their project" in page
    for forged in ({"lead_id": "0"}, {}):  # the whole contact, chosen or by leaving the project out
        response = client.post(f"/contacts/{shared.id}/activities", data={"kind": "note", "body": "Hidden?", **forged})
        assert response.status_code == 422
    assert db.session.query(Activity).count() == 0
    done = client.post(f"/contacts/{shared.id}/activities", data={"kind": "note", "body": "Called", "lead_id": theirs.id})
    assert done.status_code == 302
    assert db.session.query(Activity).one().lead_id == theirs.id
    assert "Called" in client.get(f"/contacts/{shared.id}").get_data(as_text=True)
