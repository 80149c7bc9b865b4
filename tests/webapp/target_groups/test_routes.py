"""The builder page (plain GET and htmx), saving, adding members from the group, bulk status, access."""

import json
import re

import pytest
from sqlalchemy import select

from tests.factories import make_contact
from webapp.models import Campaign, CampaignMember

MANUFACTURING = {"match": "all", "field-0": "industry", "op-0": "equals", "value-0": "Manufacturing"}


def _builder(campaign) -> str:
    return f"/campaigns/{campaign.id}/group/"


def _count(page: str) -> str:
    return re.search(r'id="group-count">([^<]*)<', page).group(1)


def test_the_plain_form_counts_shows_the_first_rows_and_what_consent_left_out(client, login_as, world, campaign):
    login_as("marketing")
    response = client.get(_builder(campaign), query_string=MANUFACTURING)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in page
    assert _count(page) == "1" and "Anna" in page and "Dora" not in page.split('id="group-rows"')[1]
    assert "1 more meets the criteria but may not be contacted" in page
    assert 'value="Manufacturing"' in page and 'id="group-save"' in page  # kept as typed, ready to save


def test_htmx_swaps_only_the_results_or_the_builder(client, login_as, world, campaign):
    login_as("marketing")
    query = {**MANUFACTURING, "field-1": "contact.budget", "op-1": "between", "from-1": "lots"}
    results = client.get(_builder(campaign), query_string=query,
                         headers={"HX-Request": "true", "HX-Target": "group-results"})
    body = results.get_data(as_text=True)
    assert results.status_code == 422 and "<html" not in body and body.strip().startswith('<section id="group-results"')
    assert "“lots” is not a number" in body
    assert 'id="rule-1-error" hx-swap-oob="true">Contact: Budget: “lots”' in body  # the row's own message too
    assert 'id="rule-0-error" hx-swap-oob="true"></p>' in body  # and the other row's cleared
    builder = client.get(_builder(campaign), query_string={**MANUFACTURING, "add": "1"},
                         headers={"HX-Request": "true", "HX-Target": "group-builder"})
    body = builder.get_data(as_text=True)
    assert body.strip().startswith('<div id="group-builder">') and 'name="field-1"' in body and "Vary" in builder.headers


def test_rows_are_added_and_removed_without_javascript(client, login_as, world, campaign):
    login_as("sales")
    page = client.get(_builder(campaign), query_string={**MANUFACTURING, "add": "1"}).get_data(as_text=True)
    assert 'name="field-1"' in page and _count(page) == "1"  # an empty row counts nothing
    query = {**MANUFACTURING, "field-1": "country", "op-1": "equals", "value-1": "France", "remove": "0"}
    page = client.get(_builder(campaign), query_string=query).get_data(as_text=True)
    assert _count(page) == "1" and "Cleo" in page and 'value="France"' in page and 'name="field-1"' not in page


def test_changing_the_field_offers_its_operators(client, login_as, world, campaign):
    login_as("marketing")
    query = {"field-0": "postcode", "op-0": "contains", "value-0": "3"}  # "contains" was the old field's
    page = client.get(_builder(campaign), query_string=query).get_data(as_text=True)
    assert 'value="between" selected' in page and 'name="from-0"' in page and 'name="to-0"' in page
    assert 'name="value-0"' not in page and _count(page) == "3"  # the row starts afresh and counts nothing yet


@pytest.mark.parametrize(("query", "message"), [
    ({"field-0": "shoe_size", "op-0": "equals", "value-0": "42"}, "There is no field “shoe_size”"),
    ({"field-0": "contact.budget", "op-0": "between", "from-0": "zwölf"}, "“zwölf” is not a number"),
    ({"field-0": "contact.budget", "op-0": "between", "from-0": "9", "to-0": "1"}, "lower bound lies above"),
    ({"field-0": "postcode", "op-0": "between", "from-0": "99999", "to-0": "10000"}, "lower bound lies above"),
    ({"field-0": "contact.since", "op-0": "between", "from-0": "31.02.2026"}, "is not a date"),
    ({"field-0": "industry", "op-0": "equals", "value-0": "x" * 500}, "at most 200 characters"),
    ({"field-0": "contact.budget", "op-0": "between", "from-0": "1e999999"}, "is not a number"),
    ({"field-0": "city", "op-0": "equals", "value-0": "Ber\x00lin"}, None),  # stored without the NUL: no error
    ({"match": "sometimes", "field-99": "industry"}, None),  # what is not understood is ignored
])
def test_bad_criteria_get_a_message_on_the_page_never_a_server_error(client, login_as, world, campaign, query,
                                                                     message):
    login_as("marketing")
    response = client.get(_builder(campaign), query_string=query)
    page = response.get_data(as_text=True)
    if message is None:
        assert response.status_code == 200 and 'id="group-count"' in page
    else:
        assert response.status_code == 422 and message in page and 'id="group-count"' not in page
        assert 'id="group-save"' not in page  # what cannot be counted cannot be saved


