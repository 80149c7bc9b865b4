"""Each criterion and operator finds the contacts a marketer expects, on SQLite and PostgreSQL."""

import pytest

from webapp.models import Contact
from webapp.target_groups.clause import in_group
from webapp.target_groups.criteria import Group, RuleError, draft_from_json, read_rule
from webapp.target_groups.fields import available_fields
from webapp.target_groups.services import preview

EVERYONE = {"Anna", "Bert", "Cleo", "Dora", "Emil"}


def _names(db, *rules, match="all") -> set[str]:
    fields = available_fields()
    group = Group(match, [read_rule(fields[key], op, value, low, high) for key, op, value, low, high in rules])
    return set(db.session.scalars(in_group(group, fields, Contact.first_name)))


def _rule(key, op, value=None, low=None, high=None):
    return (key, op, value, low, high)


@pytest.mark.parametrize(("rule", "expected"), [
    # the contact's industry, else its organization's; case does not matter
    (_rule("industry", "equals", "manufacturing"), {"Anna", "Dora"}),
    (_rule("industry", "equals", "Logistics"), {"Bert"}),
    (_rule("industry", "equals", "Retail"), {"Emil"}),  # Bert's own industry stands before Beta's
    (_rule("industry", "not_equals", "Manufacturing"), {"Bert", "Cleo", "Emil"}),  # no industry is not it
    (_rule("industry", "contains", "MANU"), {"Anna", "Dora"}),
    (_rule("size", "equals", "10-49"), {"Anna", "Dora"}),
    (_rule("size", "at_least", "50-249"), {"Bert", "Emil"}),
    (_rule("size", "at_most", "10-49"), {"Anna", "Dora"}),  # no organization: no size
    (_rule("size", "at_most", "250+"), {"Anna", "Bert", "Dora", "Emil"}),
    (_rule("territory", "equals", "north"), {"Anna", "Dora"}),
    (_rule("country", "equals", "Germany"), {"Anna", "Bert", "Dora"}),
    (_rule("country", "contains", "aus"), {"Emil"}),
    (_rule("postcode", "between", low="30000", high="39999"), {"Anna", "Dora"}),
    (_rule("postcode", "between", low="70000"), {"Bert", "Cleo"}),
    (_rule("postcode", "between", high="1999"), {"Emil"}),
    (_rule("postcode", "starts_with", "8"), {"Bert"}),
    (_rule("city", "equals", "PARIS"), {"Cleo"}),
    (_rule("city", "not_equals", "Hannover"), {"Bert", "Cleo", "Emil"}),
    (_rule("function", "contains", "purchasing head"), {"Anna"}),
    (_rule("function", "equals", "ceo"), {"Bert"}),
    (_rule("source", "equals", "trade_fair"), {"Anna"}),
    (_rule("source", "not_equals", "trade_fair"), EVERYONE - {"Anna"}),
    (_rule("stage", "equals", "customer"), {"Bert"}),
    (_rule("stage", "not_equals", "prospect"), EVERYONE - {"Anna"}),
])
def test_each_field_and_operator(db, world, rule, expected):
    assert _names(db, rule) == expected


@pytest.mark.parametrize(("rule", "expected"), [
    (_rule("contact.budget", "between", low="100"), {"Anna"}),  # "a lot" is no number: never matches
    (_rule("contact.budget", "between", high="80.5"), {"Bert"}),
    (_rule("contact.budget", "between", low="80", high="2000"), {"Anna", "Bert"}),
    (_rule("contact.since", "between", low="2026-01-01"), {"Bert"}),
    (_rule("contact.since", "between", low="2025-03-01", high="2025-03-01"), {"Anna"}),
    (_rule("contact.region", "equals", "Süd"), {"Bert"}),
    (_rule("contact.note", "contains", "FAIRS"), {"Anna"}),
    (_rule("contact.note", "equals", "likes fairs"), {"Anna"}),
    (_rule("organization.founded", "between", low="1980-01-01", high="2000-12-31"), {"Anna", "Dora"}),
    (_rule("organization.tier", "equals", "Silver"), {"Bert", "Emil"}),
    (_rule("organization.revenue", "between", low="1000000"), {"Anna", "Dora"}),
    (_rule("organization.motto", "contains", "fast"), {"Bert", "Emil"}),
])
def test_each_custom_field_type_of_contacts_and_organizations(db, world, rule, expected):
    assert _names(db, rule) == expected


