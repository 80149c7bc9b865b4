"""Request arguments that reach the database: kept inside what it can represent."""

from flask import request
from werkzeug.routing import IntegerConverter

DB_INT_MAX = 2**31 - 1  # INTEGER columns on PostgreSQL (and what SQLite ids use in practice)
MAX_PAGE = 100_000


class DatabaseIntConverter(IntegerConverter):
    """`<int:…>` in every route: an id past the column's range is a 404, not a database error."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", DB_INT_MAX)
        super().__init__(url_map, *args, **kwargs)


def page_number() -> int:
    """?page=…, clamped: a page past bigint would make OFFSET fail instead of showing nothing."""
    return min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
