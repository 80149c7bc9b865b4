"""Pages of rows, and the ids and page numbers that reach the database (kept inside what it can represent)."""

from dataclasses import dataclass
from math import ceil

from flask import current_app
from werkzeug.routing import IntegerConverter

from webapp.request_args import int_arg
from webapp.storable import DB_INT_MAX
MAX_PAGE = 100_000
PAGE_SIZES = (25, 50, 100)


class DatabaseIntConverter(IntegerConverter):
    """`<int:…>` in every route: an id past the column's range is a 404, not a database error."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", DB_INT_MAX)
        super().__init__(url_map, *args, **kwargs)


def page_number() -> int:
    """?page=…, clamped: a page past bigint would make OFFSET fail instead of showing nothing."""
    return min(max(int_arg("page", 1), 1), MAX_PAGE)


def page_size() -> int:
    """?per=… when it is one of the offered sizes, else the configured default."""
    per = int_arg("per")
    return per if per in PAGE_SIZES else current_app.config["PAGE_SIZE"]


@dataclass
class Page:
    """One page of rows with what the pager shows (the same attributes as Flask-SQLAlchemy's)."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(ceil(self.total / self.per_page), 1) if self.per_page else 1

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None

    def __iter__(self):
        return iter(self.items)
