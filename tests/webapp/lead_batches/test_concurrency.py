"""Two people committing the same selection at the same moment make one batch (SQLite file, PostgreSQL)."""

import pytest
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Campaign, CampaignMember, Lead, LeadBatch
from tests.concurrency import at_once, committed, signed_in_client
from tests.factories import make_contact, make_user
from tests.webapp.lead_batches.flow import preview


@pytest.fixture
def world(shared_app):
    with shared_app.app_context():
        campaign = Campaign(name="Roadshow")
        db.session.add(campaign)
        db.session.commit()
        contacts = [make_contact(f"Guest{n}") for n in range(6)]
        db.session.add_all([CampaignMember(campaign_id=campaign.id, contact_id=c.id) for c in contacts])
        db.session.commit()
        logins = [make_user("marketing").get_id() for _ in range(2)]
        campaign_id = campaign.id
        db.session.remove()
    return shared_app, campaign_id, [signed_in_client(shared_app, login) for login in logins]


def _create(client, headers, fields):
    return client.post("/lead-batches/create", data=fields, headers=headers).status_code


def test_the_same_preview_committed_twice_at_once_makes_one_batch(world):
    app, campaign_id, [(client, headers), (other, other_headers)] = world
    _, fields = preview(client, {"members_of": campaign_id, "scope": "all"})
    statuses = at_once([lambda: _create(client, headers, fields), lambda: _create(client, headers, fields)])
    assert statuses == [302, 302]
    assert committed(select(func.count()).select_from(LeadBatch)) == [(1,)]
    assert committed(select(func.count()).select_from(Lead)) == [(6,)]


def test_two_people_committing_their_own_preview_of_the_same_members_make_one_batch(world):
    app, campaign_id, [(client, headers), (other, other_headers)] = world
    _, mine = preview(client, {"members_of": campaign_id, "scope": "all"})
    _, theirs = preview(other, {"members_of": campaign_id, "scope": "all"})
    statuses = at_once([lambda: _create(client, headers, mine), lambda: _create(other, other_headers, theirs)])
    assert sorted(statuses) == [302, 409]  # the second sees the first one's leads: a new preview, nothing written
    assert committed(select(func.count()).select_from(LeadBatch)) == [(1,)]
    assert committed(select(func.count()).select_from(Lead)) == [(6,)]
