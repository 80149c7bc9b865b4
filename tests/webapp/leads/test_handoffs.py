"""Hand-offs and closing as the rest of the company sees them: each change is read back through a
connection of its own, as another worker process would read it, so a change never committed fails."""

import time
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.leads import lifecycle
from webapp.leads.errors import HandoffBlocked, TransitionRefused
from webapp.leads.timing import aware
from webapp.models import Activity, ActivityKind, Campaign, Lead, LostReason
from webapp.settings.services import get_settings, save_setting
from tests.concurrency import committed
from tests.factories import make_contact, make_lead, make_user

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
QUALIFIED = dict(budget="confirmed", authority="decision_maker", need="urgent", timeline="within_3_months")


@pytest.fixture
def team(shared_app):
    return {
        "marketing": make_user("marketing", name="Mara"),
        "sales": make_user("sales", name="Sven"),
        "service": make_user("service", name="Sina"),
        "partner": make_user("partner", name="Paula"),
        "admin": make_user("admin", name="Ada"),
    }


def stored(lead: Lead, *columns):
    """The lead's columns as another process reads them now."""
    (row,) = committed(select(*columns).where(Lead.id == lead.id))
    return tuple(aware(v) if isinstance(v, datetime) else v for v in row)


def history(lead: Lead) -> list[tuple]:
    """The lead's history as another process reads it: kind, subject, reason, by whom, when."""
    rows = committed(select(Activity.kind, Activity.subject, Activity.body, Activity.user_id, Activity.occurred_at)
                     .where(Activity.lead_id == lead.id).order_by(Activity.id))
    return [(kind, subject, body, by, aware(at)) for kind, subject, body, by, at in rows]


def stored_history(lead: Lead, kind: str) -> list:
    return committed(select(Activity.subject, Activity.body, Activity.user_id, Activity.details)
                     .where(Activity.lead_id == lead.id, Activity.kind == kind).order_by(Activity.id))


def test_a_partner_hand_off_starts_the_partner_window_and_is_in_the_history(team):
    lead = make_lead(owner_id=team["marketing"].id, handoff_count=2, due_at=NOW - timedelta(days=3),
                     escalated_at=NOW - timedelta(days=2))
    lifecycle.hand_to_partner(lead, team["partner"], team["marketing"], NOW)
    assert stored(lead, Lead.partner_id, Lead.owner_id, Lead.due_at, Lead.escalated_at, Lead.handoff_count) == (
        team["partner"].id, team["marketing"].id, NOW + timedelta(hours=48), None, 3)  # owned in-house still
    assert history(lead) == [(ActivityKind.HANDOFF, "Handed to Paula (partner)", "handed to sales partner",
                              team["marketing"].id, NOW)]
    [(_, _, _, details)] = stored_history(lead, ActivityKind.HANDOFF)
    assert (details["from_user"], details["from_role"], details["to_user"], details["to_role"]) == (
        team["marketing"].id, "marketing", team["partner"].id, "partner")


def test_the_partner_window_is_the_one_the_admin_set(team):
    save_setting("sla_hours", {**get_settings()["sla_hours"], "partner": 6})
    lead = make_lead(owner_id=team["sales"].id, stage="prospect")
    lifecycle.hand_to_partner(lead, team["partner"], team["sales"], NOW)
    assert stored(lead, Lead.due_at, Lead.handoff_count) == (NOW + timedelta(hours=6), 1)


