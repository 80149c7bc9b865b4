"""Offer and invoice numbers: yearly, gap-free, unique, also when many people create at once."""

import os
import threading
from datetime import datetime, timezone

import pytest

from webapp.extensions import db as _db
from webapp.models import Lead, NumberSequence, Offer, User
from webapp.offers import numbering, services
from tests.factories import make_lead, make_user

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
ON_POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


def test_numbers_run_per_year_and_per_kind(db):
    assert [numbering.next_number(numbering.OFFER, 2026) for _ in range(3)] == \
        ["A-2026-0001", "A-2026-0002", "A-2026-0003"]
    assert numbering.next_number(numbering.OFFER, 2027) == "A-2027-0001"
    assert numbering.next_number(numbering.INVOICE, 2026) == "R-2026-0001"
    db.session.commit()
    assert numbering.next_number(numbering.OFFER, 2026) == "A-2026-0004"


def test_a_rolled_back_draw_leaves_no_gap(db):
    numbering.next_number(numbering.OFFER, 2026)
    db.session.commit()
    assert numbering.next_number(numbering.OFFER, 2026) == "A-2026-0002"
    db.session.rollback()  # the document was never stored: its number goes back
    assert numbering.next_number(numbering.OFFER, 2026) == "A-2026-0002"


def test_the_counter_continues_from_what_is_stored(db):
    db.session.add(NumberSequence(kind="offer", year=2026, last_value=41))
    db.session.commit()
    sales = make_user("sales")
    offer = services.create_offer(make_lead(), sales, now=NOW)
    assert offer.number == "A-2026-0042"


@pytest.mark.postgres_only
@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL: set TEST_DATABASE_URL=postgresql+psycopg://… "
                                            "(SQLite serialises all writers, so there is no race to test)")
def test_concurrent_creation_gives_unique_gap_free_numbers(app, db):
    sales_id, lead_id = make_user("sales").id, make_lead().id
    threads_count, per_thread = 8, 5
    barrier = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def work():
        try:
            with app.app_context():
                user, lead = _db.session.get(User, sales_id), _db.session.get(Lead, lead_id)
                barrier.wait(timeout=30)
                for _ in range(per_thread):
                    services.create_offer(lead, user, now=NOW)
                _db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    numbers = sorted(db.session.scalars(db.select(Offer.number)))
    total = threads_count * per_thread
    assert numbers == [f"A-2026-{n:04d}" for n in range(1, total + 1)]
    assert db.session.scalar(db.select(NumberSequence.last_value).filter_by(kind="offer", year=2026)) == total
