"""Run requests at the same moment from real threads, each with its own client and session, and read
what they committed as another process would."""

import threading

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Executable

from webapp.extensions import db


def signed_in_client(app: Flask, login_id: str) -> tuple[FlaskClient, dict]:
    """A client signed in as the user with this `User.get_id()`, and the headers (CSRF token) its posts need."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = login_id
        session["_fresh"] = True
    return client, {"X-CSRFToken": client.csrf_token()}


def at_once(calls, timeout: float = 60) -> list:
    """Start every call together (behind a barrier) and return their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index, call):
        try:
            barrier.wait(timeout)
            results[index] = call()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not errors, errors
    assert not any(thread.is_alive() for thread in threads), "a request did not finish"
    return results


def committed(statement: Executable) -> list:
    """The rows `statement` finds on a connection of its own, outside the test's session: what another
    process sees, so a change that was never committed is not there. Needs the `shared_app` fixture
    (an in-memory SQLite database is one connection shared by everyone)."""
    assert db.engine.url.database not in (None, "", ":memory:"), "use the shared_app fixture"
    with db.engine.connect() as connection:
        return list(connection.execute(statement))
