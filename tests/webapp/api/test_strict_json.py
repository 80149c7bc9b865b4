"""Every API answer is strict JSON (an unknown number is null, never NaN or Infinity) and every
moment in it carries its UTC offset, on either engine. One fixture calls every operation under
/api/v1, with success and error answers, a trained model installed; the tests read each body as
a strict client does."""

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from webapp.api.auth import create_token
from webapp.models import Campaign
from tests.factories import make_lead, make_offer, make_user

DOCUMENT = json.loads((Path(__file__).parents[3] / "webapp" / "api" / "openapi.json").read_text())
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
NOW = datetime.now(timezone.utc)


@dataclass
class Answer:
    method: str
    path: str  # as the document names it
    status: int
    text: str

    def __str__(self):
        return f"{self.method} {self.path} → {self.status}"


def _refuse(constant: str):
    raise ValueError(f"{constant} is not JSON")


def strict(text: str):
    return json.loads(text, parse_constant=_refuse)


@pytest.fixture
def answers(app, client, db, trained_model) -> list[Answer]:
    """Each API operation called for its success and its error answers; each answer is checked to
    be the one meant, so a change that turns one into another is noticed here too."""
    make_user("marketing")  # takes the leads the intake creates
    admin = create_token(make_user("admin"), "admin")
    partner = create_token(make_user("partner"), "partner")
    open_lead = make_lead(title="Open", due_at=NOW + timedelta(days=2), expected_value=5000)
    closed = make_lead(title="Lost", stage="lost", closed_at=NOW - timedelta(days=3))
    # PostgreSQL keeps NaN in a float column (SQLite makes it NULL): a score no one can read.
    unreadable = make_lead(title="Unreadable score", probability=float("nan"))
    # revenue over a cost of 0 and leads without a cost: figures without a divisor are null
    free, unpriced = Campaign(name="Free", actual_cost=0), Campaign(name="Unpriced")
    db.session.add_all([free, unpriced])
    db.session.commit()
    make_offer(make_lead(title="Won", stage="customer", campaign_id=free.id), status="accepted")
    make_lead(title="Paid", stage="debtor", closed_at=NOW - timedelta(days=20), paid_at=NOW - timedelta(days=1))
    make_lead(title="Unpriced lead", campaign_id=unpriced.id)
    intake = {"first_name": "Ina", "last_name": "Intake", "email": "ina@shop.example", "title": "Webshop"}
    calls = [
        ("POST", "/score", {"json": {}}, admin, 200),
        ("POST", "/score", {"json": {"budget": "confirmed", "emails": 2, "age_days": 12.5}}, admin, 200),
        ("POST", "/score", {"json": {"stage": "won"}}, admin, 422),
        ("POST", "/score", {"data": "not json", "content_type": "application/json"}, admin, 400),
        ("POST", "/score", {"json": {}}, None, 401),
        ("PUT", "/score", {}, admin, 405),
        ("GET", "/leads", {}, admin, 200),
        ("GET", "/leads", {"query_string": {"stage": "lost"}}, admin, 200),
        ("GET", "/leads", {"query_string": {"sort": "colour"}}, admin, 400),
        ("GET", "/leads", {}, "not a token", 401),
        ("POST", "/leads", {"json": intake, "headers": {"Idempotency-Key": "k1"}}, admin, 201),
        ("POST", "/leads", {"json": intake, "headers": {"Idempotency-Key": "k1"}}, admin, 201),  # replayed
        ("POST", "/leads", {"json": intake}, admin, 409),
        ("POST", "/leads", {"json": {"email": "bad"}}, admin, 422),
        ("POST", "/leads", {"json": intake}, partner, 403),
        ("POST", "/leads", {"json": intake, "headers": {"Idempotency-Key": " "}}, admin, 400),
        ("GET", "/leads/{lead_id}", {"lead_id": open_lead.id}, admin, 200),
        ("GET", "/leads/{lead_id}", {"lead_id": closed.id}, admin, 200),
        ("GET", "/leads/{lead_id}", {"lead_id": unreadable.id}, admin, 200),
        ("GET", "/leads/{lead_id}", {"lead_id": unreadable.id + 100}, admin, 404),
        ("DELETE", "/leads/{lead_id}", {"lead_id": open_lead.id}, admin, 405),
        ("GET", "/campaigns", {}, admin, 200),
        ("GET", "/campaigns", {"query_string": {"per_page": 0}}, admin, 400),
        ("GET", "/campaigns", {}, partner, 404),
        ("GET", "/campaigns/{campaign_id}", {"campaign_id": free.id}, admin, 200),
        ("GET", "/campaigns/{campaign_id}", {"campaign_id": unpriced.id}, admin, 200),
        ("GET", "/campaigns/{campaign_id}", {"campaign_id": free.id}, partner, 404),
        ("GET", "/campaigns/{campaign_id}", {"campaign_id": unpriced.id + 100}, admin, 404),
        ("GET", "/openapi.json", {}, None, 200),
    ]
    found = []
    for method, path, options, token, status in calls:
        options = dict(options)
        url = "/api/v1" + path.replace("{lead_id}", str(options.pop("lead_id", ""))).replace(
            "{campaign_id}", str(options.pop("campaign_id", "")))
        headers = options.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        response = client.open(url, method=method, headers=headers, **options)
        assert response.status_code == status, (method, url, response.get_data(as_text=True))
        assert response.mimetype == "application/json", (method, url)
        found.append(Answer(method, path, status, response.get_data(as_text=True)))
    return found


