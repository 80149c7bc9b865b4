"""The one mechanism that writes field history: a hook after every ORM flush, on every path.

After a flush, each flushed object still carries its attribute history (in memory: no SELECT)
and new rows have their ids. The changes of tracked fields become rows inserted with one
statement in the flush's own transaction, so they commit or roll back with the change itself.

A history failure never costs the user's save: a value that cannot be turned into a row is
logged and skipped, and a failing INSERT is rolled back alone and logged: SQLite undoes just the
failed statement, on PostgreSQL it runs in a savepoint (which otherwise refuses the rest of the
transaction after an error).

Core UPDATEs and INSERTs bypass the ORM and this hook. The app writes no tracked field that way
(the background rescore writes score columns, the escalation stamp `escalated_at`), except
where it inserts in bulk and writes the initial rows with initial_values() (lead batches); the
demo loader writes its history rows itself (`webapp/demo/tracked.py`).
"""

import logging
from datetime import datetime

import click
from flask import Flask, g, has_request_context, request
from sqlalchemy import insert
from sqlalchemy.orm import Session, attributes

from webapp.column_watch import keep_old_values, listen_once
from webapp.extensions import db
from webapp.field_history.values import plain
from webapp.locking import actor_id
from webapp.models import FieldChange
from webapp.models._base import utcnow

log = logging.getLogger(__name__)


def tracked_models() -> dict[str, type]:
    """Every model that declares tracked fields, by the name its history rows carry."""
    return {mapper.class_.tracked_as: mapper.class_ for mapper in db.Model.registry.mappers
            if getattr(mapper.class_, "tracked_fields", None)}


def init_app(app: Flask) -> None:
    """Hook the recorder into every session, once per process."""
    for model in tracked_models().values():
        keep_old_values(model, model.tracked_fields)  # so the history knows what a field replaced
    listen_once(Session, "after_flush", record_flush)


def record_flush(session: Session, _flush_context) -> None:
    try:
        rows = _flushed_changes(session)
    except Exception:  # noqa: BLE001 - a history row is never worth the user's save
        log.exception("Field history: changes of this flush not recorded")
        return
    if rows:
        _insert(session, rows)


def _flushed_changes(session: Session) -> list[dict]:
    now, via = utcnow(), current_path()
    rows = []
    # Until the flush is finalised, `new` and `dirty` still list what this flush wrote.
    for created, objects in ((True, session.new), (False, session.dirty)):
        for obj in objects:
            fields = getattr(type(obj), "tracked_fields", None)
            if not fields:
                continue
            try:
                rows.extend(_changes(obj, fields, created, now, via))
            except Exception:  # noqa: BLE001
                log.exception("Field history: changes of %r not recorded", obj)
    return rows


def _changes(obj, fields: tuple[str, ...], created: bool, now: datetime, via: str | None) -> list[dict]:
    state = attributes.instance_state(obj)
    entity_id = state.dict.get(state.mapper.get_property_by_column(state.mapper.primary_key[0]).key)
    if entity_id is None:  # not written by this flush
        return []
    author = state.dict.get("updated_by_id") or actor_id()
    # A record's initial values hold from its creation, also when that lies in the past (an
    # import, a back-dated entry): "as of" reads then see them for every moment after it.
    at = (state.dict.get("created_at") or now) if created else now
    rows = []
    for name in fields:
        try:
            row = _change(state, name, created)
            if row is not None:
                rows.append({**row, "entity_type": obj.tracked_as, "entity_id": entity_id,
                             "changed_at": at, "changed_by_id": author, "via": via})
        except Exception:  # noqa: BLE001 - a history row is never worth the user's save
            log.exception("Field history: change of %s.%s not recorded", type(obj).__name__, name)
    return rows


def _change(state, name: str, created: bool) -> dict | None:
    if created:  # the initial value, read from the row just written (never loaded: no SELECT)
        value = plain(state.dict.get(name))
        return None if value is None else {"field": name, "old_value": None, "new_value": value}
    history = state.attrs[name].history
    if not history.added:
        return None
    old = plain(history.deleted[0]) if history.deleted else None
    new = plain(history.added[0])
    return None if old == new else {"field": name, "old_value": old, "new_value": new}


def initial_values(model, record: dict, at: datetime, by_id: int | None) -> list[dict]:
    """The history rows a record inserted with Core starts with (what this hook writes for an ORM
    insert): each tracked field that has a value, from `at`."""
    via = current_path()
    rows = []
    for name in model.tracked_fields:
        value = plain(record.get(name))
        if value is not None:
            rows.append({"entity_type": model.tracked_as, "entity_id": record["id"], "field": name,
                         "old_value": None, "new_value": value, "changed_at": at, "changed_by_id": by_id, "via": via})
    return rows


def _insert(session: Session, rows: list[dict]) -> None:
    connection = session.connection()
    statement = insert(FieldChange.__table__)
    try:
        if connection.dialect.name == "sqlite":  # a failed statement undoes itself, not the transaction
            connection.execute(statement, rows)
            return
        with connection.begin_nested():  # PostgreSQL refuses the rest of a transaction after an error
            connection.execute(statement, rows)
    except Exception:  # noqa: BLE001 - the user's change stays
        log.exception("Field history: %d changes not recorded", len(rows))


def current_path() -> str | None:
    """How the change came in: api, htmx, form (any other request), cli or job."""
    if has_request_context():
        if g.get("api_user") is not None:
            return "api"
        return "htmx" if request.headers.get("HX-Request") else "form"
    return "cli" if click.get_current_context(silent=True) is not None else "job"
