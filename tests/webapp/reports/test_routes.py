"""/reports as people use it: who may open it, the filter form, CSV downloads and links to leads."""

import csv
import io
import re
from html import unescape

import pytest

from tests.factories import make_contact, make_lead
from tests.webapp.reports.fixture import PERIOD


@pytest.mark.parametrize("role, kw, status", [
    ("admin", {}, 200), ("sales", {"is_team_lead": True}, 200), ("sales", {}, 403), ("marketing", {}, 403),
    ("partner", {}, 404)])
def test_access(client, login_as, role, kw, status):
    login_as(role, **kw)
    assert client.get("/reports/").status_code == status
    assert client.get("/reports/pipeline.csv").status_code == status


def test_the_page_shows_the_figures_and_charts(client, login_as, team):
    login_as("sales", is_team_lead=True)
    page = client.get("/reports/", query_string=PERIOD).get_data(as_text=True)
    assert re.search(r'data-figure="median">5[.,]0 h', page)
    assert 'data-figure="waiting"' in page and ">2</a>" in page
    assert page.count("<svg class=\"chart\"") == 5
    assert "<title id=" in page and "<desc id=" in page


@pytest.mark.parametrize("args, message", [
    ({"owner": "999999"}, "There is no such owner"), ({"from": "31.12.2026"}, "is not a date"),
    ({"from": "2026-10-18", "to": "2026-10-05"}, "ends before it starts"), ({"owner": "x" * 500}, "not one of")])
def test_bad_input_is_a_message_on_the_page(client, login_as, db, args, message):
    login_as("admin")
    response = client.get("/reports/", query_string=args)
    assert response.status_code == 200
    assert message in unescape(response.get_data(as_text=True))


def test_each_table_downloads_as_csv_with_the_same_filters(client, login_as, team):
    login_as("admin")
    response = client.get("/reports/first-callback-by-owner.csv", query_string=PERIOD | {"owner": team.sam.id})
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows == [["Owner", "Leads contacted", "Median hours", "90th percentile hours"], ["Sam Sales", "2", "8.0", "9.6"]]
    assert client.get("/reports/nothing-like-this.csv").status_code == 404


def test_csv_neutralises_formulas_but_keeps_numbers(client, login_as, team):
    login_as("admin")
    make_lead(make_contact(), title="=HYPERLINK(\"http://evil\")", owner_id=team.sam.id)
    body = client.get("/reports/waiting-leads.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in body
    rows = list(csv.reader(io.StringIO(body)))
    assert all(not row[0].startswith("'") for row in rows[1:])  # lead ids stay numbers


def _lead_titles(client, href: str) -> set[str]:
    page = client.get(unescape(href)).get_data(as_text=True)
    return set(re.findall(r"Project [A-G]\b", page))


def test_figures_link_to_their_leads(client, login_as, team):
    login_as("admin")
    page = client.get("/reports/", query_string=PERIOD).get_data(as_text=True)
    waiting = re.search(r'<a class="report-figure" data-figure="waiting" href="([^"]+)"', page).group(1)
    assert _lead_titles(client, waiting) == {"Project D", "Project G"}
    ping_pong = re.search(r'data-figure="ping-pong" href="([^"]+)"', page).group(1)
    assert _lead_titles(client, ping_pong) == {"Project E"}
    everything = re.search(r'href="([^"]+)">Show these leads', page).group(1)
    assert _lead_titles(client, everything) == {"Project A", "Project B", "Project C", "Project D", "Project E",
                                                "Project F"}


def test_owner_filter_links_to_that_owners_leads(client, login_as, team):
    login_as("admin")
    page = client.get("/reports/", query_string=PERIOD | {"owner": team.mia.id}).get_data(as_text=True)
    everything = re.search(r'href="([^"]+)">Show these leads', page).group(1)
    assert _lead_titles(client, everything) == {"Project A", "Project B"}
