"""Fields an admin adds to contacts and organizations. Their values live in the record's `custom`
JSON column under the field's key, typed: text and choices as strings, numbers as JSON numbers,
dates as ISO strings (so they sort and compare as text on every database)."""

from sqlalchemy import JSON, Boolean, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db

FIELD_TYPES = ("text", "number", "date", "choice")
ENTITIES = ("contact", "organization")


class CustomField(db.Model):
    __tablename__ = "custom_fields"
    __table_args__ = (UniqueConstraint("entity", "key", name="uq_custom_fields_entity_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))  # "contact" or "organization"
    key: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(120))
    type: Mapped[str] = mapped_column(String(10), default="text")
    options: Mapped[list] = mapped_column(JSON, default=list)  # the choices of a choice field
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    in_list: Mapped[bool] = mapped_column(Boolean, default=False)  # a column of the list
