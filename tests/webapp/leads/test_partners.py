"""A sales partner works the leads handed to them but never moves them on, and learns nobody's
name from a drop-down; in-house staff keep doing both."""

import pytest

from webapp.models import Activity, ActivityKind, Lead, LostReason, Material
from tests.factories import make_contact, make_lead, make_user

QUALIFIED = dict(budget="confirmed", authority="decision_maker", need="urgent", timeline="within_3_months")


@pytest.fixture
def in_house(db):
    """The company's people, and a lead marketing owns that was handed to the partner."""
    reason = LostReason(label="No budget")
    db.session.add(reason)
    db.session.commit()
    return {
        "marketing": make_user("marketing", name="Mara Marketing"),
        "colleague": make_user("marketing", name="Clara Colleague"),
        "sales": make_user("sales", name="Sven Sales"),
        "accounting": make_user("accounting", name="Anton Accounting"),
        "reason": reason,
    }


def _handed_lead(partner, owner, **kw) -> Lead:
    return make_lead(title="Shared deal", owner_id=owner.id, partner_id=partner.id, abc_class="C", **kw)


def _state(db, lead):
    db.session.expire_all()
    row = db.session.get(Lead, lead.id)
    return row.owner_id, row.partner_id, row.stage, row.handoff_count


def _forged_steps(team, partner):
    """Every way to move a lead on, with the fields a partner would forge."""
    return [
        ("assign", {"owner_id": team["accounting"].id}),
        ("assign", {"owner_id": team["colleague"].id}),
        ("assign", {"owner_id": partner.id}),
        ("hand-to-sales", {}),
        ("partner", {"partner_id": partner.id}),
        ("close", {"target": "lost", "reason_id": team["reason"].id}),
        ("demote", {}),
        ("reopen", {}),
    ]


def test_a_partner_cannot_assign_hand_on_demote_or_close_a_lead_handed_to_them(client, login_as, db, in_house):
    partner = login_as("partner")
    lead = _handed_lead(partner, in_house["marketing"], **QUALIFIED)
    before = _state(db, lead)
    for step, data in _forged_steps(in_house, partner):
        response = client.post(f"/leads/{lead.id}/{step}", data=data)
        assert response.status_code == 403, step
        assert _state(db, lead) == before, step
    closed = make_lead(title="Closed deal", owner_id=in_house["marketing"].id, partner_id=partner.id, stage="lost")
    assert client.post(f"/leads/{closed.id}/reopen").status_code == 403
    assert _state(db, closed)[2] == "lost"


@pytest.mark.parametrize("action", ["assign", "hand_to_sales"])
def test_a_partner_cannot_move_leads_through_the_bulk_form(client, login_as, db, in_house, action):
    partner = login_as("partner")
    lead = _handed_lead(partner, in_house["marketing"], **QUALIFIED)
    before = _state(db, lead)
    page = client.post("/leads/bulk", data={"lead_ids": [lead.id], "action": action,
                                            "owner_id": in_house["accounting"].id},
                       follow_redirects=True).get_data(as_text=True)
    assert "not yours to change" in page and "lead(s) updated" not in page
    assert _state(db, lead) == before


