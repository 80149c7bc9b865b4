"""Marketing consent and do-not-contact: edited on the contact page with history, read by
may_contact() and contactable(), filtered in the list, merged strictly, exported."""

import io
import json
import zipfile
from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import make_contact, make_lead, make_user
from webapp.consent.services import contactable, may_contact, save_consent
from webapp.duplicates.merge import merge
from webapp.field_history import changes_for
from webapp.models import Contact


@pytest.fixture
def four(db):
    return {"yes": make_contact("Yara", marketing_consent="yes"),
            "no": make_contact("Nina", marketing_consent="no"),
            "unknown": make_contact("Udo"),
            "dnc": make_contact("Dana", marketing_consent="yes", do_not_contact=True)}


def test_do_not_contact_and_a_no_are_excluded_in_python_and_sql_alike(db, four):
    db.session.expire_all()
    allowed = {name for name, contact in four.items() if may_contact(contact)}
    assert allowed == {"yes", "unknown"}
    in_sql = set(db.session.scalars(select(Contact.first_name).where(contactable())))
    assert in_sql == {"Yara", "Udo"}


def _consent(contact, **kw):
    return {"marketing_consent": contact.marketing_consent, "consent_at": "", "consent_source": "",
            "do_not_contact": "", "do_not_contact_at": "", "do_not_contact_source": "", "version": contact.version,
            **kw}


def test_the_contact_page_edits_consent_and_keeps_its_history(client, login_as, db):
    contact = make_contact("Lena")
    user = login_as("marketing")
    page = client.get(f"/contacts/{contact.id}").get_data(as_text=True)
    assert "Marketing consent unknown" in page and 'name="marketing_consent"' in page
    response = client.post(f"/contacts/{contact.id}/consent",
                           data=_consent(contact, marketing_consent="yes", consent_source="web"))
    assert response.status_code == 302
    db.session.refresh(contact)
    assert (contact.marketing_consent, contact.consent_at, contact.consent_source) == ("yes", date.today(), "web")
    response = client.post(f"/contacts/{contact.id}/consent", data=_consent(
        contact, do_not_contact="y", do_not_contact_at="2026-03-01", do_not_contact_source="phone"))
    assert response.status_code == 302
    db.session.refresh(contact)
    assert (contact.do_not_contact, contact.do_not_contact_at, contact.do_not_contact_source) == (
        True, date(2026, 3, 1), "phone")
    assert not may_contact(contact)
    history = {(c.field, c.new_value) for c in changes_for(Contact, contact.id) if c.changed_by_id == user.id}
    assert {("marketing_consent", "yes"), ("consent_source", "web"), ("do_not_contact", True),
            ("do_not_contact_at", "2026-03-01")} <= history
    page = client.get(f"/contacts/{contact.id}").get_data(as_text=True)
    assert "Do not contact" in page and "since 01 Mar 2026" in page and "Changes of consent" in page


def test_a_stale_or_bad_consent_form_is_shown_again(client, login_as, db):
    contact = make_contact("Lena")
    login_as("sales")
    bad = client.post(f"/contacts/{contact.id}/consent", data=_consent(contact, marketing_consent="maybe"))
    assert bad.status_code == 422 and "Not a valid choice" in bad.get_data(as_text=True)
    stale = _consent(contact, marketing_consent="no")
    save_consent(contact, {**_consent(contact), "marketing_consent": "yes"}, make_user("admin"), contact.version)
    conflict = client.post(f"/contacts/{contact.id}/consent", data=stale)
    assert conflict.status_code == 409
    db.session.refresh(contact)
    assert contact.marketing_consent == "yes"


def test_a_partner_changes_consent_only_of_contacts_handed_to_them(client, login_as, db):
    partner = login_as("partner")
    theirs, other = make_contact("Theirs"), make_contact("Other")
    make_lead(theirs, partner_id=partner.id)
    assert client.post(f"/contacts/{other.id}/consent", data=_consent(other, marketing_consent="no")).status_code == 404
    assert client.post(f"/contacts/{theirs.id}/consent", data=_consent(theirs, marketing_consent="no")).status_code == 302


@pytest.mark.parametrize("status, names", [("contactable", {"Yara", "Udo"}), ("yes", {"Yara", "Dana"}),
                                            ("no", {"Nina"}), ("unknown", {"Udo"}), ("dnc", {"Dana"}),
                                            ("", {"Yara", "Nina", "Udo", "Dana"})])
def test_the_list_filters_by_consent(client, login_as, four, status, names):
    login_as("marketing")
    body = client.get(f"/contacts/?consent={status}").get_data(as_text=True)
    assert {name for name in ("Yara", "Nina", "Udo", "Dana") if f", {name}<" in body} == names


def test_a_merge_keeps_the_stricter_word(db):
    kept = make_contact("Kai", marketing_consent="yes", consent_source="web", custom={"a": 1})
    other = make_contact("Kai", marketing_consent="no", consent_at=date(2026, 2, 2), consent_source="phone",
                         do_not_contact=True, do_not_contact_at=date(2026, 2, 3), custom={"a": 2, "b": 3})
    merge("contact", kept, other, {}, make_user("admin"), kept.version, other.version)
    db.session.refresh(kept)
    assert (kept.marketing_consent, kept.consent_at, kept.consent_source) == ("no", date(2026, 2, 2), "phone")
    assert (kept.do_not_contact, kept.do_not_contact_at) == (True, date(2026, 2, 3))
    assert kept.custom == {"a": 1, "b": 3}


def test_the_personal_data_export_holds_consent_and_labelled_custom_fields(client, login_as, db):
    from tests.factories import make_custom_field

    make_custom_field("budget", "number", label="Budget")
    contact = make_contact("Lena", marketing_consent="no", consent_source="email", consent_at=date(2026, 4, 1),
                           custom={"budget": 12.5, "Hobby": "Segeln"})
    login_as("admin")
    with client.post(f"/privacy/contacts/{contact.id}/export") as response:
        person = json.loads(zipfile.ZipFile(io.BytesIO(response.data)).read("person.json"))
    assert (person["marketing_consent"], person["consent_at"], person["consent_source"]) == ("no", "2026-04-01", "email")
    assert person["do_not_contact"] is False
    assert {"key": "budget", "label": "Budget", "type": "number", "value": 12.5} in person["custom_fields"]
    assert {"key": "Hobby", "label": "Hobby", "type": None, "value": "Segeln"} in person["custom_fields"]
