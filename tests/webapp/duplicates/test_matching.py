"""Likely duplicates of a contact or organization: by e-mail, phone (crosswise), similar name at
the same company; only records the user may see are named."""

import pytest

from webapp.duplicates.matching import contact_candidates, organization_candidates
from tests.factories import make_contact, make_lead, make_organization, make_user


def _ids(candidates):
    return [c.record.id for c in candidates]


@pytest.mark.parametrize("typed", ["erika@muster.example", "  ERIKA@Muster.Example "])
def test_the_same_email_however_typed_is_a_duplicate(db, typed):
    erika = make_contact(email="erika@muster.example")
    found = contact_candidates({"email": typed}, make_user("sales"))
    assert _ids(found) == [erika.id]
    assert found[0].score == 100 and [str(r) for r in found[0].reasons] == ["same e-mail"]


@pytest.mark.parametrize("typed", ["+49 30 1234567", "030/1234567", "0049 (30) 123 4567"])
def test_one_number_in_any_spelling_matches_phone_and_mobile_crosswise(db, typed):
    by_phone = make_contact(first_name="Paul", last_name="Fest", phone="030 1234567")
    by_mobile = make_contact(first_name="Mia", last_name="Funk", mobile="+49 (0)30 123 45 67")
    make_contact(first_name="Other", last_name="Number", phone="030 7654321")
    found = contact_candidates({"first_name": "X", "last_name": "Y", "mobile": typed}, make_user("sales"))
    assert sorted(_ids(found)) == sorted([by_phone.id, by_mobile.id])
    assert all([str(r) for r in c.reasons] == ["same phone number"] for c in found)


def test_a_similar_name_at_the_same_company_is_a_likely_duplicate(db):
    acme = make_organization("ACME GmbH")
    other_company = make_organization("Beta AG")
    same = make_contact(first_name="Jürgen", last_name="Müller", organization_id=acme.id)
    make_contact(first_name="Jürgen", last_name="Müller", organization_id=other_company.id)
    make_contact(first_name="Karla", last_name="Meier", organization_id=acme.id)
    found = contact_candidates({"first_name": "Juergen", "last_name": "Mueller", "organization_id": acme.id},
                               make_user("sales"))
    assert _ids(found) == [same.id]
    assert [str(r) for r in found[0].reasons] == ["similar name at the same company"] and found[0].score >= 90


def test_the_company_may_be_named_instead_of_chosen(db):
    acme = make_organization("Acme GmbH")
    same = make_contact(first_name="Erika", last_name="Mustermann", organization_id=acme.id)
    found = contact_candidates({"first_name": "Erica", "last_name": "Mustermann", "organization": "ACME Gmbh."},
                               make_user("sales"))
    assert _ids(found) == [same.id]


def test_names_that_only_look_alike_at_different_companies_are_not_named(db):
    make_contact(first_name="Anna", last_name="Schmidt", organization_id=make_organization("One").id)
    found = contact_candidates({"first_name": "Anna", "last_name": "Schmidt",
                                "organization_id": make_organization("Two").id}, make_user("sales"))
    assert found == []


def test_a_partner_is_told_only_of_contacts_on_their_own_leads(db):
    partner = make_user("partner")
    theirs = make_contact(first_name="Ina", last_name="Eigen", phone="030 1111111")
    make_lead(theirs, partner_id=partner.id)
    make_contact(first_name="Udo", last_name="Fremd", phone="030 1111111", email="udo@fremd.example")
    found = contact_candidates({"phone": "+49 30 1111111", "email": "udo@fremd.example"}, partner)
    assert _ids(found) == [theirs.id]
    assert len(contact_candidates({"phone": "+49 30 1111111"}, make_user("sales"))) == 2


def test_organizations_by_name_without_legal_form_phone_and_website(db):
    same_name = make_organization("Müller GmbH & Co. KG")
    same_phone = make_organization("Elsewhere AG", phone="089 555000")
    same_site = make_organization("Web Ltd", website="https://www.mueller-web.example/about")
    make_organization("Unrelated AG", phone="089 999999", website="https://other.example")
    user = make_user("sales")
    assert _ids(organization_candidates({"name": "Mueller KG"}, user)) == [same_name.id]
    assert _ids(organization_candidates({"name": "Zeta", "phone": "+49 89 555000"}, user)) == [same_phone.id]
    assert _ids(organization_candidates({"name": "Zeta", "website": "http://mueller-web.example"}, user)) == [same_site.id]


def test_a_slightly_misspelt_company_name_is_a_likely_duplicate(db):
    found = make_organization("Schneider Logistik GmbH")
    candidates = organization_candidates({"name": "Schnieder Logistik"}, make_user("sales"))
    assert _ids(candidates) == [found.id] and [str(r) for r in candidates[0].reasons] == ["similar name"]
