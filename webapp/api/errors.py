"""One error shape for the whole API: {"error": {"status", "message", "fields"?}}.

The message (and each field's) is for people: it follows the request's Accept-Language. Keys,
status codes and field names stay as they are.
"""

from flask import jsonify
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from webapp.api import bp
from webapp.errors import exception_headers
from webapp.stored_text import stored, translated

# Werkzeug's own descriptions of the errors an API view can meet, so they are translated too.
WERKZEUG_DESCRIPTIONS = [stored(message) for message in (
    _l("The browser (or proxy) sent a request that this server could not understand."),
    _l("The requested URL was not found on the server. If you entered the URL manually please check your "
       "spelling and try again."),
    _l("The method is not allowed for the requested URL."),
    _l("The data value transmitted exceeds the capacity limit."),
    _l("The server does not support the media type transmitted in the request."),
    _l("This user has exceeded an allotted request count. Try again later."),
)]


class ApiError(Exception):
    """`extra`: more keys of the error object (e.g. the candidates of a likely duplicate)."""

    def __init__(self, status: int, message: str, fields: dict | None = None, extra: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.fields, self.extra = status, message, fields, extra or {}


def error_body(status: int, message: str, fields: dict | None = None, headers=(), extra: dict | None = None):
    error = {"status": status, "message": message, **(extra or {})}
    if fields:
        error["fields"] = fields
    return jsonify({"error": error}), status, headers


@bp.errorhandler(ApiError)
def api_error(error: ApiError):
    return error_body(error.status, error.message, error.fields, extra=error.extra)


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    return error_body(error.code or 500, translated(error.description) or error.name,
                      headers=exception_headers(error))
