"""Dates, numbers and money as the reader's language writes them, times in the company's zone.

de: 1.234,56 €, 30.11.2026, 14:05; en: €1,234.56, 30 Nov 2026, 14:05. The language and zone are
the request's (webapp.i18n); outside a request (a script, a unit test) English and the default
zone. Babel's parsed patterns are kept per language: parsing them on every call would cost more
than the formatting itself, and a list page formats a few values per row.
"""

from dataclasses import dataclass
from datetime import date, datetime, timezone, tzinfo
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import DateTimePattern
from babel.dates import parse_pattern as parse_date_pattern
from babel.numbers import NumberPattern
from babel.numbers import parse_pattern as parse_number_pattern
from flask import has_app_context
from flask_babel import get_locale, get_timezone

from webapp.locales import DEFAULT_TIMEZONE

CURRENCY = "EUR"
# Numeric dates for German as German business letters write them; English keeps the day before
# the month as the app always showed it (no US month-first order for a European market).
DATE_PATTERNS = {"en": ("dd MMM y", "dd MMM y, HH:mm"), "de": ("dd.MM.y", "dd.MM.y, HH:mm")}


@dataclass(frozen=True)
class LocaleFormats:
    locale: Locale
    date: DateTimePattern
    datetime: DateTimePattern
    money: NumberPattern
    whole_money: NumberPattern
    percent: NumberPattern


@lru_cache(maxsize=8)
def formats_for(language: str) -> LocaleFormats:
    locale = Locale.parse(language)
    date_pattern, datetime_pattern = DATE_PATTERNS.get(language, DATE_PATTERNS["en"])
    money = locale.currency_formats["standard"].pattern
    return LocaleFormats(locale=locale, date=parse_date_pattern(date_pattern),
                         datetime=parse_date_pattern(datetime_pattern), money=parse_number_pattern(money),
                         whole_money=parse_number_pattern(money.replace(".00", "")),
                         percent=parse_number_pattern(locale.percent_formats[None].pattern))


@lru_cache(maxsize=32)
def _decimal_pattern(language: str, places: int | None) -> NumberPattern:
    """Fixed places ("#,##0.000"), or None: as many as the value has, at most six."""
    fraction = "0" * places if places is not None else "#" * 6
    return parse_number_pattern(f"#,##0.{fraction}" if fraction else "#,##0")


def current_language() -> str:
    locale = get_locale() if has_app_context() else None
    return locale.language if locale is not None else "en"


def current_formats() -> LocaleFormats:
    return formats_for(current_language())


def current_timezone() -> tzinfo:
    return get_timezone() if has_app_context() else _zone(DEFAULT_TIMEZONE)


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def as_local(value: datetime | str) -> datetime:
    """A stored time (UTC; naive from SQLite, ISO text from JSON columns) in the company's zone."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(current_timezone())


def format_datetime(value: datetime | str | None) -> str:
    if value is None:
        return ""
    f = current_formats()
    return f.datetime.apply(as_local(value), f.locale)


def format_date(value: date | datetime | None) -> str:
    """A day; a time of day is first moved to the company's zone (23:30 UTC is tomorrow in Berlin)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = as_local(value).date()
    f = current_formats()
    return f.date.apply(value, f.locale)


def format_money(value, whole: bool = False) -> str:
    """Euros with cents (or whole euros for overviews): de 1.234,56 €, en €1,234.56."""
    if value is None:
        return ""
    f = current_formats()
    pattern = f.whole_money if whole else f.money
    return pattern.apply(Decimal(value), f.locale, currency=CURRENCY, currency_digits=not whole)


def format_percent(fraction: float | None) -> str:
    """0.2 → de 20 %, en 20%."""
    if fraction is None:
        return "–"
    f = current_formats()
    return f.percent.apply(fraction, f.locale)


def format_decimal(value, places: int | None = None, grouping: bool = True) -> str:
    """A number with `places` fixed decimals, or (None) as many as it has: 2.500 → 2,5 / 2.5."""
    if value is None:
        return ""
    f = current_formats()
    number = Decimal(value) if not isinstance(value, float) else Decimal(repr(value))
    if places is None:
        number = number.normalize() if number == number else number
    return _decimal_pattern(f.locale.language, places).apply(number, f.locale, group_separator=grouping)
