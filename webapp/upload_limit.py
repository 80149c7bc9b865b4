"""How large a request may be. Without a limit Werkzeug reads any upload whole; with one it refuses
a larger body (413) before reading it. The limit is the larger of the import file limit (a setting,
so read per request) and the materials upload limit, plus room for the form's other fields. A
refused upload is answered on the page the user came from, never with a bare error."""

from urllib.parse import urlsplit

from flask import Flask, current_app, flash, redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from webapp.errors import error_response, wants_json
from webapp.htmx import is_partial
from webapp.settings.defaults import DEFAULTS
from webapp.settings.services import get_settings

MB = 1024 * 1024
FORM_MARGIN = MB  # the other fields and the multipart framing around the file
DEFAULT_IMPORT_MB = DEFAULTS["data"]["import_max_mb"]


def import_mb() -> float:
    return get_settings().get("data", {}).get("import_max_mb") or DEFAULT_IMPORT_MB


def material_mb() -> float:
    return current_app.config["MATERIAL_MAX_MB"]


def largest_file_mb(blueprint: str | None = None) -> float:
    """The largest file the page behind `blueprint` takes; elsewhere the largest of all."""
    if blueprint == "imports":
        return import_mb()
    if blueprint == "materials":
        return material_mb()
    return max(import_mb(), material_mb())


def body_limit() -> int:
    return int(max(import_mb(), material_mb()) * MB) + FORM_MARGIN


def _limit_this_request() -> None:
    """A body no larger than a material (plus the margin) is within the limit whatever the import
    setting says, so only a larger one, or one of unknown length, costs a look at the settings."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    length = request.content_length
    if length is not None and length <= int(material_mb() * MB) + FORM_MARGIN:
        return
    request.max_content_length = body_limit()


def _back() -> str | None:
    """The page the request came from when it is one of ours (path and query only), else the
    address posted to when it is a page too (a form posts to itself)."""
    referrer = urlsplit(request.referrer or "")
    if referrer.path and (not referrer.netloc or referrer.netloc == request.host):
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    if request.url_rule is not None and "GET" in (request.url_rule.methods or ()):
        query = request.query_string.decode("latin-1")
        return request.path + (f"?{query}" if query else "")
    return None


def too_large(error: RequestEntityTooLarge):
    limit = f"{largest_file_mb(request.blueprint):g}"  # 50, or 0.25
    message = _("The file is too large: at most %(mb)s MB can be uploaded here. Choose a smaller file "
                "or split it.", mb=limit)
    if wants_json():
        return error_response(413, message)
    if is_partial():  # shown in the page's message area (base.html lets htmx swap a 413)
        html = render_template("errors/_message.html", message=message)
        return html, 413, {"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"}
    back = _back()
    if back is None:
        return render_template("errors/generic.html", status=413, message=message), 413
    flash(message, "error")
    return redirect(back, 303)


def init_app(app: Flask) -> None:
    if app.config.get("MAX_CONTENT_LENGTH") is None:  # before any request has read the settings
        app.config["MAX_CONTENT_LENGTH"] = int(max(DEFAULT_IMPORT_MB, app.config["MATERIAL_MAX_MB"]) * MB) + FORM_MARGIN
    # First of all hooks: the CSRF check reads the form, and with it the body.
    app.before_request_funcs.setdefault(None, []).insert(0, _limit_this_request)
    app.register_error_handler(RequestEntityTooLarge, too_large)
