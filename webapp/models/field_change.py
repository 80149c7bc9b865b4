"""Field history: one row per change of a tracked field (see webapp.field_history)."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._base import utcnow


class FieldChange(db.Model):
    """`field` of the `entity_type` row `entity_id` went from `old_value` to `new_value`.

    Values are JSON-typed (strings, numbers, booleans, dates as ISO strings) and SQL NULL for
    "no value". Creating a record writes its initial values with `old_value` NULL.
    """

    __tablename__ = "field_changes"
    __table_args__ = (
        # "History of entity X" reads the prefix; "field F of X as of T" the whole key.
        Index("ix_field_changes_entity_field_at", "entity_type", "entity_id", "field", "changed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[object | None] = mapped_column(JSON(none_as_null=True))
    new_value: Mapped[object | None] = mapped_column(JSON(none_as_null=True))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    via: Mapped[str | None] = mapped_column(String(10))  # form, htmx, api, cli, job, demo

    changed_by: Mapped["User | None"] = relationship()  # noqa: F821
