"""A field history that cannot be written never blocks or loses the user's save."""

import logging

from sqlalchemy import Column, MetaData, Table

from webapp.field_history import changes_for, recorder
from webapp.models import FieldChange, Lead
from tests.factories import make_lead, make_user


def test_a_value_that_cannot_be_recorded_is_logged_and_skipped(client, db, login_as, monkeypatch, caplog):
    rep = login_as("sales")
    lead = make_lead(stage="prospect", owner_id=rep.id, title="Webshop")
    real_plain = recorder.plain

    def failing(value):
        if value == "urgent":
            raise TypeError("cannot keep this")
        return real_plain(value)

    monkeypatch.setattr(recorder, "plain", failing)
    with caplog.at_level(logging.ERROR, logger="webapp.field_history.recorder"):
        response = client.post(f"/leads/{lead.id}", data={"title": "Webshop", "budget": "confirmed",
                                                          "need": "urgent", "version": lead.version})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Lead, lead.id).need == "urgent"  # the save went through
    fields = {c.field for c in changes_for(Lead, lead.id)}
    assert "budget" in fields and "need" not in fields  # only the failing row is missing
    assert "Lead.need not recorded" in caplog.text


def test_a_failing_history_insert_is_logged_and_the_save_still_commits(client, db, login_as, monkeypatch, caplog):
    rep = login_as("sales")
    lead = make_lead(stage="prospect", owner_id=rep.id, title="Webshop")
    missing = Table("no_such_history", MetaData(), *(Column(c.name, c.type) for c in FieldChange.__table__.columns))
    monkeypatch.setattr(recorder, "FieldChange", type("Missing", (), {"__table__": missing}))
    with caplog.at_level(logging.ERROR, logger="webapp.field_history.recorder"):
        response = client.post(f"/leads/{lead.id}", data={"title": "Webshop", "budget": "confirmed",
                                                          "version": lead.version})
    assert response.status_code == 302  # PostgreSQL would refuse the commit without the savepoint
    db.session.expire_all()
    assert db.session.get(Lead, lead.id).budget == "confirmed"
    assert changes_for(Lead, lead.id, fields=["budget"]) == []
    assert "changes not recorded" in caplog.text


def test_a_new_record_is_saved_even_when_its_history_fails(db, monkeypatch):
    monkeypatch.setattr(recorder, "_changes", lambda *a: 1 / 0)
    owner = make_user("marketing")
    lead = make_lead(owner_id=owner.id, budget="planned")
    db.session.expire_all()
    assert db.session.get(Lead, lead.id).budget == "planned"
