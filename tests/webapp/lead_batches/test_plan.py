"""The plan says, before anything is written, which contacts become leads and why the others do not."""

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.lead_batches.planning import Options, make_plan
from webapp.models import Campaign, CampaignMember, DuplicatePair, Lead
from tests.factories import make_contact, make_lead, make_user


def _campaign(name="Spring fair") -> Campaign:
    campaign = Campaign(name=name)
    db.session.add(campaign)
    db.session.commit()
    return campaign


def test_each_skipped_contact_gets_its_reason(app):
    marketer = make_user("marketing")
    campaign, other_campaign = _campaign(), _campaign("Autumn mailing")
    fine = make_contact("Fine")
    dnc = make_contact("Dora", do_not_contact=True)
    said_no = make_contact("Nora", marketing_consent="no")
    has_lead = make_contact("Olga")
    make_lead(has_lead, campaign_id=campaign.id, stage="lead")
    lost_before = make_contact("Lara")  # a closed lead of the campaign does not count
    make_lead(lost_before, campaign_id=campaign.id, stage="lost")
    elsewhere = make_contact("Elsa")  # an open lead from another campaign does not count
    make_lead(elsewhere, campaign_id=other_campaign.id, stage="lead")
    left = make_contact("Uli")
    db.session.add(CampaignMember(campaign_id=campaign.id, contact_id=left.id, status="unsubscribed"))
    first, twin = make_contact("Max", "Mustermann"), make_contact("Max", "Musterman")
    db.session.add(DuplicatePair(kind="contact", low_id=first.id, high_id=twin.id, score=80, reasons=["same_name"],
                                 low_version=1, high_version=1))
    db.session.commit()
    ids = [fine.id, dnc.id, said_no.id, has_lead.id, lost_before.id, elsewhere.id, left.id, first.id, twin.id,
           999_999, fine.id]
    plan = make_plan(marketer, ids, Options("Fair follow-up", campaign.id, "campaign"))
    assert [c.contact_id for c in plan.new] == [fine.id, lost_before.id, elsewhere.id, first.id]
    assert {s.contact_id: s.reason for s in plan.skipped} == {
        dnc.id: "do_not_contact", said_no.id: "no_consent", has_lead.id: "open_lead", left.id: "unsubscribed",
        twin.id: "duplicate", 999_999: "not_visible"}
    twin_skip = next(s for s in plan.skipped if s.contact_id == twin.id)
    assert twin_skip.label == "same person as Max Mustermann"
    assert db.session.scalar(select(func.count()).select_from(Lead)) == 3  # planning writes nothing


def test_without_a_campaign_an_open_lead_of_the_same_project_is_the_duplicate(app):
    marketer = make_user("marketing")
    done, fresh = make_contact(), make_contact()
    make_lead(done, title="Fair 2026")
    plan = make_plan(marketer, [done.id, fresh.id], Options("Fair 2026"))
    assert [c.contact_id for c in plan.new] == [fresh.id]
    assert [(s.contact_id, s.reason) for s in plan.skipped] == [(done.id, "open_lead_title")]


def test_a_partner_plans_nothing_with_contacts_they_do_not_see(app):
    partner = make_user("partner")
    contact = make_contact()
    plan = make_plan(partner, [contact.id], Options("Fair"))
    assert plan.new == [] and [s.reason for s in plan.skipped] == ["not_visible"]
    assert plan.skipped[0].name == f"#{contact.id}"  # not even the name


def test_the_fingerprint_changes_with_what_would_be_written(app):
    marketer = make_user("marketing")
    a, b = make_contact(), make_contact()
    before = make_plan(marketer, [a.id, b.id], Options("Fair")).fingerprint
    assert make_plan(marketer, [a.id, b.id], Options("Fair")).fingerprint == before
    assert make_plan(marketer, [a.id, b.id], Options("Fair 2")).fingerprint != before
    b.do_not_contact = True
    db.session.commit()
    assert make_plan(marketer, [a.id, b.id], Options("Fair")).fingerprint != before
