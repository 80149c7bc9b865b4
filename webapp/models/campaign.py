"""Campaigns and their members (the contacts a campaign targets)."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._base import TimestampMixin, utcnow

CHANNELS = ("mailing", "trade_fair", "advertisement", "web", "referral", "event", "other")
CAMPAIGN_STATUSES = ("planned", "active", "done")
# A member's way through a campaign, in order; "unsubscribed" may follow any of them.
MEMBER_STATUSES = ("targeted", "contacted", "responded", "lead", "unsubscribed")
# The statuses that say marketing reached the contact: never set for whom may not be contacted.
REACHED_STATUSES = ("contacted", "responded")
# How a contact became a member: added by hand, or with the others of the target group (webapp/target_groups).
MEMBER_ORIGINS = ("hand", "group")


class Campaign(TimestampMixin, db.Model):
    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    channel: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str | None] = mapped_column(Text)
    criteria: Mapped[dict] = mapped_column(JSON, default=dict)  # target group (webapp/target_groups/criteria.py)
    # When members were last added from the target group, and how many were added then.
    group_snapshot_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    group_snapshot_count: Mapped[int | None] = mapped_column(Integer)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    budget: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    actual_cost: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    owner: Mapped["User | None"] = relationship(foreign_keys=[owner_id])  # noqa: F821

    members: Mapped[list["CampaignMember"]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan"
    )


class CampaignMember(db.Model):
    __tablename__ = "campaign_members"
    __table_args__ = (UniqueConstraint("campaign_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="targeted")  # MEMBER_STATUSES
    # Indexed: deleting leads (a reverted batch) finds their members by it, not by reading them all.
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id", ondelete="SET NULL"), index=True)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    origin: Mapped[str] = mapped_column(String(10), server_default="hand")  # MEMBER_ORIGINS

    campaign: Mapped[Campaign] = relationship(back_populates="members")
    contact: Mapped["Contact"] = relationship()  # noqa: F821
