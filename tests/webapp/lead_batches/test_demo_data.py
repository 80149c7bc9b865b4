"""On the demo data: a campaign's members marked as leads skip the member who already has an open lead
from it and the do-not-contact one, and the revert removes exactly the leads the batch created."""

from datetime import date

from sqlalchemy import func, select

from webapp.demo import load_demo
from webapp.extensions import db
from webapp.models import OPEN_STAGES, CampaignMember, Contact, Lead, LeadBatch, LeadBatchItem, User
from tests.webapp.lead_batches.flow import mark_members, preview


def test_marking_a_demo_campaign_as_leads_and_reverting_it(app, client):
    load_demo(seed=5, password="demo-password", today=date(2026, 6, 1), scale=0.05)
    with_open_lead = db.session.execute(
        select(CampaignMember.campaign_id, CampaignMember.contact_id).join(Lead, Lead.id == CampaignMember.lead_id)
        .where(Lead.stage.in_(OPEN_STAGES), Lead.campaign_id == CampaignMember.campaign_id)
        .order_by(CampaignMember.id)).first()
    campaign_id, has_lead = with_open_lead
    members = list(db.session.scalars(select(CampaignMember.contact_id).where(CampaignMember.campaign_id == campaign_id)))
    dnc = db.session.get(Contact, next(c for c in members if c != has_lead))
    dnc.do_not_contact = True
    db.session.commit()
    marketer = db.session.scalar(select(User).where(User.role == "marketing").order_by(User.id))
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = marketer.get_id(), True
    leads_before = db.session.scalar(select(func.count()).select_from(Lead))

    response, _ = preview(client, {"members_of": campaign_id, "scope": "all"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "do not contact" in page
    assert "already has an open lead from this campaign" in page
    mark_members(client, campaign_id)
    batch = db.session.scalar(select(LeadBatch))
    reasons = {s["contact_id"]: s["reason"] for s in batch.skipped}
    assert reasons[has_lead] == "open_lead" and reasons[dnc.id] == "do_not_contact"
    created = set(db.session.scalars(select(LeadBatchItem.lead_id).where(LeadBatchItem.batch_id == batch.id)))
    assert len(created) == batch.created_count > 0
    assert db.session.scalar(select(func.count()).select_from(Lead)) == leads_before + batch.created_count

    client.post(f"/lead-batches/{batch.id}/revert")
    remaining = set(db.session.scalars(select(Lead.id)))
    assert not remaining & created and len(remaining) == leads_before


def test_a_demo_target_group_on_a_custom_field_marked_as_leads_skips_whom_it_must(app, client):
    """The demo's own consent and custom fields: a group of contacts who prefer e-mail, added to a
    campaign that already has do-not-contact members and members with an open lead from it."""
    import html
    import re

    load_demo(seed=42, password="demo-password", today=date(2026, 6, 1), scale=0.3)
    member, contact = CampaignMember, Contact
    open_from_campaign = (select(member.contact_id).join(Lead, Lead.id == member.lead_id)
                          .where(Lead.stage.in_(OPEN_STAGES), Lead.campaign_id == member.campaign_id))
    campaign_id = db.session.scalar(
        select(member.campaign_id).join(contact).where(contact.do_not_contact.is_(True),
                                                       member.campaign_id.in_(open_from_campaign
                                                                              .with_only_columns(member.campaign_id)))
        .order_by(member.campaign_id))
    assert campaign_id, "the demo has a campaign with a do-not-contact member and one with an open lead from it"
    marketer = db.session.scalar(select(User).where(User.role == "marketing").order_by(User.id))
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = marketer.get_id(), True

    group = f"/campaigns/{campaign_id}/group/"
    page = client.get(group + "?match=all&field-0=contact.preferred_channel&op-0=equals&value-0=email")
    assert page.status_code == 200
    criteria = html.unescape(re.search(r'name="criteria" value="([^"]+)"', page.get_data(as_text=True)).group(1))
    client.post(group + "save", data={"criteria": criteria})
    client.post(group + "members")
    members = db.session.execute(select(member.contact_id, member.origin, contact.custom, contact.do_not_contact,
                                        contact.marketing_consent)
                                 .join(contact).where(member.campaign_id == campaign_id)).all()
    from_group = [m for m in members if m.origin == "group"]
    assert from_group and all(m.custom.get("preferred_channel") == "email" and not m.do_not_contact
                              for m in from_group)

    with_lead = set(db.session.scalars(open_from_campaign.where(member.campaign_id == campaign_id)))
    leads_before = db.session.scalar(select(func.count()).select_from(Lead))
    response, _ = preview(client, {"members_of": campaign_id, "scope": "all"})
    assert response.status_code == 200
    mark_members(client, campaign_id)
    batch = db.session.scalar(select(LeadBatch))
    reasons = {s["contact_id"]: s["reason"] for s in batch.skipped}
    refused = {m.contact_id for m in members if m.do_not_contact}
    said_no = {m.contact_id for m in members if m.marketing_consent == "no"} - refused
    assert refused and with_lead - refused - said_no
    assert all(reasons[c] == "do_not_contact" for c in refused)
    assert all(reasons[c] == "no_consent" for c in said_no)
    assert all(reasons[c] == "open_lead" for c in with_lead - refused - said_no)
    created = set(db.session.scalars(select(LeadBatchItem.lead_id).where(LeadBatchItem.batch_id == batch.id)))
    assert db.session.scalar(select(func.count()).select_from(Lead)) == leads_before + len(created)
    client.post(f"/lead-batches/{batch.id}/revert")
    assert not set(db.session.scalars(select(Lead.id))) & created
    assert db.session.scalar(select(func.count()).select_from(Lead)) == leads_before
