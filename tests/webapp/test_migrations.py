"""Migrations build the whole schema from an empty database, on SQLite and PostgreSQL."""

import os
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from webapp import create_app
from webapp.config import TestConfig
from webapp.extensions import db


@pytest.fixture
def empty_database_app(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'migrate.sqlite'}"

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(Config)
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        yield app
        db.session.remove()
        downgrade(revision="base")
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        db.engine.dispose()


def test_upgrade_builds_exactly_the_models_schema(empty_database_app):
    upgrade()
    tables = set(inspect(db.engine).get_table_names())
    assert {"contacts", "leads", "activities", "users", "offers", "campaign_members"} <= tables
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == [], "models changed without a migration: run flask db migrate"


def test_downgrade_to_base_removes_every_table(empty_database_app):
    upgrade()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()  # and up again, as a fresh install would


def test_leads_scored_before_the_top_factor_column_get_it_from_their_stored_factors(empty_database_app):
    from sqlalchemy import insert, select

    from webapp.models import Contact, Lead

    upgrade(revision="4671a74b2612")
    factors = [{"feature": "source", "value": "referral", "label": "Source: referral", "contribution": 0.4},
               {"feature": "budget", "value": "none", "label": "Budget: none", "contribution": -0.9}]
    with db.engine.begin() as connection:
        connection.execute(insert(Contact.__table__).values(id=1, first_name="Erika", last_name="Muster"))
        connection.execute(insert(Lead.__table__), [
            {"id": 1, "contact_id": 1, "title": "Scored", "stage": "lead", "score_factors": factors, "version": 1},
            {"id": 2, "contact_id": 1, "title": "BANT only", "stage": "lead", "score_factors": None, "version": 1}])
    upgrade()
    with db.engine.connect() as connection:
        rows = dict(connection.execute(select(Lead.id, Lead.top_factor).order_by(Lead.id)).all())
    assert rows == {1: "Budget: none", 2: None}


def test_shared_emails_and_overpaid_invoices_in_an_existing_database_are_kept_and_reported(empty_database_app, capfd):
    from sqlalchemy import insert, select, text

    from webapp.models import Contact, Invoice, Lead, Payment

    upgrade(revision="e8b4c0d6a2f1")
    now = "2026-03-02 09:00:00"
    with db.engine.begin() as connection:
        connection.execute(insert(Contact.__table__), [
            {"id": 1, "first_name": "Anna", "last_name": "Alt", "email": " Anna@Example.com ", "notes": None},
            {"id": 2, "first_name": "Anna", "last_name": "Zwei", "email": "anna@example.com", "notes": "VIP"},
            {"id": 3, "first_name": "Bob", "last_name": "Bau", "email": "BOB@example.com", "notes": None},
            {"id": 4, "first_name": "Nie", "last_name": "Mand", "email": "  ", "notes": None},
            {"id": 5, "first_name": "Auch", "last_name": "Keiner", "email": None, "notes": None}])
        connection.execute(insert(Lead.__table__).values(id=1, contact_id=1, title="Cold room", stage="debtor", version=1))
        connection.execute(text("INSERT INTO offers (id, lead_id, number, revision, status, total_net, total_tax, "
                                "total_gross, created_at, updated_at) VALUES "
                                "(1, 1, 'A-1', 1, 'accepted', 100, 19, 119, :now, :now)"), {"now": now})
        for number, gross in ((1, "119.00"), (2, "119.00"), (3, "0.30")):
            connection.execute(text(
                "INSERT INTO invoices (id, offer_id, lead_id, number, issued_on, due_on, total_net, total_tax, "
                "total_gross, status, created_at, updated_at) VALUES "
                "(:id, 1, 1, :number, '2026-03-01', '2026-03-15', 0, 0, :gross, 'paid', :now, :now)"),
                {"id": number, "number": f"R-{number}", "gross": gross, "now": now})
        for invoice_id, amount in ((1, "119.00"), (1, "119.00"), (2, "19.00"), (3, "0.10"), (3, "0.20")):
            connection.execute(text("INSERT INTO payments (invoice_id, amount, paid_on) VALUES (:i, :a, '2026-03-02')"),
                               {"i": invoice_id, "a": amount})
    capfd.readouterr()
    upgrade()
    report = capfd.readouterr().err  # alembic.ini logs migrations to stderr
    with db.engine.connect() as connection:
        emails = dict(connection.execute(select(Contact.id, Contact.email).order_by(Contact.id)).all())
        notes = connection.scalar(select(Contact.notes).where(Contact.id == 2))
        paid = dict(connection.execute(select(Invoice.id, Invoice.amount_paid).order_by(Invoice.id)).all())
        payments = connection.scalar(select(db.func.count(Payment.id)))
    assert emails == {1: "anna@example.com", 2: None, 3: "bob@example.com", 4: None, 5: None}
    assert notes.startswith("VIP\n") and "anna@example.com removed" in notes and "contact 1 has it" in notes
    assert "Contact 2: e-mail anna@example.com is contact 1's" in report
    assert paid == {1: Decimal("119.00"), 2: Decimal("19.00"), 3: Decimal("0.30")}
    assert "Invoice R-1 is overpaid" in report and "R-3" not in report
    assert payments == 5
    downgrade(revision="e8b4c0d6a2f1")  # and back, keeping every payment
    with db.engine.connect() as connection:
        assert connection.scalar(select(db.func.count(Payment.id))) == 5


