"""Stages, hand-offs and their rules, called as services (no request needed)."""

from datetime import date, datetime, timedelta, timezone

import pytest

from webapp.leads import lifecycle
from webapp.leads.errors import HandoffBlocked, NoAssignee, TransitionRefused
from webapp.models import Activity, ActivityKind, LostReason, Stage
from tests.factories import make_contact, make_lead, make_user

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
QUALIFIED = dict(budget="confirmed", authority="decision_maker", need="urgent", timeline="within_3_months")


@pytest.fixture
def team(db):
    return {
        "marketing": make_user("marketing", name="Mara"),
        "sales1": make_user("sales", name="Sven"),
        "sales2": make_user("sales", name="Sara"),
        "service": make_user("service", name="Sina"),
        "accounting": make_user("accounting", name="Anton"),
    }


def _stage_changes(lead):
    return [a.details for a in lead_activities(lead, ActivityKind.STAGE_CHANGE)]


def lead_activities(lead, kind):
    from webapp.extensions import db

    return db.session.query(Activity).filter_by(lead_id=lead.id, kind=kind).order_by(Activity.id).all()


def test_new_lead_from_contact_goes_to_marketing_and_is_recorded(team):
    contact = make_contact()
    lead = lifecycle.create_lead(contact, team["sales1"], "Fleet", source="referral", now=NOW)
    assert lead.stage == Stage.LEAD and lead.owner.role == "marketing"
    assert _stage_changes(lead)[0]["from"] == "contact" and _stage_changes(lead)[0]["to"] == "lead"
    assert lead.due_at is not None and lead.abc_class == "C"  # nothing known yet


def test_a_contact_can_be_customer_in_one_project_and_lead_in_another(team):
    contact = make_contact()
    make_lead(contact, stage=Stage.CUSTOMER, owner_id=team["service"].id)
    second = lifecycle.create_lead(contact, team["marketing"], "Second project", now=NOW)
    assert {lead.stage for lead in contact.leads} == {"customer", "lead"}
    assert second.owner_id == team["marketing"].id


def test_hand_to_sales_is_blocked_until_bant_is_known_and_lists_what_is_missing(team):
    lead = make_lead(owner_id=team["marketing"].id, budget="confirmed", need="urgent")
    with pytest.raises(HandoffBlocked) as refused:
        lifecycle.hand_to_sales(lead, team["marketing"], NOW)
    assert refused.value.missing == ["authority", "timeline"]
    assert "authority, timeline" in str(refused.value)
    assert lead_activities(lead, ActivityKind.HANDOFF) == []


def test_round_robin_spreads_hand_offs_and_skips_inactive_and_absent_users(team, db):
    absent = make_user("sales", name="Away", absent_until=date(2026, 3, 10))
    inactive = make_user("sales", name="Gone", is_active_user=False)
    owners = []
    for i in range(4):
        lead = make_lead(owner_id=team["marketing"].id, **QUALIFIED)
        owners.append(lifecycle.hand_to_sales(lead, team["marketing"], NOW + timedelta(minutes=i)).name)
    assert owners == ["Sven", "Sara", "Sven", "Sara"]
    assert absent.name not in owners and inactive.name not in owners


def test_hand_off_sets_due_time_counts_and_records_who_from_to(team):
    lead = make_lead(owner_id=team["marketing"].id, **QUALIFIED)
    lead.owner = team["marketing"]
    owner = lifecycle.hand_to_sales(lead, team["marketing"], NOW)
    assert lead.due_at.replace(tzinfo=timezone.utc) == NOW + timedelta(hours=24)
    assert lead.handoff_count == 1
    record = lead_activities(lead, ActivityKind.HANDOFF)[-1]
    assert record.details["from_user"] == team["marketing"].id and record.details["to_user"] == owner.id
    assert record.user_id == team["marketing"].id


def test_routing_rule_by_territory_wins_over_round_robin(team, db):
    from webapp.settings.services import save_setting
    from tests.factories import make_organization

    save_setting("routing_rules", [{"role": "sales", "field": "territory", "value": "North",
                                    "user_ids": [team["sales2"].id]}])
    north = make_organization(territory="North")
    for _ in range(2):
        lead = make_lead(make_contact(organization_id=north.id), owner_id=team["marketing"].id, **QUALIFIED)
        assert lifecycle.hand_to_sales(lead, team["marketing"], NOW).id == team["sales2"].id


