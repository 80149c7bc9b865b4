"""POST /score with fields left out: what is not said is unknown, and the lead is a new one."""

import pytest

from webapp.api.auth import create_token
from webapp.api.forms import LeadFeaturesForm
from webapp.scoring.new_lead import NEW_LEAD, as_new_lead
from tests.factories import make_user

FIELDS = [name for name in vars(LeadFeaturesForm) if hasattr(getattr(LeadFeaturesForm, name), "field_class")]
SOME_ANSWERS = {"budget": "confirmed", "need": "identified", "source": "web_form", "employees": 40}


@pytest.fixture
def score(client, db, trained_model):
    """score(body) → response of POST /api/v1/score, as a sales user, with a trained model."""
    token = create_token(make_user("sales"), "test")

    def _score(body):
        return client.post("/api/v1/score", json=body, headers={"Authorization": f"Bearer {token}"})

    return _score


def test_the_form_takes_every_column_a_new_lead_has_a_default_for():
    assert set(NEW_LEAD) <= set(FIELDS)


@pytest.mark.parametrize("given", [{}, SOME_ANSWERS, {"stage": "prospect", "age_days": 30, "emails": 2}],
                         ids=["nothing", "some answers", "an older lead"])
def test_absent_fields_score_as_if_sent_as_null(score, given):
    absent = score(given)
    as_null = score({**dict.fromkeys(FIELDS), **given})
    assert absent.status_code == as_null.status_code == 200, absent.json
    assert 0 <= absent.json["probability"] <= 1
    assert absent.json == as_null.json


def test_an_empty_body_scores_a_new_lead_with_no_answers(score):
    empty = score({})
    new_lead = score({**dict.fromkeys(FIELDS), **NEW_LEAD})
    assert empty.status_code == new_lead.status_code == 200
    assert empty.json == new_lead.json
    assert empty.json["bant_points"] == 0 and empty.json["model_version"] is not None
    # Activity the model names among its factors is none at all, not unknown (which it would fill
    # in from the closed leads' histories, offer e-mails and all).
    activity = [f["value"] for f in empty.json["factors"] if f["feature"] in NEW_LEAD and f["feature"] != "stage"]
    assert all(value == 0 for value in activity)


def test_what_the_body_says_replaces_the_new_lead_default(score):
    new = score({**SOME_ANSWERS})
    engaged = score({**SOME_ANSWERS, "emails": 6, "meetings": 2})
    assert engaged.status_code == 200
    assert engaged.json["probability"] != new.json["probability"]


@pytest.mark.parametrize("body,field,message", [
    ({"stage": "won"}, "stage", "Use one of: lead, prospect."),
    ({"stage": 1}, "stage", "Send a string."),
    ({"age_days": -1}, "age_days", "Number must be between 0 and 36500."),
    ({"age_days": "3"}, "age_days", "Send a number."),
    ({"offers_sent": 1.5}, "offers_sent", "Send a whole number."),
])
def test_a_stage_or_age_that_is_not_possible_is_refused_naming_the_field(score, body, field, message):
    response = score(body)
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {field: [message]}


def test_as_new_lead_fills_only_what_is_not_given():
    given = {"stage": "prospect", "calls": None, "emails": 3, "budget": None}
    filled = as_new_lead(given)
    assert filled == {**NEW_LEAD, "stage": "prospect", "emails": 3, "budget": None}
    assert given == {"stage": "prospect", "calls": None, "emails": 3, "budget": None}  # a copy
