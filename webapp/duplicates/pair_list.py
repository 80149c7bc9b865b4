"""The duplicate finder's list: likely pairs computed by a background job, read a page at a time.

Comparing every record takes seconds at 100,000 contacts, so a job ("duplicate-search": nightly
and on demand) writes the pairs into `duplicate_pairs`, and the finder reads one page of them
through an index. The list is kept current cheaply: a merge or dismissal deletes its rows in
its own transaction (a merge passes the removed record's other pairs to the kept one), and a pair
whose record was deleted or changed since the search (its version differs) is judged again when
a page shows it, so nobody is offered a stale pair.
"""

from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, delete, func, insert, or_, select, text, update
from sqlalchemy.exc import IntegrityError

from webapp.database import execute_many
from webapp.duplicates import pairs
from webapp.extensions import db
from webapp.jobs import create_job, run_in_background
from webapp.models import DuplicateDismissal, DuplicatePair, DuplicatePairCount, Job, User
from webapp.models.job import ACTIVE
from webapp.paging import Page
from webapp.stored_text import english, stored

KIND = "duplicate-search"
KINDS = pairs.KINDS
BATCH = 5000  # rows per INSERT while the list is written
# A page whose pairs keep going stale while it is read (colleagues merging fast) is shown after
# this many rounds of rechecking; the rest are checked on the next view.
RECHECK_ROUNDS = 5
# Stored in English on the Job row, translated where shown.
COMPARING_CONTACTS = stored(_l("Comparing contacts"))
COMPARING_ORGANIZATIONS = stored(_l("Comparing organizations"))
SAVING = stored(_l("Saving the list of likely duplicates"))
FOUND = stored(_l("%(contacts)s likely duplicate contact pair(s) and %(organizations)s organization pair(s) found."))
BY_HAND = stored(_l("Started from the duplicate finder"))


def _dismissed(kind: str) -> set[tuple[int, int]]:
    return set(db.session.execute(select(DuplicateDismissal.low_id, DuplicateDismissal.high_id)
                                  .where(DuplicateDismissal.kind == kind)).tuples())


def _replace(kind: str, found: dict, versions: dict[int, int]) -> int:
    """The kind's rows become `found` less what was dismissed meanwhile (not committed here), in
    one executemany per batch."""
    dismissed = _dismissed(kind)
    kept = [(key, pair) for key, pair in found.items() if key not in dismissed]
    db.session.execute(delete(DuplicatePair).where(DuplicatePair.kind == kind))
    for start in range(0, len(kept), BATCH):
        batch = kept[start:start + BATCH]
        execute_many(_INSERT.values(kind=kind), {
            "low_id": [low for (low, _high), _pair in batch], "high_id": [high for (_low, high), _pair in batch],
            "score": [pair.score for _key, pair in batch], "reasons": [pair.reasons for _key, pair in batch],
            "low_version": [versions[low] for (low, _high), _pair in batch],
            "high_version": [versions[high] for (_low, high), _pair in batch]})
    return len(kept)


_table = DuplicatePair.__table__
_INSERT = insert(_table).values({name: bindparam(name, type_=_table.c[name].type) for name in
                                 ("low_id", "high_id", "score", "reasons", "low_version", "high_version")})


def search(progress) -> dict:
    """The job: compare all contacts, then all organizations, and replace the list in one
    transaction, so the finder shows the old list until the new one is complete."""
    progress(5, english(COMPARING_CONTACTS))
    contacts = pairs.likely("contact")
    progress(55, english(COMPARING_ORGANIZATIONS))
    organizations = pairs.likely("organization")
    progress(80, english(SAVING))
    counts = {"contacts": _replace("contact", *contacts), "organizations": _replace("organization", *organizations)}
    # Last, so merges and dismissals wait on the totals' rows only for a moment.
    db.session.execute(delete(DuplicatePairCount))
    db.session.execute(insert(DuplicatePairCount), [{"kind": "contact", "total": counts["contacts"]},
                                                    {"kind": "organization", "total": counts["organizations"]}])
    db.session.commit()
    _tidy()
    return {"message": english(FOUND, **counts), **counts}


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


def _count(kind: str, change: int) -> None:
    """Keep the kind's total with a change to its rows (in the caller's transaction)."""
    if change:
        db.session.execute(update(DuplicatePairCount).where(DuplicatePairCount.kind == kind)
                           .values(total=DuplicatePairCount.total + change))


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


# --- reading ----------------------------------------------------------------------------------


def _records(kind: str, ids: set[int]) -> dict[int, object]:
    model = pairs.MODELS[kind]
    return {record.id: record for record in db.session.scalars(select(model).where(model.id.in_(ids)))} if ids else {}


def _stale(row, records: dict, dismissed: set) -> bool:
    low, high = records.get(row.low_id), records.get(row.high_id)
    return low is None or high is None or (low.version, high.version) != (row.low_version, row.high_version) \
        or (row.low_id, row.high_id) in dismissed


def _dismissed_among(kind: str, rows) -> set[tuple[int, int]]:
    """Pairs of the page dismissed after the search read the dismissals (a race, but possible)."""
    lows = {row.low_id for row in rows}
    if not lows:
        return set()
    return {(low, high) for low, high in db.session.execute(select(
        DuplicateDismissal.low_id, DuplicateDismissal.high_id).where(
        DuplicateDismissal.kind == kind, DuplicateDismissal.low_id.in_(lows)))} & {(r.low_id, r.high_id) for r in rows}


