"""Pairs a person has judged "not a duplicate", so the duplicate finder stops proposing them."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
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
