"""Paths that write leads with Core statements (a lead batch, reverting a batch or an import) pass
by the session hook that keeps lead_days: they recount the rows of the leads they wrote, so the
report's funnel counts them from the moment they exist and forgets them when they go."""

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.imports.revert import revert_import
from webapp.models import Campaign, CampaignMember, Lead, LeadBatch, LeadDay
from webapp.reports import lead_days
from tests.factories import make_contact
from tests.webapp.imports.test_importing import _import
from tests.webapp.lead_batches.flow import mark_members


def _counted() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.coalesce(func.sum(LeadDay.leads), 0)))


def _rows() -> list[tuple]:
    db.session.expire_all()
    return sorted(db.session.execute(select(LeadDay.day, LeadDay.owner_id, LeadDay.source, LeadDay.campaign_id,
                                            LeadDay.leads)).all(), key=repr)


def _assert_current() -> None:
    kept = _rows()
    lead_days.rebuild(db.session)
    assert kept == _rows()


def test_a_batch_and_its_revert_are_counted_per_day(client, login_as):
    login_as("marketing")
    campaign = Campaign(name="Webinar")
    db.session.add(campaign)
    db.session.commit()
    contacts = [make_contact(f"Member{n}", "Webinar") for n in range(4)]
    db.session.add_all([CampaignMember(campaign_id=campaign.id, contact_id=c.id) for c in contacts])
    db.session.commit()
    mark_members(client, campaign.id)
    assert db.session.scalar(select(func.count()).select_from(Lead)) == 4
    assert _counted() == 4
    _assert_current()
    batch = db.session.scalar(select(LeadBatch))
    client.post(f"/lead-batches/{batch.id}/revert")
    assert db.session.scalar(select(func.count()).select_from(Lead)) == 0
    assert _counted() == 0
    _assert_current()


def test_a_reverted_import_leaves_no_leads_counted(db):
    _result, imp = _import(db, "leads", "Projekt;Vorname;Nachname;E-Mail\n"
                                        "Server;Anna;Neu;anna@example.de\nCRM;Ben;Neu;ben@example.de\n")
    assert _counted() == 2
    revert_import(imp)
    assert _counted() == 0
    _assert_current()
