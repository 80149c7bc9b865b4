from webapp.models import Organization
from tests.factories import make_contact, make_organization


def test_create_organization_and_refuse_duplicate_name(client, login_as, db):
    login_as("sales")
    ok = client.post("/organizations/new", data={"name": "Nordlicht GmbH", "employees": "12",
                                                  "website": "https://nordlicht.example"})
    assert ok.status_code == 302
    again = client.post("/organizations/new", data={"name": "nordlicht gmbh"})
    assert again.status_code == 422 and "exists already" in again.get_data(as_text=True)
    assert db.session.query(Organization).count() == 1


def test_invalid_organization_keeps_input(client, login_as, db):
    login_as("sales")
    response = client.post("/organizations/new", data={"name": "", "employees": "-3", "website": "nordlicht"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "full address" in body and 'value="nordlicht"' in body
    assert db.session.query(Organization).count() == 0


def test_search_and_detail_list_the_contacts(client, login_as):
    login_as("sales")
    org = make_organization(name="Südwind Logistik", city="Freiburg")
    make_contact(first_name="Lara", last_name="Berg", organization_id=org.id)
    make_organization(name="Other AG", city="Kiel")
    listing = client.get("/organizations/?q=freiburg").get_data(as_text=True)
    assert "Südwind" in listing and "Other AG" not in listing
    detail = client.get(f"/organizations/{org.id}").get_data(as_text=True)
    assert "Lara Berg" in detail


def test_a_partner_sees_only_the_organizations_of_leads_handed_to_them(client, login_as):
    from tests.factories import make_lead

    partner = login_as("partner")
    theirs = make_organization(name="Partnered GmbH")
    in_house = make_organization(name="In-house Kunde AG")  # has a lead, but one the company works itself
    make_lead(make_contact(organization_id=theirs.id), partner_id=partner.id)
    make_lead(make_contact(organization_id=in_house.id))
    listing = client.get("/organizations/").get_data(as_text=True)
    assert "Partnered GmbH" in listing and "In-house Kunde AG" not in listing
    assert client.get(f"/organizations/{theirs.id}").status_code == 200
    assert client.get(f"/organizations/{in_house.id}").status_code == 404