def test_a_partner_still_works_the_lead_handed_to_them(client, login_as, db, in_house):
    partner = login_as("partner")
    lead = _handed_lead(partner, in_house["marketing"])
    brochure = Material(name="Reference list")
    db.session.add(brochure)
    db.session.commit()
    assert client.post(f"/leads/{lead.id}", data={"title": "Shared deal", "need": "urgent",
                                                   "version": lead.version}).status_code == 302
    assert client.post(f"/leads/{lead.id}/materials", data={"material_id": brochure.id}).status_code == 302
    assert client.post(f"/leads/{lead.id}/activities", data={"kind": "call", "body": "Wants a demo"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Lead, lead.id).need == "urgent"
    kinds = {a.kind for a in db.session.query(Activity).filter_by(lead_id=lead.id, user_id=partner.id)}
    assert kinds == {ActivityKind.MATERIAL_SENT, ActivityKind.CALL}


def test_a_partner_sees_no_list_of_internal_staff(client, login_as, in_house):
    partner = login_as("partner")
    lead = _handed_lead(partner, in_house["marketing"])
    unrelated = ("Clara Colleague", "Sven Sales", "Anton Accounting")
    lead_page = client.get(f"/leads/{lead.id}").get_data(as_text=True)
    listing = client.get("/leads/").get_data(as_text=True)
    for page in (lead_page, listing):
        assert "Shared deal" in page
        assert not any(name in page for name in unrelated), [n for n in unrelated if n in page]
    assert "Assign to someone" not in lead_page and "Close as lost" not in lead_page
    assert 'name="owner"' not in listing and 'name="owner_id"' not in listing and "bulk-form" not in listing


def test_in_house_owner_still_assigns_closes_and_filters_by_owner(client, login_as, db, in_house):
    me = login_as("marketing")
    partner = make_user("partner", name="Paula Partner")
    lead = make_lead(title="Shared deal", owner_id=me.id, partner_id=partner.id)
    page = client.get(f"/leads/{lead.id}").get_data(as_text=True)
    assert "Assign to someone" in page and "Clara Colleague" in page
    assert 'name="owner"' in client.get("/leads/").get_data(as_text=True)
    response = client.post(f"/leads/{lead.id}/assign", data={"owner_id": in_house["colleague"].id})
    assert response.status_code == 302
    assert _state(db, lead)[0] == in_house["colleague"].id
    other = make_lead(title="Dead end", owner_id=me.id, partner_id=partner.id)
    client.post(f"/leads/{other.id}/close", data={"target": "lost", "reason_id": in_house["reason"].id})
    assert _state(db, other)[2] == "lost"


def _sends_to_a_shared_contact(db, team, partner) -> Lead:
    """The partner's lead, and in-house sends to the same person: in another project and to the
    contact as a whole. Returns the partner's lead."""
    contact = make_contact(first_name="Shared", last_name="Person")
    theirs = _handed_lead(partner, team["marketing"], contact=contact)
    in_house_lead = make_lead(contact, title="In-house project", owner_id=team["sales"].id)
    # (retired from the catalogue, so only the list of sends could show its name)
    price_list, secret = Material(name="Partner price list"), Material(name="Confidential in-house offer", active=False)
    db.session.add_all([price_list, secret])
    db.session.commit()
    for lead, material, user in ((theirs, price_list, partner), (in_house_lead, secret, team["sales"])):
        db.session.add(Activity(contact_id=contact.id, lead_id=lead.id, kind=ActivityKind.MATERIAL_SENT,
                                subject=material.name, material_id=material.id, user_id=user.id))
    db.session.add(Activity(contact_id=contact.id, kind=ActivityKind.MATERIAL_SENT, subject="Company brochure",
                            user_id=team["sales"].id))
    db.session.commit()
    return theirs


def test_materials_sent_on_a_partners_lead_show_only_the_partners_project(client, login_as, db, in_house):
    partner = login_as("partner")
    theirs = _sends_to_a_shared_contact(db, in_house, partner)
    page = client.get(f"/leads/{theirs.id}").get_data(as_text=True)
    assert "Partner price list" in page
    assert "Confidential in-house offer" not in page and "Company brochure" not in page and "Sven Sales" not in page


def test_in_house_users_see_every_material_sent_to_the_contact(client, login_as, db, in_house):
    login_as("sales")
    theirs = _sends_to_a_shared_contact(db, in_house, make_user("partner"))
    page = client.get(f"/leads/{theirs.id}").get_data(as_text=True)
    assert [n for n in ("Partner price list", "Confidential in-house offer", "Company brochure") if n not in page] == []
