"""The leads counted per day (lead_days) stay what the leads say after each kind of change, so the
funnel, hand-offs and first callbacks of the page follow every lead created, moved on, handed over,
contacted or closed."""

import importlib.util
from pathlib import Path

from sqlalchemy import delete, select, text

from webapp.contacts.services import log_activity
from webapp.extensions import db
from webapp.leads import lifecycle
from webapp.models import Lead, LeadDay, LostReason
from webapp.reports import lead_days
from tests.factories import make_user
from tests.webapp.reports.fixture import at, report

MIGRATION = Path(__file__).parents[3] / "migrations" / "versions" / "f4b8d2c6a9e3_lead_days.py"


def _rows() -> list[tuple]:
    db.session.expire_all()
    rows = db.session.execute(select(LeadDay.day, LeadDay.owner_id, LeadDay.source, LeadDay.campaign_id,
                                     LeadDay.leads, LeadDay.prospects, LeadDay.customers, LeadDay.debtors,
                                     LeadDay.handoffs_1, LeadDay.handoffs_2, LeadDay.handoffs_3,
                                     LeadDay.handoffs_4, LeadDay.handoffs_5, LeadDay.callback_seconds)).all()
    return sorted(((*row[:13], sorted((row[13] or "").split(","))) for row in rows), key=repr)


def assert_current():
    """The kept rows equal the rows counted again from the leads."""
    kept = _rows()
    lead_days.rebuild(db.session)
    assert kept == _rows()
    return kept


def test_a_new_lead_counts_on_its_day(team):
    assert report()["created"] == 6
    lifecycle.create_lead(team.leads["A"].contact, team.mia, "New project", source="referral", now=at(16, 9))
    assert_current()
    result = report()
    assert result["created"] == 7
    assert result["funnel"]["total"][1:5] == [7, 2, 1, 0]
    assert [row[1] for row in result["handoffs"]["table"].rows] == [5, 1, 0, 1, 0, 0]  # assigned to Mia: one


def test_a_stage_moving_on_counts_in_the_funnel(team):
    make_user("service", name="Sue Service")  # customers go to service
    lifecycle.make_customer(team.leads["C"], team.sam, now=at(20, 9))  # the prospect accepted the offer
    assert_current()
    assert report()["funnel"]["total"][1:5] == [6, 2, 2, 0]


def test_a_call_logged_or_deleted_moves_the_first_callback(team):
    lead = team.leads["D"]
    call = log_activity(lead.contact, team.sam, "call", "Called back.", lead=lead, occurred_at=at(13, 20))
    assert_current()
    fc = report()["first_callback"]
    assert (fc["contacted"], fc["median"]) == (5, 6.0)  # hours 2, 4, 6, 10 and 12
    db.session.delete(call)
    db.session.commit()
    assert_current()
    fc = report()["first_callback"]
    assert (fc["contacted"], fc["median"]) == (4, 5.0)


def test_a_new_owner_takes_the_lead_along(team):
    boss, max_ = make_user("admin", name="Ada Admin"), make_user("marketing", name="Max Marketing")
    lifecycle.assign_to(team.leads["A"], max_, boss, now=at(20, 9))
    assert_current()
    result = report()
    assert result["first_callback"]["owners"].rows == [["Max Marketing", 1, 2.0, 2.0], ["Mia Marketing", 1, 4.0, 4.0],
                                                       ["Sam Sales", 2, 8.0, 9.6]]
    assert [row[1] for row in result["handoffs"]["table"].rows] == [4, 1, 0, 1, 0, 0]  # A: one hand-off
    assert report(owner=str(max_.id))["created"] == 1


def test_a_closed_prospect_stays_a_prospect_and_a_deleted_lead_leaves(team):
    reason = db.session.scalar(select(LostReason))
    lifecycle.close_lost(team.leads["C"], team.sam, "lost", reason.id, now=at(20, 9))
    assert_current()
    assert report()["funnel"]["total"][1:5] == [6, 2, 1, 0]
    db.session.delete(db.session.get(Lead, team.leads["F"].id))
    db.session.commit()
    assert_current()
    assert report()["created"] == 5


def test_the_migration_and_the_command_count_as_the_app_does(app, team):
    kept = _rows()
    spec = importlib.util.spec_from_file_location("lead_days_migration", MIGRATION)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    db.session.execute(delete(LeadDay))
    db.session.execute(text(migration.REBUILD[db.engine.dialect.name]))
    assert _rows() == kept
    db.session.execute(delete(LeadDay))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["reports", "recount"])
    assert result.exit_code == 0, result.output
    assert _rows() == kept
