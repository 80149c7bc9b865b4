"""Sign-in required everywhere (except login and static files) and role checks."""

from functools import wraps

from flask import Flask, abort, redirect, request, url_for
from flask_login import current_user

from webapp.extensions import db, login_manager
from webapp.models import User

PUBLIC_ENDPOINTS = {"auth.login", "static", "api.openapi"}


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        return db.session.get(User, int(user_id))

    @app.before_request
    def require_login():
        if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
            return None
        if request.blueprint == "api":
            return None  # the API authenticates with tokens
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return None


def roles_required(*roles: str):
    """Allow the listed roles (admins always); anyone else gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403, "Your role may not do this.")
            return view(*args, **kwargs)

        return wrapped

    return decorator
