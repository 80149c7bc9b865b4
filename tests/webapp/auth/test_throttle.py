"""Failed sign-ins are throttled per account and per client address, with a clear wait time."""

import pytest

import webapp.auth.services as auth_services
import webapp.auth.throttle as throttle
from tests.factories import PASSWORD, make_user


class Clock:
    """Stands in for the time module of the rate-limit counts, so a window can pass without waiting."""

    def __init__(self, now: float = 1_900_000_000.0):
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(app, monkeypatch):
    import limits.storage.memory

    clock = Clock()
    monkeypatch.setattr(limits.storage.memory, "time", clock)
    monkeypatch.setattr(throttle, "time", clock)
    app.config.update(LOGIN_LIMIT_PER_ACCOUNT="3 per 15 minutes", LOGIN_LIMIT_PER_ADDRESS="5 per 15 minutes")
    return clock


def _try(client, email: str, password: str = "wrong password"):
    return client.post("/login", data={"email": email, "password": password})


def test_after_three_failures_even_the_right_password_waits_with_a_clear_message(client, db, clock):
    make_user(email="rita@test.example")
    assert [_try(client, "rita@test.example").status_code for _ in range(3)] == [422, 422, 422]
    clock.now += 60
    response = _try(client, "Rita@test.example", PASSWORD)
    assert response.status_code == 429
    assert b"Too many attempts to sign in. Please try again in 14 minutes." in response.data
    assert response.headers["Retry-After"] == str(14 * 60)
    assert b'value="Rita@test.example"' in response.data  # the form is still there to try later


def test_the_account_opens_again_once_the_failures_are_older_than_the_window(client, db, clock):
    make_user(email="rita@test.example")
    for _ in range(3):
        _try(client, "rita@test.example")
    clock.now += 15 * 60 + 1
    assert _try(client, "rita@test.example", PASSWORD).status_code == 302


def test_successful_sign_ins_are_not_counted(client, db, clock):
    make_user(email="rita@test.example")
    for _ in range(5):
        assert _try(client, "rita@test.example", PASSWORD).status_code == 302
        client.post("/logout")
    assert _try(client, "rita@test.example").status_code == 422


def test_one_account_failures_do_not_hold_up_another_account(client, db, clock):
    make_user(email="rita@test.example")
    make_user(email="tom@test.example")
    for _ in range(3):
        _try(client, "rita@test.example")
    assert _try(client, "tom@test.example", PASSWORD).status_code == 302


def test_one_address_trying_many_accounts_is_throttled(client, db, clock):
    make_user(email="tom@test.example")
    for n in range(5):
        assert _try(client, f"guess{n}@test.example").status_code == 422
    response = _try(client, "tom@test.example", PASSWORD)
    assert response.status_code == 429
    assert b"try again in 15 minutes" in response.data
    other_address = client.post("/login", data={"email": "tom@test.example", "password": PASSWORD},
                                environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert other_address.status_code == 302


def test_the_sign_in_page_itself_is_never_throttled(client, db, clock):
    for _ in range(5):
        _try(client, "nobody@test.example")
    assert client.get("/login").status_code == 200


@pytest.mark.parametrize("email", ["rita@test.example", "nobody@test.example", "gone@test.example"])
def test_every_answer_verifies_exactly_one_password_hash(db, monkeypatch, email):
    """Known, unknown and inactive e-mails cost the same hashing time, so timing names no account."""
    make_user(email="rita@test.example")
    make_user(email="gone@test.example", is_active_user=False)
    verified = []
    real_check = auth_services.check_password_hash
    monkeypatch.setattr(auth_services, "check_password_hash",
                        lambda stored, password: verified.append(stored) or real_check(stored, password))
    assert auth_services.authenticate(email, "wrong password") is None
    assert len(verified) == 1
