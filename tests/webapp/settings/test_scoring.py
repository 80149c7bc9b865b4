"""The scoring settings page: retraining schedule, promotion rules, classes and what the model may see."""

import copy
import csv
import io
import math
import re
from datetime import date, datetime, timezone

import pytest

from webapp.models import Job, Lead, Setting
from webapp.scheduler import start_in_app
from webapp.settings.defaults import DEFAULTS
from webapp.settings.services import SCORING_KEYS, get_settings, page_version, save_setting
from tests.factories import make_lead

VALID = {
    "retrain_cron": "30 2 * * *", "min_won": "30", "min_lost": "30", "auc_tolerance": "0.01",
    "ece_tolerance": "0.01", "holdout_percent": "20", "snapshot_every_days": "14", "class_a_percent": "50", "class_b_percent": "20",
    "excluded_fields": ["salutation", "first_name", "last_name", "email", "phone", "gender"],
    "candidates": ["logistic", "logistic_strong", "boosting"],
}


def _form(**overrides):
    return {**VALID, "version": page_version(SCORING_KEYS), **overrides}


def _value(page: str, name: str) -> str:
    """What the input called `name` shows."""
    match = re.search(rf'<input[^>]* name="{name}"[^>]* value="([^"]*)"', page)
    assert match, f"no input {name}"
    return match.group(1)


def _checked(page: str, name: str) -> list[str]:
    return re.findall(rf'<input checked [^>]*name="{name}" type="checkbox" value="([^"]*)"', page)


@pytest.mark.parametrize("role", ["marketing", "sales", "service", "accounting", "partner"])
def test_only_admins_open_the_scoring_settings(client, login_as, role):
    login_as(role)
    assert client.get("/settings/scoring").status_code == 403
    assert client.post("/settings/scoring", data=_form(min_won="50")).status_code == 403
    assert get_settings()["scoring"]["min_won"] == 30


def test_signed_out_visitors_are_sent_to_the_login(client, db):
    response = client.get("/settings/scoring")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=/settings/scoring")


def test_the_page_shows_the_stored_settings_in_percent_and_says_times_are_utc(client, login_as):
    login_as("admin")
    page = client.get("/settings/scoring").get_data(as_text=True)
    assert (_value(page, "class_a_percent"), _value(page, "class_b_percent")) == ("50", "20")
    assert [_value(page, name) for name in ("holdout_percent", "auc_tolerance", "min_won")] == ["20", "0.01", "30"]
    assert _value(page, "retrain_cron") == "30 2 * * *" and "times in UTC" in page and "Next run: " in page
    assert _checked(page, "excluded_fields") == ["salutation", "first_name", "last_name", "email", "phone", "gender"]
    assert 'value="territory"' in page and 'value="materials_sent"' in page
    assert "Gradient-boosted trees" in page
    settings_page = client.get("/settings/").get_data(as_text=True)
    assert 'href="/settings/scoring"' in settings_page


