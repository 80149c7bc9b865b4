"""Each KPI against the figures worked out by hand on the small team (fixture.py)."""

from datetime import date

import pytest

from webapp.reports import filters
from tests.webapp.reports.fixture import report



def test_time_to_first_callback_counts_calls_emails_meetings_by_people(team):
    fc = report()["first_callback"]
    assert (fc["contacted"], fc["median"], fc["p90"]) == (4, 5.0, 8.8)  # hours 2, 4, 6, 10
    assert fc["weeks"].rows == [["2026-10-05", 2, 3.0, 3.8], ["2026-10-12", 2, 8.0, 9.6]]
    assert fc["owners"].rows == [["Mia Marketing", 2, 3.0, 3.8], ["Sam Sales", 2, 8.0, 9.6]]


def test_first_callback_per_owner_filter(team):
    fc = report(owner=str(team.sam.id))["first_callback"]
    assert (fc["contacted"], fc["median"]) == (2, 8.0)


def test_waiting_now_counts_open_leads_never_contacted_whatever_the_period(team):
    waiting = report()["waiting"]
    assert (waiting["count"], waiting["open"], waiting["share"]) == (2, 5, 0.4)  # D and G of A B C D G
    assert sorted(row[0] for row in waiting["owners"].rows) == ["Mia Marketing", "Sam Sales"]
    assert [row[1] for row in waiting["leads"].rows] == ["Project G", "Project D"]  # longest waiting first


def test_breaches_by_stage_and_owner(team):
    assert report()["breaches"].rows == [["Lead", "Sam Sales", 1, 1]]


def test_ping_pong_and_handoffs_per_lead(team):
    handoffs = report()["handoffs"]
    assert handoffs["ping_pong"] == 1
    assert [row[1] for row in handoffs["table"].rows] == [5, 0, 0, 1, 0, 0]


def test_funnel_by_month_source_and_campaign(team):
    funnel = report()["funnel"]
    assert funnel["total"] == ["All", 6, 2, 1, 0, 2 / 6, 0.5, 0.0]
    by_source = {row[0]: row[1:] for row in funnel["tables"]["funnel-by-source"].rows}
    assert by_source["Referral"] == [3, 2, 1, 0, 2 / 3, 0.5, 0.0]  # C, D, E
    assert by_source["Web form"] == [2, 0, 0, 0, 0.0, None, None]
    assert funnel["tables"]["funnel-by-month"].rows[0][:2] == ["2026-10", 6]


def test_mql_sal_sql_now(team):
    counts = {name: count for name, count, _args in report()["funnel_names"]}
    assert counts == {"MQL": 1, "SAL": 1, "SQL": 1}  # A (class A, marketing), D (sales has it), C


def test_win_rate_by_class_and_probability(team):
    wins = report()["win_rates"]
    assert wins["classes"].rows == [["A", 1, 1, 1.0], ["C", 1, 0, 0.0]]
    assert wins["deciles"].rows == [["10–20 %", 1, 0, 0.0], ["70–80 %", 1, 1, 1.0]]


def test_pipeline_weighted_by_probability(team):
    assert report()["pipeline"]["weighted"] == 1000.0  # 1000 × 0.5 + 2000 × 0.25


def test_lost_reasons(team):
    assert report()["lost_reasons"].rows == [["Too expensive", 1]]


def test_activities_per_person_and_week(team):
    assert report()["activities"].rows == [["Mia Marketing", "2026-10-05", 3], ["Sam Sales", "2026-10-12", 2]]


def test_source_filter_narrows_the_period_figures(team):
    result = report(source="web_form")
    assert result["created"] == 2
    assert result["first_callback"]["median"] == 3.0


@pytest.mark.parametrize("args, message", [
    ({"owner": "999999"}, "no such owner"), ({"owner": "abc"}, "not one of the choices"),
    ({"from": "2026-13-01"}, "not a date"), ({"role": "wizard"}, "no such role"),
    ({"campaign": "424242"}, "no such campaign"), ({"source": "telepathy"}, "no such source")])
def test_bad_input_is_a_message_and_the_default(db, args, message):
    chosen = filters.parse(args, date(2026, 11, 30))
    assert any(message in error for error in chosen.errors)
    assert (chosen.owner_id, chosen.role, chosen.source, chosen.campaign_id) == (None, "", "", None)


def test_inverted_period_is_swapped_with_a_message(db):
    chosen = filters.parse({"from": "2026-10-18", "to": "2026-10-05"}, date(2026, 11, 30))
    assert (chosen.start, chosen.end) == (date(2026, 10, 5), date(2026, 10, 18))
    assert chosen.errors
