"""People who sign in, their role, and API tokens."""

from datetime import date, datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.extensions import db
from webapp.models._base import TimestampMixin, utcnow


class Role(StrEnum):
    ADMIN = "admin"
    MARKETING = "marketing"
    SALES = "sales"
    SERVICE = "service"
    ACCOUNTING = "accounting"
    PARTNER = "partner"


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20), index=True)
    is_active_user: Mapped[bool] = mapped_column(Boolean, default=True)
    absent_until: Mapped[date | None] = mapped_column(Date)
    territory: Mapped[str | None] = mapped_column(String(80))
    last_assigned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When the person last signed in through the form: admins see who still uses their account.
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Part of every session and remember-me cookie; raising it ends all of them (sign-out,
    # new password, deactivation).
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # The language the user chose on the profile page; None = as the browser asks (webapp.i18n).
    language: Mapped[str | None] = mapped_column(String(8))
    # Team leads get the reports, the weekly KPI e-mail and escalations; admins always do.
    is_team_lead: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Notifications by e-mail: "instant", "daily" (one digest a day) or "off" (webapp.notifications).
    notify_email: Mapped[str] = mapped_column(String(10), default="daily", server_default="daily")

    api_tokens: Mapped[list["ApiToken"]] = relationship(back_populates="user")

    def set_password(self, password: str) -> None:
        if self.password_hash is not None:  # a changed password signs the old one's sessions out
            self.end_sessions()
        self.password_hash = generate_password_hash(password)

    def end_sessions(self) -> None:
        self.session_version = (self.session_version or 1) + 1

    def get_id(self) -> str:  # what Flask-Login stores in the session and the remember-me cookie
        return f"{self.id}:{self.session_version or 1}"

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def leads_team(self) -> bool:
        """Sees the team's figures and is told of escalations: a team lead, or an admin."""
        return self.role == Role.ADMIN or bool(self.is_team_lead)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users at login
        return self.is_active_user

    def has_role(self, *roles: str) -> bool:
        return self.role == Role.ADMIN or self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class ApiToken(db.Model):
    """A hashed bearer token for /api/v1; the clear text is shown once on creation."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)

    user: Mapped[User] = relationship(back_populates="api_tokens")
