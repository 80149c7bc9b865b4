"""A duplicate search writes its list in short transactions: another user's save goes through
between two batches (SQLite has one write lock for everyone), the finder shows the previous list
until the new one is complete, and a search that fails half-way leaves the previous list as it
was. On a SQLite file and on PostgreSQL (`shared_app`: connections of their own)."""

from datetime import datetime, timezone

import pytest
from sqlalchemy import create_engine, func, insert, select, text, update

from webapp.duplicates import pair_search
from webapp.duplicates.keys import phone_key
from webapp.extensions import db
from webapp.models import Contact, DuplicatePair, DuplicatePairCount

TWINS = 1500  # 3,000 contacts, each sharing a phone number with one other
BATCH = 200


@pytest.fixture
def contacts(shared_app, monkeypatch):
    monkeypatch.setattr(pair_search, "BATCH", BATCH)
    now = datetime.now(timezone.utc)
    with shared_app.app_context():
        rows = []
        for i in range(TWINS):
            phone = f"030 {1000000 + i}"
            for twin in ("a", "b"):
                rows.append({"first_name": f"First{i}{twin}", "last_name": f"{i:04d}{twin}", "phone": phone,
                             "phone_key": phone_key(phone, "DE"), "custom": {}, "scoring_opt_out": False,
                             "created_at": now, "updated_at": now})
        db.session.execute(insert(Contact.__table__), rows)
        db.session.commit()
        yield shared_app


def _other_user(app):
    """A connection of another user's, which gives up at once where it would wait for a lock."""
    engine = db.engine
    if engine.dialect.name == "sqlite":
        return create_engine(engine.url, connect_args={"timeout": 0})
    return create_engine(engine.url, connect_args={"options": "-c lock_timeout=2000"})


def _shown(connection) -> tuple[int, int]:
    """(total on the pager, rows of the shown generation) as the finder would read them now."""
    total, generation = connection.execute(select(DuplicatePairCount.total, DuplicatePairCount.generation)
                                           .where(DuplicatePairCount.kind == "contact")).one()
    rows = connection.scalar(select(func.count()).select_from(DuplicatePair).where(
        DuplicatePair.kind == "contact", DuplicatePair.generation == generation))
    return total, rows


def test_a_save_goes_through_between_the_batches_of_a_running_search(contacts):
    app = contacts
    with app.app_context():
        pair_search.search(lambda percent, message: None)  # the list the finder shows meanwhile
        first = db.session.scalar(select(Contact.id).order_by(Contact.id))
        db.session.remove()
        other = _other_user(app)
        saves, seen = [], []

        def progress(percent: int, message: str) -> None:
            if message != pair_search.english(pair_search.SAVING) or percent == 60:
                return  # comparing, or saving not begun: only between two written batches
            with other.connect() as connection:
                connection.execute(update(Contact).where(Contact.id == first).values(city=f"Leipzig {percent}"))
                connection.commit()
                saves.append(percent)
                seen.append(_shown(connection))

        result = pair_search.search(progress)
        assert len(saves) >= TWINS // BATCH - 1  # every batch but the last has another user's save after it
        assert set(seen) == {(TWINS, TWINS)}  # the previous list, whole, until the new one is
        assert result["contacts"] == TWINS
        with other.connect() as connection:
            assert _shown(connection) == (TWINS, TWINS)
            assert connection.scalar(select(func.count()).select_from(DuplicatePair)) == TWINS  # the old one is gone
            assert connection.scalar(select(Contact.city).where(Contact.id == first)).startswith("Leipzig")
        other.dispose()


def test_a_search_that_fails_half_way_leaves_the_shown_list_and_the_next_one_tidies_up(contacts):
    app = contacts
    with app.app_context():
        pair_search.search(lambda percent, message: None)
        calls = []

        def progress(percent: int, message: str) -> None:
            if message == pair_search.english(pair_search.SAVING) and percent > 60:
                calls.append(percent)
                if len(calls) == 3:
                    raise OSError("disk full")

        with pytest.raises(OSError):
            pair_search.search(progress)
        db.session.rollback()
        written = db.session.scalar(select(func.count()).select_from(DuplicatePair))
        assert written == TWINS + 3 * BATCH  # three batches of the new list were committed
        assert _shown(db.session) == (TWINS, TWINS)
        pair_search.search(lambda percent, message: None)
        assert _shown(db.session) == (TWINS, TWINS)
        assert db.session.scalar(select(func.count()).select_from(DuplicatePair)) == TWINS
        assert db.session.execute(text("SELECT COUNT(DISTINCT generation) FROM duplicate_pairs")).scalar() == 1
