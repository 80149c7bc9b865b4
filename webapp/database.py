"""Database binding; SQLite gets WAL, foreign keys and a busy timeout on every connection.

JSON columns are written by webapp.json_codec on both engines.
"""

import sqlite3
from pathlib import Path

from flask import Flask
from sqlalchemy import event, inspect, select, text
from sqlalchemy.engine import Engine, make_url

from webapp.extensions import db
from webapp.json_codec import dumps


def init_database(app: Flask) -> None:
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.drivername.startswith("sqlite") and url.database not in (None, "", ":memory:"):
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    app.config.setdefault("SQLITE_BUSY_TIMEOUT_MS", 5000)
    # Every JSON column on every engine goes through the one serializer (no NaN in stored JSON).
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
                                               "json_serializer": dumps}
    db.init_app(app)
    with app.app_context():
        event.listen(db.engine, "connect", _sqlite_pragmas(app.config["SQLITE_BUSY_TIMEOUT_MS"]))


def _sqlite_pragmas(busy_timeout_ms: int):
    def on_connect(dbapi_connection, _record) -> None:
        if not isinstance(dbapi_connection, sqlite3.Connection):
            return
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        # WAL lets readers work while a writer commits; in-memory databases cannot use it.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return on_connect


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def lock_for_update(entity, ident):
    """The row of `entity` with primary key `ident`, freshly read and held against every other
    writer until this transaction ends (None if it does not exist).

    PostgreSQL locks the row with SELECT … FOR UPDATE. SQLite has no row locks, and its driver
    reads outside a transaction until the first write: a no-op UPDATE of the row first takes the
    database's single write lock, so the read that follows sees every committed change and nobody
    else can change it before we commit.
    """
    session = db.session
    key = inspect(entity).primary_key[0]
    if is_sqlite(session.get_bind()):
        quote = session.get_bind().dialect.identifier_preparer.quote
        table, column = quote(key.table.name), quote(key.name)
        session.execute(text(f"UPDATE {table} SET {column} = {column} WHERE {column} = :ident"), {"ident": ident})
    query = select(entity).where(key == ident).with_for_update().execution_options(populate_existing=True)
    return session.scalars(query).one_or_none()


def refresh_statistics() -> dict:
    """Table statistics for the query planner. SQLite has none until ANALYZE runs, and without
    them it sorts all open leads for the default list instead of reading the probability index."""
    db.session.execute(text("ANALYZE"))  # whole tables: sampled SQLite statistics misjudge stage (~0.1 s at 100k leads)
    db.session.commit()
    return {"message": "Query planner statistics refreshed"}


def execute_many(statement, columns: dict[str, list]) -> int:
    """`statement` (Core, with named parameters) once per row, in the session's transaction, with
    one executemany of the driver; `columns` holds the parameters as columns (name -> one value
    per row), a parameter that carries its own value is the same for every row.

    Each value is converted by its type exactly as SQLAlchemy converts it (JSON written by
    json_codec, timestamps as each engine keeps them), but column by column, and a constant once:
    SQLAlchemy's own executemany builds and converts a dictionary per row and parameter, which
    costs more than the database's own work on a large batch (a full rescore). Python-side column
    defaults (onupdate) are not applied: give such columns a value. Returns the number of rows."""
    count = len(next(iter(columns.values()), []))
    if not count:
        return 0
    connection = db.session.connection()
    dialect = connection.dialect
    compiled = statement.compile(dialect=dialect)
    if compiled.insert_prefetch or compiled.update_prefetch:
        names = [c.key for c in (*compiled.insert_prefetch, *compiled.update_prefetch)]
        raise ValueError(f"execute_many: give {', '.join(names)} a value (their Python defaults are not applied)")
    converted = {}
    for name, bind in compiled.binds.items():
        if bind.expanding:
            raise ValueError(f"execute_many: {name} is a list parameter (IN), not supported")
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if name in columns:
            values = columns[name]
            if len(values) != count:
                raise ValueError(f"execute_many: {name} has {len(values)} values for {count} rows")
            converted[name] = list(map(process, values)) if process else values
        else:  # a constant: converted once
            converted[name] = [process(bind.effective_value) if process else bind.effective_value] * count
    if compiled.positional:
        parameters = list(zip(*(converted[name] for name in compiled.positiontup)))
    else:
        keys = [compiled.escaped_bind_names.get(name, name) for name in converted]
        parameters = [dict(zip(keys, values)) for values in zip(*converted.values())]
    connection.exec_driver_sql(compiled.string, parameters)
    return count
