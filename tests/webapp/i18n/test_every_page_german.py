"""Every page, rendered for a German user, shows only translated text besides the data itself.

The German catalogue is compiled with each translation wrapped in two marker characters; what a
page shows outside the markers must be a stored value (a name, a title, a setting), a number or a
date. Any other word is UI text that never passed through the catalogue.
"""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sqlalchemy import JSON, String, Text, select

from tests.pages import every_page
from tests.webapp.i18n.catalogues import catalogue_folder
from tests.webapp.i18n.test_catalogue import CATALOGUE
from webapp.demo import load_demo
from webapp.locales import LANGUAGE_NAMES
from webapp.settings.services import get_settings

OPEN, CLOSE = "\ue000", "\ue001"
MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
WORD = re.compile(r"[^\W\d_]{2,}")
# Names and abbreviations that read the same in every language.
SAME_IN_EVERY_LANGUAGE = {"leadflow", "BANT", "MQL", "SAL", "SQL", "CSV", "PDF", "API", "ID", "IBAN", "BIC",
                          "ROC", "AUC", "ECE", "PSI", "JSON", "htmx", "UTC",
                          *LANGUAGE_NAMES.values()}  # each language is offered by its own name
TEXT_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
HTML = "text/html"


class _Text(HTMLParser):
    """The text a person reads on a page: text nodes and the attributes shown as text."""

    def __init__(self):
        super().__init__()
        self.chunks: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        values = dict(attrs)
        self.chunks += [value for name, value in attrs if name in TEXT_ATTRIBUTES and value]
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.chunks.append(values["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.chunks.append(data)


def untranslated_words(html: str, data_words: set[str]) -> set[str]:
    # Translations go first, markup inside them included (a link in a sentence), innermost first
    # (a translated label inside a translated sentence).
    while MARKED.search(html):
        html = MARKED.sub(" ", html)
    parser = _Text()
    parser.feed(html)
    return {word for chunk in parser.chunks for word in WORD.findall(chunk)
            if word not in data_words and word not in SAME_IN_EVERY_LANGUAGE}


def stored_words(db) -> set[str]:
    """Every word stored in the database: names, titles, notes, settings, lost reasons …"""
    words: set[str] = set()
    for table in db.metadata.sorted_tables:
        columns = [column for column in table.columns if isinstance(column.type, (String, Text, JSON))]
        for row in db.session.execute(select(*columns)) if columns else ():
            for value in row:
                words |= set(WORD.findall(_text_of(value)))
    return words


def _text_of(value) -> str:
    if isinstance(value, dict):
        return " ".join(f"{key} {_text_of(v)}" for key, v in value.items())  # custom attributes: names too
    if isinstance(value, list):
        return " ".join(_text_of(v) for v in value)
    return value if isinstance(value, str) else ""


def calendar_words() -> set[str]:
    german = Locale("de")
    return {word for names in (german.months, german.days) for width in names.values()
            for mapping in width.values() for name in mapping.values() for word in WORD.findall(name)}


@pytest.fixture
def marked_german(app, tmp_path):
    """The German catalogue with every translation marked, in place of the real one."""
    with open(CATALOGUE / "messages.po", "rb") as handle:
        catalogue = read_po(handle, locale="de")
    for message in catalogue:
        if message.id and message.string:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            marked = tuple(f"{OPEN}{text}{CLOSE}" for text in strings)
            message.string = marked if isinstance(message.string, tuple) else marked[0]
    folder = tmp_path / "translations" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "messages.mo", "wb") as handle:
        write_mo(handle, catalogue)
    with catalogue_folder(app, tmp_path / "translations"):
        yield


def test_every_page_is_german_for_a_german_user(app, client, login_as, db, trained_model, marked_german):
    load_demo(seed=5, password="demo-password", today=date(2026, 6, 1), scale=0.05)
    # The printable offer is a customer's document, in the contact's language (its own tests).
    pages = [path for path in every_page(db) if not path.endswith("/print")]
    users = {role: login_as(role, name="Erika Mustermann") for role in ("admin", "sales", "accounting", "partner")}
    known = stored_words(db) | set(WORD.findall(_text_of(get_settings()))) | calendar_words()
    problems = {}
    for role, user in users.items():
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
        for path in pages:
            response = client.get(path, headers={"Accept-Language": "de"})
            if response.status_code == 200 and response.mimetype == HTML:
                words = untranslated_words(response.get_data(as_text=True), known)
                if words:
                    problems[f"{role} {path}"] = sorted(words)
    assert not problems, "\n".join(f"{page}: {', '.join(words[:25])}" for page, words in problems.items())


def test_the_check_sees_an_untranslated_word():
    html = (f'<p title="{OPEN}Titel{CLOSE}">{OPEN}Gespeichert, <a href="/x">{OPEN}hier{CLOSE}</a> lesen{CLOSE} '
            'Mustermann Saved</p><script>var x</script>')
    assert untranslated_words(html, {"Mustermann"}) == {"Saved"}
