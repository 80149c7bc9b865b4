"""Custom-field criteria as SQL clauses, on SQLite (json_extract) and PostgreSQL (->> with casts).

`custom_clause(Contact, field, "between", (low, high))` is what lists and target groups call:

- text: "contains" (case-insensitive), "equals"
- number: "between" with (low, high), either may be None; a value that is not a JSON number
  never matches (no cast error on PostgreSQL)
- date: "between" with (low, high) as dates; ISO strings compare in date order, other text
  never matches
- choice: "equals"
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, Numeric, and_, false, func, literal, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from webapp.models import CustomField
from webapp.search import matches_all_words

OPERATORS = {"text": ("contains", "equals"), "number": ("between",), "date": ("between",), "choice": ("equals",)}


class json_number(FunctionElement):
    """The number under `key` in a JSON column, NULL when the value there is no number."""

    type = Numeric()
    inherit_cache = True
    name = "json_number"


@compiles(json_number, "sqlite")
def _sqlite_number(element, compiler, **kw):
    column, key = list(element.clauses)
    path = compiler.process(literal(f'$."{key.value}"'), **kw)
    column = compiler.process(column, **kw)
    return (f"CASE WHEN json_type({column}, {path}) IN ('integer', 'real') "
            f"THEN json_extract({column}, {path}) END")


@compiles(json_number, "postgresql")
def _postgresql_number(element, compiler, **kw):
    column, key = list(element.clauses)
    key = compiler.process(key, **kw)
    column = compiler.process(column, **kw)
    return f"CASE WHEN json_typeof({column} -> {key}) = 'number' THEN CAST({column} ->> {key} AS NUMERIC) END"


def text_of(model, key: str) -> ColumnElement:
    """The value under `key` as text (numbers as their digits)."""
    return model.custom[key].as_string()


@dataclass(frozen=True)
class Criterion:
    """One condition on one field: what a filter form or a target group holds."""

    key: str
    op: str
    value: object  # str for contains/equals, (low, high) for between


def custom_clause(model, field: CustomField, op: str, value) -> ColumnElement[bool]:
    """The SQL condition "the record's `field` `op` `value`"; ValueError for an operator the
    field's type does not have."""
    if op not in OPERATORS[field.type]:
        raise ValueError(f"{field.type} fields have no operator {op!r}")
    if op == "contains":
        return matches_all_words(str(value), text_of(model, field.key))
    if op == "equals":
        return text_of(model, field.key) == str(value)
    low, high = value
    if field.type == "number":
        number = json_number(model.custom, literal(field.key))
        bounds = [number >= Decimal(low) if low is not None else None,
                  number <= Decimal(high) if high is not None else None]
    else:  # an ISO day is ten characters from 0000-01-01 to 9999-12-31: other text never matches
        text = text_of(model, field.key)
        bounds = [func.length(text) == 10, text >= _iso(low or "0000-01-01"), text <= _iso(high or "9999-12-31")]
        if low is None and high is None:
            bounds = []
    bounds = [bound for bound in bounds if bound is not None]
    return and_(*bounds) if bounds else true()


def criteria_clause(model, fields: list[CustomField], criteria: list[Criterion]) -> ColumnElement[bool]:
    """Every criterion at once; a criterion naming no field of `fields` matches nothing."""
    by_key = {field.key: field for field in fields}
    clauses = [custom_clause(model, by_key[c.key], c.op, c.value) if c.key in by_key else false()
               for c in criteria]
    return and_(*clauses) if clauses else true()


def _iso(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)

