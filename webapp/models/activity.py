"""The contact history: everything that happened with a contact, on one timeline."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._base import utcnow


class ActivityKind(StrEnum):
    CALL = "call"
    EMAIL = "email"
    MEETING = "meeting"
    NOTE = "note"
    MATERIAL_SENT = "material_sent"
    STAGE_CHANGE = "stage_change"
    HANDOFF = "handoff"
    ESCALATION = "escalation"
    MERGE = "merge"  # a duplicate was merged into this contact (or its organization)


# What a user logs by hand; the other kinds are written by the system.
LOGGABLE_KINDS = (ActivityKind.CALL, ActivityKind.EMAIL, ActivityKind.MEETING, ActivityKind.NOTE)


class Activity(db.Model):
    __tablename__ = "activities"
    __table_args__ = (
        Index("ix_activities_contact_occurred", "contact_id", "occurred_at"),
        Index("ix_activities_occurred_user", "occurred_at", "user_id", "kind"),  # activities per rep and week
        # The materials list counts sends per material and the leads they went to from this index alone.
        Index("ix_activities_material", "material_id", "lead_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(Text)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    material_id: Mapped[int | None] = mapped_column(ForeignKey("materials.id", ondelete="SET NULL"))
    # For stage changes and hand-offs: from/to and why, kept as data for KPIs.
    details: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    contact: Mapped["Contact"] = relationship()  # noqa: F821
    lead: Mapped["Lead | None"] = relationship()  # noqa: F821
    user: Mapped["User | None"] = relationship()  # noqa: F821
    material: Mapped["Material | None"] = relationship()  # noqa: F821


class Material(db.Model):
    """Brochures, price lists, samples: what can be sent, so nothing is sent twice by accident."""

    __tablename__ = "materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    kind: Mapped[str] = mapped_column(String(40), default="brochure")
    active: Mapped[bool] = mapped_column(default=True)  # retired materials keep their history
    url: Mapped[str | None] = mapped_column(String(500))
    # An uploaded file lives under instance/materials/<stored_name>; file_name is what it was called.
    file_name: Mapped[str | None] = mapped_column(String(255))
    stored_name: Mapped[str | None] = mapped_column(String(64))
    content_type: Mapped[str | None] = mapped_column(String(120))
    size: Mapped[int | None] = mapped_column()
