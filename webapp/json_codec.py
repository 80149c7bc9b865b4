"""One JSON serializer for all the app writes: stored JSON columns and HTTP responses alike.

NaN and Infinity are not JSON: PostgreSQL's JSON type, browsers and most clients refuse them.
A number that is not finite stands for "unknown", so it is written as null, on every engine
and in every response, instead of each caller having to remember to clean its values.

A moment in a response is ISO 8601 with its UTC offset: SQLite gives timestamps back naive,
and a client cannot tell a naive time's zone (Flask's own default, an HTTP date, is no
`date-time` either).
"""

from datetime import date, datetime

import simplejson
from flask.json.provider import DefaultJSONProvider

from webapp.utc import as_utc


_OPTIONS = {"use_decimal": False, "namedtuple_as_object": False}
# One encoder for the common call (a stored JSON column): simplejson builds a new one per call
# whenever an option differs from its defaults, a large part of writing many small values.
_ENCODER = simplejson.JSONEncoder(ignore_nan=True, **_OPTIONS)


def dumps(obj, **kwargs) -> str:
    """json.dumps with NaN/Infinity written as null (otherwise as the standard library writes)."""
    if not kwargs:
        return _ENCODER.encode(obj)
    return simplejson.dumps(obj, ignore_nan=True, **{**_OPTIONS, **kwargs})


def _response_default(value):
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return DefaultJSONProvider.default(value)


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON (jsonify, tojson, request bodies) written through dumps()."""

    default = staticmethod(_response_default)

    def dumps(self, obj, **kwargs) -> str:
        kwargs.setdefault("default", self.default)
        kwargs.setdefault("ensure_ascii", self.ensure_ascii)
        kwargs.setdefault("sort_keys", self.sort_keys)
        return dumps(obj, **kwargs)
