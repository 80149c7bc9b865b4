"""Which language and time zone a request is served in, and the message catalogues behind them.

The language is the user's own choice when they made one, else the best match of the browser's
Accept-Language, else the company default; anything unknown falls through to the next. Catalogues
live in webapp/translations (extracted with `make translations`); a string missing from a
catalogue is shown in English, never as a key.
"""

import logging

from flask import Flask, has_request_context, request
from flask_babel import Babel, get_locale, refresh
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from webapp.settings.services import get_settings
from webapp.stored_text import translated

LANGUAGES = ("en", "de")
DEFAULT_LANGUAGE = "en"
DEFAULT_TIMEZONE = "Europe/Berlin"

babel = Babel()
logger = logging.getLogger(__name__)


def known_language(code: str | None) -> str | None:
    """The supported language a code names ('de', 'de-AT', 'DE_ch' → 'de'), or None."""
    if not code:
        return None
    base = str(code).strip().replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else None


def company_language() -> str:
    return known_language(_company_setting("language")) or DEFAULT_LANGUAGE


def company_timezone() -> str:
    return _company_setting("timezone") or DEFAULT_TIMEZONE


def _company_setting(key: str):
    # Error pages are rendered in a language too, also when the database is what failed.
    try:
        return get_settings()["company"].get(key)
    except SQLAlchemyError:
        logger.warning("Company %s unreadable; using the default", key, exc_info=True)
        return None


def select_language() -> str:
    if has_request_context():
        if current_user and current_user.is_authenticated:
            chosen = known_language(getattr(current_user, "language", None))
            if chosen:
                return chosen
        browser = request.accept_languages.best_match(LANGUAGES)
        if browser:
            return browser
    return company_language()


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_language, timezone_selector=company_timezone,
                   default_translation_directories="translations", default_domain="messages")
    app.jinja_env.globals["current_language"] = lambda: str(get_locale())
    app.jinja_env.filters["translated"] = translated  # a text stored in English (a job's message), translated
    # The choice is cached on g, which outlives a request when an app context was pushed around it
    # (scripts, tests): choose afresh for each request.
    app.before_request(refresh)