def test_marketing_saves_the_group_and_the_campaign_page_shows_it_in_words(client, login_as, world, campaign, db):
    login_as("marketing", language="de")
    query = {"match": "any", "field-0": "contact.budget", "op-0": "between", "from-0": "1.000,5",
             "field-1": "source", "op-1": "equals", "value-1": "referral"}
    page = client.get(_builder(campaign), query_string=query).get_data(as_text=True)
    assert _count(page) == "2"  # Anna (budget 1200) or Bert (a referral)
    criteria = re.search(r'name="criteria" value="([^"]*)"', page).group(1).replace("&#34;", '"')
    assert client.post(f"/campaigns/{campaign.id}/group/save", data={"criteria": criteria}).status_code == 302
    db.session.refresh(campaign)
    assert campaign.criteria == {"match": "any", "rules": [
        {"field": "contact.budget", "op": "between", "value": ["1000.5", None]},
        {"field": "source", "op": "equals", "value": "referral"}]}
    again = client.get(_builder(campaign)).get_data(as_text=True)  # starts from the saved group
    assert 'value="1000,5"' in again and 'id="group-saved"' in again and _count(again) == "2"
    detail = client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert "Kontakte, die eines davon erfüllen:" in detail and "Kontakt: Budget ab 1000,5" in detail


def test_saving_refuses_criteria_that_cannot_be_used(client, login_as, world, campaign, db):
    login_as("marketing")
    bad = json.dumps({"match": "all", "rules": [{"field": "contact.budget", "op": "between", "value": ["9", "1"]}]})
    for criteria in (bad, "{not json", ""):
        response = client.post(f"/campaigns/{campaign.id}/group/save", data={"criteria": criteria},
                               follow_redirects=True)
        assert "These criteria cannot be saved" in response.get_data(as_text=True)
    db.session.refresh(campaign)
    assert campaign.criteria == {}


