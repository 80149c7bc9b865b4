"""What the app tells a person: one row per recipient and event."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models._base import utcnow

EMAIL_AT_ONCE, EMAIL_DAILY, EMAIL_OFF = "instant", "daily", "off"
EMAIL_CHOICES = (EMAIL_AT_ONCE, EMAIL_DAILY, EMAIL_OFF)


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        # An event the scheduler sees on every tick (a window ending) is told once per person.
        UniqueConstraint("user_id", "key", name="uq_notifications_user_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    # Stored in English and shown in the reader's language (webapp.stored_text).
    text: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(500))
    key: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Set when an e-mail (at once or in a digest) carried it, so the digest never repeats it.
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
