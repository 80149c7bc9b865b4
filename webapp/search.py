"""Word-by-word search over several columns, shared by the list pages."""

from sqlalchemy import ColumnElement, and_, or_, true


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matches_all_words(q: str, *columns) -> ColumnElement[bool]:
    """Every word of q must appear (case-insensitive) in at least one of the columns."""
    clauses = []
    for term in q.split():
        pattern = f"%{_escape_like(term)}%"
        clauses.append(or_(*[column.ilike(pattern, escape="\\") for column in columns]))
    return and_(*clauses) if clauses else true()


def equals_ignoring_case(column, value: str) -> ColumnElement[bool]:
    """The whole value, case-insensitive (ASCII on SQLite), with % and _ taken as typed."""
    return column.ilike(_escape_like(value), escape="\\")


def starts_with(column, value: str) -> ColumnElement[bool]:
    return column.like(f"{_escape_like(value)}%", escape="\\")


def order_by(sorts: dict, sort: str, direction: str, default: str, tiebreak) -> list:
    columns = sorts.get(sort, sorts[default])
    return [c.desc() if direction == "desc" else c.asc() for c in columns] + [tiebreak]
