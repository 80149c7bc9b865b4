"""Each event tells only the people it concerns, once, and never blocks the action."""

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from webapp.invoices.services import create_invoice, tell_overdue
from webapp.jobs import create_job, run_job
from webapp.leads import lifecycle
from webapp.leads.services import mark_escalations
from webapp.leads.windows import tell_windows
from webapp.models import Notification, User
from webapp.notifications import events
from webapp.offers import decisions, services as offers
from webapp.scoring.training import make_current
from tests.factories import make_lead, make_user

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
QUALIFIED = dict(budget="confirmed", authority="decision_maker", need="urgent", timeline="within_3_months")


def told(db, user: User) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def kinds(db, user: User) -> list[str]:
    return [row.kind for row in told(db, user)]


def test_an_assignment_tells_the_new_owner_but_not_whoever_took_the_lead_themselves(db):
    boss, anna, ben = make_user("admin", name="Boss"), make_user("sales", name="Anna"), make_user("sales")
    lead = make_lead(title="Scanners", stage="prospect", owner_id=ben.id)
    lifecycle.assign_to(lead, anna, boss, NOW)
    [row] = told(db, anna)
    assert row.kind == "assigned" and row.text == "Boss assigned the lead “Scanners” to you."
    assert row.link == f"/leads/{lead.id}"
    lifecycle.assign_to(lead, ben, ben, NOW)  # Ben takes it back himself
    assert told(db, ben) == [] and told(db, boss) == []


def test_a_lead_handed_to_a_partner_tells_that_partner_only(db):
    sales, partner, other = make_user("sales", name="Sven"), make_user("partner"), make_user("partner")
    lead = make_lead(title="Kiosk", stage="prospect", owner_id=sales.id)
    lifecycle.hand_to_partner(lead, partner, sales, NOW)
    assert [row.text for row in told(db, partner)] == ["Sven handed the lead “Kiosk” to you."]
    assert told(db, other) == [] and told(db, sales) == []


def test_a_window_ending_and_passing_tells_owner_and_partner_once_each(db):
    owner, partner, stranger = make_user("sales"), make_user("partner"), make_user("partner")
    make_lead(stage="prospect", owner_id=owner.id, partner_id=partner.id, due_at=NOW + timedelta(minutes=90))
    make_lead(stage="prospect", owner_id=owner.id, due_at=NOW + timedelta(hours=10))  # not yet
    for tick in range(3):  # the scheduler looks every quarter of an hour
        tell_windows(NOW + timedelta(minutes=15 * tick))
    assert kinds(db, owner) == ["window_ending"] and kinds(db, partner) == ["window_ending"]
    tell_windows(NOW + timedelta(hours=2))
    tell_windows(NOW + timedelta(hours=3))
    assert kinds(db, owner) == ["window_ending", "window_breached"]
    assert kinds(db, partner) == ["window_ending", "window_breached"] and told(db, stranger) == []


def test_a_new_window_is_told_again(db):
    owner = make_user("sales")
    lead = make_lead(stage="prospect", owner_id=owner.id, due_at=NOW + timedelta(hours=1))
    tell_windows(NOW)
    lead.due_at = NOW + timedelta(hours=25)
    db.session.commit()
    tell_windows(NOW + timedelta(hours=24))
    assert kinds(db, owner) == ["window_ending", "window_ending"]


def test_an_escalation_tells_the_team_leads_and_no_one_else(db):
    admin, lead_rep = make_user("admin"), make_user("sales", is_team_lead=True)
    rep, partner = make_user("sales"), make_user("partner")
    make_lead(title="Late", stage="prospect", owner_id=rep.id, partner_id=partner.id, due_at=NOW - timedelta(days=5))
    assert mark_escalations(NOW) == 1
    assert mark_escalations(NOW + timedelta(minutes=15)) == 0
    assert kinds(db, admin) == ["escalated"] and kinds(db, lead_rep) == ["escalated"]
    assert told(db, admin)[0].text.startswith("The lead “Late” was escalated")
    assert told(db, rep) == [] and told(db, partner) == []


def test_a_partner_team_lead_is_not_told_about_someone_elses_lead(db):
    odd = make_user("partner", is_team_lead=True)
    make_lead(stage="prospect", owner_id=make_user("sales").id, due_at=NOW - timedelta(days=5))
    mark_escalations(NOW)
    assert told(db, odd) == []


