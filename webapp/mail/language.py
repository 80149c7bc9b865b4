"""Mail speaks its recipient's language: the one they chose, else the company's."""

from contextlib import contextmanager

from flask_babel import force_locale

from webapp.locales import known_language
from webapp.settings.locale import company_language


def recipient_language(user) -> str:
    return known_language(getattr(user, "language", None)) or company_language()


@contextmanager
def in_language_of(user):
    with force_locale(recipient_language(user)):
        yield
