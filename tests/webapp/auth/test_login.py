import secrets
from urllib.parse import parse_qs, urlsplit

import pytest

from webapp import create_app
from webapp.config import Config
from tests.factories import PASSWORD, make_user


def test_sign_in_with_right_password_opens_the_overview(client, db):
    make_user(role="sales", email="rita@test.example", name="Rita")
    response = client.post("/login", data={"email": "Rita@test.example", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert b"Rita" in client.get("/").data


def test_wrong_password_re_renders_with_message_and_keeps_email(client, db):
    make_user(role="sales", email="rita@test.example")
    response = client.post("/login", data={"email": "rita@test.example", "password": "nope"})
    assert response.status_code == 422
    assert b"E-mail or password is not right" in response.data
    assert b'value="rita@test.example"' in response.data


def test_inactive_user_cannot_sign_in(client, db):
    make_user(role="sales", email="gone@test.example", is_active_user=False)
    response = client.post("/login", data={"email": "gone@test.example", "password": PASSWORD})
    assert response.status_code == 422


def test_login_never_redirects_to_another_site(client, db):
    make_user(role="sales", email="rita@test.example")
    response = client.post("/login?next=https://evil.example/", data={
        "email": "rita@test.example", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_anonymous_user_is_sent_to_login_and_back(client, db):
    response = client.get("/contacts/?q=abc")
    assert response.status_code == 302
    next_url = parse_qs(urlsplit(response.headers["Location"]).query)["next"][0]
    assert next_url == "/contacts/?q=abc"


def test_sign_out(client, login_as):
    login_as("sales")
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_production_refuses_the_development_secret():
    class Production(Config):
        ENV_NAME = "production"
        SECRET_KEY = "dev-only-not-secret"

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Production)


@pytest.mark.parametrize("key", ["change-me", "x", "test-secret", "", "a" * 31])
def test_production_refuses_placeholder_and_short_secrets(key):
    class Production(Config):
        ENV_NAME = "production"
        SECRET_KEY = key

    with pytest.raises(RuntimeError, match="Refusing to start in production: SECRET_KEY"):
        create_app(Production)


def test_production_starts_with_a_long_random_secret(tmp_path):
    from webapp.config import TestConfig

    class Production(TestConfig):
        ENV_NAME = "production"
        SECRET_KEY = secrets.token_hex(32)

    assert create_app(Production).config["ENV_NAME"] == "production"
