"""Reading a page never writes: no GET request sends an INSERT, UPDATE or DELETE to the database."""

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import event

from tests.pages import every_page
from webapp.demo import load_demo
from webapp.models import Job

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def writes(db):
    """The data-changing statements the engine receives while the test runs."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(WRITES):
            seen.append(statement.split("\n")[0][:120])

    event.listen(db.engine, "before_cursor_execute", record)
    yield seen
    event.remove(db.engine, "before_cursor_execute", record)


def test_no_page_writes_to_the_database(app, client, login_as, db, trained_model, writes):
    load_demo(seed=5, password="demo-password", today=date(2026, 6, 1), scale=0.05)
    folder = app.config["MODEL_DIR"]  # a model a notebook saved beside the app's own
    sidecar = json.loads((folder / f"{trained_model.version}.json").read_text())
    (folder / "notebook-1.json").write_text(json.dumps({**sidecar, "version": "notebook-1"}))
    killed = datetime.now(timezone.utc) - timedelta(hours=1)  # a job whose process died reads as interrupted
    db.session.add(Job(kind="retrain", status="running", progress=40, message="Training", heartbeat_at=killed))
    db.session.commit()
    pages = every_page(db)
    for role in ("admin", "marketing", "sales", "accounting", "partner"):
        login_as(role)
        writes.clear()
        for path in pages:
            response = client.get(path)
            assert response.status_code < 500 and (role != "admin" or response.status_code == 200), (role, path)
            assert writes == [], f"GET {path} as {role} wrote: {writes}"
