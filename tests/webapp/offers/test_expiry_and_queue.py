"""Offers expire after their validity date (daily job and CLI); unanswered ones reach the owner's queue."""

from datetime import date, datetime, timedelta, timezone

from webapp.models import Activity, ActivityKind, OfferStatus, Stage
from webapp.offers import decisions, services
from tests.factories import make_lead, make_offer, make_user

NOW = datetime(2026, 3, 16, 6, 0, tzinfo=timezone.utc)
TODAY = NOW.date()


def test_sent_offers_expire_the_day_after_their_validity(db):
    lead = make_lead(stage=Stage.PROSPECT)
    yesterday = make_offer(lead, status=OfferStatus.SENT, valid_until=TODAY - timedelta(days=1))
    today = make_offer(lead, status=OfferStatus.SENT, valid_until=TODAY)
    draft = make_offer(lead, status=OfferStatus.DRAFT, valid_until=TODAY - timedelta(days=5))
    accepted = make_offer(lead, status=OfferStatus.ACCEPTED, valid_until=TODAY - timedelta(days=5))
    assert decisions.expire_offers(NOW) == [yesterday.number]
    assert [o.status for o in (yesterday, today, draft, accepted)] == ["expired", "sent", "draft", "accepted"]
    note = db.session.query(Activity).filter_by(lead_id=lead.id, kind=ActivityKind.NOTE).one()
    assert note.subject == f"Offer {yesterday.number} expired" and note.details["event"] == "offer_expired"
    assert lead.stage == Stage.PROSPECT  # the rep follows up; expiry alone does not lose the lead
    assert decisions.expire_offers(NOW) == []  # running twice changes nothing


def test_flask_offers_expire_runs_the_same_job(app, db):
    offer = make_offer(make_lead(stage=Stage.PROSPECT), status=OfferStatus.SENT, valid_until=date(2020, 1, 31))
    result = app.test_cli_runner().invoke(args=["offers", "expire"])
    assert result.exit_code == 0, result.output
    assert f"1 offer expired: {offer.number}." in result.output
    db.session.refresh(offer)
    assert offer.status == OfferStatus.EXPIRED


def test_unanswered_offers_show_for_the_owner_after_the_configured_days(db):
    rep, other = make_user("sales"), make_user("sales")
    mine = make_lead(stage=Stage.PROSPECT, owner_id=rep.id)
    old = make_offer(mine, status=OfferStatus.SENT, sent_at=NOW - timedelta(days=11))
    make_offer(mine, status=OfferStatus.SENT, sent_at=NOW - timedelta(days=3))  # still fresh
    make_offer(mine, status=OfferStatus.ACCEPTED, sent_at=NOW - timedelta(days=30))  # answered
    make_offer(make_lead(stage=Stage.PROSPECT, owner_id=other.id), status=OfferStatus.SENT,
               sent_at=NOW - timedelta(days=20))
    assert services.unanswered_offers(rep, NOW) == [old]


def test_the_queue_page_lists_unanswered_offers(client, login_as, db):
    rep = login_as("sales")
    offer = make_offer(make_lead(title="Cold room", stage=Stage.PROSPECT, owner_id=rep.id), status=OfferStatus.SENT,
                       sent_at=datetime.now(timezone.utc) - timedelta(days=12))
    page = client.get("/leads/queue").get_data(as_text=True)
    assert "Offers waiting for an answer" in page and offer.number in page and "Cold room" in page


def test_the_scheduler_runs_expiry_daily_as_a_recorded_job(app, db):
    from webapp.models import Job
    from webapp.scheduler import all_periodic, build

    assert "offer-expiry" in {p.kind for p in all_periodic()}
    assert "offer-expiry" in {job.id for job in build(app).get_jobs()}
    make_offer(make_lead(stage=Stage.PROSPECT), status=OfferStatus.SENT, valid_until=date(2020, 1, 31))
    result = app.test_cli_runner().invoke(args=["scheduler", "once", "offer-expiry"])
    assert "offer-expiry: done — 1 offer(s) expired" in result.output, result.output
    assert db.session.query(Job).filter_by(kind="offer-expiry", status="done").count() == 1
