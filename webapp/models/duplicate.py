"""Likely duplicate pairs as the last search found them, and pairs a person has judged "not a duplicate"."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models._base import utcnow


class DuplicateDismissal(db.Model):
    """`kind` ("contact" or "organization") rows `low_id` < `high_id` are different records.

    No foreign keys: a pair outlives neither record in any way that matters (a merge or delete
    leaves a row that simply never matches again), and a key to two tables cannot be declared."""

    __tablename__ = "duplicate_dismissals"
    __table_args__ = (UniqueConstraint("kind", "low_id", "high_id", name="uq_duplicate_dismissals_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    low_id: Mapped[int] = mapped_column(Integer)
    high_id: Mapped[int] = mapped_column(Integer)
    dismissed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    dismissed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DuplicatePair(db.Model):
    """A likely pair as the last duplicate search found it (`kind` rows `low_id` < `high_id`),
    with each record's version as read then: a record changed since gets its pairs judged again
    when the finder shows them. Refilled by each search; a merge or dismissal removes its rows.

    A search writes its list as a new `generation` in short transactions while the finder keeps
    showing the one named in duplicate_pair_counts, and switches to it once it is complete.

    No foreign keys, as with dismissals: a merge must not move these rows to the kept record."""

    __tablename__ = "duplicate_pairs"
    __table_args__ = (
        UniqueConstraint("kind", "low_id", "high_id", "generation", name="uq_duplicate_pairs_pair"),
        # The finder's order (best first, then the newest records) and the ids, read from the index alone.
        Index("ix_duplicate_pairs_rank", "kind", "generation", "score", "low_id", "high_id", "id"),
        Index("ix_duplicate_pairs_high", "kind", "high_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    low_id: Mapped[int] = mapped_column(Integer)
    high_id: Mapped[int] = mapped_column(Integer)
    score: Mapped[int] = mapped_column(Integer)
    reasons: Mapped[list] = mapped_column(JSON)  # codes of webapp.duplicates.pairs.REASONS
    low_version: Mapped[int] = mapped_column(Integer)
    high_version: Mapped[int] = mapped_column(Integer)
    generation: Mapped[int] = mapped_column(Integer, server_default="0")


class DuplicatePairCount(db.Model):
    """How many rows of each kind `duplicate_pairs` holds, kept with every change to them: the
    finder's pager needs the total, and counting 150,000 rows on each view costs more than the
    page itself."""

    __tablename__ = "duplicate_pair_counts"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    total: Mapped[int] = mapped_column(Integer)
    generation: Mapped[int] = mapped_column(Integer, server_default="0")  # the pairs the finder shows
