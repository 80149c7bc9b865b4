"""Two spellings of one e-mail, phone number or company compare equal; different ones do not."""

import pytest

from webapp.duplicates.keys import email_key, organization_key, person_key, phone_key
from webapp.extensions import db
from webapp.models import Contact, Organization


@pytest.mark.parametrize("spelling", ["+49 30 1234567", "030/1234567", "0049 (30) 123 4567", "030 123-45-67"])
def test_german_spellings_of_one_number_share_a_key(spelling):
    assert phone_key(spelling) == "+49301234567"


def test_a_number_is_read_in_the_chosen_region():
    assert phone_key("020 7946 0958", "GB") == "+442079460958"
    assert phone_key("020 7946 0958", "GB") != phone_key("020 7946 0958", "DE")


def test_numbers_too_short_or_blank_have_no_key():
    assert phone_key(None) is None
    assert phone_key("  ") is None
    assert phone_key("12") is None


def test_different_numbers_differ():
    assert phone_key("030 1234567") != phone_key("030 1234568")


def test_emails_compare_without_case_and_spaces():
    assert email_key("  Anna.Berg@Example.COM ") == email_key("anna.berg@example.com")


def test_company_names_compare_without_legal_form_and_umlaut_spelling():
    assert organization_key("Müller GmbH & Co. KG") == organization_key("Mueller GmbH") == "mueller"
    assert organization_key("Acme Ltd.") == organization_key("ACME") == "acme"
    assert organization_key("Müller GmbH") != organization_key("Schulz GmbH")
    assert organization_key("GmbH") == "gmbh"  # a name that is only a legal form keeps it


def test_person_names_compare_without_accents():
    assert person_key("José", "Groß") == person_key("jose", "GROSS") == "jose gross"


def test_every_save_stamps_the_keys(app):
    organization = Organization(name="Brandt & Söhne GmbH", phone="+49 (89) 555-0101")
    contact = Contact(first_name="Ida", last_name="Brandt", phone="089/5550101", mobile="0171 2345678")
    db.session.add_all([organization, contact])
    db.session.commit()
    assert organization.name_key == "brandt soehne"
    assert organization.phone_key == contact.phone_key == "+49895550101"
    assert contact.mobile_key == "+491712345678"
    contact.mobile = None
    organization.name = "Brandt AG"
    db.session.commit()
    assert contact.mobile_key is None and contact.phone_key == "+49895550101"
    assert organization.name_key == "brandt"
