"""Sign-in required everywhere (except login and static files), role checks, sessions and headers."""

from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, abort, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_talisman import Talisman

from webapp.extensions import db, limiter, login_manager
from webapp.models import User

PUBLIC_ENDPOINTS = {"auth.login", "static", "api.openapi"}

# Only the app's own files: no inline scripts, no eval (htmx-config sets allowEval false), no
# framing. The stand-alone offer print page carries its styles in a <style> with the request's nonce.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.localize_callback = str  # translated when flashed, in the reader's language
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        return user_for_session_id(session_id)

    @app.before_request
    def require_login():
        if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
            return None
        if request.blueprint == "api":
            return None  # the API authenticates with tokens
        if not current_user.is_authenticated:
            login = url_for("auth.login", next=_page_path())
            if request.headers.get("HX-Request") == "true":
                # An htmx swap (the bell's polling, a live search) would put the sign-in page
                # inside the region: tell htmx to load it as the whole page instead.
                return "", 401, {"HX-Redirect": login}
            return redirect(login)
        return None

    limiter.init_app(app)
    _security_headers(app)


def _page_path() -> str:
    """Where to come back to after signing in: for an htmx request the page it was made from."""
    if request.headers.get("HX-Request") == "true":
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        if current.path and current.netloc == request.host:
            return current.path + (f"?{current.query}" if current.query else "")
    return request.full_path.rstrip("?")


def user_for_session_id(session_id: str) -> User | None:
    """The user a session or remember-me cookie names, if that sign-in has not been ended since.

    The id is "<user id>:<session version>" (User.get_id); sign-out, a new password and
    deactivation raise the version, so every cookie issued before no longer matches.
    """
    user_id, _, version = (session_id or "").partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user


def _security_headers(app: Flask) -> None:
    Talisman(
        app,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=app.config["HSTS"],
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        frame_options="DENY",
        content_security_policy=CONTENT_SECURITY_POLICY,
        content_security_policy_nonce_in=["style-src"],
        referrer_policy="strict-origin-when-cross-origin",
    )


def roles_required(*roles: str):
    """Allow the listed roles (admins always); anyone else gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403, _("Your role may not do this."))
            return view(*args, **kwargs)

        return wrapped

    return decorator