@pytest.fixture
def server_in_new_york(monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_step_taken_now_is_timed_in_utc_whatever_the_server_clock(team, server_in_new_york):
    lead = make_lead(owner_id=team["marketing"].id, **QUALIFIED)
    before = datetime.now(timezone.utc)
    lifecycle.hand_to_sales(lead, team["marketing"])
    (due,) = stored(lead, Lead.due_at)
    assert before + timedelta(hours=24) <= due <= datetime.now(timezone.utc) + timedelta(hours=24)


@pytest.mark.parametrize("who,stage,message", [
    ("sales", "lead", "Choose an active sales partner."),
    ("inactive partner", "lead", "Choose an active sales partner."),
    ("partner", "lost", "Only open leads can be handed to a partner."),
    ("partner", "customer", "Only open leads can be handed to a partner."),
])
def test_a_partner_hand_off_is_refused_for_anyone_else_and_for_closed_leads(team, who, stage, message):
    team["inactive partner"] = make_user("partner", is_active_user=False)
    lead = make_lead(owner_id=team["marketing"].id, stage=stage)
    with pytest.raises(TransitionRefused) as refused:
        lifecycle.hand_to_partner(lead, team[who], team["marketing"], NOW)
    assert str(refused.value) == message
    db.session.rollback()
    assert stored(lead, Lead.partner_id, Lead.handoff_count) == (None, 0)
    assert stored_history(lead, ActivityKind.HANDOFF) == []


@pytest.mark.parametrize("stage,owner,message", [
    ("prospect", "sales", "Only a lead in stage 'lead' can be handed to sales; this one is prospect."),
    ("lead", "sales", "Sales has this lead already (Sven)."),
])
def test_hand_to_sales_says_why_it_is_refused(team, stage, owner, message):
    make_user("sales", name="Sara")
    lead = make_lead(owner_id=team[owner].id, stage=stage, **QUALIFIED)
    with pytest.raises(TransitionRefused) as refused:
        lifecycle.hand_to_sales(lead, team["marketing"], NOW)
    assert str(refused.value) == message
    db.session.rollback()
    assert stored(lead, Lead.owner_id, Lead.handoff_count) == (team[owner].id, 0)


def test_hand_to_sales_is_committed_with_the_sales_window(team):
    lead = make_lead(owner_id=team["marketing"].id, **QUALIFIED)
    assert lifecycle.hand_to_sales(lead, team["marketing"], NOW).id == team["sales"].id
    assert stored(lead, Lead.owner_id, Lead.due_at, Lead.handoff_count) == (
        team["sales"].id, NOW + timedelta(hours=24), 1)
    [(subject, body, by, _)] = stored_history(lead, ActivityKind.HANDOFF)
    assert (subject, body, by) == ("Handed to Sven (sales)", "qualified, handed to sales", team["marketing"].id)


def test_an_assignment_is_committed_and_restarts_the_window(team):
    colleague = make_user("sales", name="Sara")
    lead = make_lead(owner_id=team["sales"].id, stage="prospect", escalated_at=NOW, handoff_count=2)
    lifecycle.assign_to(lead, colleague, team["admin"], NOW)
    assert stored(lead, Lead.owner_id, Lead.due_at, Lead.escalated_at, Lead.handoff_count) == (
        colleague.id, NOW + timedelta(hours=72), None, 3)
    [(subject, body, by, details)] = stored_history(lead, ActivityKind.HANDOFF)
    assert (subject, body, by, details["from_user"]) == ("Handed to Sara (sales)", "assigned", team["admin"].id,
                                                          team["sales"].id)


def test_assigning_a_lead_to_its_owner_changes_nothing(team):
    due = NOW + timedelta(hours=5)
    lead = make_lead(owner_id=team["sales"].id, stage="prospect", due_at=due)
    lifecycle.assign_to(lead, team["sales"], team["admin"], NOW)
    assert stored(lead, Lead.owner_id, Lead.due_at, Lead.handoff_count) == (team["sales"].id, due, 0)
    assert stored_history(lead, ActivityKind.HANDOFF) == []


@pytest.mark.parametrize("creator,handed", [("marketing", "created"), ("sales", "new lead")])
def test_a_new_lead_is_committed_with_marketing_and_the_lead_window(team, creator, handed):
    save_setting("sla_hours", {**get_settings()["sla_hours"], "lead": 8})
    campaign = Campaign(name="Spring fair")
    db.session.add(campaign)
    db.session.commit()
    lead = lifecycle.create_lead(make_contact(), team[creator], "Fleet", source="fair", campaign_id=campaign.id,
                                 expected_value=Decimal("5000.00"), now=NOW)
    assert stored(lead, Lead.title, Lead.stage, Lead.owner_id, Lead.due_at, Lead.source, Lead.campaign_id,
                  Lead.expected_value, Lead.created_at) == (
        "Fleet", "lead", team["marketing"].id, NOW + timedelta(hours=8), "fair", campaign.id, Decimal("5000.00"),
        NOW)
    assert history(lead) == [
        (ActivityKind.STAGE_CHANGE, "Contact → Lead", "new project", team[creator].id, NOW),
        (ActivityKind.HANDOFF, "Handed to Mara (marketing)", handed, team[creator].id, NOW),
    ]


def test_a_lead_created_for_later_is_committed_by_the_caller(team):
    lead = lifecycle.create_lead(make_contact(), team["marketing"], "Fleet", now=NOW, commit=False)
    assert committed(select(Lead.id).where(Lead.id == lead.id)) == []
    db.session.commit()
    assert stored(lead, Lead.title) == ("Fleet",)


def test_closing_as_lost_is_committed_and_ends_the_window(team):
    reason = LostReason(label="Price too high")
    db.session.add(reason)
    db.session.commit()
    lead = make_lead(owner_id=team["sales"].id, stage="prospect", due_at=NOW - timedelta(hours=1))
    lifecycle.close_lost(lead, team["sales"], "lost", reason.id, "went elsewhere", now=NOW)
    assert stored(lead, Lead.stage, Lead.lost_reason_id, Lead.lost_note, Lead.closed_at, Lead.due_at) == (
        "lost", reason.id, "went elsewhere", NOW, None)


def test_closing_needs_an_active_reason_from_the_list(team):
    retired = LostReason(label="Old reason", active=False)
    db.session.add(retired)
    db.session.commit()
    lead = make_lead(owner_id=team["sales"].id, stage="prospect")
    for reason_id in (None, retired.id, 999_999):
        with pytest.raises(TransitionRefused) as refused:
            lifecycle.close_lost(lead, team["sales"], "lost", reason_id, now=NOW)
        assert str(refused.value) == "Choose a reason from the list."
    assert stored(lead, Lead.stage) == ("prospect",)


def test_a_closing_stage_must_be_lost_or_disqualified(team):
    reason = LostReason(label="Timing")
    db.session.add(reason)
    db.session.commit()
    lead = make_lead(owner_id=team["sales"].id, stage="prospect")
    with pytest.raises(TransitionRefused) as refused:
        lifecycle.close_lost(lead, team["sales"], "customer", reason.id, now=NOW)
    assert str(refused.value) == "'customer' is not a closing stage."


def test_demoting_many_leads_keeps_one_demoted_reason(team):
    db.session.add(LostReason(label="No budget"))  # another reason is never taken for the demotion
    db.session.commit()
    leads = [make_lead(owner_id=team["marketing"].id, abc_class="C") for _ in range(3)]
    for lead in leads:
        lifecycle.demote_to_contact(lead, team["marketing"], NOW)
    reasons = committed(select(LostReason.id).where(LostReason.label == lifecycle.DEMOTED_REASON))
    assert len(reasons) == 1
    assert {stored(lead, Lead.stage, Lead.lost_reason_id) for lead in leads} == {("disqualified", reasons[0].id)}
    assert committed(select(func.count()).select_from(LostReason)) == [(2,)]
    assert history(leads[0]) == [(ActivityKind.STAGE_CHANGE, "Lead → Disqualified", lifecycle.DEMOTED_REASON,
                                  team["marketing"].id, NOW)]


@pytest.mark.parametrize("stage", ["prospect", "customer"])
def test_only_a_class_c_lead_in_stage_lead_is_demoted(team, stage):
    lead = make_lead(owner_id=team["sales"].id, stage=stage, abc_class="C")
    with pytest.raises(TransitionRefused) as refused:
        lifecycle.demote_to_contact(lead, team["sales"], NOW)
    assert str(refused.value) == "Only a lead in class C can be demoted to a plain contact."
    assert stored(lead, Lead.stage) == (stage,)


@pytest.mark.parametrize("by,owner", [("marketing", "marketing"), ("sales", "marketing"), ("admin", "marketing")])
def test_a_reopened_lead_is_committed_back_with_marketing(team, by, owner):
    save_setting("sla_hours", {**get_settings()["sla_hours"], "lead": 8})
    reason = LostReason(label="Timing")
    db.session.add(reason)
    db.session.commit()
    lead = make_lead(stage="lost", owner_id=team["sales"].id, lost_reason_id=reason.id, lost_note="later",
                     closed_at=NOW - timedelta(days=9))
    lifecycle.reopen(lead, team[by], NOW)
    assert stored(lead, Lead.stage, Lead.closed_at, Lead.lost_reason_id, Lead.lost_note, Lead.owner_id,
                  Lead.due_at) == ("lead", None, None, None, team[owner].id, NOW + timedelta(hours=8))
    assert history(lead) == [
        (ActivityKind.STAGE_CHANGE, "Lost → Lead", "reopened", team[by].id, NOW),
        (ActivityKind.HANDOFF, "Handed to Mara (marketing)", "reopened", team[by].id, NOW),
    ]


@pytest.mark.parametrize("target", ["sales", "prospect"])
def test_a_hand_off_waits_for_the_bant_answers_and_names_the_missing_ones(team, target):
    lead = make_lead(owner_id=team["marketing"].id, budget="confirmed", need="urgent")
    step = lifecycle.hand_to_sales if target == "sales" else lifecycle.make_prospect
    with pytest.raises(HandoffBlocked) as refused:
        step(lead, team["marketing"], NOW)
    assert str(refused.value) == f"Before the hand-off to {target}, fill in: authority, timeline."
    db.session.rollback()
    assert stored(lead, Lead.stage, Lead.owner_id) == ("lead", team["marketing"].id)
    assert history(lead) == []


def test_an_offer_makes_a_marketing_lead_a_prospect_of_sales(team):
    lead = make_lead(owner_id=team["marketing"].id, **QUALIFIED)
    lifecycle.make_prospect(lead, team["marketing"], NOW, reason="Offer A-1 sent")
    assert stored(lead, Lead.stage, Lead.owner_id, Lead.due_at) == ("prospect", team["sales"].id,
                                                                      NOW + timedelta(hours=72))
    assert history(lead) == [
        (ActivityKind.STAGE_CHANGE, "Lead → Prospect", "Offer A-1 sent", team["marketing"].id, NOW),
        (ActivityKind.HANDOFF, "Handed to Sven (sales)", "Offer A-1 sent", team["marketing"].id, NOW),
    ]


def test_accepting_and_invoicing_hand_the_customer_on_with_its_history(team):
    accounting = make_user("accounting", name="Anton")
    lead = make_lead(owner_id=team["sales"].id, stage="prospect", **QUALIFIED)
    lifecycle.make_customer(lead, team["sales"], NOW, reason="Offer A-1 accepted")
    assert stored(lead, Lead.stage, Lead.owner_id, Lead.closed_at, Lead.due_at) == (
        "customer", team["service"].id, NOW, NOW + timedelta(hours=48))
    later = NOW + timedelta(days=3)
    lifecycle.make_debtor(lead, team["service"], later, reason="Invoice R-1 issued")
    assert stored(lead, Lead.stage, Lead.owner_id, Lead.due_at) == ("debtor", accounting.id,
                                                                    later + timedelta(hours=120))
    assert history(lead) == [
        (ActivityKind.STAGE_CHANGE, "Prospect → Customer", "Offer A-1 accepted", team["sales"].id, NOW),
        (ActivityKind.HANDOFF, "Handed to Sina (service)", "Offer A-1 accepted", team["sales"].id, NOW),
        (ActivityKind.STAGE_CHANGE, "Customer → Debtor", "Invoice R-1 issued", team["service"].id, later),
        (ActivityKind.HANDOFF, "Handed to Anton (accounting)", "Invoice R-1 issued", team["service"].id, later),
    ]


def test_steps_without_a_stated_reason_say_what_happened(team):
    accounting = make_user("accounting", name="Anton")
    lead = make_lead(owner_id=team["sales"].id, **QUALIFIED)
    lifecycle.make_prospect(lead, team["sales"], NOW)
    lifecycle.make_customer(lead, team["sales"], NOW)
    lifecycle.make_debtor(lead, team["service"], NOW)
    assert [body for kind, _, body, *_ in history(lead) if kind == ActivityKind.STAGE_CHANGE] == [
        "offer made", "offer accepted", "invoiced"]
    assert stored(lead, Lead.owner_id) == (accounting.id,)
