"""Calendar buckets (weeks from Monday, months) in UTC, in SQL for both databases and in Python."""

from datetime import date, datetime, timedelta, timezone

import numpy as np
from sqlalchemy import Integer, Text, cast, extract, func

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
    return func.substr(column, 1, 7)  # SQLite keeps UTC moments as text "YYYY-MM-DD HH:MM:SS…"


def sql_hours(start, end):
    """Hours from `start` to `end` as SQL (a float)."""
    if _postgresql():
        return extract("epoch", end - start) / 3600.0
    return (func.julianday(end) - func.julianday(start)) * 24.0


def sql_number_list(column):
    """The group's values as one comma-separated text (aggregate): a group's values in one row
    instead of a row per value, which cost most of the time of reading them."""
    if _postgresql():
        return func.string_agg(cast(column, Text), ",")
    return func.group_concat(column, ",")


def numbers(joined: str | None):
    """sql_number_list() back as an array of floats."""
    return np.array(joined.split(","), dtype=float) if joined else np.array([], dtype=float)


def sql_capped(column, cap: int):
    """min(column, cap) as SQL (NULL stays NULL)."""
    return func.least(column, cap) if _postgresql() else func.min(column, cap)


def sql_tenth(probability):
    """Which tenth of a probability (0 … 1), 0 … 9 as SQL like int(p * 10) in Python; NULL stays NULL."""
    if _postgresql():
        return func.least(cast(func.floor(probability * 10), Integer), 9)
    return func.min(cast(probability * 10, Integer), 9)  # SQLite's CAST truncates, as int() does
