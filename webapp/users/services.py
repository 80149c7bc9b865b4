"""User administration: who may sign in, with which role, and the rule that keeps an admin.

Passwords are checked as the CLI checks them (webapp.auth.services); deactivating ends every
session of the user. Users carry no version, so the last save wins.
"""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from webapp.auth.services import UserError, create_user, set_active
from webapp.extensions import db
from webapp.models import Role, User

EDITABLE = ("name", "role", "territory", "absent_until", "is_team_lead")


def list_users() -> list[User]:
    """Active users first, then by role and name."""
    return list(db.session.scalars(select(User).order_by(User.is_active_user.desc(), User.role, User.name, User.id)))


def _active_admins() -> int:
    return db.session.scalar(select(func.count(User.id)).where(User.role == Role.ADMIN,
                                                               User.is_active_user.is_(True))) or 0


def _leaves_no_admin(user: User, role: str, active: bool) -> bool:
    """The change would take the last active admin away: nobody could administer users then."""
    was_admin = user.role == Role.ADMIN and user.is_active_user
    stays_admin = role == Role.ADMIN and active
    return was_admin and not stays_admin and _active_admins() <= 1


def add_user(email: str, name: str, role: str, password: str, territory: str | None = None,
             absent_until: date | None = None, is_team_lead: bool = False) -> User:
    """A new user with an initial password; UserError names what is wrong (e-mail taken, short password)."""
    user = create_user(email, name, role, password)
    user.territory, user.absent_until, user.is_team_lead = territory, absent_until, bool(is_team_lead)
    db.session.commit()
    return user


def update_user(user: User, data: dict) -> User:
    """Save role, name, territory, absence and team lead; the last active admin keeps the admin role."""
    role = data.get("role", user.role)
    if role not in set(Role):
        raise UserError(_("Unknown role '%(role)s'. Choose one of: %(roles)s.", role=role, roles=", ".join(Role)))
    if _leaves_no_admin(user, role, user.is_active_user):
        raise UserError(_("%(name)s is the last active admin and keeps the admin role; make someone else an "
                          "admin first.", name=user.name))
    for name in EDITABLE:
        if name in data:
            setattr(user, name, data[name])
    user.is_team_lead = bool(user.is_team_lead)
    db.session.commit()
    return user


def change_active(user: User, active: bool) -> None:
    """Deactivate (every session ends) or activate again; never the last active admin."""
    if not active and _leaves_no_admin(user, user.role, False):
        raise UserError(_("%(name)s is the last active admin and cannot be deactivated; make someone else an "
                          "admin first.", name=user.name))
    set_active(user, active)
