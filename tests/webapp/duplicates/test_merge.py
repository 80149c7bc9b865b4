"""Merging two contacts or organizations: everything that refers to the removed record moves to
the kept one, nothing is lost, the merge is in the history, a concurrent edit is refused."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from webapp.duplicates.merge import merge, references_to
from webapp.extensions import db as _db
from webapp.field_history import changes_for
from webapp.invoices.services import create_invoice
from webapp.locking import EditConflict
from webapp.models import (
    Activity,
    Campaign,
    CampaignMember,
    Contact,
    FieldChange,
    Lead,
    LeadBatch,
    LeadBatchItem,
    Material,
    OfferStatus,
    Organization,
    Stage,
)
from tests.factories import make_activity, make_contact, make_lead, make_offer, make_organization, make_user

# Every foreign key to contacts and organizations the merge was checked against. A new one fails
# this test: make sure merging moves it (it does, generically) and add it to the counts below.
KNOWN_REFERENCES = {
    "contacts": [("activities", "contact_id"), ("campaign_members", "contact_id"), ("lead_batch_items", "contact_id"),
                 ("leads", "contact_id")],
    "organizations": [("contacts", "organization_id")],
}


def test_every_reference_to_contacts_and_organizations_is_known():
    for table, known in KNOWN_REFERENCES.items():
        assert references_to(table) == known, f"a new reference to {table}: check the merge moves it"


def _counts() -> dict[str, int]:
    return {table.name: _db.session.scalar(select(func.count()).select_from(table))
            for table in _db.metadata.sorted_tables}


def _everything_of(contact: Contact, campaign: Campaign, material: Material) -> None:
    lead = make_lead(contact, title=f"Project of {contact.last_name}", stage=Stage.CUSTOMER,
                     owner_id=make_user("service").id)
    offer = make_offer(lead, status=OfferStatus.ACCEPTED)
    create_invoice(offer, make_user("accounting"), date.today(), date.today() + timedelta(days=14))
    make_activity(contact, lead_id=lead.id)
    make_activity(contact, kind="material_sent", material_id=material.id)
    _db.session.add(CampaignMember(campaign=campaign, contact_id=contact.id))
    batch = LeadBatch(token=f"batch-of-{contact.id}", title=lead.title)  # the lead as if marked from a campaign
    _db.session.add(batch)
    _db.session.flush()
    _db.session.add(LeadBatchItem(batch_id=batch.id, lead_id=lead.id, contact_id=contact.id))
    _db.session.commit()


def test_a_contact_merge_moves_everything_and_loses_nothing(db):
    admin = make_user("admin", name="Ada Admin")
    campaign, material = Campaign(name="Spring"), Material(name="Brochure")
    db.session.add_all([campaign, material])
    acme = make_organization("Acme GmbH")
    kept = make_contact(first_name="Jürgen", last_name="Müller", email="old@acme.example", custom={"Newsletter": "yes"})
    other = make_contact(first_name="Juergen", last_name="Mueller", email="j.mueller@acme.example",
                         phone="030 1234567", function="CEO", organization_id=acme.id, custom={"Shoe": "44"})
    for contact in (kept, other):
        _everything_of(contact, campaign if contact is other else Campaign(name="Autumn"), material)
    other.function = "CTO"  # a change in the other's field history
    db.session.commit()
    other_id, other_history = other.id, len(changes_for("contact", other.id))
    before = _counts()

    merge("contact", kept, other, {"email": "other", "last_name": "other", "function": "other"}, admin,
          kept.version, other.version)

    after = _counts()
    assert after["contacts"] == before["contacts"] - 1
    assert after["activities"] == before["activities"] + 1  # the merge's own entry
    assert after["field_changes"] > before["field_changes"]  # the kept record's new values
    unchanged = {name for name in before} - {"contacts", "activities", "field_changes"}
    assert {name: after[name] for name in unchanged} == {name: before[name] for name in unchanged}
    db.session.expire_all()
    assert db.session.get(Contact, other_id) is None
    for table, column in references_to("contacts"):
        rows = db.session.execute(select(db.metadata.tables[table].c[column])).scalars().all()
        assert set(rows) == {kept.id}, table
    assert (kept.email, kept.last_name, kept.first_name, kept.function) == (
        "j.mueller@acme.example", "Mueller", "Jürgen", "CTO")
    # Empty on the kept record: the other's value is the default.
    assert kept.phone == "030 1234567" and kept.organization_id == acme.id and kept.phone_key == "+49301234567"
    assert kept.custom == {"Newsletter": "yes", "Shoe": "44"}
    entry = db.session.scalar(select(Activity).where(Activity.kind == "merge"))
    assert entry.contact_id == kept.id and entry.user_id == admin.id
    assert entry.details["merged_id"] == other_id and entry.details["merged_name"] == "Juergen Mueller"
    moved = db.session.scalar(select(func.count()).select_from(FieldChange).where(
        FieldChange.entity_type == "contact", FieldChange.entity_id == other_id))
    assert moved == 0 and len(changes_for("contact", kept.id)) >= other_history
    assert any(c.field == "organization_id" and c.new_value == acme.id and c.changed_by_id == admin.id
               for c in changes_for("contact", kept.id))


def test_the_same_campaign_twice_keeps_one_membership(db):
    kept, other = make_contact(), make_contact()
    campaign = Campaign(name="Spring")
    campaign.members = [CampaignMember(contact_id=c.id) for c in (kept, other)]
    db.session.add(campaign)
    db.session.commit()
    merge("contact", kept, other, {}, make_user("marketing"), kept.version, other.version)
    assert db.session.scalars(select(CampaignMember.contact_id)).all() == [kept.id]


def test_a_merge_from_a_screen_opened_before_a_change_is_refused_and_keeps_both(db):
    kept, other = make_contact(last_name="Alt"), make_contact(last_name="Neu")
    seen = other.version
    make_lead(other)
    other.function = "changed meanwhile"
    db.session.commit()
    with pytest.raises(EditConflict):
        merge("contact", kept, other, {}, make_user("admin"), kept.version, seen)
    assert db.session.scalar(select(func.count()).select_from(Contact)) == 2
    assert db.session.scalar(select(Lead.contact_id)) == other.id


def test_an_organization_merge_moves_its_contacts_and_notes_it_on_them(db):
    admin = make_user("admin", name="Ada Admin")
    kept, other = make_organization("Acme GmbH"), make_organization("ACME AG", phone="030 1234567")
    people = [make_contact(organization_id=other.id) for _ in range(2)]
    merge("organization", kept, other, {"phone": "other"}, admin, kept.version, other.version)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Organization)) == 1
    assert {db.session.get(Contact, p.id).organization_id for p in people} == {kept.id}
    assert kept.phone == "030 1234567" and kept.phone_key == "+49301234567"
    entries = db.session.scalars(select(Activity).where(Activity.kind == "merge")).all()
    assert sorted(e.contact_id for e in entries) == sorted(p.id for p in people)
