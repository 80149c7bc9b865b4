"""The OpenAPI document describes the API as it answers: schemathesis generates requests from the
document (valid and invalid ones), sends them to the app in-process as an admin with a token and a
trained model installed, and checks every answer against the document."""

import json
import uuid
from pathlib import Path

import pytest
import schemathesis
from email_validator import EmailNotValidError, validate_email
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from webapp.api.auth import create_token
from tests.factories import make_lead, make_user

DOCUMENT = json.loads((Path(__file__).parents[3] / "webapp" / "api" / "openapi.json").read_text())
OPERATIONS = [(method.upper(), path) for path, item in DOCUMENT["paths"].items() for method in item]
UNDOCUMENTED = ("PUT", "PATCH", "DELETE", "TRACE")


def _deliverable(address: str) -> bool:
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


# "format: email" as the document describes it: an address on a real domain (special-use names
# such as .test or .localhost are refused, as the description says).
schemathesis.openapi.format("email", st.emails().filter(_deliverable))


@pytest.fixture
def api_schema(app, db, trained_model):
    make_user("marketing")  # takes the leads the intake creates
    make_lead(title="Visible to the admin")
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture
def token(db):
    return create_token(make_user("admin"), "schemathesis")


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_the_api_answers_as_its_openapi_document_says(api_schema, token, method, path, mode):
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=60, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def call(case):
        if mode == GenerationMode.POSITIVE and case.headers and "Idempotency-Key" in case.headers:
            # Each generated case is a new request, so it gets a key of its own; a key reused for a
            # different body is the client's mistake (422), tested in test_intake_once.py.
            case.headers["Idempotency-Key"] = uuid.uuid4().hex
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"})

    call()


@pytest.mark.parametrize("method", UNDOCUMENTED)
@pytest.mark.parametrize("path", sorted({path for _, path in OPERATIONS}))
def test_an_undocumented_method_is_a_405_naming_the_allowed_ones(client, db, token, method, path):
    url = "/api/v1" + path.replace("{lead_id}", "1").replace("{campaign_id}", "1")
    response = client.open(url, method=method, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 405
    assert response.json["error"]["status"] == 405
    documented = {m.upper() for m in DOCUMENT["paths"][path]}
    assert documented <= set(response.headers["Allow"].split(", "))
