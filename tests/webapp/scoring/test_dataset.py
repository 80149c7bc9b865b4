"""The training table describes each closed lead as it was known before its outcome."""

from datetime import datetime, timedelta, timezone

from webapp.scoring.dataset import open_frame, outcome_counts, training_frame
from tests.factories import make_activity, make_contact, make_lead, make_organization

DECIDED = datetime(2026, 2, 1, 12, 0, tzinfo=timezone.utc)


def test_activity_after_the_decision_never_enters_the_training_table(db):
    org = make_organization(industry="Retail", employees=40)
    contact = make_contact(organization_id=org.id, email="x@example.com", salutation="Ms")
    lead = make_lead(contact, stage="customer", closed_at=DECIDED, budget="confirmed", source="referral",
                     created_at=DECIDED - timedelta(days=10))
    make_activity(contact, kind="meeting", lead_id=lead.id, occurred_at=DECIDED - timedelta(days=2))
    make_activity(contact, kind="call", lead_id=lead.id, occurred_at=DECIDED - timedelta(days=1))
    for _ in range(3):  # customer service calls after the win say nothing about winning
        make_activity(contact, kind="call", lead_id=lead.id, occurred_at=DECIDED + timedelta(days=3))
    frame = training_frame(now=DECIDED + timedelta(days=30))
    row = frame.iloc[0]
    assert (row["meetings"], row["calls"]) == (1, 1)
    assert row["won"] == 1 and row["industry"] == "Retail"
    leaky = {"stage", "closed_at", "handoff_count", "lost_reason_id", "probability", "abc_class", "age_days"}
    assert not leaky & set(frame.columns)
    assert not {"email", "salutation", "first_name", "last_name"} & set(frame.columns)


def test_only_closed_leads_train_and_outcomes_are_labelled(db):
    make_lead(stage="lost", closed_at=DECIDED)
    make_lead(stage="disqualified", closed_at=DECIDED)
    make_lead(stage="debtor", closed_at=DECIDED)
    make_lead(stage="prospect")
    frame = training_frame()
    assert sorted(frame["won"]) == [0, 0, 1]
    assert outcome_counts() == {"won": 1, "lost": 2}
    assert len(open_frame()) == 1


def test_opted_out_contacts_are_left_out_of_training(db):
    make_lead(make_contact(scoring_opt_out=True), stage="lost", closed_at=DECIDED)
    make_lead(stage="customer", closed_at=DECIDED)
    assert list(training_frame()["won"]) == [1]


def test_scoring_describes_a_lead_with_every_field_a_model_may_have_learned(db):
    from webapp.scoring.service import lead_features

    lead = make_lead(contact=make_contact(salutation="Frau", email="erika@example.com"), source="referral")
    features = lead_features(lead)
    # excluded from training by default, yet there for a model trained after an admin allowed it
    assert features["salutation"] == "Frau" and features["email"] == "erika@example.com"
    assert features["source"] == "referral" and "won" not in features
