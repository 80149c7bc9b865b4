"""Which language and time zone a request is served in, and the message catalogues behind them.

The language is the user's own choice when they made one, else the best match of the browser's
Accept-Language, else the company default; anything unknown falls through to the next. Catalogues
live in webapp/translations (extracted with `make translations`); a string missing from a
catalogue is shown in English, never as a key.
"""

import os

import click
from flask import Flask, has_request_context, request
from flask_babel import Babel, get_locale, refresh
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

from webapp.locales import DEFAULT_LANGUAGE, DEFAULT_TIMEZONE, LANGUAGES, known_language  # noqa: F401 (used by others)
from webapp.models import Contact
from webapp.settings.locale import company_language, company_timezone
from webapp.stored_text import translated

babel = Babel()


def document_language(contact) -> str:
    """The language of what a contact is sent (offers): theirs, else the company default."""
    return known_language(getattr(contact, "language", None)) or company_language()


def select_language() -> str:
    if has_request_context():
        if current_user and current_user.is_authenticated:
            chosen = known_language(getattr(current_user, "language", None))
            if chosen:
                return chosen
        browser = request.accept_languages.best_match(LANGUAGES)
        if browser:
            return browser
    elif click.get_current_context(silent=True) is not None:
        # A `flask …` command speaks the shell's language (LC_ALL, LC_MESSAGES, LANG), else the company's.
        shell = next((os.environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if os.environ.get(name)), None)
        return known_language(shell) or company_language()
    return company_language()


def _contacts_start_in_the_company_language(session: Session, flush_context, instances) -> None:
    """A new contact without a language gets the company default, whatever created it (form, API,
    import), so a later change of the default leaves existing customers' documents as they were."""
    new = [obj for obj in session.new if isinstance(obj, Contact) and not known_language(obj.language)]
    if new:
        language = company_language()
        for contact in new:
            contact.language = language


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_language, timezone_selector=company_timezone,
                   default_translation_directories="translations", default_domain="messages")
    app.jinja_env.globals["current_language"] = lambda: str(get_locale())
    app.jinja_env.filters["translated"] = translated  # a text stored in English (a job's message), translated
    # The choice is cached on g, which outlives a request when an app context was pushed around it
    # (scripts, tests): choose afresh for each request.
    app.before_request(refresh)
    if not event.contains(Session, "before_flush", _contacts_start_in_the_company_language):
        event.listen(Session, "before_flush", _contacts_start_in_the_company_language)
