"""Clean end states: a lead closed as lost withdraws its open offers, a paid project is closed."""

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from webapp.invoices import services as invoices
from webapp.leads import lifecycle, worklists
from webapp.leads.presenter import badges
from webapp.models import Activity, LostReason, OfferStatus, Stage
from webapp.offers import pipeline
from webapp.offers import services as offers
from tests.factories import make_lead, make_offer, make_user

D = Decimal
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
LINES = [("Work", "1", "1000.00", "19")]


@pytest.fixture
def reason(db):
    reason = LostReason(label="Went elsewhere")
    db.session.add(reason)
    db.session.commit()
    return reason


@pytest.fixture
def lost_lead_book(db):
    """One rep, two prospects with a sent offer each; one of them also has a draft."""
    rep = make_user("sales", name="Sven")
    keeps = make_lead(title="Keeps", stage=Stage.PROSPECT, probability=0.5, owner_id=rep.id)
    goes = make_lead(title="Goes", stage=Stage.PROSPECT, probability=0.8, owner_id=rep.id)
    make_offer(keeps, lines=LINES, status=OfferStatus.SENT, sent_at=NOW - timedelta(days=30))
    sent = make_offer(goes, lines=[("Work", "3", "1000.00", "19")], status=OfferStatus.SENT,
                      sent_at=NOW - timedelta(days=30))
    draft = make_offer(goes, lines=LINES, status=OfferStatus.DRAFT)
    return rep, goes, sent, draft


def test_closing_a_lead_as_lost_withdraws_its_open_offers_and_takes_them_out_of_the_sums(lost_lead_book, reason):
    rep, goes, sent, draft = lost_lead_book
    assert pipeline.totals(pipeline.open_offers(rep)) == (D("4000.00"), D("2900.00"))
    assert len(offers.unanswered_offers(rep, NOW)) == 2

    lifecycle.close_lost(goes, rep, Stage.LOST, reason.id, now=NOW)

    assert (sent.status, draft.status) == (OfferStatus.WITHDRAWN, OfferStatus.WITHDRAWN)
    assert pipeline.totals(pipeline.open_offers(rep)) == (D("1000.00"), D("500.00"))
    assert [o.lead.title for o in offers.unanswered_offers(rep, NOW)] == ["Keeps"]
    assert [m.count for m in pipeline.by_month(pipeline.open_offers(rep))] == [1]


def test_disqualifying_withdraws_too_but_decided_offers_keep_their_status(db, reason):
    rep = make_user("sales")
    lead = make_lead(stage=Stage.PROSPECT, owner_id=rep.id)
    rejected = make_offer(lead, lines=LINES, status=OfferStatus.REJECTED)
    sent = make_offer(lead, lines=LINES, status=OfferStatus.SENT)
    lifecycle.close_lost(lead, rep, Stage.DISQUALIFIED, reason.id, now=NOW)
    assert (rejected.status, sent.status) == (OfferStatus.REJECTED, OfferStatus.WITHDRAWN)


def test_reopening_does_not_revive_a_withdrawn_offer(db, reason):
    rep = make_user("sales")
    make_user("marketing")
    lead = make_lead(stage=Stage.PROSPECT, owner_id=rep.id)
    offer = make_offer(lead, lines=LINES, status=OfferStatus.SENT)
    lifecycle.close_lost(lead, rep, Stage.LOST, reason.id, now=NOW)
    lifecycle.reopen(lead, rep, NOW)
    assert lead.stage == Stage.LEAD and offer.status == OfferStatus.WITHDRAWN
    assert pipeline.open_offers(rep) == []
    assert offers.create_offer(lead, rep, now=NOW).status == OfferStatus.DRAFT  # a new one is written


def test_lead_and_offer_pages_show_the_offer_withdrawn(client, login_as, db, reason):
    rep = login_as("sales")
    lead = make_lead(title="Cold room", stage=Stage.PROSPECT, owner_id=rep.id)
    offer = make_offer(lead, lines=LINES, status=OfferStatus.SENT)
    response = client.post(f"/leads/{lead.id}/close", data={"target": "lost", "reason_id": str(reason.id)})
    assert response.status_code == 302
    lead_page = client.get(f"/leads/{lead.id}").get_data(as_text=True)
    assert 'class="pill offer-withdrawn">Withdrawn' in lead_page and f"Offer {offer.number} withdrawn" in lead_page
    offer_page = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert 'id="offer-status">Withdrawn' in offer_page and "a new offer is written" in offer_page
    assert "Withdrawn" in client.get("/offers/?status=withdrawn").get_data(as_text=True)


def _debtor_with_invoice(today: date, due_in: int = 14):
    service, accounting = make_user("service"), make_user("accounting")
    lead = make_lead(title="Cold room", stage=Stage.CUSTOMER, owner_id=service.id)
    offer = make_offer(lead, status=OfferStatus.ACCEPTED, lines=[("Cooling unit", "1", "1000.00", "19")])
    invoice = invoices.create_invoice(offer, accounting, today, today + timedelta(days=due_in))
    return lead, invoice, accounting


def test_a_fully_paid_invoice_closes_the_debtors_window_and_marks_the_project_paid(db):
    today = date.today()
    lead, invoice, accounting = _debtor_with_invoice(today)
    assert lead.stage == Stage.DEBTOR and lead.due_at is not None and lead.paid_at is None
    invoices.record_payment(invoice, accounting, D("500.00"), today)
    assert lead.paid_at is None and lead.due_at is not None  # partly paid: still owed
    invoices.record_payment(invoice, accounting, D("690.00"), today)
    assert lead.paid_at is not None and lead.due_at is None and lead.escalated_at is None
    later = datetime.now(timezone.utc) + timedelta(days=30)
    assert badges(lead, later)["overdue"] is False  # no window left to run out
    assert db.session.query(Activity).filter_by(lead_id=lead.id, subject="Paid in full").count() == 1


def test_a_second_unpaid_invoice_keeps_the_project_open(db):
    today = date.today()
    lead, first, accounting = _debtor_with_invoice(today)
    second_offer = make_offer(lead, status=OfferStatus.ACCEPTED, lines=LINES)
    second = invoices.create_invoice(second_offer, accounting, today, today + timedelta(days=14))
    invoices.record_payment(first, accounting, first.total_gross, today)
    assert lead.paid_at is None
    invoices.record_payment(second, accounting, second.total_gross, today)
    assert lead.paid_at is not None


def test_the_lead_page_shows_the_project_paid(client, login_as, db):
    today = date.today()
    lead, invoice, _ = _debtor_with_invoice(today)
    login_as("accounting")
    response = client.post(f"/invoices/{invoice.id}/payments",
                           data={"amount": str(invoice.total_gross), "paid_on": today.isoformat()})
    assert response.status_code == 302
    page = client.get(f"/leads/{lead.id}").get_data(as_text=True)
    assert 'id="lead-paid"><span class="pill paid">Paid in full</span>' in page


def test_a_paid_project_leaves_the_follow_up_worklist(db):
    today = date.today()
    lead, invoice, accounting = _debtor_with_invoice(today)
    lead.owner_id, lead.follow_up_on = accounting.id, today - timedelta(days=2)
    db.session.commit()
    assert [item.lead for item in worklists.follow_ups_due(accounting, today)] == [lead]
    invoices.record_payment(invoice, accounting, invoice.total_gross, today)
    assert worklists.follow_ups_due(accounting, today) == []
