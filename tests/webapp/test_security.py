"""Security headers on every answer: no framing, no sniffing, a CSP with only the app's own files."""

import re
import secrets

from webapp import create_app
from webapp.config import TestConfig
from webapp.extensions import db
from tests.factories import make_offer


def _policy(response) -> dict[str, str]:
    parts = (p.strip().split(" ", 1) for p in response.headers["Content-Security-Policy"].split(";"))
    return {name: value for name, value in parts}


def test_pages_cannot_be_framed_sniffed_or_run_foreign_or_inline_scripts(client, db):
    response = client.get("/login")
    assert response.status_code == 200  # no redirect to HTTPS in development and tests
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    policy = _policy(response)
    assert policy["frame-ancestors"] == "'none'"
    assert policy["default-src"] == "'self'" and policy["script-src"] == "'self'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert "Strict-Transport-Security" not in response.headers


def test_signed_in_pages_and_the_api_carry_the_headers_too(client, login_as):
    login_as("sales")
    for url in ("/", "/leads/", "/api/v1/leads"):
        assert client.get(url).headers["X-Frame-Options"] == "DENY", url


def test_htmx_is_told_not_to_eval_or_inject_styles(client, db):
    page = client.get("/login").get_data(as_text=True)
    assert '"allowEval":false' in page and '"includeIndicatorStyles":false' in page


def test_the_offer_print_page_style_is_admitted_by_the_request_nonce(client, login_as):
    login_as("service")
    offer = make_offer()
    response = client.get(f"/offers/{offer.id}/print")
    nonce = re.search(r"'nonce-([^']+)'", _policy(response)["style-src"]).group(1)
    assert f'<style nonce="{nonce}">' in response.get_data(as_text=True)


def test_production_over_https_sends_hsts(tmp_path):
    class Production(TestConfig):
        ENV_NAME = "production"
        HSTS = True
        SECRET_KEY = secrets.token_hex(32)

    app = create_app(Production)
    response = app.test_client().get("/login", base_url="https://leadflow.example")
    assert "max-age=" in response.headers["Strict-Transport-Security"]
    with app.app_context():  # the page read the company's language through this app's own engine
        db.engine.dispose()


def test_force_https_redirects_plain_http(tmp_path):
    class Behind(TestConfig):
        FORCE_HTTPS = True

    response = create_app(Behind).test_client().get("/login", base_url="http://leadflow.example")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("https://leadflow.example/login")
