"""Activities per person and week stay right when activities are edited, moved or deleted."""


from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Activity
from webapp.reports import figures, filters
from tests.webapp.reports.fixture import NOW, PERIOD, at



def per_person_and_week(**args):
    return figures.report(filters.parse(PERIOD | args, NOW.date()), NOW)["activities"].rows


def _email_of_b(team) -> Activity:
    return db.session.scalar(select(Activity).where(Activity.lead_id == team.leads["B"].id,
                                                    Activity.kind == "email", Activity.user_id == team.mia.id))


def test_an_activity_moved_to_another_week_counts_there(team):
    _email_of_b(team).occurred_at = at(13, 9)
    db.session.commit()
    assert per_person_and_week() == [["Mia Marketing", "2026-10-05", 2], ["Mia Marketing", "2026-10-12", 1],
                                     ["Sam Sales", "2026-10-12", 2]]


def test_an_activity_given_to_a_colleague_or_deleted_counts_for_them_or_nobody(team):
    email = _email_of_b(team)
    email.user_id = team.sam.id
    db.session.commit()
    assert per_person_and_week() == [["Mia Marketing", "2026-10-05", 2], ["Sam Sales", "2026-10-05", 1],
                                     ["Sam Sales", "2026-10-12", 2]]
    db.session.delete(email)
    db.session.commit()
    assert per_person_and_week() == [["Mia Marketing", "2026-10-05", 2], ["Sam Sales", "2026-10-12", 2]]


def test_a_source_filter_counts_the_activities_of_those_leads(team):
    assert per_person_and_week(source="referral") == [["Sam Sales", "2026-10-12", 2]]
    assert per_person_and_week(owner=str(team.mia.id)) == [["Mia Marketing", "2026-10-05", 3]]
