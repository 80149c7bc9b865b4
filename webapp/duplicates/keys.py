"""Comparison keys: one spelling of an e-mail, a phone number or a name, so that two ways of
writing the same thing compare equal. Pure functions; no request or database needed.

    phone_key("+49 30 1234567") == phone_key("030/1234567") == phone_key("0049 (30) 123 4567")
"""

import re
import unicodedata
from functools import lru_cache

import phonenumbers

from webapp.models.contact import normalise_email

DEFAULT_REGION = "DE"
# German spellings first, so "Müller" and "Mueller" meet; then accents are dropped (é → e).
_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_NOT_DIGIT = re.compile(r"\D")
# Legal forms and filler that say nothing about which company it is.
_LEGAL_FORMS = frozenset(
    "gmbh mbh ag kg kgaa ohg ug gbr ek ev eg se co cokg ltd llc inc plc corp sa sarl bv nv oy ab as "
    "spa srl gesellschaft haftungsbeschraenkt und and the".split()
)


def email_key(value: str | None) -> str | None:
    return normalise_email(value)


@lru_cache(maxsize=8192)  # a company's switchboard number comes with each of its people
def phone_key(value: str | None, region: str | None = DEFAULT_REGION) -> str | None:
    """E.164 (+493012345678) when the number can be read, else its digits with a leading + kept;
    None when there is nothing to compare (fewer than five digits)."""
    digits = _NOT_DIGIT.sub("", value or "")
    if len(digits) < 5:
        return None
    try:
        number = phonenumbers.parse(value, (region or DEFAULT_REGION).upper())
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_possible_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return ("+" if value.strip().startswith("+") else "") + digits


def text_key(value: str | None) -> str:
    """Lower case, umlauts spelled out, accents and punctuation gone, single spaces."""
    text = (value or "").casefold().translate(_TRANSLITERATE)
    if not text.isascii():  # ASCII has no accents to drop (most names, once umlauts are spelled out)
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(_NOT_WORD.sub(" ", text).split())


@lru_cache(maxsize=16384)  # a file names the same companies row after row
def organization_key(name: str | None) -> str | None:
    """A company's name without its legal form: "Müller GmbH & Co. KG" → "mueller"."""
    words = [word for word in text_key(name).split() if word not in _LEGAL_FORMS]
    return " ".join(words) or (text_key(name) or None)


def person_key(first_name: str | None, last_name: str | None) -> str:
    return text_key(f"{first_name or ''} {last_name or ''}")
