"""Moments in UTC: every timestamp is stored in UTC, but SQLite hands it back without its offset."""

from datetime import datetime, timezone


def as_utc(moment: datetime) -> datetime:
    """The same moment with its UTC offset attached (a naive value is UTC as stored)."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)
