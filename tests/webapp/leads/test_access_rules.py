"""What the access rules tell and offer a user: whose desk a lead is on, why a change is refused, and
who is named in the owner lists, in what order."""

import html
import re

import pytest

from tests.factories import make_lead, make_user


def _refusal(response) -> str:
    """The sentence the 403 page shows, whole."""
    assert response.status_code == 403
    message = re.search(r'<section class="error-page">.*?<p>(.*?)</p>', response.get_data(as_text=True), re.S)
    return html.unescape(message.group(1))


def _options(page: str, select_name: str) -> list[str]:
    """The labels of a select's non-empty options, in the order shown."""
    select = re.search(rf'<select[^>]*name="{select_name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no select {select_name!r} on the page"
    return [html.unescape(label) for value, label in re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>',
                                                               select.group(1)) if value]


# an ownerless lead in this stage is with this role; an outsider of another role may only look
ON_THE_DESK_OF = [
    ("lead", "marketing", "sales"),
    ("prospect", "sales", "marketing"),
    ("customer", "service", "sales"),
    ("debtor", "accounting", "service"),
    ("lost", "marketing", "sales"),  # closed leads fall back to marketing, who reopens them
    ("disqualified", "marketing", "accounting"),
]


@pytest.mark.parametrize("stage,role,outsider", ON_THE_DESK_OF)
def test_an_ownerless_lead_is_with_the_role_of_its_stage(client, login_as, stage, role, outsider):
    lead = make_lead(title="Nobody's deal", stage=stage)
    login_as(outsider)
    said = _refusal(client.post(f"/leads/{lead.id}/materials", data={}))
    assert said == f"This lead is with {role}; your role may view it but not change it."
    login_as(role)
    assert client.post(f"/leads/{lead.id}/materials", data={}).status_code == 302  # "Choose a material."


def test_an_owned_lead_is_with_its_owners_role_whatever_the_stage(client, login_as):
    lead = make_lead(title="Early call", stage="lead", owner_id=make_user("sales").id)  # a SAL
    login_as("marketing")
    said = _refusal(client.post(f"/leads/{lead.id}/materials", data={}))
    assert said == "This lead is with sales; your role may view it but not change it."


def test_a_partner_moving_their_lead_on_is_told_to_log_what_they_learned(client, login_as):
    owner = make_user("marketing", name="Mara Marketing")
    partner = login_as("partner")
    lead = make_lead(title="Shared deal", owner_id=owner.id, partner_id=partner.id)
    said = _refusal(client.post(f"/leads/{lead.id}/assign", data={"owner_id": owner.id}))
    assert said == "Only the lead's owner in-house assigns, hands on or closes it; log what you learned instead."


def test_another_role_moving_a_lead_on_is_told_whose_desk_it_is_on(client, login_as):
    owner = make_user("marketing", name="Mara Marketing")
    lead = make_lead(title="Fresh lead", owner_id=owner.id)
    login_as("sales")
    said = _refusal(client.post(f"/leads/{lead.id}/assign", data={"owner_id": owner.id}))
    assert said == "This lead is with marketing; your role may view it but not change it."


@pytest.fixture
def staff(db):
    """Names run against the roles' order, and within a role against the order they joined, so the
    lists show whether they are sorted by role, then name."""
    make_user("sales", name="Zoe Sales")
    make_user("service", name="Alma Service")
    make_user("marketing", name="Cleo Marketing")
    make_user("admin", name="Dora Admin")
    make_user("accounting", name="Emil Accounting")
    make_user("sales", name="Ben Sales")
    make_user("sales", name="Gus Gone", is_active_user=False)
    make_user("partner", name="Paula Partner")


IN_HOUSE = [("Emil Accounting", "accounting"), ("Dora Admin", "admin"), ("Cleo Marketing", "marketing"),
            ("Ben Sales", "sales"), ("Zed Sales", "sales"), ("Zoe Sales", "sales"), ("Alma Service", "service")]


def test_owner_filter_and_bulk_assign_name_active_in_house_staff_by_role_then_name(client, login_as, staff):
    me = login_as("sales", name="Zed Sales")
    make_lead(title="My deal", stage="prospect", owner_id=me.id)
    listing = client.get("/leads/").get_data(as_text=True)
    assert _options(listing, "owner") == [name for name, _ in IN_HOUSE]  # no partner, nobody inactive
    assert _options(listing, "owner_id") == [f"{name} ({role})" for name, role in IN_HOUSE]


def test_assign_to_names_active_owners_of_the_stage_by_role_then_name(client, login_as, staff):
    me = login_as("sales", name="Zed Sales")
    lead = make_lead(title="Early call", stage="lead", owner_id=me.id)  # a SAL: marketing or sales may own it
    page = client.get(f"/leads/{lead.id}").get_data(as_text=True)
    assert _options(page, "owner_id") == ["Dora Admin (admin)", "Cleo Marketing (marketing)", "Ben Sales (sales)",
                                          "Zed Sales (sales)", "Zoe Sales (sales)"]
