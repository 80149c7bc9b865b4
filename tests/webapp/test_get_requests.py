"""Reading a page never writes: no GET request sends an INSERT, UPDATE or DELETE to the database."""

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import event, select

from webapp.demo import load_demo
from webapp.models import Contact, Invoice, Job, Lead, Offer, Organization, Product

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


def _first_id(db, model) -> int:
    return db.session.scalar(select(model.id).order_by(model.id))


def _pages(db) -> list[str]:
    lead, contact, offer = _first_id(db, Lead), _first_id(db, Contact), db.session.scalar(select(Offer).order_by(Offer.id))
    return ["/", "/leads/", "/leads/queue", "/leads/portfolio", f"/leads/{lead}", f"/leads/new/{contact}",
            "/contacts/", f"/contacts/{contact}", f"/contacts/{contact}/edit", "/contacts/new",
            "/contacts/validate/email?email=someone@example.com", "/organizations/",
            f"/organizations/{_first_id(db, Organization)}", f"/organizations/{_first_id(db, Organization)}/edit",
            "/organizations/new", "/offers/", "/offers/pipeline", "/offers/catalogue", f"/offers/{offer.id}",
            f"/offers/{offer.id}/print", f"/offers/{offer.id}/pdf", f"/offers/new/{lead}",
            f"/offers/catalogue/{_first_id(db, Product)}", "/invoices/", f"/invoices/{_first_id(db, Invoice)}",
            "/scoring/", "/scoring/export.csv", f"/scoring/jobs/{_first_id(db, Job)}", "/settings/",
            "/settings/company", "/settings/scoring", "/profile"]


def test_no_page_writes_to_the_database(app, client, login_as, db, trained_model, writes):
    load_demo(seed=5, password="demo-password", today=date(2026, 6, 1), scale=0.05)
    folder = app.config["MODEL_DIR"]  # a model a notebook saved beside the app's own
    sidecar = json.loads((folder / f"{trained_model.version}.json").read_text())
    (folder / "notebook-1.json").write_text(json.dumps({**sidecar, "version": "notebook-1"}))
    killed = datetime.now(timezone.utc) - timedelta(hours=1)  # a job whose process died reads as interrupted
    db.session.add(Job(kind="retrain", status="running", progress=40, message="Training", heartbeat_at=killed))
    db.session.commit()
    pages = _pages(db)
    for role in ("admin", "marketing", "sales", "accounting", "partner"):
        login_as(role)
        writes.clear()
        for path in pages:
            response = client.get(path)
            assert response.status_code < 500 and (role != "admin" or response.status_code == 200), (role, path)
            assert writes == [], f"GET {path} as {role} wrote: {writes}"
