"""Dates, numbers and money as each language writes them; times in the company's time zone."""

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from babel import Locale, numbers
from flask import render_template_string
from flask_babel import force_locale, refresh
from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.formats import _decimal_format, formats_for
from webapp.locales import LANGUAGES
from webapp.settings.services import save_settings
from tests.factories import make_lead


def shown(app, language: str, template: str, **values) -> str:
    with app.test_request_context(), force_locale(language):
        refresh()  # the company's time zone as saved now (the language stays forced)
        return render_template_string(template, **values).replace("\xa0", " ")


@pytest.mark.parametrize("language, cents, whole", [("de", "1.234,56 €", "12.500 €"), ("en", "€1,234.56", "€12,500")])
def test_money_per_language(app, language, cents, whole):
    assert shown(app, language, "{{ v|money }}", v=Decimal("1234.56")) == cents
    assert shown(app, language, "{{ v|euro }}", v=Decimal("12500")) == whole


@pytest.mark.parametrize("language, expected", [("de", "0,913 · 20 % · 2,5 · 1.500"), ("en", "0.913 · 20% · 2.5 · 1,500")])
def test_numbers_and_percentages_per_language(app, language, expected):
    template = "{{ auc|number }} · {{ share|percent }} · {{ q|qty }} · {{ n|qty }}"
    assert shown(app, language, template, auc=0.91349, share=0.2, q=Decimal("2.500"), n=Decimal("1500")) == expected


@pytest.mark.parametrize("language, winter, summer, day", [
    ("de", "30.11.2026, 14:05", "30.07.2026, 14:00", "29.11.2026"),
    ("en", "30 Nov 2026, 14:05", "30 Jul 2026, 14:00", "29 Nov 2026"),
])
def test_times_are_shown_in_berlin_time_by_default(app, language, winter, summer, day):
    template = "{{ w|datetime }} | {{ s|datetime }} | {{ d|date }}"
    values = dict(w=datetime(2026, 11, 30, 13, 5, tzinfo=timezone.utc),
                  s=datetime(2026, 7, 30, 12, 0),  # SQLite gives naive datetimes: they are UTC
                  d=date(2026, 11, 29))
    assert shown(app, language, template, **values) == f"{winter} | {summer} | {day}"


def test_a_late_utc_time_is_already_the_next_day_in_the_company_zone(app):
    assert shown(app, "de", "{{ t|date }}", t=datetime(2026, 11, 29, 23, 30, tzinfo=timezone.utc)) == "30.11.2026"


def test_the_company_time_zone_setting_moves_every_time_shown(app, db):
    moment = datetime(2026, 11, 30, 13, 5, tzinfo=timezone.utc)
    save_settings({"company": {"timezone": "America/New_York"}})
    assert shown(app, "de", "{{ t|datetime }}", t=moment) == "30.11.2026, 08:05"
    save_settings({"company": {"timezone": "Mars/Olympus_Mons"}})  # unknown: the default zone, not an error
    assert shown(app, "de", "{{ t|datetime }}", t=moment) == "30.11.2026, 14:05"


def test_a_german_user_reads_the_lead_list_in_german_numbers(client, login_as):
    login_as("sales", language="de")
    make_lead(title="Kühlhaus", expected_value=Decimal("12500"))
    page = client.get("/leads/").get_data(as_text=True).replace("\xa0", " ")
    assert "12.500 €" in page and "€12,500" not in page


@settings(max_examples=300, deadline=None)
@given(value=st.decimals(min_value=-10**10, max_value=10**10, places=4, allow_nan=False, allow_infinity=False),
       language=st.sampled_from(LANGUAGES), grouping=st.booleans())
def test_the_fast_number_formats_write_exactly_what_babel_writes(value, language, grouping):
    fast = formats_for(language)
    assert fast.money(value, grouping) == numbers.format_currency(value, "EUR", locale=language,
                                                                   group_separator=grouping)
    whole = Locale.parse(language).currency_formats["standard"].pattern.replace(".00", "")
    assert fast.whole_money(value) == numbers.format_currency(value, "EUR", whole, locale=language, currency_digits=False)
    assert fast.percent(value) == numbers.format_percent(value, locale=language)
    for places in (0, 2, 3):
        pattern = "#,##0." + "0" * places if places else "#,##0"
        assert _decimal_format(language, places)(value, grouping) == numbers.format_decimal(
            value, pattern, locale=language, group_separator=grouping)
