"""Users: authentication and creation (used by the login form, the CLI and demo data)."""

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Role, User


class UserError(ValueError):
    pass


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or not user.is_active or not user.check_password(password):
        return None
    return user


def create_user(email: str, name: str, role: str, password: str) -> User:
    email = email.strip().lower()
    if role not in set(Role):
        raise UserError(f"Unknown role '{role}'. Choose one of: {', '.join(Role)}.")
    if len(password) < 8:
        raise UserError("The password needs at least 8 characters.")
    if db.session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise UserError(f"A user with e-mail {email} exists already.")
    user = User(email=email, name=name.strip() or email, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user
