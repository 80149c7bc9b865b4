"""The choice of a language on a form (a contact's, the company default)."""

from collections.abc import Callable

from wtforms import SelectField

from webapp.forms_common import choices
from webapp.locales import DEFAULT_LANGUAGE, LANGUAGE_NAMES, known_language


def language_choices(none_label=None) -> list:
    """Each language by its own name; first "none" (value "") when `none_label` is given."""
    pairs = [("", none_label)] if none_label is not None else []
    return choices([*pairs, *LANGUAGE_NAMES.items()])


class LanguageField(SelectField):
    """A stored language that is unknown or not set shows as `fallback()` (e.g. the company default)."""

    def __init__(self, label=None, validators=None, fallback: Callable[[], str] = lambda: DEFAULT_LANGUAGE,
                 **kwargs):
        super().__init__(label, validators, choices=language_choices(), **kwargs)
        self.fallback = fallback

    def process_data(self, value):
        super().process_data(known_language(value) or self.fallback())