@pytest.mark.parametrize(("overrides", "field", "error"), [
    ({"retrain_cron": "61 2 * * *"}, "retrain_cron", "Not a crontab schedule"),
    ({"retrain_cron": "30 2 * *"}, "retrain_cron", "Five fields: minute hour day month weekday"),
    ({"retrain_cron": "every night"}, "retrain_cron", "Not a crontab schedule"),
    ({"retrain_cron": ""}, "retrain_cron", "Enter a schedule"),
    ({"retrain_cron": "0 3 * * 1-5"}, "retrain_cron", "Write weekdays as names (mon-fri, sun)"),
    ({"retrain_cron": "0 0 31 2 *"}, "retrain_cron", "This schedule never runs"),
    ({"retrain_cron": "*/10 * * * *"}, "retrain_cron", "Retrain at most once an hour"),
    ({"min_won": "9"}, "min_won", "Number must be between 10 and 100000."),
    ({"min_lost": "100001"}, "min_lost", "Number must be between 10 and 100000."),
    ({"min_won": "ten"}, "min_won", "Not a valid integer value."),
    ({"auc_tolerance": "0.3"}, "auc_tolerance", "Number must be between 0 and 0.2."),
    ({"ece_tolerance": "-0.01"}, "ece_tolerance", "Number must be between 0 and 0.2."),
    ({"auc_tolerance": "NaN"}, "auc_tolerance", "Enter a number."),
    ({"holdout_percent": "4"}, "holdout_percent", "Number must be between 5 and 50."),
    ({"holdout_percent": "60"}, "holdout_percent", "Number must be between 5 and 50."),
    ({"class_a_percent": "40", "class_b_percent": "40"}, "class_a_percent", "Class A must start above class B."),
    ({"class_a_percent": "100"}, "class_a_percent", "Enter a percentage above 0 and below 100."),
    ({"class_b_percent": "0"}, "class_b_percent", "Enter a percentage above 0 and below 100."),
    ({"candidates": []}, "candidates", "Choose at least one model family."),
    ({"class_a_percent": ""}, "class_a_percent", "Not a valid decimal value."),
    ({"auc_tolerance": ""}, "auc_tolerance", "Not a valid decimal value."),
    ({"min_lost": ""}, "min_lost", "Not a valid integer value."),
    ({"candidates": ["random_forest"]}, "candidates", "&#39;random_forest&#39; is not a valid choice"),
    ({"excluded_fields": ["won"]}, "excluded_fields", "&#39;won&#39; is not a valid choice"),
])
def test_an_invalid_value_is_shown_at_its_field_and_nothing_is_saved(client, login_as, db, overrides, field, error):
    login_as("admin")
    response = client.post("/settings/scoring", data=_form(**{"min_won": "55", **overrides}))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    errors = body.split(f'id="{field}-errors"', 1)
    assert len(errors) == 2 and error in errors[1].split("</ul>", 1)[0]
    assert field == "min_won" or _value(body, "min_won") == "55"  # what was typed stays in the form
    assert db.session.get(Setting, "scoring") is None
    assert get_settings()["scoring"] == DEFAULTS["scoring"]