def test_the_answers_cover_every_api_route_with_success_and_error(app, answers):
    served = {rule.rule.removeprefix("/api/v1").replace("<int:lead_id>", "{lead_id}")
              .replace("<int:campaign_id>", "{campaign_id}") for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")}
    assert {a.path for a in answers} == served
    for path in served - {"/openapi.json"}:
        statuses = {a.status for a in answers if a.path == path}
        assert any(s < 300 for s in statuses) and any(s >= 400 for s in statuses), path


def test_every_answer_is_strict_json(answers):
    for answer in answers:
        strict(answer.text)  # raises on NaN, Infinity or -Infinity


def test_a_score_no_one_can_read_is_null(answers):
    bodies = [strict(a.text) for a in answers if a.path == "/leads/{lead_id}" and a.status == 200]
    unreadable = next(body for body in bodies if body["title"] == "Unreadable score")
    assert unreadable["probability"] is None


def test_campaign_figures_without_a_divisor_are_null(answers):
    bodies = {body["name"]: body for body in (strict(a.text) for a in answers
                                               if a.path == "/campaigns/{campaign_id}" and a.status == 200)}
    free, unpriced = bodies["Free"], bodies["Unpriced"]
    assert (free["revenue"], free["cost"], free["cost_per_lead"], free["cost_per_won"], free["return_on_spend"]) == (
        2300.0, 0.0, 0.0, 0.0, None)  # nothing spent: each lead cost 0, but no return can be divided out
    assert (unpriced["leads"], unpriced["cost"], unpriced["cost_per_lead"]) == (1, None, None)


def _schema(ref_or_schema: dict) -> dict:
    """The schema itself where `ref_or_schema` is a $ref into the document's components."""
    while "$ref" in ref_or_schema:
        target = DOCUMENT
        for part in ref_or_schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        ref_or_schema = target
    return ref_or_schema


def _documented_moments(schema: dict, value, where: str):
    """(where, value) for each value the schema says is a date-time."""
    schema = _schema(schema)
    if schema.get("format") == "date-time":
        yield where, value
    if isinstance(value, dict):
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                yield from _documented_moments(sub, value[key], f"{where}.{key}")
    elif isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            yield from _documented_moments(schema["items"], item, f"{where}[{i}]")


def _strings(value, where: str):
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{where}[{i}]")


def _date_time_fields(schema) -> set[str]:
    """The names of the properties the document declares as date-time, anywhere in `schema`."""
    if isinstance(schema, dict):
        names = {key for key, sub in schema.get("properties", {}).items()
                 if isinstance(sub, dict) and sub.get("format") == "date-time"}
        return names.union(*(_date_time_fields(sub) for sub in schema.values()))
    if isinstance(schema, list):
        return set().union(*(_date_time_fields(sub) for sub in schema))
    return set()


def _utc_offset(text: str) -> timedelta | None:
    return datetime.fromisoformat(text).utcoffset()


def test_every_moment_in_every_answer_is_iso_8601_with_its_utc_offset(answers):
    seen = set()
    for answer in answers:
        body = strict(answer.text)
        response = DOCUMENT["paths"].get(answer.path, {}).get(answer.method.lower(), {}).get("responses", {})
        documented = response.get(str(answer.status), {}).get("content", {}).get("application/json", {})
        for where, value in _documented_moments(documented.get("schema", {}), body, "body"):
            if value is not None:
                assert _utc_offset(value) == timedelta(0), f"{answer}: {where} = {value!r}"
                seen.add(where.rsplit(".", 1)[-1])
        # A moment the document forgot to declare still has to carry its offset.
        for where, text in _strings(body, "body"):
            if TIMESTAMP.match(text):
                assert _utc_offset(text) is not None, f"{answer}: {where} = {text!r}"
    assert seen == _date_time_fields(DOCUMENT) == {"due_at", "created_at", "scored_at", "closed_at", "paid_at"}
