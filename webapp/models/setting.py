"""Admin-editable settings (BANT points, time windows, funnel names) as JSON per key."""

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.locking import VersionedMixin
from webapp.models._base import TimestampMixin


class Setting(VersionedMixin, TimestampMixin, db.Model):
    locking_noun = "setting"
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[dict | list | str | int | float | None] = mapped_column(JSON)
