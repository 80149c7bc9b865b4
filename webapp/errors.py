"""Error pages for HTML, one JSON error shape under /api."""

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from webapp.extensions import db
from webapp.locking import EditConflict


def wants_json() -> bool:
    return request.path.startswith("/api/")


def exception_headers(error: HTTPException) -> list[tuple[str, str]]:
    """What the HTTP error itself says in headers (Allow on a 405, WWW-Authenticate on a 401...)."""
    return [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]


def error_response(status: int, message: str, headers=()):
    if wants_json():
        return jsonify({"error": {"status": status, "message": message}}), status, headers
    template = f"errors/{status}.html" if status in (400, 403, 404, 500) else "errors/generic.html"
    return render_template(template, status=status, message=message), status, headers


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return error_response(400, "The form was open too long or came from elsewhere. "
                                   "Reload the page and try again.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return error_response(error.code or 500, error.description or error.name, exception_headers(error))

    @app.errorhandler(EditConflict)
    def edit_conflict(error: EditConflict):
        db.session.rollback()
        return error_response(409, f"{error} Reload the page to see the change, then try again.")

    @app.errorhandler(StaleDataError)
    def stale_data(error: StaleDataError):
        # A save that no edit form guarded (an action button) lost the race to a colleague's.
        db.session.rollback()
        return error_response(409, "Someone else changed this record at the same moment; nothing of yours "
                                   "was saved. Reload the page to see the change, then try again.")

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        db.session.rollback()
        return error_response(500, "Something went wrong on our side; nothing was saved.")