def test_adding_members_from_the_group_skips_consent_and_members_and_twice_adds_nobody_twice(client, login_as, world,
                                                                                               campaign, db):
    login_as("marketing")
    campaign.criteria = {"match": "all", "rules": [{"field": "size", "op": "at_least", "value": "10-49"}]}
    db.session.add(CampaignMember(campaign=campaign, contact=world["Bert"], status="responded"))  # by hand before
    db.session.commit()
    response = client.post(f"/campaigns/{campaign.id}/group/members", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "1 contacts added from the target group, 1 were members already, 2 skipped" in page
    members = {m.contact.first_name: m for m in db.session.scalars(select(CampaignMember))}
    assert set(members) == {"Anna", "Bert"}  # never Dora (do not contact) nor Emil (said no)
    assert (members["Anna"].status, members["Anna"].origin) == ("targeted", "group")
    assert (members["Bert"].status, members["Bert"].origin) == ("responded", "hand")
    db.session.refresh(campaign)
    first = campaign.group_snapshot_at
    assert first is not None and campaign.group_snapshot_count == 1
    assert "Members from the group: 1, by hand: 1." in page and "Last added from the group on" in page
    page = client.post(f"/campaigns/{campaign.id}/group/members", follow_redirects=True).get_data(as_text=True)
    assert "0 contacts added from the target group, 2 were members already" in page
    assert db.session.query(CampaignMember).count() == 2
    db.session.refresh(campaign)
    assert campaign.group_snapshot_count == 0 and campaign.group_snapshot_at >= first


def test_without_a_saved_group_nobody_is_added(client, login_as, world, campaign, db):
    login_as("marketing")
    page = client.post(f"/campaigns/{campaign.id}/group/members", follow_redirects=True).get_data(as_text=True)
    assert "Save a target group first." in page and "No target group yet." in page
    assert db.session.query(CampaignMember).count() == 0


def test_bulk_status_leaves_out_whom_consent_rules_exclude(client, login_as, world, campaign, db):
    login_as("marketing")
    members = {name: CampaignMember(campaign=campaign, contact=world[name]) for name in ("Anna", "Dora", "Emil")}
    other = Campaign(name="Other")
    db.session.add_all([*members.values(), other, CampaignMember(campaign=other, contact=world["Cleo"])])
    db.session.commit()
    page = client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert f'name="member_ids" value="{members["Anna"].id}" form="member-bulk"' in page and "or of all 3 members" in page
    ticked = [members["Anna"].id, members["Dora"].id]
    response = client.post(f"/campaigns/{campaign.id}/group/members/status",
                           data={"status": "contacted", "member_ids": ticked}, follow_redirects=True)
    assert "1 members set to “Contacted”. 1 left as they were: they may not be contacted." in response.get_data(as_text=True)
    statuses = dict(db.session.execute(select(CampaignMember.contact_id, CampaignMember.status)).all())
    assert statuses[world["Anna"].id] == "contacted" and statuses[world["Dora"].id] == "targeted"
    client.post(f"/campaigns/{campaign.id}/group/members/status", data={"status": "unsubscribed", "everyone": "1"})
    statuses = dict(db.session.execute(select(CampaignMember.contact_id, CampaignMember.status)).all())
    assert [statuses[world[n].id] for n in ("Anna", "Dora", "Emil")] == ["unsubscribed"] * 3
    assert statuses[world["Cleo"].id] == "targeted"  # another campaign's member is never touched
    for data, message in (({"status": "contacted"}, "Tick the members to change"),
                          ({"status": "vip", "everyone": "1"}, "Choose one of the offered statuses")):
        page = client.post(f"/campaigns/{campaign.id}/group/members/status", data=data, follow_redirects=True)
        assert message in page.get_data(as_text=True)


@pytest.mark.parametrize("role", ["sales", "service", "accounting"])
def test_other_roles_see_the_group_but_change_nothing(client, login_as, world, campaign, role):
    login_as(role)
    page = client.get(_builder(campaign), query_string=MANUFACTURING).get_data(as_text=True)
    assert _count(page) == "1" and 'id="group-save"' not in page
    assert "Add members from the group" not in client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    for path in ("save", "members", "members/status"):
        assert client.post(f"/campaigns/{campaign.id}/group/{path}", data={"status": "lead"}).status_code == 403


def test_partners_get_404_on_every_target_group_url(app, client, login_as, world, campaign):
    login_as("partner")
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("target_groups.")]
    assert len(rules) == 4
    for rule in rules:
        path = rule.rule.replace("<int:campaign_id>", str(campaign.id))
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert client.open(path, method=method, query_string=MANUFACTURING,
                               data={"status": "lead", "everyone": "1"}).status_code == 404, (method, path)


def test_an_unknown_campaign_is_404(client, login_as, db):
    login_as("marketing")
    assert client.get("/campaigns/999999/group/").status_code == 404
    assert client.post("/campaigns/999999/group/members").status_code == 404


def test_a_hand_added_member_is_shown_as_such(client, login_as, db, campaign):
    login_as("marketing")
    contact = make_contact("Ida")
    client.post(f"/campaigns/{campaign.id}/members", data={"contact_id": contact.id})
    assert db.session.scalar(select(CampaignMember.origin)) == "hand"


def test_all_members_of_a_filtered_list_means_those_shown_and_the_filter_stays(client, login_as, world, campaign, db):
    login_as("marketing")
    statuses = {"Anna": "responded", "Emil": "responded", "Bert": "targeted"}
    db.session.add_all([CampaignMember(campaign=campaign, contact=world[name], status=status)
                        for name, status in statuses.items()])
    db.session.commit()
    page = client.get(f"/campaigns/{campaign.id}?status=responded").get_data(as_text=True)
    assert "or of all 2 members" in page and 'name="shown" value="responded"' in page
    response = client.post(f"/campaigns/{campaign.id}/group/members/status",
                           data={"status": "lead", "everyone": "1", "shown": "responded"})
    assert "status=responded" in response.headers["Location"]  # back to the list the user was working through
    now = dict(db.session.execute(select(CampaignMember.contact_id, CampaignMember.status)).all())
    assert [now[world[n].id] for n in ("Anna", "Emil", "Bert")] == ["lead", "lead", "targeted"]
    member = db.session.scalar(select(CampaignMember).where(CampaignMember.contact_id == world["Bert"].id))
    response = client.post(f"/campaigns/{campaign.id}/members/{member.id}/remove", data={"shown": "targeted"})
    assert "status=targeted" in response.headers["Location"]
