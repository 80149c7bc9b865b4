"""The base of every form: input the database cannot store is refused in its field, in one place.

A NUL character (PostgreSQL's text types refuse it), a lone surrogate (not encodable) or an
integer past the INTEGER columns' range would otherwise reach a query and end in a 500. The
value is made harmless as soon as the form reads it, so even code that looks at `field.data`
before validating never passes it on, and validation reports it as the field's only error.
"""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from webapp.storable import (
    DB_INT_MAX,
    DB_INT_MIN,
    fits_int_column,
    has_unstorable_chars,
    is_finite,
    without_unstorable_chars,
)

# Lazy: read in the language of the request that gets them (str() before they reach JSON).
UNSTORABLE_TEXT = _l("This contained a character that cannot be saved (a NUL byte); it was removed. "
                     "Check and send again.")
_LOWEST, _HIGHEST = f"{DB_INT_MIN:,}", f"{DB_INT_MAX:,}"
INT_OUT_OF_RANGE = _l("Enter a number between %(low)s and %(high)s.", low=_LOWEST, high=_HIGHEST)
NOT_FINITE = _l("Enter a number.")


def _int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def make_storable(field) -> str | None:
    """Replace what `field` read by something storable; return why, or None when it was fine."""
    data = field.data
    if isinstance(data, str):
        if has_unstorable_chars(data):
            field.data = without_unstorable_chars(data)
            return str(UNSTORABLE_TEXT)
    elif _int(data):
        if not fits_int_column(data):
            field.data = None
            return str(INT_OUT_OF_RANGE)
    elif isinstance(data, (Decimal, float)):
        if not is_finite(data):
            field.data = None
            return str(NOT_FINITE)
    elif isinstance(data, list):
        if any(isinstance(item, str) and has_unstorable_chars(item) for item in data):
            field.data = [without_unstorable_chars(i) if isinstance(i, str) else i for i in data]
            return str(UNSTORABLE_TEXT)
        if any(_int(item) and not fits_int_column(item) for item in data):
            field.data = []
            return str(INT_OUT_OF_RANGE)
    return None


class BaseForm(FlaskForm):
    """FlaskForm for every form of the app (HTML and the JSON API)."""

    def process(self, *args, **kwargs) -> None:
        super().process(*args, **kwargs)
        self.refused: dict[str, str] = {}
        for name, field in self._fields.items():
            problem = make_storable(field)
            if problem:
                self.refused[name] = problem
                field.process_errors.append(problem)  # also keeps select fields from adding "not a choice"

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for name, problem in self.refused.items():
            self[name].errors = [problem]  # the other validators saw a stand-in value: only this counts
        return valid and not self.refused
