"""Query-string arguments as values the database can take: every route reads `request.args` here.

A value that cannot be used (not a number, past the INTEGER range, NaN, NUL bytes) counts as
not given, the way a list page ignores a filter it does not know, instead of reaching a query.
"""

import math
from datetime import date

from flask import request
from flask_babel import gettext as _

from webapp.storable import fits_int_column, without_unstorable_chars


def text_arg(name: str, default: str = "") -> str:
    """The argument, stripped, without characters the database cannot store."""
    return without_unstorable_chars(request.args.get(name, default)).strip()


def text_args() -> dict[str, str]:
    """Every argument as text_arg() reads it (the first of repeated ones): for forms whose names are
    numbered, such as the target-group builder's rows."""
    return {name: text_arg(name) for name in request.args}


def choice_arg(name: str, allowed, default: str = "") -> str:
    """The argument when it is one of `allowed`, else `default`."""
    value = text_arg(name, default)
    return value if value in allowed else default


def int_arg(name: str, default: int | None = None) -> int | None:
    """A whole number inside the INTEGER columns' range, else `default`."""
    value = request.args.get(name, type=int)
    return value if value is not None and fits_int_column(value) else default


def float_arg(name: str) -> float | None:
    """A finite number, else None."""
    value = request.args.get(name, type=float)
    return value if value is not None and math.isfinite(value) else None


def date_arg(name: str) -> date | None:
    """A date written YYYY-MM-DD, else None."""
    try:
        return date.fromisoformat(text_arg(name))
    except ValueError:
        return None


class InvalidArgument(ValueError):
    """An argument the JSON API refuses (it answers 400 instead of guessing what was meant)."""


def required_choice_arg(name: str, allowed, default: str | None = None) -> str | None:
    """The argument when it is exactly one of `allowed`; missing → `default`; anything else refused."""
    value = request.args.get(name)
    if value is None:
        return default
    if value not in allowed:
        raise InvalidArgument(_("%(name)s must be one of %(allowed)s.", name=name, allowed=", ".join(sorted(allowed))))
    return value


def bounded_int_arg(name: str, default: int, low: int, high: int) -> int:
    """A whole number from `low` to `high`; missing → `default`; anything else refused."""
    value = request.args.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise InvalidArgument(_("%(name)s must be a whole number from %(low)s to %(high)s.",
                                name=name, low=low, high=high))
    return number


def only_args(known) -> None:
    """Refuse arguments the endpoint does not know (a typo would otherwise be silently ignored)."""
    unknown = sorted(set(request.args) - set(known))
    if unknown:
        raise InvalidArgument(_("Unknown query parameter: %(unknown)s. Known: %(known)s.",
                                unknown=", ".join(unknown), known=", ".join(sorted(known))))
