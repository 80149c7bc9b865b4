"""The duplicate search job: compare every record, then write the list without holding anyone up.

Comparing reads a few columns of every record and computes the pairs in Python, in no write
transaction (webapp/duplicates/pairs.py). The pairs are then written as a new generation of
`duplicate_pairs`, one short transaction per batch, while the finder keeps showing the current
generation; a last short transaction makes the new one current, and the old one is deleted in
batches. On SQLite, whose single write lock every save needs, a colleague's save so waits for one
batch at most instead of the whole list (some 150,000 pairs at 100,000 contacts).
"""

from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, delete, func, insert, select, text

from webapp.database import execute_many, lock_for_update
from webapp.duplicates import pairs
from webapp.duplicates.pair_list import KIND, KINDS, shown_generation
from webapp.extensions import db
from webapp.jobs import create_job, run_in_background
from webapp.models import DuplicateDismissal, DuplicatePair, DuplicatePairCount, Job, User
from webapp.models.job import ACTIVE
from webapp.stored_text import english, stored

BATCH = 5000  # rows per transaction while a list is written or an old one deleted
# Stored in English on the Job row, translated where shown.
COMPARING_CONTACTS = stored(_l("Comparing contacts"))
COMPARING_ORGANIZATIONS = stored(_l("Comparing organizations"))
SAVING = stored(_l("Saving the list of likely duplicates"))
FOUND = stored(_l("%(contacts)s likely duplicate contact pair(s) and %(organizations)s organization pair(s) found."))
BY_HAND = stored(_l("Started from the duplicate finder"))

_table = DuplicatePair.__table__
_INSERT = insert(_table).values({name: bindparam(name, type_=_table.c[name].type) for name in
                                 ("low_id", "high_id", "score", "reasons", "low_version", "high_version")})


def search(progress) -> dict:
    """The job: compare all contacts, then all organizations, write both lists as new generations
    and switch the finder to them together. `progress` is called between batches (it commits)."""
    progress(5, english(COMPARING_CONTACTS))
    found = {"contact": pairs.likely("contact")}
    progress(45, english(COMPARING_ORGANIZATIONS))
    found["organization"] = pairs.likely("organization")
    progress(60, english(SAVING))
    generations = {kind: _next_generation(kind) for kind in KINDS}
    rows = sum(len(found[kind][0]) for kind in KINDS) or 1
    written, dismissed = 0, {}
    for kind in KINDS:
        dismissed[kind] = _dismissed(kind)
        for count in _write(kind, generations[kind], *found[kind], dismissed[kind]):
            written += count
            progress(60 + 30 * written // rows, english(SAVING))
    counts = _switch(generations, dismissed)
    for kind in KINDS:
        _drop_all_but(kind, generations[kind])
    _tidy()
    counts = {"contacts": counts["contact"], "organizations": counts["organization"]}
    return {"message": english(FOUND, **counts), **counts}


def _dismissed(kind: str) -> set[tuple[int, int]]:
    return set(db.session.execute(select(DuplicateDismissal.low_id, DuplicateDismissal.high_id)
                                  .where(DuplicateDismissal.kind == kind)).tuples())


def _drop_all_but(kind: str, generation: int) -> None:
    """Delete the kind's rows of every other generation, a batch per transaction."""
    others = select(DuplicatePair.id).where(DuplicatePair.kind == kind, DuplicatePair.generation != generation)
    while db.session.execute(delete(DuplicatePair).where(DuplicatePair.id.in_(others.limit(BATCH)))).rowcount:
        db.session.commit()
    db.session.commit()


def _next_generation(kind: str) -> int:
    """The generation to write: one past the shown one, once what an interrupted search left is gone."""
    shown = shown_generation(kind)
    _drop_all_but(kind, shown)
    return shown + 1


def _write(kind: str, generation: int, found: dict, versions: dict[int, int], dismissed: set):
    """Insert the pairs not dismissed, one executemany and commit per batch; yields each batch's size."""
    kept = [(key, pair) for key, pair in found.items() if key not in dismissed]
    for start in range(0, len(kept), BATCH):
        batch = kept[start:start + BATCH]
        execute_many(_INSERT.values(kind=kind, generation=generation), {
            "low_id": [low for (low, _high), _pair in batch], "high_id": [high for (_low, high), _pair in batch],
            "score": [pair.score for _key, pair in batch], "reasons": [pair.reasons for _key, pair in batch],
            "low_version": [versions[low] for (low, _high), _pair in batch],
            "high_version": [versions[high] for (_low, high), _pair in batch]})
        db.session.commit()
        yield len(batch)


def _switch(generations: dict[str, int], dismissed: dict[str, set]) -> dict[str, int]:
    """Show the new generations, in one short transaction: pairs dismissed while they were written
    leave first (a dismissal from now on removes its pair from every generation itself)."""
    totals = {}
    for kind, generation in generations.items():
        for low, high in _dismissed(kind) - dismissed[kind]:
            db.session.execute(delete(DuplicatePair).where(
                DuplicatePair.kind == kind, DuplicatePair.generation == generation,
                DuplicatePair.low_id == low, DuplicatePair.high_id == high))
        totals[kind] = db.session.scalar(select(func.count()).select_from(DuplicatePair).where(
            DuplicatePair.kind == kind, DuplicatePair.generation == generation))
        shown = lock_for_update(DuplicatePairCount, kind)  # merges and dismissals count on it meanwhile
        if shown is None:
            db.session.add(DuplicatePairCount(kind=kind, total=totals[kind], generation=generation))
        else:
            shown.total, shown.generation = totals[kind], generation
    db.session.commit()
    return totals


def _tidy() -> None:
    """Statistics for the planner, which must know the table is no longer what it was; on
    PostgreSQL also the visibility map, so deep pages are read from the index alone (VACUUM
    runs outside a transaction)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM (ANALYZE) duplicate_pairs")
    else:
        db.session.execute(text("ANALYZE duplicate_pairs"))
        db.session.commit()


def current_search() -> Job | None:
    """The search to show: one that runs now, else the latest."""
    latest = db.session.scalars(select(Job).where(Job.kind == KIND).order_by(Job.id.desc()).limit(5)).all()
    return next((job for job in latest if job.active), latest[0] if latest else None)


def last_computed():
    """When the list was last computed completely (None: never)."""
    return db.session.scalar(select(func.max(Job.finished_at)).where(Job.kind == KIND, Job.status == "done"))


def start_search(app: Flask, user: User) -> Job:
    """Start a search in the background, or return the one already under way."""
    running = db.session.scalar(select(Job).where(Job.kind == KIND, Job.status.in_(ACTIVE))
                                .order_by(Job.id.desc()))
    if running is not None and running.active:
        return running
    job = create_job(KIND, user.id, english(BY_HAND))
    run_in_background(app, job.id, search)
    return job
