"""The overview page: recent activity is limited to what the user may see."""

import pytest

from tests.factories import make_activity, make_contact, make_lead


@pytest.mark.parametrize("role,sees_other", [("partner", False), ("sales", True)])
def test_recent_activity_shows_a_partner_only_their_leads_contacts(client, login_as, db, role, sees_other):
    user = login_as(role)
    mine, other = make_contact(first_name="Mine"), make_contact(first_name="Other")
    make_lead(contact=mine, partner_id=user.id if role == "partner" else None)
    make_lead(contact=other)
    make_activity(mine, subject="Called about the pilot")
    make_activity(other, subject="Confidential price talk")
    page = client.get("/").get_data(as_text=True)
    assert "Called about the pilot" in page
    assert ("Confidential price talk" in page) is sees_other
