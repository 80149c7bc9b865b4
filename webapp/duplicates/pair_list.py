"""The duplicate finder's list: likely pairs computed by a background job, read a page at a time.

Comparing every record takes seconds at 100,000 contacts, so a job ("duplicate-search": nightly
and on demand; webapp/duplicates/pair_search.py) writes the pairs into `duplicate_pairs`, and
the finder reads one page of the shown generation through an index. The list is kept current
cheaply: a merge or dismissal deletes its rows in its own transaction (a merge passes the
removed record's other pairs to the kept one), and a pair whose record was deleted or changed
since the search (its version differs) is judged again when a page shows it, so nobody is
offered a stale pair.
"""

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from webapp.database import lock_for_update
from webapp.duplicates import pairs
from webapp.extensions import db
from webapp.models import DuplicateDismissal, DuplicatePair, DuplicatePairCount, User
from webapp.paging import Page

KIND = "duplicate-search"
KINDS = pairs.KINDS
# A page whose pairs keep going stale while it is read (colleagues merging fast) is shown after
# this many rounds of rechecking; the rest are checked on the next view.
RECHECK_ROUNDS = 5


def shown_generation(kind: str, lock: bool = False) -> int:
    """The generation of pairs the finder shows. With `lock`, the kind's count row is held until
    the transaction ends, so a search cannot switch generations under a change to the list."""
    if lock:
        row = lock_for_update(DuplicatePairCount, kind)
        return row.generation if row is not None else 0
    return db.session.scalar(select(DuplicatePairCount.generation).where(DuplicatePairCount.kind == kind)) or 0


def _count(kind: str, change: int) -> None:
    """Keep the kind's total with a change to its rows (in the caller's transaction)."""
    if change:
        db.session.execute(update(DuplicatePairCount).where(DuplicatePairCount.kind == kind)
                           .values(total=DuplicatePairCount.total + change))


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


def _page_rows(kind: str, generation: int, page: int, per_page: int) -> list:
    """The page's rows: first their ids, skipping earlier pages inside the index, then the rows."""
    ids = select(DuplicatePair.id).where(DuplicatePair.kind == kind, DuplicatePair.generation == generation) \
        .order_by(*_ORDER).offset((page - 1) * per_page).limit(per_page)
    wanted = list(db.session.scalars(ids))
    return db.session.execute(select(*_COLUMNS).where(DuplicatePair.id.in_(wanted)).order_by(*_ORDER)).all() \
        if wanted else []


def page_of(kind: str, page: int, per_page: int) -> tuple[Page, dict[int, object]]:
    """One page of pairs, best first (among equal scores the newest records first), and the
    records they name by id; stale pairs on it are judged again before it is shown."""
    generation = shown_generation(kind)
    for _round in range(RECHECK_ROUNDS):
        rows = _page_rows(kind, generation, page, per_page)
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
    record may well be like them now, having taken the other's values. The removed record leaves
    a list a search is writing too."""
    generation = shown_generation(kind, lock=True)
    of_record = (DuplicatePair.kind == kind, or_(DuplicatePair.low_id == from_id, DuplicatePair.high_id == from_id))
    moving = db.session.execute(select(DuplicatePair.low_id, DuplicatePair.high_id, DuplicatePair.score,
                                       DuplicatePair.reasons).where(*of_record,
                                                                    DuplicatePair.generation == generation)).all()
    db.session.execute(delete(DuplicatePair).where(*of_record))
    kept = (DuplicatePair.kind == kind, DuplicatePair.generation == generation,
            or_(DuplicatePair.low_id == to_id, DuplicatePair.high_id == to_id))
    taken = {i for row in db.session.execute(select(DuplicatePair.low_id, DuplicatePair.high_id).where(*kept))
             for i in row} | _dismissed_with(kind, to_id) | {to_id}
    rows, seen = [], set()
    for row in moving:
        third = row.high_id if row.low_id == from_id else row.low_id
        if third in taken or third in seen:
            continue
        seen.add(third)
        rows.append({"kind": kind, "low_id": min(third, to_id), "high_id": max(third, to_id), "score": row.score,
                     "reasons": row.reasons, "low_version": 0, "high_version": 0, "generation": generation})
    if rows:
        db.session.execute(insert(DuplicatePair), rows)
    _count(kind, len(rows) - len(moving))


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
    """The pair leaves the shown list (counted) and any list a search is writing."""
    generation = shown_generation(kind, lock=True)
    pair = (DuplicatePair.kind == kind, DuplicatePair.low_id == low, DuplicatePair.high_id == high)
    _count(kind, -db.session.execute(delete(DuplicatePair).where(*pair, DuplicatePair.generation == generation))
           .rowcount)
    db.session.execute(delete(DuplicatePair).where(*pair))
