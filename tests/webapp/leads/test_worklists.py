"""My queue per role: follow-ups due, customers to take over, offers to invoice, overdue invoices,
and contact breaking off when a follow-up date has lapsed."""

from datetime import date, datetime, timedelta, timezone

from webapp.invoices import services as invoices
from webapp.leads import services
from webapp.models import OfferStatus, Stage
from webapp.offers import decisions
from tests.factories import make_lead, make_offer, make_user

TODAY = date.today()
LONG_AGO = datetime.now(timezone.utc) - timedelta(days=60)


def _queue(client) -> str:
    response = client.get("/leads/queue")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _section(page: str, section_id: str) -> str:
    start = page.index(f'id="{section_id}"')
    return page[start:page.index("</section>", start)]


def test_follow_ups_due_today_and_overdue_are_listed_with_the_days_late(client, login_as, db):
    rep = login_as("sales")
    other = make_user("sales")
    make_lead(title="Due today", owner_id=rep.id, follow_up_on=TODAY)
    make_lead(title="Three days late", owner_id=rep.id, follow_up_on=TODAY - timedelta(days=3))
    make_lead(title="Next week", owner_id=rep.id, follow_up_on=TODAY + timedelta(days=7))
    make_lead(title="Closed lost", owner_id=rep.id, stage=Stage.LOST, follow_up_on=TODAY - timedelta(days=3))
    make_lead(title="A colleague's", owner_id=other.id, follow_up_on=TODAY - timedelta(days=1))
    follow_ups = _section(_queue(client), "follow-ups")
    assert "Three days late" in follow_ups and "Due today" in follow_ups
    assert follow_ups.index("Three days late") < follow_ups.index("Due today")  # oldest first
    assert '<small class="follow-up-late">follow-up 3 days overdue</small>' in follow_ups
    assert "follow-up due today" in follow_ups
    assert "Next week" not in follow_ups and "Closed lost" not in follow_ups and "A colleague" not in follow_ups


def test_an_overdue_follow_up_is_flagged_on_the_queue_and_lead_list_rows(client, login_as, db):
    rep = login_as("sales")
    lead = make_lead(title="Late one", owner_id=rep.id, stage=Stage.PROSPECT, follow_up_on=TODAY - timedelta(days=1))
    rows = _queue(client)
    row = rows[rows.index(f'id="queue-lead-{lead.id}"'):]
    assert '<small class="follow-up-late">follow-up 1 day overdue</small>' in row[:row.index("</li>")]
    listing = client.get("/leads/").get_data(as_text=True)
    assert "follow-up 1 day overdue" in listing


def test_a_lapsed_follow_up_date_counts_as_contact_breaking_off(client, login_as, db):
    rep = login_as("sales")
    stale = dict(owner_id=rep.id, created_at=LONG_AGO, last_contact_at=LONG_AGO)
    make_lead(title="Lapsed plan", follow_up_on=TODAY - timedelta(days=5), next_step="Call back", **stale)
    make_lead(title="No plan", **stale)
    make_lead(title="Plan ahead", follow_up_on=TODAY + timedelta(days=2), **stale)
    make_lead(title="Spoke yesterday", owner_id=rep.id, created_at=LONG_AGO, follow_up_on=TODAY - timedelta(days=5),
              last_contact_at=datetime.now(timezone.utc) - timedelta(days=1))
    titles = {lead.title for lead in services.breaking_off(rep, datetime.now(timezone.utc))}
    assert titles == {"Lapsed plan", "No plan"}
    breaking = _section(_queue(client), "breaking-off")
    assert "Lapsed plan" in breaking and "follow-up 5 days overdue" in breaking and "no follow-up date" in breaking


def test_service_sees_the_customer_handed_over_after_an_accepted_offer(client, login_as, db):
    service = login_as("service")
    rep = make_user("sales")
    lead = make_lead(title="Cold room", stage=Stage.PROSPECT, owner_id=rep.id)
    decisions.accept_offer(make_offer(lead, status=OfferStatus.SENT), rep)
    assert lead.owner_id == service.id
    page = _queue(client)
    takeover = _section(page, "takeovers")
    assert "Cold room" in takeover and f'href="/leads/{lead.id}"' in takeover
    assert "next: Onboarding: call the customer" in takeover
    assert "Nothing in your queue" not in page and "customer service works the customers listed below" in page
    assert 'id="to-invoice"' not in page  # accounting's lists are not service's


def test_service_with_no_customer_to_take_over_is_told_so(client, login_as, db):
    login_as("service")
    assert "No customer is waiting to be taken over" in _section(_queue(client), "takeovers")


def test_accounting_sees_accepted_offers_to_invoice_and_overdue_invoices(client, login_as, db):
    clerk = login_as("accounting")
    service = make_user("service")
    waiting = make_offer(make_lead(title="Waiting for invoice", stage=Stage.CUSTOMER, owner_id=service.id),
                         status=OfferStatus.ACCEPTED)
    late_offer = make_offer(make_lead(title="Late payer", stage=Stage.CUSTOMER, owner_id=service.id),
                            status=OfferStatus.ACCEPTED)
    late = invoices.create_invoice(late_offer, clerk, TODAY - timedelta(days=30), TODAY - timedelta(days=16))
    paid_offer = make_offer(make_lead(title="Paid up", stage=Stage.CUSTOMER, owner_id=service.id),
                            status=OfferStatus.ACCEPTED)
    paid = invoices.create_invoice(paid_offer, clerk, TODAY - timedelta(days=30), TODAY - timedelta(days=16))
    invoices.record_payment(paid, clerk, paid.total_gross, TODAY)
    make_offer(make_lead(title="Still sent", stage=Stage.PROSPECT), status=OfferStatus.SENT)
    page = _queue(client)
    to_invoice = _section(page, "to-invoice")
    assert f'href="/offers/{waiting.id}"' in to_invoice and "Waiting for invoice" in to_invoice
    assert "Late payer" not in to_invoice and "Paid up" not in to_invoice and "Still sent" not in to_invoice
    overdue = _section(page, "overdue-invoices")
    assert f'href="/invoices/{late.id}"' in overdue and "16 days overdue" in overdue
    assert "Paid up" not in overdue
    assert "accounting works the offers and invoices listed below" in page


def test_accounting_with_nothing_waiting_is_told_so(client, login_as, db):
    login_as("accounting")
    page = _queue(client)
    assert "Every accepted offer is invoiced." in page and "No invoice is overdue." in page


def test_sales_and_partners_see_no_accounting_or_service_lists(client, login_as, db):
    for role in ("sales", "partner"):
        login_as(role)
        page = _queue(client)
        assert 'id="to-invoice"' not in page and 'id="takeovers"' not in page and 'id="follow-ups"' in page
