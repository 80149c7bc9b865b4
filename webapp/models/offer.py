"""Catalogue, offers with their lines, invoices and payments. Money is Decimal, never float."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.locking import VersionedMixin
from webapp.models._base import TimestampMixin

MONEY = Numeric(12, 2)


class OfferStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    EXPIRED = "expired"
    # The lead was closed as lost or disqualified while the offer was a draft or sent: it no longer
    # counts anywhere, and reopening the lead does not revive it (a new offer is written).
    WITHDRAWN = "withdrawn"


class InvoiceStatus(StrEnum):
    OPEN = "open"
    PARTLY_PAID = "partly_paid"
    PAID = "paid"
    CANCELLED = "cancelled"


class Product(TimestampMixin, db.Model):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    unit: Mapped[str] = mapped_column(String(20), default="pc")
    unit_price: Mapped[Decimal] = mapped_column(MONEY)
    tax_rate: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("19.00"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class NumberSequence(db.Model):
    """Gap-free yearly counters (offers, invoices); rows are locked while a number is drawn."""

    __tablename__ = "number_sequences"
    __table_args__ = (UniqueConstraint("kind", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class Offer(VersionedMixin, TimestampMixin, db.Model):
    locking_noun = "offer"
    __tablename__ = "offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default=OfferStatus.DRAFT, index=True)
    valid_until: Mapped[date | None] = mapped_column(Date)
    terms: Mapped[str | None] = mapped_column(Text)
    customer_note: Mapped[str | None] = mapped_column(Text)
    total_net: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    total_tax: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    total_gross: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    lead: Mapped["Lead"] = relationship()  # noqa: F821
    lines: Mapped[list["OfferLine"]] = relationship(
        back_populates="offer", order_by="OfferLine.position", cascade="all, delete-orphan"
    )


class OfferLine(VersionedMixin, db.Model):
    locking_noun = "offer line"
    __tablename__ = "offer_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[Decimal] = mapped_column(Numeric(12, 3))
    unit: Mapped[str] = mapped_column(String(20), default="pc")
    unit_price: Mapped[Decimal] = mapped_column(MONEY)
    discount_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("0"))
    tax_rate: Mapped[Decimal] = mapped_column(Numeric(5, 2))

    offer: Mapped[Offer] = relationship(back_populates="lines")
    product: Mapped[Product | None] = relationship()


class Invoice(TimestampMixin, db.Model):
    __tablename__ = "invoices"
    # What has been paid is kept on the invoice so the database itself refuses an overpayment.
    __table_args__ = (CheckConstraint("amount_paid >= 0", name="paid_not_negative"),
                      CheckConstraint("amount_paid <= total_gross", name="outstanding_not_negative"))

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="RESTRICT"), index=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    issued_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    total_net: Mapped[Decimal] = mapped_column(MONEY)
    total_tax: Mapped[Decimal] = mapped_column(MONEY)
    total_gross: Mapped[Decimal] = mapped_column(MONEY)
    status: Mapped[str] = mapped_column(String(20), default=InvoiceStatus.OPEN, index=True)
    amount_paid: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"), server_default="0")
    # The address lines the invoice was issued to, as issued: an issued invoice is kept unchanged
    # (§ 14 UStG, § 147 AO), even when the person is later erased (webapp/privacy).
    issued_to: Mapped[list | None] = mapped_column(JSON)

    offer: Mapped[Offer] = relationship()
    lead: Mapped["Lead"] = relationship()  # noqa: F821
    payments: Mapped[list["Payment"]] = relationship(back_populates="invoice", order_by="Payment.paid_on")


class Payment(db.Model):
    __tablename__ = "payments"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    amount: Mapped[Decimal] = mapped_column(MONEY)
    paid_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(200))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    invoice: Mapped[Invoice] = relationship(back_populates="payments")
