"""What the lead list and queue show per row, and that a longer page costs no extra queries."""

import re
from datetime import datetime, timedelta, timezone

from sqlalchemy import event

from tests.factories import make_contact, make_lead, make_organization
from webapp.extensions import db as _db


def _rows(body: str) -> int:
    return len(re.findall(r'name="lead_ids"', body))


def test_rows_per_page_can_be_chosen_and_stay_within_the_offer(client, login_as, db):
    login_as("sales")
    for i in range(30):
        make_lead(title=f"Project {i}", probability=i / 100)
    assert _rows(client.get("/leads/").get_data(as_text=True)) == 10  # the configured default (tests)
    body = client.get("/leads/?per=25").get_data(as_text=True)
    assert _rows(body) == 25 and "Page 1 of 2 · 30 in all" in body
    assert "per=25" in re.search(r'<a href="([^"]*)"[^>]*rel="next"', body).group(1)  # the pager keeps the choice
    assert _rows(client.get("/leads/?per=7").get_data(as_text=True)) == 10  # not offered: the default
    assert _rows(client.get("/leads/?per=abc").get_data(as_text=True)) == 10


def test_list_and_queue_show_each_leads_strongest_factor(client, login_as, db):
    sales = login_as("sales")
    # scored when saved; no model yet: the BANT answer worth most points is the factor shown
    lead = make_lead(title="Budget known", owner_id=sales.id, budget="confirmed", reaction="sceptical")
    assert lead.top_factor == "Budget: confirmed" and lead.top_factor_weight > 0
    other = make_lead(title="Sceptical", owner_id=sales.id, reaction="sceptical")
    assert other.top_factor == "Reaction: sceptical" and other.top_factor_weight < 0
    for url in ("/leads/", "/leads/queue"):
        body = client.get(url).get_data(as_text=True)
        assert "▲ Budget: confirmed" in body and "▼ Reaction: sceptical" in body


def test_a_list_page_asks_the_database_the_same_number_of_questions_for_5_or_50_leads(app, client, login_as, db):
    me = login_as("admin")
    organization = make_organization()

    def statements(url: str) -> int:
        seen = []
        _db.session.expire_all()  # as in a fresh request: nothing already loaded
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(_db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(_db.engine, "before_cursor_execute", listener)
        return len(seen)

    for i in range(5):
        make_lead(contact=make_contact(organization=organization), title=f"Lead {i}", probability=0.5, owner_id=me.id)
    statements("/leads/")  # the first request of a process reads a few things once
    few = statements("/leads/?per=50"), statements("/leads/queue")
    for i in range(45):
        make_lead(contact=make_contact(organization=organization), title=f"More {i}", probability=0.4, owner_id=me.id)
    assert (statements("/leads/?per=50"), statements("/leads/queue")) == few


def test_a_list_row_shows_every_column_of_the_lead(client, login_as, db):
    sales = login_as("sales")
    contact = make_contact(first_name="Erika", last_name="Muster", organization=make_organization(name="Muster AG"))
    now = datetime.now(timezone.utc)
    make_lead(contact=contact, title="Row check", owner_id=sales.id, stage="lead", probability=0.42, abc_class="B",
              source="trade_fair", expected_value=12500, due_at=now + timedelta(hours=5, minutes=30),
              last_contact_at=now - timedelta(days=2), top_factor="Source: trade fair", top_factor_weight=0.7)
    page = client.get("/leads/").get_data(as_text=True)
    row = re.search(r"<tr[^>]*>\s*<td data-label=\"Select\">.*?Row check.*?</tr>", page, re.S).group(0)
    cells = dict(re.findall(r'<td data-label="([^"]+)"[^>]*>(.*?)</td>', row, re.S))
    assert "Erika Muster" in cells["Contact"] and "Muster AG" in cells["Contact"]
    assert "Lead" in cells["Stage"] and cells["Close prob."] == "42%" and ">B<" in cells["Class"]
    assert "▲ Source: trade fair" in cells["Top factor"] and ">hot<" in cells["Last contact"]
    assert cells["Owner"] == sales.name and cells["Source"] == "Trade fair"
    assert "due in 5 h" in cells["Due"] and cells["Value"] == "€12,500"
