"""The JSON API: tokens, one error shape, scoring without saving, lead lists and intake."""

import json

import pytest

from webapp.api.auth import create_token
from webapp.models import Contact, Lead
from tests.factories import make_contact, make_lead, make_user


@pytest.fixture
def api(client, db):
    """api("sales") → (call, user): call(method, path, json=...) with that user's token."""

    def _for(role: str):
        user = make_user(role)
        token = create_token(user, "test")

        def call(method, path, **kw):
            return client.open(f"/api/v1{path}", method=method, headers={"Authorization": f"Bearer {token}"}, **kw)

        return call, user

    return _for


@pytest.mark.parametrize("header", [None, "Bearer nope", "Basic abc", "Bearer "])
def test_requests_without_a_valid_token_get_401_in_the_error_shape(client, db, header):
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/leads", headers=headers)
    assert response.status_code == 401
    assert response.json["error"]["status"] == 401 and "token" in response.json["error"]["message"]


def test_a_revoked_token_stops_working(client, db):
    from webapp.api.auth import revoke_token
    from webapp.models import ApiToken

    user = make_user("sales")
    token = create_token(user, "old")
    assert client.get("/api/v1/leads", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    revoke_token(user, db.session.query(ApiToken).one().id)
    assert client.get("/api/v1/leads", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_score_answers_probability_class_points_and_saves_nothing(api, db):
    call, _ = api("sales")
    response = call("POST", "/score", json={"budget": "confirmed", "authority": "decision_maker",
                                            "need": "urgent", "timeline": "within_3_months", "source": "referral"})
    assert response.status_code == 200
    body = response.json
    assert set(body) == {"probability", "class", "bant_points", "model_version", "factors"}
    assert body["bant_points"] == 100 and body["class"] == "A" and 0 < body["probability"] <= 1
    assert body["model_version"] is None  # BANT only until a model is promoted
    assert db.session.query(Lead).count() == 0


def test_more_bant_evidence_never_scores_lower(api):
    call, _ = api("sales")
    weak = call("POST", "/score", json={"budget": "none"}).json["probability"]
    strong = call("POST", "/score", json={"budget": "confirmed"}).json["probability"]
    assert strong > weak


@pytest.mark.parametrize("body,field", [({"budget": "lots"}, "budget"), ({"employees": -5}, "employees"),
                                        ({"colour": "red"}, "colour"), ({"created_month": 13}, "created_month")])
def test_invalid_score_input_is_422_naming_the_field(api, body, field):
    call, _ = api("sales")
    response = call("POST", "/score", json=body)
    assert response.status_code == 422 and field in response.json["error"]["fields"]


@pytest.mark.parametrize("payload", ["not json", "[1, 2]"])
def test_a_body_that_is_not_a_json_object_is_400(api, payload):
    call, _ = api("sales")
    response = call("POST", "/score", data=payload, content_type="application/json")
    assert response.status_code == 400 and "JSON object" in response.json["error"]["message"]


def test_lead_list_is_sorted_and_limited_to_what_the_caller_may_see(api, db):
    call, partner = api("partner")
    make_lead(title="Low", partner_id=partner.id, probability=0.2)
    make_lead(title="High", partner_id=partner.id, probability=0.9)
    hidden = make_lead(title="Not theirs", probability=0.99)
    body = call("GET", "/leads?sort=-probability").json
    assert [item["title"] for item in body["items"]] == ["High", "Low"] and body["total"] == 2
    assert [i["title"] for i in call("GET", "/leads?sort=probability").json["items"]] == ["Low", "High"]
    assert call("GET", f"/leads/{hidden.id}").status_code == 404
    assert call("GET", "/leads?sort=colour").status_code == 400
    assert call("GET", "/leads?stage=won").status_code == 400


def test_intake_creates_contact_and_lead_with_its_score(api, db):
    call, _ = api("marketing")
    make_user("marketing")
    response = call("POST", "/leads", json={"first_name": "Ina", "last_name": "Intake", "email": "INA@shop.example",
                                            "organization": "Shop GmbH", "title": "Webshop", "source": "web_form",
                                            "budget": "confirmed", "message": "Please call me"})
    assert response.status_code == 201, response.json
    lead = response.json["lead"]
    assert lead["stage"] == "lead" and lead["bant_points"] == 30 and lead["class"] == "C"
    assert lead["contact"]["email"] == "ina@shop.example" and lead["contact"]["organization"] == "Shop GmbH"
    assert response.json["contact_existed"] is False
    stored = db.session.get(Lead, lead["id"])
    assert stored.requested == "Please call me" and stored.owner.role == "marketing"


def test_intake_reuses_the_contact_by_email_and_refuses_a_duplicate_lead(api, db):
    call, _ = api("sales")
    make_user("marketing")
    contact = make_contact(email="known@example.com")
    make_lead(contact, title="Fleet")
    body = {"first_name": "K", "last_name": "Nown", "email": "Known@Example.com", "title": "fleet"}
    duplicate = call("POST", "/leads", json=body)
    assert duplicate.status_code == 409 and "open lead" in duplicate.json["error"]["message"]
    second = call("POST", "/leads", json={**body, "title": "Service contract"})
    assert second.status_code == 201 and second.json["contact_existed"] is True
    assert db.session.query(Contact).count() == 1


def test_intake_validates_and_refuses_partners(api, db):
    call, _ = api("marketing")
    response = call("POST", "/leads", json={"first_name": "", "email": "bad", "title": "X"})
    assert response.status_code == 422
    assert {"first_name", "last_name", "email"} <= set(response.json["error"]["fields"])
    partner_call, _ = api("partner")
    assert partner_call("POST", "/leads", json={}).status_code == 403


def test_openapi_document_describes_every_api_route(app, client):
    doc = client.get("/api/v1/openapi.json")
    assert doc.status_code == 200
    spec = json.loads(doc.data)
    documented = {path for path in spec["paths"]}
    served = {rule.rule.removeprefix("/api/v1").replace("<int:lead_id>", "{lead_id}")
              .replace("<int:campaign_id>", "{campaign_id}")
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.") and rule.endpoint != "api.openapi"}
    assert served == documented == {"/score", "/leads", "/leads/{lead_id}", "/campaigns", "/campaigns/{campaign_id}"}


def test_tokens_from_the_profile_page_and_the_command_line(app, client, login_as):
    user = login_as("sales")
    page = client.post("/profile", data={"name": "web form"}).get_data(as_text=True)
    token = page.split('<code class="token">')[1].split("</code>")[0]
    assert client.get("/api/v1/leads", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert token not in client.get("/profile").get_data(as_text=True)  # shown once
    printed = app.test_cli_runner().invoke(args=["tokens", "create", user.email]).output.strip()
    assert client.get("/api/v1/leads", headers={"Authorization": f"Bearer {printed}"}).status_code == 200


def test_a_lead_names_its_campaign_and_when_it_was_paid_but_never_a_campaign_to_a_partner(api, db):
    from datetime import datetime, timezone

    from webapp.models import Campaign

    campaign = Campaign(name="Spring fair")
    db.session.add(campaign)
    db.session.commit()
    sales_call, _ = api("sales")
    partner_call, partner = api("partner")
    paid = datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)
    lead = make_lead(title="Fair lead", campaign_id=campaign.id, partner_id=partner.id, stage="debtor", paid_at=paid)
    body = sales_call("GET", f"/leads/{lead.id}").json
    assert body["campaign"] == {"id": campaign.id, "name": "Spring fair"}
    assert body["paid_at"] == "2026-11-02T09:30:00+00:00"
    seen_by_partner = partner_call("GET", f"/leads/{lead.id}").json
    assert seen_by_partner["campaign"] is None and "Spring fair" not in json.dumps(partner_call("GET", "/leads").json)
