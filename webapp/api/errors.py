"""One error shape for the whole API: {"error": {"status", "message", "fields"?}}."""

from flask import jsonify
from werkzeug.exceptions import HTTPException

from webapp.api import bp
from webapp.errors import exception_headers


class ApiError(Exception):
    def __init__(self, status: int, message: str, fields: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.fields = status, message, fields


def error_body(status: int, message: str, fields: dict | None = None, headers=()):
    error = {"status": status, "message": message}
    if fields:
        error["fields"] = fields
    return jsonify({"error": error}), status, headers


@bp.errorhandler(ApiError)
def api_error(error: ApiError):
    return error_body(error.status, error.message, error.fields)


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    return error_body(error.code or 500, error.description or error.name, headers=exception_headers(error))
