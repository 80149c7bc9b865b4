"""Marking a campaign's members as leads: the preview shows what the commit then writes, once."""

import pytest
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Activity, Campaign, CampaignMember, FieldChange, Lead, LeadBatch, Notification
from tests.factories import make_contact, make_lead, make_user
from tests.webapp.lead_batches.flow import mark_members, preview


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def fair(app):
    """A campaign with four members: two to become leads, one with an open lead from it, one do-not-contact."""
    campaign = Campaign(name="Spring fair")
    db.session.add(campaign)
    db.session.commit()
    contacts = {name: make_contact(name, "Fair") for name in ("Anna", "Bert", "Carla", "Dirk")}
    contacts["Dirk"].do_not_contact = True
    lead = make_lead(contacts["Carla"], campaign_id=campaign.id, title="Asked at the booth")
    for name, contact in contacts.items():
        db.session.add(CampaignMember(campaign_id=campaign.id, contact_id=contact.id,
                                      status="responded" if name == "Carla" else "targeted",
                                      lead_id=lead.id if name == "Carla" else None))
    db.session.commit()
    return campaign, contacts


def test_the_preview_lists_new_leads_and_each_skipped_contact_with_its_reason(client, login_as, fair):
    login_as("marketing")
    campaign, _ = fair
    response, fields = preview(client, {"members_of": campaign.id, "scope": "all"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "4 selected: 2 new leads, 2 skipped." in page
    assert "Create 2 leads" in page
    assert "already has an open lead from this campaign" in page and "do not contact" in page
    assert fields["title"] == ["Spring fair"] and fields["source"] == ["campaign"]
    assert fields["campaign_id"] == [str(campaign.id)] and fields["token"][0] and fields["fingerprint"][0]
    assert _count(Lead) == 1  # a preview writes nothing


def test_creating_writes_exactly_the_preview_as_one_batch(client, login_as, fair):
    me = login_as("marketing")
    campaign, contacts = fair
    response = mark_members(client, campaign.id)
    batch = db.session.scalar(select(LeadBatch))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/lead-batches/{batch.id}")
    assert (batch.created_count, batch.skipped_count, batch.campaign_id) == (2, 2, campaign.id)
    assert {s["name"]: s["reason"] for s in batch.skipped} == {"Carla Fair": "open_lead", "Dirk Fair": "do_not_contact"}
    created = list(db.session.scalars(select(Lead).where(Lead.title == "Spring fair").order_by(Lead.contact_id)))
    assert [lead.contact_id for lead in created] == [contacts["Anna"].id, contacts["Bert"].id]
    for lead in created:
        assert (lead.campaign_id, lead.source, lead.stage, lead.owner_id) == (campaign.id, "campaign", "lead", me.id)
        assert lead.due_at is not None and lead.scored_at is not None and lead.abc_class
        kinds = sorted(db.session.scalars(select(Activity.kind).where(Activity.lead_id == lead.id)))
        assert kinds == ["handoff", "stage_change"]
        recorded = set(db.session.scalars(select(FieldChange.field).where(FieldChange.entity_type == "lead",
                                                                          FieldChange.entity_id == lead.id)))
        assert {"campaign_id", "source", "stage", "owner_id"} <= recorded
    members = {m.contact_id: m for m in db.session.scalars(select(CampaignMember))}
    assert members[contacts["Anna"].id].status == "lead"
    assert members[contacts["Anna"].id].lead_id == created[0].id
    assert members[contacts["Dirk"].id].status == "targeted"  # skipped: untouched
    page = client.get(f"/lead-batches/{batch.id}").get_data(as_text=True)
    assert "2 leads created." in page and "Anna Fair" in page and "do not contact" in page


def test_a_double_submit_creates_one_batch_and_shows_it(client, login_as, fair):
    login_as("marketing")
    campaign, _ = fair
    response, fields = preview(client, {"members_of": campaign.id, "scope": "all"})
    first = client.post("/lead-batches/create", data=fields)
    again = client.post("/lead-batches/create", data=fields, follow_redirects=True)
    assert again.status_code == 200
    assert "committed already" in again.get_data(as_text=True)
    assert _count(LeadBatch) == 1 and _count(Lead, Lead.title == "Spring fair") == 2
    assert again.request.path == first.headers["Location"]


def test_data_changed_since_the_preview_shows_the_new_preview_instead(client, login_as, fair):
    login_as("marketing")
    campaign, contacts = fair
    _, fields = preview(client, {"members_of": campaign.id, "scope": "all"})
    contacts["Bert"].marketing_consent = "no"
    db.session.commit()
    response = client.post("/lead-batches/create", data=fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "The data changed since the preview" in page and "4 selected: 1 new leads, 3 skipped." in page
    assert "said no to marketing" in page
    assert _count(LeadBatch) == 0 and _count(Lead) == 1


def test_changed_options_without_a_new_preview_are_not_committed(client, login_as, fair):
    login_as("marketing")
    campaign, _ = fair
    _, fields = preview(client, {"members_of": campaign.id, "scope": "all"})
    response = client.post("/lead-batches/create", data={**fields, "title": ["Something else"]})
    assert response.status_code == 409 and _count(LeadBatch) == 0


def test_only_the_ticked_members(client, login_as, fair):
    login_as("marketing")
    campaign, contacts = fair
    bert = db.session.scalar(select(CampaignMember).where(CampaignMember.contact_id == contacts["Bert"].id))
    mark_members(client, campaign.id, member_ids=[bert.id])
    assert [lead.contact_id for lead in db.session.scalars(select(Lead).where(Lead.title == "Spring fair"))] == \
        [contacts["Bert"].id]


def test_a_missing_title_is_a_field_error_and_nothing_is_lost(client, login_as, fair):
    login_as("marketing")
    campaign, _ = fair
    response = client.post("/lead-batches/preview", data={"members_of": campaign.id, "scope": "all", "title": "",
                                                           "expected_value": "12,50"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'aria-invalid="true"' in page and "12,50" in page


def test_nothing_ticked_is_a_message(client, login_as, fair):
    login_as("marketing")
    campaign, _ = fair
    response = client.post("/lead-batches/preview", data={"members_of": campaign.id, "scope": "ticked"})
    assert response.status_code == 422 and "Tick at least one contact or member." in response.get_data(as_text=True)


def test_an_admin_hands_the_leads_to_marketing_in_turn_and_each_owner_hears_once(client, login_as, fair):
    first, second = make_user("marketing"), make_user("marketing")
    login_as("admin")
    campaign, _ = fair
    extra = [make_contact(f"Extra{n}") for n in range(4)]
    db.session.add_all([CampaignMember(campaign_id=campaign.id, contact_id=c.id) for c in extra])
    db.session.commit()
    mark_members(client, campaign.id)
    owners = list(db.session.scalars(select(Lead.owner_id).where(Lead.title == "Spring fair")))
    assert sorted(owners.count(user.id) for user in (first, second)) == [3, 3]
    told = {n.user_id: n.text for n in db.session.scalars(select(Notification))}
    assert set(told) == {first.id, second.id} and "3 new leads of “Spring fair”" in told[first.id]


@pytest.mark.parametrize("role,status", [("partner", 404), ("sales", 403), ("service", 403), ("accounting", 403)])
def test_only_marketing_and_admins_mark_leads(client, login_as, fair, role, status):
    campaign, _ = fair
    login_as(role)
    assert client.get("/lead-batches/").status_code == status
    assert client.post("/lead-batches/preview", data={"members_of": campaign.id, "scope": "all"}).status_code == status
    assert client.post("/lead-batches/create", data={"members_of": campaign.id, "scope": "all", "title": "X",
                                                     "token": "t", "fingerprint": "f"}).status_code == status
    assert _count(Lead) == 1


def test_the_campaign_page_offers_marking_all_or_ticked_members(client, login_as, fair):
    login_as("marketing")
    campaign, _ = fair
    page = client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert 'id="mark-as-leads"' in page and 'value="all"' in page
    # the ticked boxes belong to the bulk-status form, which the "ticked members" button sends to the preview
    assert 'name="member_ids"' in page and 'form="member-bulk"' in page
    assert f'name="members_of" value="{campaign.id}" form="member-bulk"' in page


def test_with_a_trained_model_a_batch_stores_the_score_a_rescore_would_give(client, login_as, fair, trained_model):
    from webapp.scoring.service import rescore_leads

    login_as("marketing")
    campaign, contacts = fair
    mark_members(client, campaign.id)
    created = list(db.session.scalars(select(Lead).where(Lead.title == campaign.name).order_by(Lead.id)))
    assert [lead.contact_id for lead in created] == [contacts["Anna"].id, contacts["Bert"].id]
    stored = [(lead.probability, lead.abc_class, lead.model_version) for lead in created]
    assert all(p is not None and 0 < p < 1 for p, _, _ in stored)
    assert {version for _, _, version in stored} == {trained_model.version}
    rescore_leads([lead.id for lead in created])
    db.session.expire_all()
    again = [(lead.probability, lead.abc_class, lead.model_version)
             for lead in db.session.scalars(select(Lead).where(Lead.id.in_([lead.id for lead in created]))
                                            .order_by(Lead.id))]
    assert [(round(p, 9), c, v) for p, c, v in again] == [(round(p, 9), c, v) for p, c, v in stored]
