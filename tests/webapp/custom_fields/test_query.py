"""The SQL criteria target groups and lists build on custom fields, on SQLite and PostgreSQL."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.factories import make_contact, make_custom_field, make_organization
from webapp.custom_fields.query import Criterion, criteria_clause, custom_clause
from webapp.models import Contact, Organization


def _names(db, model, clause) -> set[str]:
    column = Contact.first_name if model is Contact else Organization.name
    return set(db.session.scalars(select(column).where(clause)))


@pytest.fixture
def people(db):
    make_contact("Anna", custom={"budget": 1200, "since": "2025-03-01", "region": "Nord", "note": "50% Rabatt"})
    make_contact("Bert", custom={"budget": 80.5, "since": "2026-01-15", "region": "Süd", "note": "kein Rabatt"})
    make_contact("Cleo", custom={"budget": "a lot", "since": "soon", "note": "Newsletter"})  # not typed as asked
    make_contact("Dora", custom={})


def test_a_number_range_reads_json_numbers_and_passes_over_text(db, people):
    budget = make_custom_field("budget", "number")
    assert _names(db, Contact, custom_clause(Contact, budget, "between", (Decimal("100"), None))) == {"Anna"}
    assert _names(db, Contact, custom_clause(Contact, budget, "between", (None, Decimal("80.5")))) == {"Bert"}
    assert _names(db, Contact, custom_clause(Contact, budget, "between", (Decimal("80"), Decimal("2000")))) == {
        "Anna", "Bert"}


def test_a_date_range_compares_iso_days(db, people):
    since = make_custom_field("since", "date")
    assert _names(db, Contact, custom_clause(Contact, since, "between", (date(2026, 1, 1), None))) == {"Bert"}
    assert _names(db, Contact, custom_clause(Contact, since, "between", (date(2025, 3, 1), date(2025, 3, 1)))) == {
        "Anna"}


def test_text_contains_ignores_case_and_wildcards_and_a_choice_must_match_exactly(db, people):
    note = make_custom_field("note")
    region = make_custom_field("region", "choice", options=["Nord", "Süd"])
    assert _names(db, Contact, custom_clause(Contact, note, "contains", "RABATT")) == {"Anna", "Bert"}
    assert _names(db, Contact, custom_clause(Contact, note, "contains", "50%")) == {"Anna"}
    assert _names(db, Contact, custom_clause(Contact, note, "contains", "%")) == {"Anna"}
    assert _names(db, Contact, custom_clause(Contact, region, "equals", "Süd")) == {"Bert"}
    assert _names(db, Contact, custom_clause(Contact, region, "equals", "Sü")) == set()


def test_criteria_combine_and_an_unknown_field_matches_nothing(db, people):
    fields = [make_custom_field("budget", "number"), make_custom_field("region", "choice", options=["Nord", "Süd"])]
    both = [Criterion("budget", "between", (Decimal(1), None)), Criterion("region", "equals", "Nord")]
    assert _names(db, Contact, criteria_clause(Contact, fields, both)) == {"Anna"}
    assert _names(db, Contact, criteria_clause(Contact, fields, [Criterion("gone", "equals", "x")])) == set()
    assert len(_names(db, Contact, criteria_clause(Contact, fields, []))) == 4


def test_an_operator_the_type_lacks_is_refused(db):
    with pytest.raises(ValueError):
        custom_clause(Contact, make_custom_field("budget", "number"), "contains", "1")


def test_organizations_filter_the_same_way(db):
    make_organization("Groß AG", custom={"staff_share": 0.25})
    make_organization("Klein KG", custom={"staff_share": 0.75})
    make_organization("Leer GmbH")
    share = make_custom_field("staff_share", "number", entity="organization")
    assert _names(db, Organization, custom_clause(Organization, share, "between", (Decimal("0.5"), None))) == {
        "Klein KG"}