def test_all_criteria_or_any_of_them(db, world):
    industry, size = _rule("industry", "equals", "Manufacturing"), _rule("size", "equals", "10-49")
    france, referral = _rule("country", "equals", "France"), _rule("source", "equals", "referral")
    assert _names(db, industry, _rule("contact.region", "equals", "Nord")) == {"Anna"}
    assert _names(db, industry, size) == {"Anna", "Dora"}
    assert _names(db, france, referral) == set()
    assert _names(db, france, referral, match="any") == {"Cleo", "Bert"}
    assert _names(db) == EVERYONE and _names(db, match="any") == EVERYONE  # no criteria: everyone


def test_the_group_leaves_out_whom_consent_rules_exclude_and_counts_them(db, world):
    fields = available_fields()
    acme_or_beta = Group("all", [read_rule(fields["size"], "at_least", "10-49", None, None)])
    result = preview(acme_or_beta, fields)
    assert (result.matching, result.skipped, result.count) == (4, 2, 2)
    assert {c.first_name for c in result.rows} == {"Anna", "Bert"}  # Dora: do not contact; Emil: said no


@pytest.mark.parametrize(("key", "op", "value", "low", "high", "message"), [
    ("contact.budget", "between", None, "lots", None, "is not a number"),
    ("contact.budget", "between", None, "500", "100", "lower bound lies above"),
    ("contact.since", "between", None, "2026-13-01", None, "is not a date"),
    ("contact.since", "between", None, "2026-02-01", "2026-01-01", "lower bound lies above"),
    ("postcode", "between", None, "39999", "30000", "lower bound lies above"),
    ("contact.budget", "between", None, "", "", "enter a lower or an upper bound"),
    ("industry", "equals", " ", None, None, "enter a value"),
    ("size", "equals", "huge", None, None, "choose one of the offered values"),
    ("contact.region", "equals", "West", None, None, "choose one of the offered values"),
    ("industry", "between", None, "a", "b", "has no operator"),
])
def test_criteria_that_cannot_be_used_say_why(db, world, key, op, value, low, high, message):
    with pytest.raises(RuleError, match=message):
        read_rule(available_fields()[key], op, value, low, high)


def test_saved_criteria_round_trip_and_a_removed_field_is_reported(db, world):
    fields = available_fields()
    group = Group("any", [read_rule(fields["contact.budget"], "between", None, "80.5", None),
                          read_rule(fields["contact.since"], "between", None, None, "2025-12-31"),
                          read_rule(fields["stage"], "equals", "customer", None, None)])
    stored = group.to_json()
    assert stored["rules"][0]["value"] == ["80.5", None] and stored["rules"][1]["value"] == [None, "2025-12-31"]
    assert draft_from_json(stored, fields).group == group
    del fields["contact.budget"]  # its definition was switched off
    draft = draft_from_json(stored, fields)
    assert draft.group is None and "no field" in draft.errors[0]
    assert draft_from_json({"industries": ["x"]}, fields).errors  # not a group: said so, never a crash


def test_a_saved_rule_with_an_operator_its_field_lacks_is_reported_not_dropped(db, world):
    stored = {"match": "all", "rules": [{"field": "industry", "op": "between", "value": ["a", "b"]}]}
    draft = draft_from_json(stored, available_fields())
    assert draft.group is None and "has no operator" in draft.errors[0]
