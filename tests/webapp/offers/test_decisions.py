"""Offer events move the lead through its lifecycle: sent → prospect with sales, accepted → customer
with service, rejected (with a reason) → optionally lost. Called as services, no request needed."""

from datetime import date, datetime, timedelta, timezone

import pytest

from webapp.leads.errors import HandoffBlocked, TransitionRefused
from webapp.models import Activity, ActivityKind, LostReason, OfferStatus, Stage
from webapp.offers import decisions, services
from webapp.offers.errors import OfferError
from tests.factories import make_lead, make_offer

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
QUALIFIED = dict(budget="confirmed", authority="decision_maker", need="urgent", timeline="within_3_months")


def _history(db, lead, kind=None):
    query = db.session.query(Activity).filter_by(lead_id=lead.id)
    if kind:
        query = query.filter_by(kind=kind)
    return query.order_by(Activity.id).all()


def _draft(lead, sales, **kw):
    offer = services.create_offer(lead, sales, valid_until=date(2026, 3, 31), now=NOW)
    services.add_line(offer, {"description": "Scanner", "quantity": 3, "unit_price": "250.00", "tax_rate": 19,
                              **kw})
    return offer


def test_sending_records_history_makes_a_prospect_hands_to_sales_and_proposes_a_follow_up(db, team, qualified_lead):
    offer = _draft(qualified_lead, team["sales"])
    decisions.send_offer(offer, team["sales"], now=NOW)
    lead = qualified_lead
    assert offer.status == OfferStatus.SENT and offer.sent_at is not None
    assert lead.stage == Stage.PROSPECT and lead.owner == team["sales"]
    changes = [a.details for a in _history(db, lead, ActivityKind.STAGE_CHANGE)]
    assert changes[-1] == {"from": "lead", "to": "prospect", "reason": f"Offer {offer.number} sent"}
    handoff = _history(db, lead, ActivityKind.HANDOFF)[-1]
    assert handoff.details["from_role"] == "marketing" and handoff.details["to_role"] == "sales"
    sent = _history(db, lead, ActivityKind.EMAIL)[-1]
    assert sent.subject == f"Offer {offer.number} sent" and sent.details["offer_id"] == offer.id
    assert "892.50 € gross" in sent.body
    assert lead.follow_up_on == NOW.date() + timedelta(days=7)
    assert lead.next_step == f"Follow up on offer {offer.number}"
    assert lead.last_contact_at is not None


def test_the_follow_up_date_can_be_chosen_when_sending(db, team, qualified_lead):
    offer = _draft(qualified_lead, team["sales"])
    decisions.send_offer(offer, team["sales"], follow_up_on=date(2026, 3, 20), now=NOW)
    assert qualified_lead.follow_up_on == date(2026, 3, 20)


def test_sending_is_refused_while_bant_is_incomplete_and_nothing_changes(db, team):
    lead = make_lead(owner_id=team["marketing"].id, budget="confirmed", need="urgent")
    offer = _draft(lead, team["sales"])
    before = len(_history(db, lead))
    with pytest.raises(HandoffBlocked) as refused:
        decisions.send_offer(offer, team["sales"], now=NOW)
    assert refused.value.missing == ["authority", "timeline"]
    db.session.refresh(offer)
    db.session.refresh(lead)
    assert offer.status == OfferStatus.DRAFT and offer.sent_at is None
    assert lead.stage == Stage.LEAD and lead.owner == team["marketing"] and lead.follow_up_on is None
    assert len(_history(db, lead)) == before


@pytest.mark.parametrize("problem,setup", [
    ("no lines", lambda offer: offer.lines.clear()),
    ("date passed", lambda offer: setattr(offer, "valid_until", date(2026, 3, 1))),
    ("not a draft", lambda offer: setattr(offer, "status", OfferStatus.SENT)),
])
def test_sending_needs_a_draft_with_lines_and_a_future_validity(db, team, qualified_lead, problem, setup):
    offer = _draft(qualified_lead, team["sales"])
    setup(offer)
    db.session.commit()
    with pytest.raises(OfferError):
        decisions.send_offer(offer, team["sales"], now=NOW)
    assert qualified_lead.stage == Stage.LEAD


