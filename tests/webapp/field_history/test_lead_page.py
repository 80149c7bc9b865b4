"""The lead page shows its field history, folded away, in the forms' words."""

import re

from webapp.models import Lead
from tests.factories import make_contact, make_lead, make_organization, make_user


def _section(page: str) -> str:
    found = re.search(r'<details class="field-changes">.*?</details>', page, re.S)
    return found.group(0) if found else ""


def test_sales_sees_who_changed_what_in_the_forms_words(client, db, login_as):
    rep = login_as("sales", name="Rita Rep")
    organization = make_organization(industry="Retail")
    lead = make_lead(contact=make_contact(organization_id=organization.id), stage="prospect", owner_id=rep.id,
                     title="Webshop", budget="planned")
    client.post(f"/leads/{lead.id}", data={"title": "Webshop", "budget": "confirmed", "timeline": "within_3_months",
                                           "expected_value": "2500", "version": lead.version})
    organization.industry = "Wholesale"
    db.session.commit()
    page = client.get(f"/leads/{lead.id}").get_data(as_text=True)
    section = _section(page)
    assert section, "no collapsible field history on the lead page"
    assert "<summary>Changes to the data" in section
    assert re.search(r"Rita Rep</td><td>Budget</td><td>Planned → Confirmed", section)
    assert "Timeline</td><td>— → Within 3 months" in section
    assert "Expected value (€)</td><td>— → 2,500.00" in section
    assert "Organization: Industry</td><td>Retail → Wholesale" in section
    assert "Stage</td><td>— → Prospect" in section


def test_owner_changes_show_names(client, db, login_as):
    login_as("admin")
    before, after = make_user("marketing", name="Mia Marketing"), make_user("marketing", name="Max Marketing")
    lead = make_lead(owner_id=before.id)
    client.post(f"/leads/{lead.id}/assign", data={"owner_id": after.id})
    assert "Owner</td><td>Mia Marketing → Max Marketing" in _section(client.get(f"/leads/{lead.id}").get_data(as_text=True))


def test_a_partner_sees_their_leads_changes_but_not_those_of_the_contacts_other_leads(client, db, login_as):
    partner = login_as("partner")
    contact = make_contact()
    handed = make_lead(contact=contact, partner_id=partner.id, expected_value=1000)
    other = make_lead(contact=contact, expected_value=1000)
    for lead, value in ((handed, 4321), (other, 98765)):
        db.session.get(Lead, lead.id).expected_value = value
    db.session.commit()
    section = _section(client.get(f"/leads/{handed.id}").get_data(as_text=True))
    assert "1,000.00 → 4,321.00" in section
    assert "98,765.00" not in section
    assert client.get(f"/leads/{other.id}").status_code in (403, 404)
