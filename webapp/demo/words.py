"""The words of the demo business in its language ("en" or "de").

The story (who arrives, what they answer, what is won, when) is drawn in English keys from the
same random numbers whatever the language; a text a person of the business would have typed is
looked up here just before it is stored, and the lookup draws nothing. So one seed tells one
story in every language. English looks nothing up; a German text missing from vocab_de raises
KeyError, so a new English text cannot slip into a German demo unnoticed. The entries the app
writes itself (stage changes, hand-offs, the e-mail an offer goes out with) stay as the app
writes them.
"""

from dataclasses import dataclass

from webapp.demo import vocab, vocab_de

LOCALES = ("en", "de")


class UnknownLocale(ValueError):
    def __init__(self, locale: str):
        super().__init__(f"Unknown demo locale '{locale}'; choose one of: {', '.join(LOCALES)}.")


@dataclass(frozen=True)
class Place:
    city: str
    country: str
    area_code: str
    postal_codes: tuple[str, ...] = ()  # the city's real ones, when known

    def postal_code(self, drawn: str) -> str:
        """One of the city's real codes, chosen by the digits drawn for it; else those digits."""
        return self.postal_codes[int(drawn) % len(self.postal_codes)] if self.postal_codes else drawn


class Words:
    def __init__(self, locale: str = "en"):
        if locale not in LOCALES:
            raise UnknownLocale(locale)
        self.locale = locale
        self.english = locale == "en"
        self._texts = {} if self.english else _merge(vocab_de.TABLES)

    def __call__(self, text: str) -> str:
        return text if self.english else self._texts[text]

    def function(self, function: str, female: bool) -> str:
        return function if self.english else vocab_de.FUNCTIONS[function][female]

    def answer(self, field: str, value: str) -> str:
        return vocab.ANSWER_LABELS.get(value, value) if self.english else vocab_de.ANSWERS[field][value]

    def place(self, city: str) -> Place:
        if self.english:
            _city, _prefix, country, _territory, area = next(c for c in vocab.CITIES if c[0] == city)
            return Place(city, country, area)
        return Place(*vocab_de.CITIES[city])

    def home(self) -> tuple[str, str, str]:
        """City, postal code and country of a contact without a company."""
        return ("Berlin", "10115", "Germany") if self.english else vocab_de.HOME

    def custom(self, attributes: dict) -> dict:
        """A contact's custom-field values in this language, under the fields' keys."""
        return {key: self(value) for key, value in attributes.items()}

    def settings(self) -> dict:
        """Company settings this language's demo stores (name, address, terms, language)."""
        return {} if self.english else vocab_de.SETTINGS


def _merge(tables: tuple[dict, ...]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for table in tables:
        for english, text in table.items():
            if merged.setdefault(english, text) != text:
                raise ValueError(f"'{english}' has two translations: '{merged[english]}' and '{text}'.")
    return merged
