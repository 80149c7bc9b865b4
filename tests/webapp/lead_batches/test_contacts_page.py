"""The contact list's bulk bar: ticked contacts become leads through the same preview, with a campaign."""

from sqlalchemy import func, select

from webapp.models import Campaign, CampaignMember, Lead, LeadBatch
from tests.factories import make_contact
from tests.webapp.lead_batches.flow import preview


def test_the_bulk_bar_previews_and_offers_the_campaigns(client, login_as, db):
    login_as("marketing")
    db.session.add(Campaign(name="Newsletter May"))
    db.session.commit()
    make_contact()
    page = client.get("/contacts/").get_data(as_text=True)
    assert 'action="/lead-batches/preview"' in page and "Newsletter May" in page and "Preview leads" in page


def test_ticked_contacts_become_leads_once_with_the_campaign_and_consent_respected(client, login_as, db):
    login_as("marketing")
    campaign = Campaign(name="Newsletter May")
    db.session.add(campaign)
    db.session.commit()
    yes, no, dnc = make_contact("Yes"), make_contact("No", marketing_consent="no"), make_contact("Dnc", do_not_contact=True)
    form = {"contact_ids": [yes.id, no.id, dnc.id], "title": "May follow-up", "source": "mailing",
            "campaign_id": campaign.id, "expected_value": "1200"}
    response, fields = preview(client, form)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "3 selected: 1 new leads, 2 skipped." in page
    client.post("/lead-batches/create", data=fields)
    client.post("/lead-batches/create", data=fields)  # the same preview twice, as the old bar allowed
    leads = list(db.session.scalars(select(Lead).where(Lead.title == "May follow-up")))
    assert [(lead.contact_id, lead.source, lead.campaign_id) for lead in leads] == [(yes.id, "mailing", campaign.id)]
    assert str(leads[0].expected_value) == "1200.00"
    assert db.session.scalar(select(func.count()).select_from(LeadBatch)) == 1
    member = db.session.scalar(select(CampaignMember))
    assert (member.contact_id, member.status, member.lead_id) == (yes.id, "lead", leads[0].id)
    # a new preview of the same contacts finds the open lead
    again = client.post("/lead-batches/preview", data=form).get_data(as_text=True)
    assert 'id="create-leads"' not in again and "already has an open lead from this campaign" in again


def test_without_a_campaign_the_leads_have_none_and_a_repeat_is_skipped(client, login_as, db):
    login_as("marketing")
    contact = make_contact()
    _, fields = preview(client, {"contact_ids": [contact.id], "title": "Cold calls", "campaign_id": 0})
    client.post("/lead-batches/create", data=fields)
    lead = db.session.scalar(select(Lead))
    assert (lead.campaign_id, lead.source) == (None, None)
    response, _ = preview(client, {"contact_ids": [contact.id], "title": "Cold calls", "campaign_id": 0})
    assert "already has an open lead for this project" in response.get_data(as_text=True)


def test_nothing_ticked_or_no_title_loses_nothing(client, login_as, db):
    login_as("marketing")
    contact = make_contact()
    response = client.post("/lead-batches/preview", data={"title": "Fair", "campaign_id": 0})
    assert response.status_code == 422 and "Tick at least one contact" in response.get_data(as_text=True)
    response = client.post("/lead-batches/preview", data={"contact_ids": [contact.id], "title": "", "campaign_id": 0})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f'name="contact_ids" value="{contact.id}"' in page