def test_a_valid_save_is_stored_in_fractions_and_shown_again(client, login_as, db):
    login_as("admin")
    response = client.post("/settings/scoring", data=_form(
        retrain_cron="0  4 * * mon-fri", min_won="40", min_lost="50", auc_tolerance="0.02", ece_tolerance="0",
        holdout_percent="25", snapshot_every_days="7", class_a_percent="60", class_b_percent="12.5",
        excluded_fields=["email", "territory"], candidates=["logistic", "boosting"]), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Scoring settings saved." in page
    assert "Next retraining" not in page and "applies once the scheduler process (flask scheduler run) is restarted" in page  # none runs in tests
    assert "take effect at the next retraining" in page
    assert get_settings()["scoring"] == {
        "retrain_cron": "0 4 * * mon-fri", "min_won": 40, "min_lost": 50, "auc_tolerance": 0.02,
        "ece_tolerance": 0.0, "holdout_share": 0.25, "snapshot_every_days": 7,
        "probability_thresholds": {"A": 0.6, "B": 0.125},
        "excluded_fields": ["email", "territory"], "candidates": ["logistic", "boosting"]}
    assert (_value(page, "class_b_percent"), _value(page, "retrain_cron")) == ("12.5", "0 4 * * mon-fri")
    assert _checked(page, "excluded_fields") == ["email", "territory"]
    assert _checked(page, "candidates") == ["logistic", "boosting"]


def test_saving_without_a_change_says_so_and_rescores_nothing(client, login_as, db):
    login_as("admin")
    page = client.post("/settings/scoring", data=_form(), follow_redirects=True).get_data(as_text=True)
    assert "Nothing changed." in page
    assert db.session.query(Job).filter_by(kind="rescore").count() == 0


def test_excluded_fields_are_what_training_reads_and_unknown_ones_are_kept(client, login_as, db):
    save_setting("scoring", {**copy.deepcopy(DEFAULTS["scoring"]), "excluded_fields": ["email", "nickname"]})
    make_lead(stage="customer", closed_at=datetime(2026, 3, 1, tzinfo=timezone.utc), source="fair")
    login_as("admin")
    page = client.get("/settings/scoring").get_data(as_text=True)
    assert "set outside this page and kept: nickname" in page
    client.post("/settings/scoring", data=_form(excluded_fields=["source", "salutation"]))
    assert get_settings()["scoring"]["excluded_fields"] == ["salutation", "source", "nickname"]
    export = client.get("/scoring/export.csv").get_data(as_text=True)
    columns = next(csv.reader(io.StringIO(export)))
    assert "source" not in columns and "salutation" not in columns and "email" in columns


def test_every_column_of_the_training_table_can_be_excluded(db):
    from webapp.models import BANT_ANSWERS
    from webapp.scoring.snapshots import describe
    from webapp.settings.forms import EXCLUDABLE_FIELDS

    frame = describe(Lead.id == make_lead().id, now=datetime.now(timezone.utc)).drop(columns="scoring_opt_out")
    assert set(frame.columns) - {"lead_id", *BANT_ANSWERS, "reaction"} <= set(EXCLUDABLE_FIELDS)


def test_a_new_schedule_reschedules_the_running_retraining(app, client, login_as, db):
    scheduler = start_in_app(app, paused=True)
    try:
        login_as("admin")
        page = client.post("/settings/scoring", data=_form(retrain_cron="15 5 * * sun"),
                           follow_redirects=True).get_data(as_text=True)
        next_run = scheduler.get_job("retrain").next_run_time
        assert (next_run.strftime("%a %H:%M"), next_run.utcoffset().total_seconds()) == ("Sun 05:15", 0)
        assert f"Next retraining: {next_run:%d %b %Y, %H:%M} UTC." in page
    finally:
        scheduler.shutdown(wait=False)


@pytest.fixture
def trained(db):
    """The demo history at a fifth of its size and a current model (one candidate keeps it quick)."""
    from webapp.demo import load_demo
    from webapp.jobs import create_job, run_job
    from webapp.scoring import training

    load_demo(seed=7, password="demo-password", today=date(2026, 6, 1), scale=0.2)
    save_setting("scoring", {**get_settings()["scoring"], "candidates": ["logistic"]})
    assert run_job(create_job("retrain").id, training.retrain).status == "done"
    db.session.expire_all()


def test_new_probability_thresholds_rescore_open_leads_so_classes_follow(client, login_as, db, trained):
    open_leads = db.session.query(Lead).filter(Lead.stage.in_(("lead", "prospect")), Lead.model_version.is_not(None))
    lead = max((lead for lead in open_leads if lead.abc_class != "A"), key=lambda lead: lead.probability)
    probability = lead.probability
    a_percent = (math.floor(probability * 1000) - 1) / 10  # just below this lead's probability
    b_percent = round(a_percent / 2, 1)
    login_as("admin")
    page = client.post("/settings/scoring", data=_form(
        class_a_percent=str(a_percent), class_b_percent=str(b_percent), candidates=["logistic"]),
        follow_redirects=True).get_data(as_text=True)
    assert "Open leads are being rescored in the background" in page
    db.session.expire_all()
    lead = db.session.get(Lead, lead.id)
    assert lead.abc_class == "A" and lead.probability == probability  # the class follows, the probability stays
    a, b = a_percent / 100, b_percent / 100
    for other in open_leads:
        if min(abs(other.probability - a), abs(other.probability - b)) > 1e-3:  # stored rounded to 4 places
            assert other.abc_class == ("A" if other.probability > a else "B" if other.probability > b else "C")
    job = db.session.query(Job).filter_by(kind="rescore").one()
    assert job.status == "done" and job.result["count"] == db.session.query(Lead).filter(
        Lead.stage.in_(("lead", "prospect"))).count()
    assert f"Last rescore of open leads: {job.result['count']} open lead(s) rescored." in page
