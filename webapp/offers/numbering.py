"""Gap-free yearly document numbers (A-2026-0042 for offers, R-2026-0001 for invoices).

A number is drawn inside the transaction that stores the document: if that transaction rolls
back, so does the counter, and no number is lost. Concurrent drawers are serialised on the
counter row:

* the row for (kind, year) is created with INSERT … ON CONFLICT DO NOTHING, so two first
  drawers of a new year do not collide;
* the row is then read with SELECT … FOR UPDATE, which on PostgreSQL holds every other drawer
  until this transaction ends. SQLite has no row locks, but the INSERT above has already taken
  its single write lock, which serialises writers just the same.
"""

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from webapp.extensions import db
from webapp.models import NumberSequence

OFFER = ("offer", "A")
INVOICE = ("invoice", "R")
_INSERTS = {"postgresql": pg_insert, "sqlite": sqlite_insert}


def next_number(sequence: tuple[str, str], year: int) -> str:
    """Draw the next number of `sequence` for `year`; the caller commits with its document."""
    kind, prefix = sequence
    insert = _INSERTS[db.session.get_bind().dialect.name]
    db.session.execute(insert(NumberSequence).values(kind=kind, year=year, last_value=0)
                       .on_conflict_do_nothing(index_elements=["kind", "year"]))
    counter = db.session.scalars(
        select(NumberSequence).where(NumberSequence.kind == kind, NumberSequence.year == year)
        .with_for_update().execution_options(populate_existing=True)).one()
    counter.last_value += 1
    db.session.flush()
    return f"{prefix}-{year}-{counter.last_value:04d}"
