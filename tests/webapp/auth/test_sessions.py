"""Sign-out, a new password and deactivation end every session and remember-me cookie of the user."""

from datetime import UTC, datetime, timedelta

from werkzeug.http import parse_date

from tests.factories import PASSWORD, make_user

SESSION, REMEMBER = "session", "remember_token"


def _sign_in(client, email: str, remember: bool = True):
    response = client.post("/login", data={"email": email, "password": PASSWORD,
                                           "remember": "y" if remember else ""})
    assert response.status_code == 302
    return response


def _cookies(client) -> dict[str, str]:
    return {name: client.get_cookie(name).value for name in (SESSION, REMEMBER)}


def _replay(app, name: str, value: str):
    """A fresh browser holding only this one cookie asks for the overview."""
    other = app.test_client()
    other.set_cookie(name, value)
    return other.get("/")


def _lands_on_login(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_cookies_from_before_sign_out_no_longer_open_the_app(app, client, db):
    make_user(email="rita@test.example")
    _sign_in(client, "rita@test.example")
    old = _cookies(client)
    assert _replay(app, SESSION, old[SESSION]).status_code == 200  # the cookies work while signed in
    assert _replay(app, REMEMBER, old[REMEMBER]).status_code == 200

    client.post("/logout")

    assert _lands_on_login(_replay(app, SESSION, old[SESSION]))
    assert _lands_on_login(_replay(app, REMEMBER, old[REMEMBER]))


def test_signing_in_again_after_sign_out_works(client, db):
    make_user(email="rita@test.example")
    _sign_in(client, "rita@test.example")
    client.post("/logout")
    _sign_in(client, "rita@test.example")
    assert client.get("/").status_code == 200


def test_remember_me_cookie_is_same_site_lax_and_lasts_thirty_days(client, db):
    make_user(email="rita@test.example")
    response = _sign_in(client, "rita@test.example")
    remember = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith(REMEMBER))
    assert "SameSite=Lax" in remember
    assert "HttpOnly" in remember
    expires = parse_date(remember.split("Expires=")[1].split(";")[0])
    assert timedelta(days=29) < expires - datetime.now(UTC) <= timedelta(days=30)


def test_a_new_password_signs_the_user_out_everywhere(app, client, db):
    make_user(email="rita@test.example")
    _sign_in(client, "rita@test.example")
    old = _cookies(client)
    result = app.test_cli_runner().invoke(args=["users", "set-password", "rita@test.example",
                                                "--password", "a-new-password"])
    assert result.exit_code == 0, result.output
    assert _lands_on_login(client.get("/"))
    assert _lands_on_login(_replay(app, REMEMBER, old[REMEMBER]))
    response = client.post("/login", data={"email": "rita@test.example", "password": "a-new-password"})
    assert response.status_code == 302


def test_deactivation_signs_the_user_out_and_reactivation_revives_no_old_session(app, client, db):
    make_user(email="rita@test.example")
    _sign_in(client, "rita@test.example")
    old = _cookies(client)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "deactivate", "rita@test.example"]).exit_code == 0
    assert _lands_on_login(client.get("/"))
    assert runner.invoke(args=["users", "activate", "rita@test.example"]).exit_code == 0
    assert _lands_on_login(_replay(app, SESSION, old[SESSION]))
    assert _lands_on_login(_replay(app, REMEMBER, old[REMEMBER]))


def test_a_user_deactivated_directly_in_the_database_is_signed_out(client, db):
    user = make_user(email="rita@test.example")
    _sign_in(client, "rita@test.example", remember=False)
    user.is_active_user = False
    db.session.commit()
    assert _lands_on_login(client.get("/"))


def test_cli_password_and_deactivation_name_unknown_users_and_short_passwords(app, db):
    make_user(email="rita@test.example")
    runner = app.test_cli_runner()
    unknown = runner.invoke(args=["users", "deactivate", "nobody@test.example"])
    assert unknown.exit_code != 0 and "No user" in unknown.output
    short = runner.invoke(args=["users", "set-password", "rita@test.example", "--password", "short"])
    assert short.exit_code != 0 and "at least 8" in short.output


def test_an_htmx_request_after_the_session_ended_loads_the_sign_in_page_whole(client, db):
    """The bell polls every minute; once signed out it must not swap the sign-in page into itself."""
    response = client.get("/notifications/bell", headers={"HX-Request": "true",
                                                          "HX-Current-URL": "http://localhost/leads/?stage=lead"})
    assert response.status_code == 401 and response.data == b""
    assert response.headers["HX-Redirect"] == "/login?next=/leads/?stage%3Dlead"
    page = client.get("/notifications/bell")  # a plain request is redirected as before
    assert page.status_code == 302 and "/login" in page.headers["Location"]
