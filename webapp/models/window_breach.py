"""A time window that passed before its owner acted: kept once the window has ended (see
webapp.leads.breaches), so reports count breaches of any period, not only those still open now."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


class WindowBreach(db.Model):
    __tablename__ = "window_breaches"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(20))  # the lead's stage while the window ran
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)  # when it passed
    ended_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # the late action, hand-off or close
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
