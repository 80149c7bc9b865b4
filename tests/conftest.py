"""Fixture chain: app → db → client → login_as(role). TEST_DATABASE_URL switches to PostgreSQL."""

import itertools
import os

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from flask_wtf.csrf import generate_csrf
from sqlalchemy import inspect

from webapp import create_app
from webapp.config import TestConfig
from webapp.extensions import db as _db

from tests.factories import make_user


class CsrfClient(FlaskClient):
    """Sends the session's CSRF token on state-changing requests, as the pages do.

    Pass `csrf=False` to send a request without it.
    """

    def open(self, *args, csrf: bool = True, **kwargs):
        # The test's app context outlives requests; forget the user Flask-Login cached in `g`, so each
        # request signs in from its own cookies, as it does on a server.
        if has_app_context():
            g.pop("_login_user", None)
        method = (kwargs.get("method") or "GET").upper()
        if csrf and method not in ("GET", "HEAD", "OPTIONS"):
            headers = dict(kwargs.pop("headers", None) or {})
            headers.setdefault("X-CSRFToken", self.csrf_token())
            kwargs["headers"] = headers
        return super().open(*args, **kwargs)

    def csrf_token(self) -> str:
        """This client's token. Flask-WTF caches the token in `g`, which the test's app context keeps
        across clients: drop it, so several clients in one test each get their own session's token."""
        if has_app_context():
            g.pop("csrf_token", None)
        with self.application.test_request_context():
            from flask import session

            with self.session_transaction() as stored:
                session.update(stored)
                token = generate_csrf()
                stored.update(session)
            return token


@pytest.fixture(scope="session")
def _fresh_postgres_schema():
    """On PostgreSQL the schema is built once per run from today's models (a database left by an
    older checkout may lack new columns); each test then only empties the tables."""
    from sqlalchemy import create_engine, text

    if TestConfig.SQLALCHEMY_DATABASE_URI.startswith("postgresql"):
        engine = create_engine(TestConfig.SQLALCHEMY_DATABASE_URI)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()


@pytest.fixture
def app(tmp_path, _fresh_postgres_schema):
    yield from _app(TestConfig, tmp_path)


@pytest.fixture
def shared_app(tmp_path, _fresh_postgres_schema):
    """The app on a database that each thread reaches through a connection of its own, for races:
    PostgreSQL, or a SQLite file (the in-memory default is one connection shared by all threads)."""

    class SharedConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'shared.sqlite'}"

    yield from _app(SharedConfig, tmp_path)


def _app(config, tmp_path):
    app = create_app(config)
    app.config["MODEL_DIR"] = tmp_path / "models"  # model artefacts never leave the test
    app.config["MAIL_OUTBOX"] = tmp_path / "outbox"  # nor does mail
    app.config["MATERIAL_DIR"] = tmp_path / "materials"  # nor do uploaded materials
    app.test_client_class = CsrfClient
    with app.app_context():
        postgres = _db.engine.dialect.name == "postgresql"
        if not postgres or not inspect(_db.engine).has_table("users"):
            _db.create_all()
        yield app
        from webapp.scoring.registry import forget_loaded

        forget_loaded()
        _db.session.remove()
        if postgres:  # emptying a few rows beats rebuilding the schema (or TRUNCATE) per test
            with _db.engine.begin() as connection:
                for table in reversed(_db.metadata.sorted_tables):
                    connection.execute(table.delete())
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login_as(client, db):
    """login_as("sales") signs a fresh user of that role in and returns the user."""
    counter = itertools.count(1)

    def _login(role: str, **kw):
        user = make_user(role=role, email=kw.pop("email", f"{role}{next(counter)}@test.example"), **kw)
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return user

    return _login


class _TrainingConfig(TestConfig):
    SQLALCHEMY_DATABASE_URI = "sqlite://"  # trained apart from the engine under test, once per run


@pytest.fixture(scope="session")
def _trained_artefact(tmp_path_factory):
    """A model learned once per run from the demo history: its files and its registry row."""
    from datetime import date

    from webapp.demo import load_demo
    from webapp.jobs import create_job, run_job
    from webapp.models import ModelVersion
    from webapp.scoring import training
    from webapp.settings.services import get_settings, save_setting

    folder = tmp_path_factory.mktemp("trained-model")
    trainer = create_app(_TrainingConfig)
    trainer.config["MODEL_DIR"] = folder
    trainer.config["MAIL_OUTBOX"] = folder / "outbox"
    with trainer.app_context():
        _db.create_all()
        load_demo(seed=7, password="demo-password", today=date(2026, 6, 1), scale=0.2)
        save_setting("scoring", {**get_settings()["scoring"], "candidates": ["logistic"]})
        job = run_job(create_job("retrain").id, training.retrain)
        assert job.status == "done", job.message
        row = _db.session.scalar(_db.select(ModelVersion).where(ModelVersion.status == "current"))
        columns = {c.key: getattr(row, c.key) for c in ModelVersion.__table__.columns if c.key != "id"}
        _db.session.remove()
        _db.engine.dispose()
    return folder, columns


@pytest.fixture
def trained_model(app, db, _trained_artefact):
    """The app scores with a trained model (as after `make run`), on whichever engine is under test."""
    return install_trained_model(app, _trained_artefact)


def install_trained_model(app, artefact):
    import shutil

    from webapp.models import ModelVersion

    folder, columns = artefact
    shutil.copytree(folder, app.config["MODEL_DIR"], dirs_exist_ok=True)
    row = ModelVersion(**columns)
    _db.session.add(row)
    _db.session.commit()
    return row
