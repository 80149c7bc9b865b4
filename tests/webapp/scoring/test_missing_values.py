"""With a trained model, leads with unanswered fields are scored, stored and answered as valid JSON.

PostgreSQL's JSON type refuses NaN, and so does every strict JSON reader; a field the lead has
no value for is an unknown (null) factor value, never NaN.
"""

import json

import pytest

from webapp.api.auth import create_token
from webapp.models import Job, Lead
from tests.factories import make_contact, make_lead, make_user


def _strict(text: str):
    """Parse JSON the way browsers and PostgreSQL do: NaN and Infinity are not JSON."""
    def refuse(constant):
        raise ValueError(f"{constant} is not valid JSON")

    return json.loads(text, parse_constant=refuse)


def _no_nan(factors) -> bool:
    return _strict(json.dumps(factors)) is not None


@pytest.fixture
def api(client, db):
    user = make_user("sales")
    token = create_token(user, "test")

    def call(method, path, **kw):
        return client.open(f"/api/v1{path}", method=method, headers={"Authorization": f"Bearer {token}"}, **kw)

    return call


def test_scoring_a_lead_with_missing_fields_answers_json_with_unknown_values(api, trained_model):
    response = api("POST", "/score", json={"budget": "confirmed"})
    assert response.status_code == 200
    body = _strict(response.get_data(as_text=True))
    assert body["model_version"] == trained_model.version and body["factors"]
    assert all(f["value"] is None or isinstance(f["value"], (str, int, float)) for f in body["factors"])


def test_api_intake_with_a_model_stores_the_lead_and_answers_json(api, db, trained_model):
    make_user("marketing")  # intake hands new leads to marketing
    response = api("POST", "/leads", json={"first_name": "Ina", "last_name": "Intake", "email": "ina@shop.example",
                                           "title": "Web shop"})
    assert response.status_code == 201
    lead = db.session.get(Lead, _strict(response.get_data(as_text=True))["lead"]["id"])
    assert lead.model_version == trained_model.version and lead.score_factors
    assert _no_nan(lead.score_factors)


def test_the_new_lead_form_with_a_model_saves_the_lead(client, login_as, db, trained_model):
    login_as("marketing")
    contact = make_contact()
    response = client.post(f"/leads/new/{contact.id}", data={"title": "Shop relaunch"})
    assert response.status_code == 302
    lead = db.session.query(Lead).filter_by(title="Shop relaunch").one()
    assert lead.model_version == trained_model.version and _no_nan(lead.score_factors)


def test_saving_bant_answers_with_a_model_rescores_the_lead(client, login_as, db, trained_model):
    user = login_as("marketing")
    lead = make_lead(owner_id=user.id)
    response = client.post(f"/leads/{lead.id}", data={"title": lead.title, "budget": "planned",
                                                       "version": lead.version})
    assert response.status_code == 302
    db.session.refresh(lead)
    assert lead.budget == "planned" and lead.model_version == trained_model.version
    assert _no_nan(lead.score_factors)


def test_any_json_column_stores_nan_and_infinity_as_null(db):
    job = Job(kind="check", status="done", progress=100,
              result={"auc": float("nan"), "gain": [float("inf"), -float("inf"), 1.5]})
    db.session.add(job)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Job, job.id).result == {"auc": None, "gain": [None, None, 1.5]}


def test_api_responses_write_nan_as_null(app):
    with app.test_request_context():
        from flask import jsonify

        body = jsonify({"p": float("nan"), "rows": [float("-inf")]}).get_data(as_text=True)
    assert _strict(body) == {"p": None, "rows": [None]}