def test_a_second_offer_to_a_prospect_changes_no_stage(db, team, qualified_lead):
    decisions.send_offer(_draft(qualified_lead, team["sales"]), team["sales"], now=NOW)
    changes = len(_history(db, qualified_lead, ActivityKind.STAGE_CHANGE))
    second = _draft(qualified_lead, team["sales"])
    decisions.send_offer(second, team["sales"], now=NOW)
    assert qualified_lead.stage == Stage.PROSPECT
    assert len(_history(db, qualified_lead, ActivityKind.STAGE_CHANGE)) == changes


def test_accepting_makes_a_customer_and_hands_to_customer_service(db, team, qualified_lead):
    offer = _draft(qualified_lead, team["sales"])
    decisions.send_offer(offer, team["sales"], now=NOW)
    decisions.accept_offer(offer, team["sales"], now=NOW + timedelta(days=3))
    assert offer.status == OfferStatus.ACCEPTED and offer.decided_at is not None
    assert qualified_lead.stage == Stage.CUSTOMER and qualified_lead.owner == team["service"]
    assert qualified_lead.closed_at is not None
    assert qualified_lead.next_step is None and qualified_lead.follow_up_on is None  # answered: no chasing
    change = _history(db, qualified_lead, ActivityKind.STAGE_CHANGE)[-1].details
    assert change == {"from": "prospect", "to": "customer", "reason": f"Offer {offer.number} accepted"}
    assert _history(db, qualified_lead, ActivityKind.HANDOFF)[-1].details["to_role"] == "service"


def test_an_offer_past_its_validity_cannot_be_accepted(db, team, qualified_lead):
    offer = _draft(qualified_lead, team["sales"])
    decisions.send_offer(offer, team["sales"], now=NOW)
    with pytest.raises(OfferError, match="expired on 31 Mar 2026"):
        decisions.accept_offer(offer, team["sales"], now=NOW + timedelta(days=40))
    assert qualified_lead.stage == Stage.PROSPECT


def test_accepting_on_a_lead_lost_meanwhile_is_refused_by_the_lifecycle(db, team, qualified_lead):
    offer = _draft(qualified_lead, team["sales"])
    decisions.send_offer(offer, team["sales"], now=NOW)
    qualified_lead.stage = Stage.LOST
    db.session.commit()
    with pytest.raises(TransitionRefused):
        decisions.accept_offer(offer, team["sales"], now=NOW)
    db.session.refresh(offer)
    assert offer.status == OfferStatus.SENT


def test_rejecting_with_a_reason_can_close_the_lead_as_lost(db, team, qualified_lead):
    reason = LostReason(label="Too expensive")
    db.session.add(reason)
    db.session.commit()
    offer = _draft(qualified_lead, team["sales"])
    decisions.send_offer(offer, team["sales"], now=NOW)
    decisions.reject_offer(offer, team["sales"], reason.id, "chose the cheaper rival", close_lead=True, now=NOW)
    assert offer.status == OfferStatus.REJECTED
    assert offer.rejection_reason == "Too expensive: chose the cheaper rival"
    assert qualified_lead.stage == Stage.LOST and qualified_lead.lost_reason == reason
    assert _history(db, qualified_lead, ActivityKind.STAGE_CHANGE)[-1].details["to"] == "lost"
    assert _history(db, qualified_lead, ActivityKind.NOTE)[-1].subject == f"Offer {offer.number} rejected"


def test_rejecting_without_closing_keeps_the_prospect_and_needs_some_reason(db, team, qualified_lead):
    offer = _draft(qualified_lead, team["sales"])
    decisions.send_offer(offer, team["sales"], now=NOW)
    with pytest.raises(OfferError, match="Say why"):
        decisions.reject_offer(offer, team["sales"], None, None, close_lead=False, now=NOW)
    with pytest.raises(OfferError, match="choose a reason from the list"):
        decisions.reject_offer(offer, team["sales"], None, "wants fewer scanners", close_lead=True, now=NOW)
    decisions.reject_offer(offer, team["sales"], None, "wants fewer scanners", close_lead=False, now=NOW)
    assert offer.rejection_reason == "wants fewer scanners"
    assert qualified_lead.stage == Stage.PROSPECT


def test_a_prospect_not_with_sales_is_handed_to_sales_on_sending(db, team):
    lead = make_lead(stage=Stage.PROSPECT, owner_id=team["marketing"].id, **QUALIFIED)
    offer = make_offer(lead)
    decisions.send_offer(offer, team["sales"], now=NOW)
    assert lead.owner == team["sales"]