def _recheck(kind: str, rows, dismissed: set) -> None:
    """Judge stale pairs again: gone when dismissed, a record is gone or they are no longer
    alike, else updated. Core statements by id, so a search replacing the list meanwhile wins."""
    for row in rows:
        found, versions = (None, {}) if (row.low_id, row.high_id) in dismissed else \
            pairs.between(kind, row.low_id, row.high_id)
        if found is None:
            _count(kind, -db.session.execute(delete(DuplicatePair).where(DuplicatePair.id == row.id)).rowcount)
        else:
            db.session.execute(update(DuplicatePair).where(DuplicatePair.id == row.id).values(
                score=found.score, reasons=found.reasons, low_version=versions[row.low_id],
                high_version=versions[row.high_id]))
    db.session.commit()


_COLUMNS = (DuplicatePair.id, DuplicatePair.low_id, DuplicatePair.high_id, DuplicatePair.score,
            DuplicatePair.reasons, DuplicatePair.low_version, DuplicatePair.high_version)
_ORDER = (DuplicatePair.score.desc(), DuplicatePair.low_id.desc(), DuplicatePair.high_id.desc())


def _page_rows(kind: str, page: int, per_page: int) -> list:
    """The page's rows: first their ids, skipping earlier pages inside the index, then the rows."""
    ids = select(DuplicatePair.id).where(DuplicatePair.kind == kind).order_by(*_ORDER) \
        .offset((page - 1) * per_page).limit(per_page)
    wanted = list(db.session.scalars(ids))
    return db.session.execute(select(*_COLUMNS).where(DuplicatePair.id.in_(wanted)).order_by(*_ORDER)).all() \
        if wanted else []


def page_of(kind: str, page: int, per_page: int) -> tuple[Page, dict[int, object]]:
    """One page of pairs, best first (among equal scores the newest records first), and the
    records they name by id; stale pairs on it are judged again before it is shown."""
    for _round in range(RECHECK_ROUNDS):
        rows = _page_rows(kind, page, per_page)
        records = _records(kind, {i for row in rows for i in (row.low_id, row.high_id)})
        dismissed = _dismissed_among(kind, rows)
        stale = [row for row in rows if _stale(row, records, dismissed)]
        if not stale:
            break
        _recheck(kind, stale, dismissed)
    rows = [row for row in rows if not _stale(row, records, dismissed)]
    total = db.session.scalar(select(DuplicatePairCount.total).where(DuplicatePairCount.kind == kind)) or 0
    return Page(rows, page, per_page, total), records


# --- keeping it current -----------------------------------------------------------------------


def pass_on(kind: str, from_id: int, to_id: int) -> None:
    """A record merged away (`from_id`) leaves the list at once, in the merge's transaction; its
    pairs with third records pass to the kept one (`to_id`) unless it has them already or they
    were dismissed, marked stale (version 0), so they are judged again when shown: the kept
    record may well be like them now, having taken the other's values."""
    of_record = (DuplicatePair.kind == kind, or_(DuplicatePair.low_id == from_id, DuplicatePair.high_id == from_id))
    moving = db.session.execute(select(DuplicatePair.low_id, DuplicatePair.high_id, DuplicatePair.score,
                                       DuplicatePair.reasons).where(*of_record)).all()
    gone = db.session.execute(delete(DuplicatePair).where(*of_record)).rowcount
    kept = (DuplicatePair.kind == kind, or_(DuplicatePair.low_id == to_id, DuplicatePair.high_id == to_id))
    taken = {i for row in db.session.execute(select(DuplicatePair.low_id, DuplicatePair.high_id).where(*kept))
             for i in row} | _dismissed_with(kind, to_id) | {to_id}
    rows, seen = [], set()
    for row in moving:
        third = row.high_id if row.low_id == from_id else row.low_id
        if third in taken or third in seen:
            continue
        seen.add(third)
        rows.append({"kind": kind, "low_id": min(third, to_id), "high_id": max(third, to_id), "score": row.score,
                     "reasons": row.reasons, "low_version": 0, "high_version": 0})
    if rows:
        db.session.execute(insert(DuplicatePair), rows)
    _count(kind, len(rows) - gone)


def _dismissed_with(kind: str, record_id: int) -> set[int]:
    rows = db.session.execute(select(DuplicateDismissal.low_id, DuplicateDismissal.high_id).where(
        DuplicateDismissal.kind == kind,
        or_(DuplicateDismissal.low_id == record_id, DuplicateDismissal.high_id == record_id)))
    return {i for row in rows for i in row}


def dismiss(kind: str, a: int, b: int, user: User) -> None:
    """Remember that the two are different records (again is harmless); the pair leaves the list."""
    low, high = min(a, b), max(a, b)
    same = (DuplicateDismissal.kind == kind, DuplicateDismissal.low_id == low, DuplicateDismissal.high_id == high)
    if db.session.scalar(select(DuplicateDismissal.id).where(*same)) is None:
        db.session.add(DuplicateDismissal(kind=kind, low_id=low, high_id=high, dismissed_by_id=user.id))
    _leave_list(kind, low, high)
    try:
        db.session.commit()
    except IntegrityError:  # dismissed by a colleague at the same moment: the pair is remembered
        db.session.rollback()
        _leave_list(kind, low, high)
        db.session.commit()


def _leave_list(kind: str, low: int, high: int) -> None:
    gone = db.session.execute(delete(DuplicatePair).where(DuplicatePair.kind == kind, DuplicatePair.low_id == low,
                                                          DuplicatePair.high_id == high)).rowcount
    _count(kind, -gone)
