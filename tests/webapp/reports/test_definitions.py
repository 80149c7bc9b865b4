"""The funnel counts the furthest stage a lead reached, and window breaches count when they happened."""

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from webapp.extensions import db
from webapp.leads import lifecycle
from webapp.leads.qualification import note_action
from webapp.leads.services import mark_escalations
from webapp.models import Lead, LostReason, WindowBreach
from tests.factories import make_contact, make_lead, make_user
from tests.webapp.reports.fixture import at, report



def test_a_prospect_lost_later_still_counts_as_a_prospect(team):
    prospect = team.leads["C"]
    reason = db.session.scalar(select(LostReason))
    lifecycle.close_lost(prospect, team.sam, "lost", reason.id, now=at(20, 9))
    lifecycle.reopen(prospect, team.sam, now=at(21, 9))  # back to a lead: what it reached stays
    assert (prospect.stage, prospect.furthest_stage) == ("lead", "prospect")
    funnel = report()["funnel"]
    assert funnel["total"] == ["All", 6, 2, 1, 0, 2 / 6, 0.5, 0.0]  # C and E reached prospect
    by_source = {row[0]: row[1:4] for row in funnel["tables"]["funnel-by-source"].rows}
    assert by_source["Referral"] == [3, 2, 1]


def test_a_lead_created_further_down_the_funnel_has_reached_the_steps_before(team):
    assert team.leads["E"].furthest_stage == "customer"
    assert team.leads["F"].furthest_stage == "lead"  # lost without ever becoming a prospect


def test_a_window_that_passed_counts_in_its_period_after_the_owner_acted(team):
    late = make_lead(make_contact(), title="Project L", owner_id=team.mia.id, created_at=at(6, 8), due_at=at(7, 8))
    assert mark_escalations(at(8, 12)) == 1  # L: a second window past due (D is escalated already)
    note_action(late, team.mia)  # Mia calls a week late: the window ends, the breach stays
    db.session.commit()
    assert late.due_at is None
    breaches = report()["breaches"].rows
    assert breaches == [["Lead", "Mia Marketing", 1, 1], ["Lead", "Sam Sales", 1, 1]]
    assert report()["overdue"].rows == [["Lead", "Sam Sales", 1, 1]]  # only D is still waiting
    assert report(**{"from": "2026-10-19", "to": "2026-10-31"})["breaches"].rows == []


def test_a_breach_belongs_to_the_owner_whose_window_passed(team):
    max_ = make_user("marketing", name="Max Marketing")
    admin = make_user("admin", name="Ada Admin")
    late = make_lead(make_contact(), title="Project H", owner_id=team.mia.id, created_at=at(6, 8), due_at=at(9, 8))
    lifecycle.assign_to(late, max_, admin, now=at(10, 8))  # handed on a day after Mia's window passed
    assert late.owner_id == max_.id
    assert report(owner=str(team.mia.id))["breaches"].rows == [["Lead", "Mia Marketing", 1, 0]]
    # Max's own window started at the hand-off and has passed since: his, not Mia's.
    assert report(owner=str(max_.id))["breaches"].rows == [["Lead", "Max Marketing", 1, 0]]
    assert report(owner=str(max_.id), to="2026-10-10")["breaches"].rows == []


def test_a_window_met_in_time_is_no_breach(team):
    on_time = make_lead(make_contact(), owner_id=team.mia.id,
                        due_at=datetime.now(timezone.utc) + timedelta(hours=2))
    note_action(on_time, team.mia)
    db.session.commit()
    assert db.session.scalar(select(WindowBreach).where(WindowBreach.lead_id == on_time.id)) is None
    assert db.session.get(Lead, on_time.id).due_at is None
