"""Calls, e-mails, meetings and notes each person logged per day (UTC), kept by
webapp.reports.activity_days so the report never counts a period's activities one by one."""

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


class ActivityDay(db.Model):
    __tablename__ = "activity_days"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    activities: Mapped[int] = mapped_column(Integer)
