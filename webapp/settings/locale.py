"""The company's default language and time zone, as stored on the company settings page."""

from webapp.locales import DEFAULT_LANGUAGE, DEFAULT_TIMEZONE, known_language, known_timezone
from webapp.settings.services import get_settings


def company_language() -> str:
    return known_language(get_settings()["company"].get("language")) or DEFAULT_LANGUAGE


def company_timezone() -> str:
    return known_timezone(get_settings()["company"].get("timezone")) or DEFAULT_TIMEZONE
