"""Who may own a lead: an active user whose role owns its stage, or an admin. The choices offered
and the check on assignment are one rule."""

import pytest

from webapp.leads import lifecycle, services
from webapp.leads.errors import TransitionRefused
from webapp.models import Lead
from tests.factories import make_lead, make_user


@pytest.fixture
def team(db):
    return {
        "marketing": make_user("marketing", name="Mara Marketing"),
        "marketing2": make_user("marketing", name="Mats Marketing"),
        "sales": make_user("sales", name="Sven Sales"),
        "sales2": make_user("sales", name="Sara Sales"),
        "service": make_user("service", name="Sina Service"),
        "accounting": make_user("accounting", name="Anton Accounting"),
        "admin": make_user("admin", name="Ada Admin"),
        "partner": make_user("partner", name="Paula Partner"),
        "gone": make_user("sales", name="Gus Gone", is_active_user=False),
    }


# stage, current owner → who may take the lead over
MAY_OWN = [
    ("lead", "marketing", {"marketing", "marketing2", "admin"}),
    ("lead", "sales", {"marketing", "marketing2", "sales", "sales2", "admin"}),  # a SAL moves within sales
    ("prospect", "sales", {"sales", "sales2", "admin"}),
    ("customer", "service", {"service", "admin"}),
    ("debtor", "accounting", {"accounting", "admin"}),
    ("lost", "marketing", set()),
    ("disqualified", "marketing", set()),
]


@pytest.mark.parametrize("stage,owner,allowed", MAY_OWN)
def test_assignment_goes_only_to_roles_that_own_the_stage(team, db, stage, owner, allowed):
    lead = make_lead(stage=stage, owner_id=team[owner].id)
    accepted = set()
    for key, user in team.items():
        try:
            lifecycle.assign_to(lead, user, team["admin"])
        except TransitionRefused as refusal:
            assert str(refusal), key  # always a sentence saying why
            db.session.rollback()
        else:
            accepted.add(key)
            lead.owner = team[owner]  # back, for the next candidate
            db.session.commit()
    assert accepted == allowed | ({owner} if allowed else set())


@pytest.mark.parametrize("stage,owner,allowed", MAY_OWN)
def test_the_choices_offered_are_exactly_the_users_accepted(team, stage, owner, allowed):
    lead = make_lead(stage=stage, owner_id=team[owner].id)
    offered = {u.id for u in services.possible_owners(lead)}
    assert offered == {team[key].id for key in allowed | ({owner} if allowed else set())}


@pytest.mark.parametrize("candidate,message", [
    ("accounting", "Anton Accounting works in accounting; a lead in stage prospect is owned by sales"),
    ("partner", "use “Hand to a sales partner”"),
    ("gone", "Gus Gone is inactive"),
])
def test_a_refused_assignment_says_why_and_changes_nothing(team, db, candidate, message):
    lead = make_lead(stage="prospect", owner_id=team["sales"].id)
    with pytest.raises(TransitionRefused, match=message):
        lifecycle.assign_to(lead, team[candidate], team["sales"])
    db.session.rollback()
    assert db.session.get(Lead, lead.id).owner_id == team["sales"].id


def test_marketing_hands_a_lead_to_sales_only_through_the_hand_off(team):
    lead = make_lead(stage="lead", owner_id=team["marketing"].id)
    with pytest.raises(TransitionRefused, match="Hand to sales"):
        lifecycle.assign_to(lead, team["sales"], team["marketing"])


def test_a_forged_owner_on_the_assign_form_is_a_field_error_not_a_500(client, login_as, db):
    me = login_as("sales")
    make_user("sales", name="Sara Sales")
    accounting = make_user("accounting", name="Anton Accounting")
    partner = make_user("partner", name="Paula Partner")
    lead = make_lead(stage="prospect", owner_id=me.id)
    page = client.get(f"/leads/{lead.id}").get_data(as_text=True)
    assert "Sara Sales" in page and "Anton Accounting" not in page and "Paula Partner (partner)" not in page
    for forged, message in ((accounting.id, "works in accounting"), (partner.id, "Sales partners are not assigned"),
                            (999_999, "Choose who takes the lead"), ("nobody", "Invalid Choice")):
        response = client.post(f"/leads/{lead.id}/assign", data={"owner_id": forged})
        body = response.get_data(as_text=True)
        assert response.status_code == 422 and message in body and 'aria-invalid="true"' in body, forged
        db.session.expire_all()
        assert db.session.get(Lead, lead.id).owner_id == me.id


def test_bulk_assignment_follows_the_same_rule(client, login_as, db):
    me = login_as("sales")
    colleague = make_user("sales", name="Sara Sales")
    accounting = make_user("accounting", name="Anton Accounting")
    prospect = make_lead(title="Fleet", stage="prospect", owner_id=me.id)
    page = client.post("/leads/bulk", data={"lead_ids": [prospect.id], "action": "assign", "owner_id": accounting.id},
                       follow_redirects=True).get_data(as_text=True)
    assert "Fleet: Anton Accounting works in accounting" in page
    db.session.expire_all()
    assert db.session.get(Lead, prospect.id).owner_id == me.id
    client.post("/leads/bulk", data={"lead_ids": [prospect.id], "action": "assign", "owner_id": colleague.id})
    db.session.expire_all()
    assert db.session.get(Lead, prospect.id).owner_id == colleague.id
