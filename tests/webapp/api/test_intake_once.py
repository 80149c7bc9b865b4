"""The same enquiry delivered twice, or several times at once, makes one contact and one lead."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, update

from webapp.api.auth import create_token
from webapp.extensions import db as _db
from webapp.models import Contact, IdempotencyKey, Lead
from tests.concurrency import at_once
from tests.factories import make_user

BODY = {"first_name": "Ina", "last_name": "Intake", "email": "ina@shop.example", "title": "Webshop",
        "source": "web_form"}


@pytest.fixture
def post(client, db):
    """post(json, key=None, token=None) → response; one marketing token unless another is given."""
    make_user("marketing")
    default = create_token(make_user("marketing"), "web form")

    def _post(body, key=None, token=None):
        headers = {"Authorization": f"Bearer {token or default}"}
        if key is not None:
            headers["Idempotency-Key"] = key
        return client.post("/api/v1/leads", json=body, headers=headers)

    _post.token = default
    return _post


def _counts() -> tuple[int, int]:
    return _db.session.scalar(select(func.count(Contact.id))), _db.session.scalar(select(func.count(Lead.id)))


def test_a_retry_with_the_same_key_gets_the_first_answer_and_creates_nothing(post, db):
    first = post(BODY, key="order-4711")
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    again = post(dict(reversed(BODY.items())), key="order-4711")  # same fields, other order
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json == first.json
    assert _counts() == (1, 1)


def test_the_same_key_with_another_body_is_refused(post, db):
    assert post(BODY, key="order-4711").status_code == 201
    other = post({**BODY, "title": "Something else"}, key="order-4711")
    assert other.status_code == 422 and "different request" in other.json["error"]["message"]
    assert _counts() == (1, 1)


def test_a_refusal_is_replayed_too_and_keys_are_per_token_and_for_a_day(post, db):
    assert post(BODY).status_code == 201
    refused = post(BODY, key="k1")
    assert refused.status_code == 409 and "open lead" in refused.json["error"]["message"]
    assert refused.json["error"]["fields"]["lead_id"]
    assert post(BODY, key="k1").headers["Idempotent-Replayed"] == "true"
    other_token = create_token(make_user("sales"), "crm")
    assert "Idempotent-Replayed" not in post({**BODY, "title": "Other"}, key="k1", token=other_token).headers
    db.session.execute(update(IdempotencyKey).values(created_at=datetime.now(timezone.utc) - timedelta(hours=25)))
    db.session.commit()
    expired = post({**BODY, "title": "Third"}, key="k1")  # a day later the key is new again
    assert expired.status_code == 201 and "Idempotent-Replayed" not in expired.headers


@pytest.mark.parametrize("key", ["", " ", "x" * 256, "tab\there"])
def test_a_malformed_key_is_400(post, db, key):
    response = post(BODY, key=key)
    assert response.status_code == 400 and "Idempotency-Key" in response.json["error"]["message"]
    assert _counts() == (0, 0)


@pytest.mark.parametrize("key", [None, "same-key"])
@pytest.mark.parametrize("senders", [4, 8])
def test_identical_intakes_at_once_create_one_contact_and_one_lead(shared_app, senders, key):
    with shared_app.app_context():
        make_user("marketing")
        token = create_token(make_user("marketing"), "web form")
        _db.session.remove()
    headers = {"Authorization": f"Bearer {token}", **({"Idempotency-Key": key} if key else {})}
    clients = [shared_app.test_client() for _ in range(senders)]
    responses = at_once([lambda c=c: c.post("/api/v1/leads", json=BODY, headers=headers) for c in clients])
    created = [r for r in responses if r.status_code == 201 and "Idempotent-Replayed" not in r.headers]
    assert len(created) == 1, [(r.status_code, r.json) for r in responses]
    for response in responses:
        assert response.status_code in (201, 409), response.json
        if response.status_code == 201:
            assert response.json == created[0].json
        else:
            assert response.json["error"]["message"]
    with shared_app.app_context():
        assert _counts() == (1, 1)
