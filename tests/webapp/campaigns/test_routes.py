"""Campaign pages: marketing creates and edits, everyone in-house reads, partners never see them."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from webapp.api.auth import create_token
from webapp.field_history.queries import changes_for
from webapp.models import Campaign, CampaignMember, Lead
from tests.factories import make_contact, make_lead, make_offer, make_user


def _campaign(db, name="Autumn mailing", **kw) -> Campaign:
    campaign = Campaign(name=name, channel="mailing", **kw)
    db.session.add(campaign)
    db.session.commit()
    return campaign


FORM = {"name": "Hannover Messe", "channel": "trade_fair", "status": "planned", "starts_on": "2026-04-20",
        "ends_on": "2026-04-24", "budget": "12,000.50", "actual_cost": "9,800", "owner_id": "0", "description": ""}


def test_marketing_creates_a_campaign_and_sees_it_in_the_list(client, login_as, db):
    me = login_as("marketing")
    response = client.post("/campaigns/new", data={**FORM, "owner_id": str(me.id)})
    assert response.status_code == 302
    campaign = db.session.scalar(select(Campaign))
    assert (campaign.channel, campaign.budget, campaign.actual_cost, campaign.owner_id) == (
        "trade_fair", Decimal("12000.50"), Decimal("9800.00"), me.id)
    assert (campaign.starts_on, campaign.ends_on) == (date(2026, 4, 20), date(2026, 4, 24))
    page = client.get("/campaigns/").get_data(as_text=True)
    assert "Hannover Messe" in page and "Trade fair" in page and "€9,800.00" in page


def test_a_german_user_types_money_with_a_decimal_comma(client, login_as, db):
    login_as("marketing", language="de")
    response = client.post("/campaigns/new", data={**FORM, "budget": "1.234,56", "actual_cost": "12.5"})
    assert response.status_code == 422  # "12.5" is an English number: refused, never guessed
    assert 'value="1.234,56"' in response.get_data(as_text=True)  # what was typed is kept
    response = client.post("/campaigns/new", data={**FORM, "budget": "1.234,56", "actual_cost": "12,5"})
    assert response.status_code == 302
    assert db.session.scalar(select(Campaign.budget)) == Decimal("1234.56")


@pytest.mark.parametrize(("change", "field"), [({"name": ""}, "name"), ({"ends_on": "2026-04-01"}, "ends_on"),
                                               ({"budget": "-5"}, "budget"), ({"actual_cost": "lots"}, "actual_cost"),
                                               ({"channel": "carrier pigeon"}, "channel"), ({"status": "paused"}, "status")])
def test_bad_input_is_shown_at_its_field_and_nothing_is_saved(client, login_as, db, change, field):
    login_as("marketing")
    response = client.post("/campaigns/new", data={**FORM, **change})
    assert response.status_code == 422
    assert f'class="field invalid" id="field-{field}"' in response.get_data(as_text=True)
    assert db.session.scalar(select(Campaign)) is None


def test_editing_keeps_a_cost_of_zero_and_clears_the_owner(client, login_as, db):
    login_as("admin")
    campaign = _campaign(db, owner_id=make_user("marketing").id, actual_cost=Decimal("10"))
    response = client.post(f"/campaigns/{campaign.id}/edit", data={**FORM, "actual_cost": "0", "status": "done"})
    assert response.status_code == 302
    db.session.refresh(campaign)
    assert (campaign.actual_cost, campaign.owner_id, campaign.status) == (Decimal("0.00"), None, "done")


@pytest.mark.parametrize("role", ["sales", "service", "accounting"])
def test_other_roles_read_campaigns_but_may_not_change_them(client, login_as, db, role):
    login_as(role)
    campaign = _campaign(db)
    assert client.get("/campaigns/").status_code == 200
    page = client.get(f"/campaigns/{campaign.id}")
    assert page.status_code == 200 and "Edit campaign" not in page.get_data(as_text=True)
    assert client.get("/campaigns/new").status_code == 403
    assert client.post(f"/campaigns/{campaign.id}/edit", data=FORM).status_code == 403
    assert client.post(f"/campaigns/{campaign.id}/members", data={"contact_id": make_contact().id}).status_code == 403


def test_partners_get_404_on_every_campaign_and_material_url(app, client, login_as, db):
    partner = login_as("partner")
    campaign = _campaign(db)
    contact = make_contact()
    make_lead(contact, partner_id=partner.id, campaign_id=campaign.id)
    member = CampaignMember(campaign=campaign, contact=contact)
    db.session.add(member)
    db.session.commit()
    ids = {"campaign_id": campaign.id, "member_id": member.id, "contact_id": contact.id, "material_id": 1}
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.split(".")[0] in ("campaigns", "materials")]
    assert len(rules) >= 13
    for rule in rules:
        path = rule.rule
        for name, value in ids.items():
            path = path.replace(f"<int:{name}>", str(value))
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert client.open(path, method=method, data={"status": "lead"}).status_code == 404, (method, path)
    token = create_token(partner, "test")
    for path in ("/api/v1/campaigns", f"/api/v1/campaigns/{campaign.id}"):
        assert client.get(path, headers={"Authorization": f"Bearer {token}"}).status_code == 404
    lead_page = client.get(f"/leads/{contact.leads[0].id}").get_data(as_text=True)
    assert 'id="lead-campaign"' not in lead_page and 'name="campaign_id"' not in lead_page
    assert "Campaigns" not in client.get(f"/contacts/{contact.id}").get_data(as_text=True)


def test_members_are_added_found_paged_changed_and_removed_from_the_campaign_page(client, login_as, db, app):
    login_as("marketing")
    campaign = _campaign(db)
    ada = make_contact("Ada", "Lovelace", email="ada@example.com")
    page = client.get(f"/campaigns/{campaign.id}?q=lovelace").get_data(as_text=True)
    assert "Ada Lovelace" in page
    assert client.post(f"/campaigns/{campaign.id}/members", data={"contact_id": ada.id}).status_code == 302
    again = client.post(f"/campaigns/{campaign.id}/members", data={"contact_id": ada.id}, follow_redirects=True)
    assert "already a member" in again.get_data(as_text=True)
    assert "No contact outside the campaign matches" in client.get(f"/campaigns/{campaign.id}?q=lovelace").get_data(as_text=True)
    member = db.session.scalar(select(CampaignMember))
    assert member.status == "targeted"
    client.post(f"/campaigns/{campaign.id}/members/{member.id}/status", data={"status": "responded"})
    db.session.refresh(member)
    assert member.status == "responded"
    assert client.post(f"/campaigns/{campaign.id}/members/{member.id}/status", data={"status": "vip"}).status_code == 302
    db.session.refresh(member)
    assert member.status == "responded"
    for n in range(app.config["PAGE_SIZE"]):  # a second page of members
        db.session.add(CampaignMember(campaign=campaign, contact=make_contact(last_name=f"Z{n:02d}")))
    db.session.commit()
    second = client.get(f"/campaigns/{campaign.id}?page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second and "Z09" in second and f'id="member-{member.id}"' not in second
    client.post(f"/campaigns/{campaign.id}/members/{member.id}/remove")
    assert db.session.get(CampaignMember, member.id) is None


def test_a_contact_joins_and_leaves_a_campaign_from_the_contact_page(client, login_as, db):
    login_as("marketing")
    campaign = _campaign(db)
    contact = make_contact()
    page = client.get(f"/contacts/{contact.id}").get_data(as_text=True)
    assert "Not on any campaign." in page and "Add to campaign" in page
    response = client.post(f"/campaigns/join/{contact.id}", data={"campaign_id": campaign.id})
    assert response.headers["Location"].endswith(f"/contacts/{contact.id}")
    page = client.get(f"/contacts/{contact.id}").get_data(as_text=True)
    assert "Autumn mailing" in page and "Targeted" in page and "Add to campaign" not in page
    member = db.session.scalar(select(CampaignMember))
    response = client.post(f"/campaigns/{campaign.id}/members/{member.id}/remove", data={"back": "contact"})
    assert response.headers["Location"].endswith(f"/contacts/{contact.id}")
    assert db.session.scalar(select(CampaignMember)) is None


def test_the_lead_shows_its_campaign_and_a_change_is_in_the_field_history(client, login_as, db):
    me = login_as("marketing")
    old, new = _campaign(db, "Old campaign"), _campaign(db, "New campaign")
    lead = make_lead(campaign_id=old.id, owner_id=me.id)
    page = client.get(f"/leads/{lead.id}").get_data(as_text=True)
    assert 'id="lead-campaign"' in page and "Old campaign" in page
    response = client.post(f"/leads/{lead.id}", data={"title": lead.title, "campaign_id": new.id,
                                                       "version": lead.version})
    assert response.status_code == 302
    db.session.refresh(lead)
    assert lead.campaign_id == new.id
    change = changes_for(Lead, lead.id, fields=["campaign_id"])[0]
    assert (change.old_value, change.new_value) == (old.id, new.id)
    response = client.post(f"/leads/{lead.id}", data={"title": lead.title, "campaign_id": 999999,
                                                       "version": lead.version})
    assert response.status_code == 422
    assert "Campaign" in client.get(f"/leads/?campaign={new.id}").get_data(as_text=True)


def test_the_api_lists_campaigns_with_their_results(client, db):
    token = create_token(make_user("sales"), "test")
    campaign = _campaign(db, actual_cost=Decimal("900"))
    won = make_lead(stage="customer", campaign_id=campaign.id)
    make_offer(won, status="accepted")  # 2,300 net
    make_lead(campaign_id=campaign.id)
    _campaign(db, "Nothing yet")
    headers = {"Authorization": f"Bearer {token}"}
    body = client.get("/api/v1/campaigns", headers=headers).get_json()
    assert body["total"] == 2
    one = client.get(f"/api/v1/campaigns/{campaign.id}", headers=headers).get_json()
    assert {k: one[k] for k in ("members", "leads", "won", "revenue", "cost", "cost_per_lead", "cost_per_won")} == {
        "members": 0, "leads": 2, "won": 1, "revenue": 2300.0, "cost": 900.0, "cost_per_lead": 450.0,
        "cost_per_won": 900.0}
    empty = next(item for item in body["items"] if item["name"] == "Nothing yet")
    assert (empty["cost"], empty["cost_per_lead"], empty["cost_per_won"]) == (None, None, None)
    assert client.get("/api/v1/campaigns/999999", headers=headers).status_code == 404
    assert client.get("/api/v1/campaigns?colour=red", headers=headers).status_code == 400


def test_sorting_the_list_with_htmx_swaps_only_the_table(client, login_as, db):
    login_as("sales")
    _campaign(db, "Beta", actual_cost=Decimal("10"))
    _campaign(db, "Alpha")
    response = client.get("/campaigns/?sort=name&dir=asc", headers={"HX-Request": "true", "HX-Target": "campaign-list"})
    body = response.get_data(as_text=True)
    assert "<html" not in body and body.strip().startswith('<div id="campaign-list">')
    assert body.index("Alpha") < body.index("Beta") and "HX-Request" in response.headers["Vary"]
    page = client.get("/campaigns/?sort=name&dir=desc").get_data(as_text=True)
    assert "<html" in page and page.index("Beta") < page.index("Alpha")


def test_the_leads_figure_opens_every_lead_it_counts_closed_ones_too(client, login_as, db):
    login_as("marketing")
    campaign = _campaign(db)
    make_lead(title="Still open", campaign_id=campaign.id)
    make_lead(title="Lost long ago", campaign_id=campaign.id, stage="lost")
    for page in (f"/campaigns/{campaign.id}", "/campaigns/"):
        html = client.get(page).get_data(as_text=True)
        link = f"/leads/?campaign={campaign.id}&amp;stage=all"
        assert f'<a href="{link}">2</a>' in html
    listed = client.get(f"/leads/?campaign={campaign.id}&stage=all").get_data(as_text=True)
    assert "Still open" in listed and "Lost long ago" in listed


def test_a_contact_who_may_not_be_contacted_is_added_with_a_warning_and_never_marked_reached(client, login_as, db):
    login_as("marketing")
    campaign = _campaign(db)
    nina = make_contact("Nina", "Nein", marketing_consent="no")
    page = client.post(f"/campaigns/{campaign.id}/members", data={"contact_id": nina.id},
                       follow_redirects=True).get_data(as_text=True)
    assert "Nina Nein added" in page and "Nina Nein may not be contacted" in page
    member = db.session.scalar(select(CampaignMember))
    page = client.post(f"/campaigns/{campaign.id}/members/{member.id}/status", data={"status": "contacted"},
                       follow_redirects=True).get_data(as_text=True)
    assert "the status stays as it was" in page
    db.session.refresh(member)
    assert member.status == "targeted"
    client.post(f"/campaigns/{campaign.id}/members/{member.id}/status", data={"status": "unsubscribed"})
    db.session.refresh(member)
    assert member.status == "unsubscribed"  # saying they left is always allowed
