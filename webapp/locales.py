"""The languages and time zones the app knows, and how an unknown code is recognised.

Low on purpose: it imports nothing of the app, so forms, formats and settings can all use it
(webapp.i18n, which picks a request's language, sits above the settings).
"""

from functools import lru_cache
from zoneinfo import available_timezones

import pytz

LANGUAGES = ("en", "de")
# Shown in the language pickers by their own name, so anyone finds theirs.
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch"}
DEFAULT_LANGUAGE = "en"
DEFAULT_TIMEZONE = "Europe/Berlin"


def known_language(code: str | None) -> str | None:
    """The supported language a code names ('de', 'de-AT', 'DE_ch' → 'de'), or None."""
    if not code:
        return None
    base = str(code).strip().replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else None


@lru_cache(maxsize=1)
def timezone_names() -> frozenset[str]:
    """Zones both the zoneinfo database and pytz (which Flask-Babel uses) know."""
    return frozenset(available_timezones() & set(pytz.all_timezones))


def known_timezone(name: str | None) -> str | None:
    name = str(name or "").strip()
    return name if name in timezone_names() else None