def _sent_offer(lead, author):
    offer = offers.create_offer(lead, author, valid_until=date(2026, 3, 31), now=NOW)
    offers.add_line(offer, {"description": "Scanner", "quantity": 1, "unit_price": "250.00", "tax_rate": 19})
    decisions.send_offer(offer, author, now=NOW)
    return offer


def test_an_accepted_offer_tells_the_author_and_the_owner_but_not_who_accepted_it(db):
    marketing, author, colleague = make_user("marketing"), make_user("sales"), make_user("sales")
    service_owner = make_user("service")
    lead = make_lead(title="Scanners", owner_id=marketing.id, **QUALIFIED)
    offer = _sent_offer(lead, author)
    lifecycle.assign_to(lead, colleague, author, NOW)
    decisions.accept_offer(offer, colleague, now=NOW + timedelta(days=1))
    assert "offer_accepted" in kinds(db, author) and "offer_accepted" not in kinds(db, colleague)
    # customer service owns the lead now: told it is theirs, and why
    assert lead.owner_id == service_owner.id and kinds(db, service_owner) == ["assigned", "offer_accepted"]


def test_a_rejected_offer_tells_the_owner_and_the_author_with_the_reason(db):
    marketing, author, boss = make_user("marketing"), make_user("sales"), make_user("admin")
    lead = make_lead(title="Scanners", owner_id=marketing.id, **QUALIFIED)
    offer = _sent_offer(lead, author)
    decisions.reject_offer(offer, boss, None, "Too expensive", close_lead=False, now=NOW + timedelta(days=1))
    [row] = [r for r in told(db, author) if r.kind == "offer_rejected"]
    assert row.text == f"Offer {offer.number} for the lead “Scanners” was rejected: Too expensive"
    assert told(db, boss) == []


def test_an_overdue_invoice_tells_accounting_and_the_owner_once(db):
    author, accountant, other_sales = make_user("sales"), make_user("accounting"), make_user("sales")
    make_user("service")
    lead = make_lead(owner_id=make_user("marketing").id, **QUALIFIED)
    offer = _sent_offer(lead, author)
    decisions.accept_offer(offer, author, now=NOW)
    invoice = create_invoice(offer, accountant, date(2026, 3, 3), date(2026, 3, 17), now=NOW)
    owner = db.session.get(User, lead.owner_id)
    assert tell_overdue(date(2026, 3, 17)) == 0
    tell_overdue(date(2026, 3, 18))
    tell_overdue(date(2026, 3, 19))
    assert kinds(db, accountant).count("invoice_overdue") == 1
    assert "invoice_overdue" in kinds(db, owner) and told(db, other_sales) == []
    assert [r.link for r in told(db, accountant) if r.kind == "invoice_overdue"] == [f"/invoices/{invoice.id}"]


def test_a_promoted_model_tells_the_admins(db, trained_model):
    admin, sales = make_user("admin"), make_user("sales")
    make_current(trained_model)
    assert kinds(db, admin) == ["model_promoted"] and told(db, sales) == []


def test_a_rejected_candidate_tells_the_admins(db):
    from webapp.models import ModelVersion

    admin = make_user("admin")
    row = ModelVersion(version="v-test", status="rejected", sha256="0" * 64, reason="worse")
    db.session.add(row)
    events.model_decided(row)
    db.session.commit()
    assert [r.text for r in told(db, admin)] == ["Candidate model v-test was rejected and the current model stays."]


def test_a_finished_or_failed_job_tells_whoever_started_it(db):
    starter, admin = make_user("admin"), make_user("admin")
    run_job(create_job("rescore", starter.id).id, lambda progress: {"message": "Done"})

    def broken(progress):
        raise RuntimeError("disk full")

    run_job(create_job("drift", starter.id).id, broken)
    run_job(create_job("drift").id, lambda progress: None)  # by the schedule: nobody to tell
    assert [r.text for r in told(db, starter)] == ["Rescoring finished: Done", "Drift check failed: Failed: disk full"]
    assert told(db, admin) == []


def test_a_failure_to_notify_never_blocks_the_action(db, monkeypatch, caplog):
    boss, anna = make_user("admin"), make_user("sales")
    lead = make_lead(stage="prospect", owner_id=make_user("sales").id)

    def broken(*args, **kwargs):
        raise RuntimeError("notifications are down")

    monkeypatch.setattr("webapp.notifications.services._notify", broken)
    lifecycle.assign_to(lead, anna, boss, NOW)
    db.session.expire_all()
    assert lead.owner_id == anna.id and told(db, anna) == []
    assert "could not be recorded" in caplog.text
