"""The company's default language and time zone, as stored on the company settings page."""

import logging

from sqlalchemy.exc import SQLAlchemyError

from webapp.locales import DEFAULT_LANGUAGE, DEFAULT_TIMEZONE, known_language, known_timezone
from webapp.settings.services import get_settings

logger = logging.getLogger(__name__)


def company_language() -> str:
    return known_language(_company_setting("language")) or DEFAULT_LANGUAGE


def company_timezone() -> str:
    return known_timezone(_company_setting("timezone")) or DEFAULT_TIMEZONE


def _company_setting(key: str):
    # Error pages are rendered in a language too, also when the database is what failed.
    try:
        return get_settings()["company"].get(key)
    except SQLAlchemyError:
        logger.warning("Company %s unreadable; using the default", key, exc_info=True)
        return None
