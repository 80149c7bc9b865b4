"""The training table learns from each closed lead as it was while open: snapshots, point in time."""

from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

import pandas as pd
import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Lead
from webapp.scoring import snapshots
from webapp.scoring.dataset import open_frame, outcome_counts, training_frame
from tests.factories import make_activity, make_contact, make_lead, make_organization

CREATED = datetime(2026, 1, 1, 9, 0, tzinfo=timezone.utc)
DECIDED = CREATED + timedelta(days=31)


@contextmanager
def clock(moment: datetime, monkeypatch):
    """Changes saved inside are recorded in the field history as made at `moment`."""
    from webapp.field_history import recorder

    with monkeypatch.context() as patch:
        patch.setattr(recorder, "utcnow", lambda: moment)
        yield


def _won_lead(monkeypatch, **fields):
    """A lead created on CREATED with nothing known, qualified on day 10, won on DECIDED."""
    org = make_organization(industry="Retail", employees=40)
    contact = make_contact(organization_id=org.id, email="x@example.com", salutation="Ms")
    lead = make_lead(contact, created_at=CREATED, source="referral", **fields)
    with clock(CREATED + timedelta(days=10), monkeypatch):
        lead.budget, lead.need = "confirmed", "urgent"
        db.session.commit()
    with clock(CREATED + timedelta(days=20), monkeypatch):
        lead.stage = "prospect"
        db.session.commit()
    with clock(DECIDED, monkeypatch):
        lead.stage, lead.closed_at = "customer", DECIDED
        db.session.commit()
    return lead, contact