def test_offer_accept_invoice_move_the_lead_and_hand_it_on(team):
    lead = make_lead(owner_id=team["sales1"].id, **QUALIFIED)
    lifecycle.make_prospect(lead, team["sales1"], NOW)
    assert lead.stage == "prospect" and lead.owner_id == team["sales1"].id  # sales keeps it
    lifecycle.make_customer(lead, team["sales1"], NOW)
    assert lead.stage == "customer" and lead.owner.role == "service" and lead.closed_at is not None
    lifecycle.make_debtor(lead, team["service"], NOW)
    assert lead.stage == "debtor" and lead.owner.role == "accounting"
    assert [d["to"] for d in _stage_changes(lead)] == ["prospect", "customer", "debtor"]


@pytest.mark.parametrize("start,action,message", [
    ("lead", "make_customer", "make an offer first"),
    ("lead", "make_debtor", "only an invoiced customer"),
    ("prospect", "make_debtor", "accepted and invoiced first"),
    ("customer", "make_prospect", "not in the lifecycle"),
    ("debtor", "make_customer", "not in the lifecycle"),
    ("lost", "make_prospect", "reopen it first"),
    ("prospect", "make_prospect", "already prospect"),
])
def test_illegal_transitions_are_refused_with_the_reason_and_change_nothing(team, start, action, message):
    lead = make_lead(stage=start, owner_id=team["sales1"].id, **QUALIFIED)
    with pytest.raises(TransitionRefused, match=message):
        getattr(lifecycle, action)(lead, team["sales1"], NOW)
    assert lead.stage == start
    assert _stage_changes(lead) == []


def test_losing_needs_a_reason_from_the_list(team, db):
    lead = make_lead(stage="prospect", owner_id=team["sales1"].id)
    retired = LostReason(label="Old reason", active=False)
    price = LostReason(label="Price too high")
    db.session.add_all([retired, price])
    db.session.commit()
    for reason_id in (None, retired.id, 9999):
        with pytest.raises(TransitionRefused, match="reason"):
            lifecycle.close_lost(lead, team["sales1"], "lost", reason_id, now=NOW)
        assert lead.stage == "prospect"
    lifecycle.close_lost(lead, team["sales1"], "lost", price.id, "went elsewhere", now=NOW)
    assert lead.stage == "lost" and lead.lost_reason.label == "Price too high" and lead.due_at is None
    assert _stage_changes(lead)[-1]["reason"] == "Price too high: went elsewhere"


def test_customers_cannot_be_marked_lost(team, db):
    reason = LostReason(label="Timing")
    db.session.add(reason)
    db.session.commit()
    lead = make_lead(stage="customer", owner_id=team["service"].id)
    with pytest.raises(TransitionRefused, match="no longer an open lead"):
        lifecycle.close_lost(lead, team["service"], "lost", reason.id, now=NOW)


def test_lost_lead_can_be_reopened_and_returns_to_marketing(team, db):
    reason = LostReason(label="Timing")
    db.session.add(reason)
    db.session.commit()
    lead = make_lead(stage="lost", owner_id=team["sales1"].id, lost_reason_id=reason.id, closed_at=NOW)
    lifecycle.reopen(lead, team["sales1"], NOW)
    assert lead.stage == "lead" and lead.closed_at is None and lead.lost_reason is None
    assert lead.owner.role == "marketing"


def test_only_c_leads_can_be_demoted_to_contacts(team):
    lead = make_lead(owner_id=team["marketing"].id, abc_class="B")
    with pytest.raises(TransitionRefused, match="class C"):
        lifecycle.demote_to_contact(lead, team["marketing"], NOW)
    lead.abc_class = "C"
    lifecycle.demote_to_contact(lead, team["marketing"], NOW)
    assert lead.stage == "disqualified" and lead.lost_reason.label == lifecycle.DEMOTED_REASON


def test_nobody_available_is_a_clear_refusal(db):
    marketing = make_user("marketing")
    lead = make_lead(owner_id=marketing.id, **QUALIFIED)
    with pytest.raises(NoAssignee, match="Nobody with the role sales"):
        lifecycle.hand_to_sales(lead, marketing, NOW)
    assert lead.owner_id == marketing.id
