"""Which language a page is served in: the user's choice, else the browser's, else the company's."""

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from tests.webapp.i18n.catalogues import catalogue_folder
from webapp.i18n import known_language
from webapp.settings.services import save_settings


def nav_of(client, **headers):
    return client.get("/leads/queue", headers=headers).get_data(as_text=True)


@pytest.mark.parametrize("code, expected", [("de", "de"), ("de-AT", "de"), ("DE_ch", "de"), ("en-GB", "en"),
                                            ("fr", None), ("", None), (None, None), ("deutsch", None)])
def test_language_codes_are_reduced_to_the_supported_ones(code, expected):
    assert known_language(code) == expected


def test_a_german_browser_gets_german_pages(client, login_as):
    login_as("sales")
    page = nav_of(client, **{"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"})
    assert ">Mein Arbeitsvorrat</a>" in page and "Abmelden" in page and "Sign out" not in page
    assert '<html lang="de">' in page


def test_an_english_browser_gets_english_pages(client, login_as):
    login_as("sales")
    page = nav_of(client, **{"Accept-Language": "en-US,en;q=0.8,de;q=0.5"})
    assert "My queue" in page and "Mein Arbeitsvorrat" not in page


def test_an_unknown_browser_language_falls_back_to_the_company_default(client, login_as):
    login_as("sales")
    assert "My queue" in nav_of(client, **{"Accept-Language": "fr-FR,fr"})
    save_settings({"company": {"language": "de"}})
    assert "Mein Arbeitsvorrat" in nav_of(client, **{"Accept-Language": "fr-FR,fr"})
    assert "Mein Arbeitsvorrat" in nav_of(client)


def test_an_unknown_company_language_falls_back_to_english(client, login_as):
    login_as("sales")
    save_settings({"company": {"language": "xx"}})
    assert "My queue" in nav_of(client)


def test_a_string_missing_from_the_catalogue_shows_in_english(client, login_as, app, tmp_path):
    catalogue = Catalog(locale="de")
    catalogue.add("Overview", "Übersicht")  # "My queue" is missing
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "messages.mo", "wb") as handle:
        write_mo(handle, catalogue)
    login_as("sales")
    with catalogue_folder(app, tmp_path):
        page = nav_of(client, **{"Accept-Language": "de"})
    assert ">Übersicht</a>" in page and ">My queue</a>" in page
