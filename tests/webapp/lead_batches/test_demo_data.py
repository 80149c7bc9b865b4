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
