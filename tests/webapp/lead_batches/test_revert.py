"""Reverting a batch deletes its leads nobody worked since, keeps and names the others, and gives the
campaign's members and counts back."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from webapp.campaigns.results import results_for
from webapp.extensions import db
from webapp.models import Activity, Campaign, CampaignMember, FieldChange, Lead, LeadBatch, LeadBatchItem
from tests.factories import make_contact, make_offer, make_user
from tests.webapp.lead_batches.flow import mark_members, preview


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def marked(client, login_as):
    """Five members of a campaign marked as leads by a marketing user."""
    me = login_as("marketing")
    campaign = Campaign(name="Webinar")
    db.session.add(campaign)
    db.session.commit()
    contacts = [make_contact(f"Member{n}", "Webinar") for n in range(5)]
    db.session.add_all([CampaignMember(campaign_id=campaign.id, contact_id=c.id, status="responded") for c in contacts])
    db.session.commit()
    before = {"leads": _count(Lead), "activities": _count(Activity), "results": results_for(campaign.id).leads}
    mark_members(client, campaign.id)
    batch = db.session.scalar(select(LeadBatch))
    leads = {lead.contact_id: lead for lead in db.session.scalars(select(Lead).where(Lead.title == "Webinar"))}
    return me, campaign, batch, [leads[c.id] for c in contacts], before


def test_revert_deletes_unworked_leads_and_restores_counts_and_member_statuses(client, marked):
    _, campaign, batch, leads, before = marked
    assert results_for(campaign.id).leads == before["results"] + 5
    confirm = client.get(f"/lead-batches/{batch.id}/revert").get_data(as_text=True)
    assert "Revert: delete 5 leads" in confirm
    response = client.post(f"/lead-batches/{batch.id}/revert", follow_redirects=True)
    assert "Batch reverted: 5 leads deleted, 0 kept." in response.get_data(as_text=True)
    assert _count(Lead) == before["leads"] and _count(Activity) == before["activities"]
    assert results_for(campaign.id).leads == before["results"]
    assert _count(FieldChange, FieldChange.entity_type == "lead") == 0
    assert {(m.status, m.lead_id) for m in db.session.scalars(select(CampaignMember))} == {("responded", None)}
    db.session.refresh(batch)
    assert batch.reverted_at is not None and (batch.deleted_count, batch.kept_count) == (5, 0)


def test_revert_keeps_the_leads_someone_worked_and_says_why(client, marked):
    me, campaign, batch, leads, _ = marked
    called, offered, edited, moved, untouched = leads
    untouched_id, untouched_contact = untouched.id, untouched.contact_id
    client.post(f"/leads/{called.id}/activities", data={"kind": "call", "body": "Interested"})
    make_offer(offered)
    client.post(f"/leads/{edited.id}", data={"title": "Webinar", "expected_value": "5000",
                                             "version": edited.version})
    sales = make_user("sales")
    moved.owner_id = sales.id  # a change of owner by any path
    db.session.commit()
    assert db.session.get(Lead, edited.id).expected_value == Decimal("5000")
    confirm = client.get(f"/lead-batches/{batch.id}/revert").get_data(as_text=True)
    assert "Revert: delete 1 leads" in confirm and "has an offer" in confirm
    page = client.post(f"/lead-batches/{batch.id}/revert", follow_redirects=True).get_data(as_text=True)
    assert "1 leads deleted, 4 kept" in page
    assert db.session.get(Lead, untouched_id) is None
    kept = {item.lead_id: item.kept_because for item in db.session.scalars(
        select(LeadBatchItem).where(LeadBatchItem.outcome == "kept"))}
    assert kept[called.id] == ["activity"] and "offer" in kept[offered.id]
    assert "edited" in kept[edited.id] and "edited" in kept[moved.id]
    members = {m.contact_id: m for m in db.session.scalars(select(CampaignMember))}
    assert (members[called.contact_id].status, members[called.contact_id].lead_id) == ("lead", called.id)
    assert (members[untouched_contact].status, members[untouched_contact].lead_id) == ("responded", None)
    assert "worked since (history entries)" in page  # the kept ones are named on the batch page


def test_a_second_revert_is_a_message_not_an_error(client, marked):
    _, _, batch, _, _ = marked
    client.post(f"/lead-batches/{batch.id}/revert")
    again = client.post(f"/lead-batches/{batch.id}/revert", follow_redirects=True)
    assert again.status_code == 200 and "reverted already" in again.get_data(as_text=True)
    assert client.get(f"/lead-batches/{batch.id}/revert", follow_redirects=True).status_code == 200


def test_revert_after_members_joined_through_the_batch_removes_those_memberships(client, login_as):
    login_as("marketing")
    campaign = Campaign(name="Trade fair")
    db.session.add(campaign)
    db.session.commit()
    member, outsider = make_contact("In"), make_contact("Out")
    db.session.add(CampaignMember(campaign_id=campaign.id, contact_id=member.id))
    db.session.commit()
    _, fields = preview(client, {"contact_ids": [member.id, outsider.id], "title": "Fair leads",
                                 "campaign_id": campaign.id})
    client.post("/lead-batches/create", data=fields)
    statuses = {m.contact_id: m.status for m in db.session.scalars(select(CampaignMember))}
    assert statuses == {member.id: "lead", outsider.id: "lead"}
    batch = db.session.scalar(select(LeadBatch))
    client.post(f"/lead-batches/{batch.id}/revert")
    statuses = {m.contact_id: m.status for m in db.session.scalars(select(CampaignMember))}
    assert statuses == {member.id: "targeted"}
