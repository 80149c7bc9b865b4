"""Calendar buckets (weeks from Monday, months) in UTC, in SQL for both databases and in Python."""

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import extract, func

from webapp.extensions import db
from webapp.leads.timing import aware


def week_of(moment: datetime) -> date:
    """The Monday of the moment's week (UTC)."""
    day = aware(moment).date()
    return day - timedelta(days=day.weekday())


def month_of(moment: datetime) -> str:
    moment = aware(moment).astimezone(timezone.utc)
    return f"{moment.year:04d}-{moment.month:02d}"  # formatted by hand: strftime cost a tenth of the page


def sql_week(column):
    """week_of() as SQL: the Monday as text YYYY-MM-DD."""
    if _postgresql():
        return func.to_char(func.date_trunc("week", func.timezone("UTC", column)), "YYYY-MM-DD")
    return func.date(column, "weekday 0", "-6 days")  # the coming Sunday (or today), back to Monday


def _postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def sql_month(column):
    """month_of() as SQL: YYYY-MM."""
    if _postgresql():
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


def sql_hours(start, end):
    """Hours from `start` to `end` as SQL (a float)."""
    if _postgresql():
        return extract("epoch", end - start) / 3600.0
    return (func.julianday(end) - func.julianday(start)) * 24.0
