"""A target group as one SQL condition on contacts outer-joined to their organization, on SQLite
and PostgreSQL alike. Lead criteria read the leads through `contacts.id IN (SELECT contact_id ...)`,
which both databases compute once (from an index holding both columns) instead of once per contact.

An organization's own column is read through COALESCE: a bare `organizations.x = ...` would let
SQLite turn the outer join into an inner one and walk organizations first, fetching their
contacts one by one, which takes twice as long as reading the contacts in order."""

from sqlalchemy import ColumnElement, and_, func, or_, select, true

from webapp.custom_fields.query import custom_clause
from webapp.models import Contact, Lead, Organization
from webapp.search import equals_ignoring_case, matches_all_words, starts_with
from webapp.target_groups.criteria import Group, Rule
from webapp.target_groups.fields import BANDS, Field

# The contact's own value first, its organization's when it has none.
COLUMNS = {
    "industry": lambda: func.coalesce(Contact.industry, Organization.industry),
    "territory": lambda: func.coalesce(Organization.territory, ""),
    "country": lambda: func.coalesce(Contact.country, Organization.country),
    "postcode": lambda: func.coalesce(Contact.postal_code, Organization.postal_code),
    "city": lambda: func.coalesce(Contact.city, Organization.city),
    "function": lambda: Contact.function,
}
LEAD_COLUMNS = {"source": Lead.source, "stage": Lead.stage}


def _text(rule: Rule, column) -> ColumnElement[bool]:
    if rule.op == "contains":
        return matches_all_words(rule.value, column)
    if rule.op == "equals":
        return equals_ignoring_case(column, rule.value)
    return or_(column.is_(None), ~equals_ignoring_case(column, rule.value))  # not_equals: an empty value is not it


def _band(rule: Rule) -> ColumnElement[bool]:
    low, high = BANDS[rule.value]
    employees = func.coalesce(Organization.employees, -1)  # unknown: in no band
    if rule.op == "at_least":
        return employees >= low
    if rule.op == "at_most":
        return and_(employees >= 0, employees < high) if high is not None else employees >= 0
    return and_(employees >= low, employees < high) if high is not None else employees >= low


def _postcode(rule: Rule) -> ColumnElement[bool]:
    column = COLUMNS["postcode"]()
    if rule.op == "starts_with":
        return starts_with(column, rule.value)
    low, high = rule.value
    bounds = [column >= low if low is not None else None, column <= high if high is not None else None]
    return and_(*[bound for bound in bounds if bound is not None])


def _lead(rule: Rule) -> ColumnElement[bool]:
    with_it = select(Lead.contact_id).where(LEAD_COLUMNS[rule.field] == rule.value)
    return Contact.id.in_(with_it) if rule.op == "equals" else Contact.id.not_in(with_it)


def rule_clause(rule: Rule, field: Field) -> ColumnElement[bool]:
    if field.custom is not None:
        model = Contact if field.custom.entity == "contact" else Organization
        return custom_clause(model, field.custom, rule.op, rule.value)
    if field.kind == "band":
        return _band(rule)
    if field.kind == "postcode":
        return _postcode(rule)
    if field.kind == "lead":
        return _lead(rule)
    return _text(rule, COLUMNS[rule.field]())


def group_clause(group: Group, fields: dict[str, Field]) -> ColumnElement[bool]:
    """Every rule (match "all") or any of them ("any"); no rules: every contact."""
    clauses = [rule_clause(rule, fields[rule.field]) for rule in group.rules]
    if not clauses:
        return true()
    return and_(*clauses) if group.match == "all" else or_(*clauses)


def in_group(group: Group, fields: dict[str, Field], *columns):
    """`SELECT columns FROM contacts LEFT JOIN organizations WHERE <the group>`."""
    return (select(*columns).select_from(Contact).outerjoin(Organization, Organization.id == Contact.organization_id)
            .where(group_clause(group, fields)))
