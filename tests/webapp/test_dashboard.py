"""The overview page: recent activity is limited to what the user may see."""

import pytest

from tests.factories import make_activity, make_contact, make_lead


@pytest.mark.parametrize("role,sees_others", [("partner", False), ("sales", True)])
def test_recent_activity_shows_a_partner_only_the_history_of_leads_handed_to_them(client, login_as, db, role,
                                                                                  sees_others):
    user = login_as(role)
    shared, other = make_contact(first_name="Shared"), make_contact(first_name="Other")
    handed = make_lead(contact=shared, partner_id=user.id if role == "partner" else None)
    in_house = make_lead(contact=shared)  # the same contact's other project stays in-house
    make_activity(shared, lead_id=handed.id, subject="Called about the pilot")
    make_activity(shared, lead_id=in_house.id, subject="Discount agreed in-house")
    make_activity(other, lead_id=make_lead(contact=other).id, subject="Confidential price talk")
    page = client.get("/").get_data(as_text=True)
    assert "Called about the pilot" in page
    assert ("Discount agreed in-house" in page) is sees_others
    assert ("Confidential price talk" in page) is sees_others
