"""A person's request about their data (GDPR Art. 15 export, Art. 17 erasure), as it was answered."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._base import utcnow


class DataRequest(db.Model):
    """Who exported or erased which contact when, with counts only: the record of an erasure must
    not keep the personal data it erased, so it names the contact by id and holds no text of theirs."""

    __tablename__ = "data_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # export, erase
    # A plain id, no foreign key: the record outlives the contact row if it is ever deleted.
    contact_id: Mapped[int] = mapped_column(Integer, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    via: Mapped[str] = mapped_column(String(10))  # form, cli
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    summary: Mapped[dict] = mapped_column(JSON, default=dict)  # records by kind: {"leads": 2, ...}

    user: Mapped["User | None"] = relationship()  # noqa: F821