def test_a_closed_lead_is_learned_from_as_it_was_at_each_moment_of_its_open_life(db, monkeypatch):
    lead, contact = _won_lead(monkeypatch)
    make_activity(contact, kind="meeting", lead_id=lead.id, occurred_at=CREATED + timedelta(days=12))
    for _ in range(3):  # customer service calls after the win say nothing about winning
        make_activity(contact, kind="call", lead_id=lead.id, occurred_at=DECIDED + timedelta(days=3))
    frame = training_frame(every_days=14).set_index("snapshot_at")
    days = [(pd.Timestamp(t) - CREATED).total_seconds() / 86400 for t in frame.index]
    # day 1, the stage change on day 20, and every 14 days from a phase of the lead's own; never
    # the decision (day 31) or later
    periodic = [d for d in days if d not in (1, 20)]
    assert days[0] == 1 and 20 in days and max(days) < 31
    assert len(periodic) >= 2 and all(b - a == pytest.approx(14) for a, b in zip(periodic, periodic[1:]))
    assert list(frame["age_days"]) == pytest.approx(days, abs=1e-3)
    by_day = frame.assign(day=days).set_index("day")
    assert pd.isna(by_day.loc[1, "budget"]) and set(by_day.loc[[d for d in days if d >= 10], "budget"]) == {"confirmed"}
    assert by_day.loc[1, "stage"] == "lead" and set(by_day.loc[[d for d in days if d >= 20], "stage"]) == {"prospect"}
    assert all(by_day.loc[d, "meetings"] == int(d > 12) for d in days) and set(frame["calls"]) == {0}
    assert set(frame["won"]) == {1} and set(frame["decided_at"]) == {DECIDED.isoformat()}
    # the snapshots of one 14-day stretch share one unit of weight
    bands = pd.Series(frame["weight"].to_numpy()).groupby([int(d // 14) for d in days]).sum()
    assert list(bands) == pytest.approx([1.0] * len(bands))
    assert not {"closed_at", "handoff_count", "lost_reason_id", "probability", "abc_class"} & set(frame.columns)
    assert not {"email", "salutation", "first_name", "last_name"} & set(frame.columns)


def test_editing_a_closed_lead_afterwards_leaves_its_training_rows_as_they_were(db, monkeypatch):
    lead, contact = _won_lead(monkeypatch)
    contact.organization.industry = "Banking"
    db.session.commit()
    before = training_frame(every_days=7)
    lead.budget, lead.timeline, lead.expected_value = "none", "later", 99999
    contact.function = "Intern"
    contact.organization.employees = 5000
    db.session.commit()
    pd.testing.assert_frame_equal(training_frame(every_days=7), before)


def test_no_snapshot_sees_an_activity_or_offer_from_after_its_moment(db, monkeypatch):
    from tests.factories import make_offer  # noqa: F401 - offers are counted when sent

    lead, contact = _won_lead(monkeypatch)
    moments = [CREATED + timedelta(days=d) for d in range(0, 31)]
    for day in (2, 5, 5, 19):
        make_activity(contact, kind="call", lead_id=lead.id, occurred_at=CREATED + timedelta(days=day))
    make_activity(contact, kind="email", lead_id=lead.id, occurred_at=CREATED + timedelta(days=8),
                  details={"event": "offer_sent"})  # the app's notice: no engagement
    frame = snapshots.describe(Lead.id == lead.id, pd.DataFrame({"lead_id": lead.id, "at": moments}))
    # a call at the very moment has happened by then, as a field changed at that moment has
    assert list(frame["calls"]) == [sum(day <= d for day in (2, 5, 5, 19)) for d in range(0, 31)]
    assert set(frame["emails"]) == {0}


def test_the_snapshot_at_a_stage_change_to_prospect_sees_the_offer_sent_with_it(db, monkeypatch):
    from tests.factories import make_offer

    lead, _contact = _won_lead(monkeypatch)  # a prospect from day 20, when the offer went out
    make_offer(lead, status="sent", sent_at=CREATED + timedelta(days=20))
    frame = training_frame(every_days=14)
    days = [(pd.Timestamp(t) - CREATED).total_seconds() / 86400 for t in frame["snapshot_at"]]
    by_day = frame.assign(day=days).set_index("day")
    assert by_day.loc[20, "stage"] == "prospect" and by_day.loc[20, "offers_sent"] == 1
    # no training row describes a prospect without an offer out, which no open lead ever is
    assert set(frame.loc[frame["stage"] == "prospect", "offers_sent"]) == {1}
    assert set(frame.loc[frame["stage"] == "lead", "offers_sent"]) == {0}


def test_a_moment_before_the_lead_existed_is_clamped_not_a_crash(db, monkeypatch, caplog):
    lead, _contact = _won_lead(monkeypatch)
    frame = snapshots.describe(Lead.id == lead.id, pd.DataFrame({"lead_id": [lead.id], "at": [CREATED - timedelta(days=3)]}))
    assert frame["age_days"].tolist() == [0]
    assert "before their lead's creation" in caplog.text


def test_only_closed_leads_train_and_outcomes_are_labelled(db):
    make_lead(stage="lost", closed_at=DECIDED, created_at=CREATED)
    make_lead(stage="disqualified", closed_at=DECIDED, created_at=CREATED)
    make_lead(stage="debtor", closed_at=DECIDED, created_at=CREATED)
    make_lead(stage="prospect")
    frame = training_frame()
    assert sorted(frame.drop_duplicates("lead_id")["won"]) == [0, 0, 1]
    # the history says these leads were closed from the start; a snapshot still sees them open
    assert set(frame["stage"]) <= {"lead", "prospect"}
    assert outcome_counts() == {"won": 1, "lost": 2}
    assert len(open_frame()) == 1


def test_opted_out_contacts_are_left_out_of_training(db):
    make_lead(make_contact(scoring_opt_out=True), stage="lost", closed_at=DECIDED, created_at=CREATED)
    make_lead(stage="customer", closed_at=DECIDED, created_at=CREATED)
    assert set(training_frame()["won"]) == {1}


def test_an_open_lead_is_scored_as_it_is_now(db):
    from webapp.scoring.service import lead_features

    lead = make_lead(contact=make_contact(salutation="Frau", email="erika@example.com"), source="referral",
                     created_at=datetime.now(timezone.utc) - timedelta(days=3), budget="planned")
    make_activity(lead.contact, kind="call", lead_id=lead.id)
    features = lead_features(lead)
    # excluded from training by default, yet there for a model trained after an admin allowed it
    assert features["salutation"] == "Frau" and features["email"] == "erika@example.com"
    assert features["source"] == "referral" and features["budget"] == "planned" and "won" not in features
    assert features["stage"] == "lead" and features["calls"] == 1 and 2.9 < features["age_days"] < 3.1


def test_a_lead_now_is_the_same_row_whether_read_alone_or_with_all_open_leads(db, monkeypatch):
    lead, contact = _won_lead(monkeypatch)
    other = make_lead(contact, budget="none", created_at=CREATED)
    make_activity(contact, kind="meeting", lead_id=other.id)
    now = datetime.now(timezone.utc)
    alone = snapshots.describe(Lead.id == other.id, now=now)
    together = open_frame(now=now, excluded=()).set_index("lead_id").loc[[other.id]].reset_index()
    pd.testing.assert_frame_equal(alone.drop(columns="scoring_opt_out"), together)
    # the same lead read as a snapshot at `now` says the same as the fast path for now
    as_of = snapshots.describe(Lead.id == other.id, pd.DataFrame({"lead_id": [other.id], "at": [now]}))
    pd.testing.assert_frame_equal(as_of.drop(columns="at"), alone)
    assert db.session.scalar(select(Lead.stage).where(Lead.id == other.id)) == "lead"
