"""Leads marked in bulk: one batch per "Create N leads", so the batch can be reverted as a whole."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._base import utcnow


class LeadBatch(db.Model):
    """What was marked, by whom and when, the contacts skipped and why, and its revert."""

    __tablename__ = "lead_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The preview's token: a second submit of the same preview finds this batch instead of making one.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="SET NULL"), index=True)
    source: Mapped[str | None] = mapped_column(String(40))
    expected_value: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    skipped_count: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[list] = mapped_column(JSON, default=list)  # [{contact_id, name, reason, other}]
    reverted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reverted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    deleted_count: Mapped[int | None] = mapped_column(Integer)
    kept_count: Mapped[int | None] = mapped_column(Integer)

    campaign: Mapped["Campaign | None"] = relationship()  # noqa: F821
    created_by: Mapped["User | None"] = relationship(foreign_keys=[created_by_id])  # noqa: F821
    reverted_by: Mapped["User | None"] = relationship(foreign_keys=[reverted_by_id])  # noqa: F821


class LeadBatchItem(db.Model):
    """One lead a batch created, and the campaign membership as it was before, so a revert can
    restore it (`member_status_before` None: the batch added the membership)."""

    __tablename__ = "lead_batch_items"
    # The batch's items, and the item of one member (marking members reads each member's lead by it).
    __table_args__ = (Index("ix_lead_batch_items_batch_member", "batch_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("lead_batches.id", ondelete="CASCADE"))
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id", ondelete="SET NULL"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("campaign_members.id", ondelete="SET NULL"))
    member_status_before: Mapped[str | None] = mapped_column(String(20))
    member_lead_before: Mapped[int | None] = mapped_column(Integer)  # no key: that lead may go its own way
    outcome: Mapped[str | None] = mapped_column(String(10))  # after a revert: "deleted" or "kept"
    kept_because: Mapped[list | None] = mapped_column(JSON)  # codes of webapp.lead_batches.revert.KEPT

    contact: Mapped["Contact | None"] = relationship()  # noqa: F821
    lead: Mapped["Lead | None"] = relationship()  # noqa: F821
