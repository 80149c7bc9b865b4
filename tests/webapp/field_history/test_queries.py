"""A record's tracked fields as they were at any moment, from its field history."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import insert

from webapp.field_history import changes_for, value_as_of, values_as_of
from webapp.field_history import recorder
from webapp.models import Lead
from tests.factories import make_contact, make_lead

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)


@pytest.fixture
def clock(monkeypatch):
    """Changes are stamped with the time this clock is set to (a record's initial values with its
    creation time, so records made here say created_at=T0)."""
    now = {"at": T0}
    monkeypatch.setattr(recorder, "utcnow", lambda: now["at"])
    return now


def test_value_as_of_follows_the_changes(db, clock):
    lead = make_lead(budget="none", source="web_form", created_at=T0)
    clock["at"] = T0 + 10 * DAY
    lead.budget = "planned"
    db.session.commit()
    clock["at"] = T0 + 20 * DAY
    lead.budget = "confirmed"
    lead.need = "urgent"
    db.session.commit()

    assert value_as_of(Lead, lead.id, "budget", T0 - DAY) is None  # before it existed
    assert value_as_of(Lead, lead.id, "budget", T0) == "none"
    assert value_as_of("lead", lead.id, "budget", T0 + 15 * DAY) == "planned"
    assert value_as_of(Lead, lead.id, "budget", T0 + 20 * DAY) == "confirmed"
    assert value_as_of(Lead, lead.id, "need", T0 + 19 * DAY) is None
    assert value_as_of(Lead, lead.id, "source", T0 + 30 * DAY) == "web_form"  # never changed
    state = values_as_of(Lead, lead.id, T0 + 12 * DAY)
    assert state["budget"] == "planned" and state["stage"] == "lead" and state["need"] is None


def test_a_field_never_changed_reads_as_it_is_now(db, clock):
    lead = make_lead(created_at=T0)
    assert value_as_of(Lead, lead.id, "timeline", T0 + DAY) is None
    assert value_as_of(Lead, lead.id, "stage", T0 + DAY) == "lead"


def test_a_record_older_than_its_history_reads_the_value_its_first_change_replaced(db, clock):
    contact = make_contact()
    table = Lead.__table__
    lead_id = db.session.execute(insert(table).values(contact_id=contact.id, title="Old", stage="lead",
                                                      budget="none").returning(table.c.id)).scalar_one()
    db.session.commit()  # inserted with Core, as before the history existed: no rows
    assert changes_for(Lead, lead_id) == []
    clock["at"] = T0 + 5 * DAY
    db.session.get(Lead, lead_id).budget = "planned"
    db.session.commit()
    assert value_as_of(Lead, lead_id, "budget", T0) == "none"
    assert value_as_of(Lead, lead_id, "budget", T0 + 6 * DAY) == "planned"


def test_values_keep_their_types(db, clock):
    lead = make_lead(expected_value=1234.5, created_at=T0)
    clock["at"] = T0 + DAY
    lead.expected_value = 2000
    db.session.commit()
    assert value_as_of(Lead, lead.id, "expected_value", T0) == 1234.5
    assert value_as_of(Lead, lead.id, "expected_value", T0 + DAY) == 2000
    [newest, *_] = changes_for(Lead, lead.id, fields=["expected_value"])
    assert (newest.old_value, newest.new_value) == (1234.5, 2000)


def test_changes_for_lists_newest_first_within_a_window(db, clock):
    lead = make_lead(budget="none", created_at=T0)
    for day, answer in ((1, "planned"), (2, "confirmed"), (3, "none")):
        clock["at"] = T0 + day * DAY
        lead.budget = answer
        db.session.commit()
    window = changes_for(Lead, [lead.id], since=T0 + DAY, until=T0 + 2 * DAY)
    assert [c.new_value for c in window] == ["confirmed", "planned"]
