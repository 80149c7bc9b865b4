"""Error pages for HTML, one JSON error shape under /api."""

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from webapp.extensions import db
from webapp.locking import EditConflict

# Werkzeug's own descriptions of the common HTTP errors, for a reader of another language (used
# when the code raising the error gave no reason of its own).
DEFAULT_MESSAGES = {
    400: _l("The browser (or proxy) sent a request that this server could not understand."),
    401: _l("The server could not verify that you are authorized to access the URL requested. You either "
            "supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to "
            "supply the credentials required."),
    403: _l("You don't have the permission to access the requested resource. It is either read-protected or "
            "not readable by the server."),
    404: _l("The requested URL was not found on the server. If you entered the URL manually please check your "
            "spelling and try again."),
    405: _l("The method is not allowed for the requested URL."),
    409: _l("A conflict happened while processing the request. The resource might have been modified while the "
            "request was being processed."),
    413: _l("The data value transmitted exceeds the capacity limit."),
    415: _l("The server does not support the media type transmitted in the request."),
    422: _l("The request was well-formed but was unable to be followed due to semantic errors."),
    429: _l("This user has exceeded an allotted request count. Try again later."),
}
SERVER_ERROR = _l("Something went wrong on our side; nothing was saved.")


def wants_json() -> bool:
    return request.path.startswith("/api/")


def http_message(error: HTTPException) -> str:
    """The reason the code gave (abort(404, "…")), else a translated default for the status."""
    own = error.description and error.description != type(error).description
    if own:
        return str(error.description)
    default = DEFAULT_MESSAGES.get(error.code or 500)
    return str(default) if default is not None else (error.description or error.name)


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
        return error_response(400, _("The form was open too long or came from elsewhere. "
                                     "Reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return error_response(error.code or 500, http_message(error), exception_headers(error))

    @app.errorhandler(EditConflict)
    def edit_conflict(error: EditConflict):
        db.session.rollback()
        return error_response(409, _("%(conflict)s Reload the page to see the change, then try again.",
                                     conflict=error))

    @app.errorhandler(StaleDataError)
    def stale_data(error: StaleDataError):
        # A save that no edit form guarded (an action button) lost the race to a colleague's.
        db.session.rollback()
        return error_response(409, _("Someone else changed this record at the same moment; nothing of yours "
                                     "was saved. Reload the page to see the change, then try again."))

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        db.session.rollback()
        return error_response(500, str(SERVER_ERROR))
