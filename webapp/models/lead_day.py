"""The leads created per UTC day, owner, source and campaign, counted for the report's figures about
a period (funnel, hand-offs, first callback); kept by webapp.reports.lead_days, so a period's
figures read a row per day and group instead of every lead created in it."""

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


class LeadDay(db.Model):
    __tablename__ = "lead_days"
    __table_args__ = (Index("ix_lead_days_day_group", "day", "owner_id", "source", "campaign_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    # As on the lead: deleting a user or campaign empties both alike.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    source: Mapped[str | None] = mapped_column(String(40))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="SET NULL"))
    leads: Mapped[int] = mapped_column(Integer)
    # Leads whose furthest stage reached is at least a prospect, a customer, a debtor.
    prospects: Mapped[int] = mapped_column(Integer)
    customers: Mapped[int] = mapped_column(Integer)
    debtors: Mapped[int] = mapped_column(Integer)
    # Leads handed off 1, 2, 3, 4 and 5 or more times (none: leads minus these).
    handoffs_1: Mapped[int] = mapped_column(Integer)
    handoffs_2: Mapped[int] = mapped_column(Integer)
    handoffs_3: Mapped[int] = mapped_column(Integer)
    handoffs_4: Mapped[int] = mapped_column(Integer)
    handoffs_5: Mapped[int] = mapped_column(Integer)
    # Whole seconds from creation to the first contact of each contacted lead, comma-separated
    # (percentiles need every value); NULL when none was contacted.
    callback_seconds: Mapped[str | None] = mapped_column(Text)
