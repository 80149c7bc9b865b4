"""Sign-in throttling with Flask-Limiter: failed attempts count per account and per client address.

Only answers that refuse the sign-in (422) are counted, so someone who knows the password is held up
only while an account or an address has used up its failures within the window. Limits come from
the config (LOGIN_LIMIT_PER_ACCOUNT, LOGIN_LIMIT_PER_ADDRESS); counts live in RATELIMIT_STORAGE_URI.
"""

import math
import time

from flask import current_app, request
from flask_babel import ngettext
from flask_limiter.util import get_remote_address

from webapp.extensions import limiter


def _account() -> str:
    return "account:" + (request.form.get("email") or "").strip().lower()


def _refused(response) -> bool:
    return response.status_code == 422


_per_account = limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], key_func=_account,
                             methods=["POST"], deduct_when=_refused)
_per_address = limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
                             key_func=get_remote_address, methods=["POST"], deduct_when=_refused)


def throttled(view):
    return _per_account(_per_address(view))


def seconds_until_retry() -> int:
    """For a refused request: how long until the breached limit lets the next attempt through."""
    breached = limiter.current_limit
    return max(1, math.ceil(breached.window.reset_time - time.time())) if breached else 60


def retry_message(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    return ngettext("Too many attempts to sign in. Please try again in %(num)d minute.",
                    "Too many attempts to sign in. Please try again in %(num)d minutes.", minutes)
