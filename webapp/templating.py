"""Jinja filters and globals shared by all templates."""

from datetime import date, datetime, timezone

from flask import Flask

from webapp.pills import FILTERS, humanize


def fmt_datetime(value: datetime | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):  # JSON columns keep times as ISO strings
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:  # SQLite returns naive datetimes; we store UTC
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone().strftime("%d %b %Y, %H:%M")


def fmt_date(value: date | None) -> str:
    return value.strftime("%d %b %Y") if value else ""


def fmt_percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def fmt_number(value: float | None, places: int = 3) -> str:
    """A metric with fixed decimals; "–" when unknown (stored JSON holds null, never NaN)."""
    return "–" if value is None or value != value else f"{value:.{places}f}"


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        datetime=fmt_datetime, date=fmt_date, percent=fmt_percent, number=fmt_number, humanize=humanize, **FILTERS
    )
    app.jinja_env.globals["htmx_version"] = "2.0.11"
