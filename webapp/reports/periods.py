"""Calendar buckets (weeks from Monday, months, days) and durations in UTC, as SQL for both databases."""

from datetime import date, timedelta

import numpy as np
from sqlalchemy import Date, Integer, Text, cast, extract, func

from webapp.extensions import db


def sql_week(column):
    """The Monday of the moment's week (UTC) as text YYYY-MM-DD, in SQL."""
    if _postgresql():
        return func.to_char(func.date_trunc("week", func.timezone("UTC", column)), "YYYY-MM-DD")
    return func.date(column, "weekday 0", "-6 days")  # the coming Sunday (or today), back to Monday


def _postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def sql_month(column):
    """The moment's month (UTC) as text YYYY-MM, in SQL."""
    if _postgresql():
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.substr(column, 1, 7)  # SQLite keeps UTC moments as text "YYYY-MM-DD HH:MM:SS…"


def sql_month_of_day(column):
    """A date column's month as text YYYY-MM, in SQL."""
    if _postgresql():
        return func.to_char(column, "YYYY-MM")
    return func.substr(column, 1, 7)  # SQLite keeps dates as text "YYYY-MM-DD"


def sql_seconds(start, end):
    """Whole seconds from `start` to `end` as SQL (an integer: its text, see sql_number_list, is cheap)."""
    if _postgresql():
        return cast(func.round(extract("epoch", end - start)), Integer)
    return cast(func.round((func.julianday(end) - func.julianday(start)) * 86400), Integer)


EPOCH = date(1970, 1, 1)


def sql_day_number(column):
    """The UTC day of a moment as days since 1970-01-01 (an integer, cheaper to group by than a text date)."""
    if _postgresql():
        return cast(func.timezone("UTC", column), Date) - EPOCH
    return cast(func.julianday(column) - 2440587.5, Integer)  # Julian day of 1970-01-01 00:00 UTC


def day_of_number(number: int) -> date:
    return EPOCH + timedelta(days=int(number))


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
