"""Jinja filters and globals shared by all templates; dates, numbers and money per locale
(webapp.formats)."""

from datetime import date, datetime

from flask import Flask

from webapp.formats import format_date, format_datetime, format_decimal, format_percent
from webapp.pills import FILTERS, humanize


def fmt_datetime(value: datetime | str | None) -> str:
    return format_datetime(value)


def fmt_date(value: date | None) -> str:
    return format_date(value)


def fmt_percent(value: float | None) -> str:
    return format_percent(value)


def fmt_number(value: float | None, places: int = 3) -> str:
    """A metric with fixed decimals; "–" when unknown (stored JSON holds null, never NaN)."""
    return "–" if value is None or value != value else format_decimal(value, places)


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        datetime=fmt_datetime, date=fmt_date, percent=fmt_percent, number=fmt_number, humanize=humanize, **FILTERS
    )
    app.jinja_env.globals["htmx_version"] = "2.0.11"
