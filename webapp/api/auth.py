"""Per-user API tokens: shown once, stored as a SHA-256 hash, sent as `Authorization: Bearer …`."""

import hashlib
import secrets
from datetime import datetime, timezone
from functools import wraps

from flask import g, request
from flask_babel import gettext as _
from sqlalchemy import select

from webapp.api.errors import ApiError
from webapp.extensions import db
from webapp.models import ApiToken, User

PREFIX = "lf_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str) -> str:
    """A new token for `user`; the clear text is returned once and never stored."""
    token = PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, name=name.strip() or "token", token_hash=_hash(token)))
    db.session.commit()
    return token


def revoke_token(user: User, token_id: int) -> bool:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        return False
    token.revoked = True
    db.session.commit()
    return True


def token_for(token: str) -> ApiToken | None:
    """The live token row for this clear text (its user active), marked as used now."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(token),
                                                   ApiToken.revoked.is_(False)))
    if row is None or not row.user.is_active:
        return None
    row.last_used_at = datetime.now(timezone.utc)
    db.session.commit()
    return row


def token_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        scheme, _space, token = header.partition(" ")
        row = token_for(token.strip()) if scheme.lower() == "bearer" and token else None
        if row is None:
            raise ApiError(401, _("Send a valid API token as 'Authorization: Bearer <token>'."))
        g.api_user, g.api_token_id = row.user, row.id
        return view(*args, **kwargs)

    return wrapped
