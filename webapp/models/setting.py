"""Admin-editable settings (BANT points, time windows, funnel names) as JSON per key."""

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models._base import TimestampMixin


class Setting(TimestampMixin, db.Model):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[dict | list | str | int | float | None] = mapped_column(JSON)