def test_records_saved_before_versions_existed_keep_their_rows_and_start_at_version_one(empty_database_app):
    from sqlalchemy import func, insert, select

    from webapp.models import Contact, Lead, Organization

    upgrade(revision="e8b4c0d6a2f1")
    with db.engine.begin() as connection:
        connection.execute(insert(Organization.__table__).values(id=1, name="Kühl GmbH"))
        connection.execute(insert(Contact.__table__).values(id=1, organization_id=1, first_name="Erika",
                                                            last_name="Muster"))
        connection.execute(insert(Lead.__table__).values(id=1, contact_id=1, title="Scanners", stage="lead",
                                                         version=1))
    upgrade()  # rebuilding contacts on SQLite must not cascade into their leads
    with db.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Lead.__table__)).scalar() == 1
        assert connection.execute(select(Contact.version, Organization.version).join(Organization)).one() == (1, 1)
    contact = db.session.get(Contact, 1)
    contact.function = "Buyer"
    db.session.commit()
    assert contact.version == 2


def test_leads_get_the_furthest_stage_from_their_history_and_people_their_activity_days(empty_database_app):
    from datetime import datetime, timezone

    from sqlalchemy import insert, select

    from webapp.models import Activity, ActivityDay, Contact, FieldChange, Lead, User

    upgrade(revision="d4e7a1c9b3f2")
    with db.engine.begin() as connection:
        connection.execute(insert(User.__table__).values(id=1, email="rep@example.com", name="Rep", role="sales",
                                                         password_hash="x", is_active_user=True))
        connection.execute(insert(Contact.__table__).values(id=1, first_name="Erika", last_name="Muster"))
        connection.execute(insert(Lead.__table__), [
            {"id": n, "contact_id": 1, "title": title, "stage": stage, "version": 1}
            for n, title, stage in ((1, "Lost as a prospect", "lost"), (2, "Lost as a lead", "lost"),
                                    (3, "Invoiced", "debtor"), (4, "No history", "lead"), (5, "Reopened", "lead"))])
        connection.execute(insert(FieldChange.__table__), [
            {"entity_type": "lead", "entity_id": lead, "field": "stage", "old_value": old, "new_value": new}
            for lead, old, new in ((1, None, "lead"), (1, "lead", "prospect"), (1, "prospect", "lost"),
                                   (2, None, "lead"), (2, "lead", "lost"), (5, "customer", "lead"))])
        connection.execute(insert(Activity.__table__), [
            {"contact_id": 1, "lead_id": 1, "kind": kind, "user_id": user,
             "occurred_at": datetime(2026, 10, day, hour, tzinfo=timezone.utc)}
            for kind, user, day, hour in (("call", 1, 5, 9), ("note", 1, 5, 23), ("stage_change", 1, 5, 10),
                                          ("email", None, 5, 11), ("meeting", 1, 6, 0))])
    upgrade()
    with db.engine.connect() as connection:
        furthest = dict(connection.execute(select(Lead.id, Lead.furthest_stage).order_by(Lead.id)).all())
        days = connection.execute(select(ActivityDay.day, ActivityDay.activities).order_by(ActivityDay.day)).all()
    assert furthest == {1: "prospect", 2: "lead", 3: "debtor", 4: "lead", 5: "customer"}
    assert [(day.isoformat(), count) for day, count in days] == [("2026-10-05", 2), ("2026-10-06", 1)]


def test_free_attributes_become_text_fields_and_no_value_is_lost(empty_database_app):
    """Every distinct name contacts used becomes a text field (label = the name), every value
    stays, also under odd names; and a downgrade gives the names back."""
    from sqlalchemy import insert, select

    from webapp.models import Contact, CustomField

    odd = {"Lieblings-Farbe": "grün", "lieblings farbe": "blau", "a.b": "1", "$x\"y": "q", "42": "answer",
           "日本": "Tokio", "newsletter": True, "Budget": 1200}
    upgrade(revision="d4e7a1c9b3f2")
    with db.engine.begin() as connection:
        connection.execute(insert(Contact.__table__), [
            {"id": 1, "first_name": "Erika", "last_name": "Muster", "custom": odd, "scoring_opt_out": False,
             "version": 1},
            {"id": 2, "first_name": "Max", "last_name": "Muster", "custom": {"Budget": "viel"},
             "scoring_opt_out": False, "version": 1},
            {"id": 3, "first_name": "Leer", "last_name": "Muster", "custom": {}, "scoring_opt_out": False,
             "version": 1}])
    upgrade()
    with db.engine.connect() as connection:
        fields = {row.key: row for row in connection.execute(select(CustomField.__table__))}
        custom = dict(connection.execute(select(Contact.id, Contact.custom).order_by(Contact.id)).all())
        consent = connection.execute(select(Contact.marketing_consent, Contact.do_not_contact)).all()
    assert {field.label for field in fields.values()} == set(odd)
    assert all(field.type == "text" and field.entity == "contact" and field.active for field in fields.values())
    assert len(fields) == len(odd)  # one per distinct name, "Lieblings-Farbe" and "lieblings farbe" apart
    labels = {field.key: field.label for field in fields.values()}
    assert {labels[key]: value for key, value in custom[1].items()} == odd  # typed values kept as they were
    assert {labels[key]: value for key, value in custom[2].items()} == {"Budget": "viel"}
    assert custom[3] == {}
    assert set(consent) == {("unknown", False)}
    downgrade(revision="d4e7a1c9b3f2")
    with db.engine.connect() as connection:
        assert connection.execute(select(Contact.__table__.c.custom).where(Contact.__table__.c.id == 1)).scalar() == odd
