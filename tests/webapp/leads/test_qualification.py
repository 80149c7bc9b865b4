"""BANT points and classes follow the admin's settings; proposals; concurrent edits."""

from datetime import datetime, timedelta, timezone

import pytest

from webapp.leads import qualification, timing
from webapp.locking import EditConflict
from webapp.leads.materials import AlreadySent, send_material
from webapp.models import Material
from webapp.settings.services import get_settings, save_setting
from tests.factories import make_lead, make_user

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def _answer(lead, user, **answers):
    return qualification.update_lead(lead, user, answers, lead.version)


def test_points_and_class_update_on_every_change(db):
    user = make_user("marketing")
    lead = make_lead(owner_id=user.id)
    _answer(lead, user, budget="confirmed")
    assert (lead.bant_points, lead.abc_class) == (30, "C")
    _answer(lead, user, authority="decision_maker", need="identified")
    assert (lead.bant_points, lead.abc_class) == (67, "B")
    _answer(lead, user, reaction="enthusiastic")
    assert (lead.bant_points, lead.abc_class) == (77, "A") and lead.is_sales_opportunity
    assert 0 < lead.probability < 1


def test_admin_settings_change_points_and_thresholds(db):
    user = make_user("marketing")
    save_setting("bant_points", {"budget": {"confirmed": 80}})
    save_setting("class_thresholds", {"A": 75, "B": 30})
    lead = make_lead(owner_id=user.id)
    _answer(lead, user, budget="confirmed")
    assert (lead.bant_points, lead.abc_class) == (80, "A")
    assert get_settings()["bant_points"]["need"]["urgent"] == 25  # untouched keys keep defaults


def test_proposals_follow_the_class(db):
    marketing, sales = make_user("marketing"), make_user("sales")
    lead = make_lead(owner_id=marketing.id)
    for answers, action in [({}, "demote"), ({"budget": "confirmed", "need": "urgent"}, "nurture"),
                            ({"authority": "decision_maker"}, "hand_to_sales")]:
        _answer(lead, marketing, **answers)
        assert qualification.proposal(lead).action == action
    lead.owner_id = sales.id
    db.session.commit()
    db.session.refresh(lead)
    assert qualification.proposal(lead) is None  # sales has it: nothing to propose


def test_second_save_from_a_stale_form_is_refused_naming_who_changed_it(db):
    anna, ben = make_user("marketing", name="Anna"), make_user("marketing", name="Ben")
    lead = make_lead(owner_id=anna.id)
    opened = lead.version  # both open the form now
    qualification.update_lead(lead, anna, {"budget": "confirmed"}, opened)
    with pytest.raises(EditConflict, match="changed by Anna meanwhile"):
        qualification.update_lead(lead, ben, {"budget": "none"}, opened)
    db.session.refresh(lead)
    assert lead.budget == "confirmed"


def test_owner_acting_meets_the_window_others_do_not(db):
    owner, other = make_user("sales"), make_user("sales")
    lead = make_lead(owner_id=owner.id, due_at=NOW + timedelta(hours=5))
    qualification.update_lead(lead, other, {"next_step": "call"}, lead.version)
    assert lead.due_at is not None
    qualification.update_lead(lead, owner, {"next_step": "call back"}, lead.version)
    assert lead.due_at is None


def test_overdue_and_escalation_with_a_controlled_clock(db):
    from webapp.leads.presenter import badges

    lead = make_lead(due_at=NOW)  # escalation after a further 24 hours (the default setting)

    def state(at):
        shown = badges(lead, at)
        return shown["overdue"], shown["escalated"]

    assert state(NOW - timedelta(minutes=1)) == (False, False)
    assert state(NOW + timedelta(minutes=1)) == (True, False)
    assert state(NOW + timedelta(hours=23)) == (True, False)
    assert state(NOW + timedelta(hours=25)) == (True, True)


@pytest.mark.parametrize("days_ago,expected", [(0, "hot"), (7, "hot"), (8, "warm"), (30, "warm"), (31, "cold")])
def test_temperature_cools_as_days_pass_without_contact(db, days_ago, expected):
    lead = make_lead(last_contact_at=NOW - timedelta(days=days_ago), created_at=NOW - timedelta(days=90))
    assert timing.temperature(lead, NOW, {"hot": 7, "warm": 30}) == expected


def test_temperature_filter_in_sql_agrees_with_the_rule(db):
    from webapp.extensions import db as _db
    from webapp.models import Lead

    days = {"hot": 7, "warm": 30}
    leads = [make_lead(last_contact_at=NOW - timedelta(days=d), created_at=NOW - timedelta(days=100))
             for d in (1, 10, 40)] + [make_lead(last_contact_at=None, created_at=NOW - timedelta(days=2))]
    for value in ("hot", "warm", "cold"):
        ids = {lead.id for lead in _db.session.query(Lead).filter(timing.temperature_clause(value, NOW, days))}
        assert ids == {lead.id for lead in leads if timing.temperature(lead, NOW, days) == value}


def test_sending_a_material_twice_asks_and_says_when(db):
    user = make_user("sales")
    lead = make_lead(owner_id=user.id)
    brochure = Material(name="Product brochure")
    db.session.add(brochure)
    db.session.commit()
    send_material(lead, brochure, user, now=NOW)
    with pytest.raises(AlreadySent, match="02 Mar 2026"):
        send_material(lead, brochure, user, now=NOW + timedelta(days=3))
    again = send_material(lead, brochure, user, confirm=True, now=NOW + timedelta(days=3))
    assert again.details == {"repeat": True}


def test_escalation_is_stamped_once_with_a_history_entry_and_no_edit_conflict(db):
    from webapp.leads.services import mark_escalations
    from webapp.models import Activity

    owner = make_user("sales")
    late = make_lead(owner_id=owner.id, due_at=NOW - timedelta(hours=30))
    fresh = make_lead(owner_id=owner.id, due_at=NOW - timedelta(hours=2))
    version = late.version
    assert mark_escalations(NOW) == 1
    assert mark_escalations(NOW + timedelta(hours=1)) == 0  # once per window
    db.session.refresh(late)
    db.session.refresh(fresh)
    assert late.escalated_at is not None and fresh.escalated_at is None
    assert late.version == version
    entry = db.session.query(Activity).filter_by(lead_id=late.id, kind="escalation").one()
    assert "Nobody acted" in entry.body
