"""Users: authentication, creation, passwords and the end of their sessions (login form, CLI, demo)."""

from datetime import datetime, timezone
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.extensions import db
from webapp.locales import known_language
from webapp.models import Role, User

MIN_PASSWORD_LENGTH = 8


class UserError(ValueError):
    pass


@cache
def _dummy_hash() -> str:
    return generate_password_hash("no account has this password")


def authenticate(email: str, password: str) -> User | None:
    user = find_user(email)
    # Always verify one hash, so an unknown or inactive e-mail takes as long as a known one.
    matches = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    if user is None or not matches or not user.is_active:
        return None
    return user


def record_sign_in(user: User, now: datetime | None = None) -> None:
    """Note the moment of a successful sign-in (one column, written with its own UPDATE so it
    never meets an admin's edit of the same user)."""
    db.session.execute(update(User).where(User.id == user.id)
                       .values(last_sign_in_at=now or datetime.now(timezone.utc)))
    db.session.commit()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(email: str, name: str, role: str, password: str) -> User:
    email = email.strip().lower()
    if role not in set(Role):
        raise UserError(_("Unknown role '%(role)s'. Choose one of: %(roles)s.", role=role, roles=", ".join(Role)))
    _check_password(password)
    if db.session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise UserError(_("A user with e-mail %(email)s exists already.", email=email))
    user = User(email=email, name=name.strip() or email, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def change_password(user: User, password: str) -> None:
    """A new password; every session and remember-me cookie of the user ends (User.set_password)."""
    _check_password(password)
    user.set_password(password)
    db.session.commit()


def set_active(user: User, active: bool) -> None:
    """Deactivated users are signed out everywhere; reactivating them revives no old session."""
    if user.is_active_user and not active:
        user.end_sessions()
    user.is_active_user = active
    db.session.commit()


def set_language(user: User, language: str | None) -> None:
    """The user's own language; None: as their browser asks (webapp.i18n)."""
    user.language = known_language(language)
    db.session.commit()


def sign_out_everywhere(user: User) -> None:
    user.end_sessions()
    db.session.commit()


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(_("The password needs at least %(num)d characters.", num=MIN_PASSWORD_LENGTH))
