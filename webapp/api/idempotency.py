"""`Idempotency-Key` on API posts: a retried request is answered again, not carried out again.

The same key from the same token within 24 hours gets the first answer back (status and body,
marked `Idempotent-Replayed: true`); the same key with another request is refused (422). A key
is claimed in its own short transaction before the work starts, so a parallel retry finds the
claim and gets a 409 while the first request runs, and the database's unique (token, key) pair
decides between two claims made at the same moment.
"""

import hashlib
import json
from datetime import datetime, timedelta, timezone
from functools import wraps

from flask import Response, g, make_response, request
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from webapp.api.errors import ApiError, error_body
from webapp.extensions import db
from webapp.models import IdempotencyKey
from webapp.utc import as_utc

HEADER = "Idempotency-Key"
KEPT_FOR = timedelta(hours=24)
ABANDONED_AFTER = timedelta(minutes=5)  # a claim never answered (its worker died) is free again
MAX_LENGTH = 255


def idempotent(view):
    """Honour an optional Idempotency-Key header on a token-authenticated view."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view(*args, **kwargs)
        key = key.strip()
        if not key or len(key) > MAX_LENGTH or not key.isprintable():
            raise ApiError(400, _("%(header)s must be 1 to %(max)s printable characters.",
                                  header=HEADER, max=MAX_LENGTH))
        claim_id = _claim(g.api_token_id, key, _fingerprint())
        if not isinstance(claim_id, int):
            return claim_id  # the first request's answer
        try:
            response = _answer(view, args, kwargs)
        except BaseException:
            _release(claim_id)
            raise
        if response.status_code >= 500:
            _release(claim_id)  # nothing was done: a retry may do it
        else:
            _store(claim_id, response)
        return response

    return wrapped


def _fingerprint() -> str:
    """The request as the key vouches for it: method, path and the JSON body in a canonical form."""
    payload = request.get_json(silent=True)
    body = (json.dumps(payload, sort_keys=True, separators=(",", ":")) if payload is not None
            else request.get_data(as_text=True))
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def _claim(token_id: int, key: str, fingerprint: str) -> int | Response:
    """The id of a fresh claim on `key`, or the stored answer when the key was used before."""
    now = datetime.now(timezone.utc)
    db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.token_id == token_id,
                                                    IdempotencyKey.created_at < now - KEPT_FOR))
    db.session.commit()
    for _attempt in range(2):
        row = db.session.scalar(select(IdempotencyKey).where(IdempotencyKey.token_id == token_id,
                                                             IdempotencyKey.key == key))
        if row is not None and row.status_code is None and as_utc(row.created_at) < now - ABANDONED_AFTER:
            db.session.delete(row)
            db.session.commit()
            row = None
        if row is not None:
            return _previous(row, fingerprint)
        row = IdempotencyKey(token_id=token_id, key=key, fingerprint=fingerprint, created_at=now)
        db.session.add(row)
        try:
            db.session.commit()
            return row.id
        except IntegrityError:
            db.session.rollback()  # claimed by a parallel request a moment ago: answer as for that one
    raise ApiError(409, _("A request with this %(header)s is still being processed; retry in a moment.", header=HEADER))


def _previous(row: IdempotencyKey, fingerprint: str) -> Response:
    if row.fingerprint != fingerprint:
        raise ApiError(422, _("This %(header)s was used with a different request; send a new key for a new request.",
                              header=HEADER))
    if row.status_code is None:
        raise ApiError(409, _("A request with this %(header)s is still being processed; retry in a moment.",
                              header=HEADER))
    response = make_response(row.body, row.status_code)
    response.mimetype = "application/json"
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _answer(view, args, kwargs):
    try:
        return make_response(view(*args, **kwargs))
    except ApiError as error:
        db.session.rollback()
        return make_response(error_body(error.status, error.message, error.fields, extra=error.extra))


def _store(claim_id: int, response) -> None:
    row = db.session.get(IdempotencyKey, claim_id)
    row.status_code, row.body = response.status_code, response.get_data(as_text=True)
    db.session.commit()


def _release(claim_id: int) -> None:
    db.session.rollback()
    db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.id == claim_id))
    db.session.commit()

