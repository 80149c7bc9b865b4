"""The German catalogue holds every string the code marks for translation, compiled as committed."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = ROOT / "webapp" / "translations" / "de" / "LC_MESSAGES"


def german():
    with open(CATALOGUE / "messages.po", "rb") as handle:
        return read_po(handle, locale="de")


def marked_strings() -> set[str]:
    with open(ROOT / "babel.cfg") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
                "lazy_ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
    found = set()
    for _filename, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=keywords):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_marked_string_has_a_german_translation():
    catalogue = german()
    missing = sorted(text for text in marked_strings()
                     if not (catalogue.get(text) and all(_translated(catalogue.get(text)))))
    assert not missing, f"{len(missing)} strings lack a German translation (run `make translations`): {missing[:20]}"


def test_the_compiled_catalogue_matches_the_source():
    with open(CATALOGUE / "messages.mo", "rb") as handle:
        compiled = {_key(message.id): _key(message.string) for message in read_mo(handle) if message.id}
    source = {_key(message.id): _key(message.string) for message in german() if message.id and not message.fuzzy}
    assert compiled == source, "messages.mo is stale: run `make translations` and commit it"


def _key(text):
    # A plural's forms: a list when read from the .mo, a tuple from the .po.
    return tuple(text) if isinstance(text, (list, tuple)) else text


def _translated(message):
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return [bool(text) for text in strings]


def test_a_marked_string_is_found_by_the_check():
    # The check above is only as good as the extraction it runs.
    assert {"My queue", "Sign out"} <= marked_strings()
