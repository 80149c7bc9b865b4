"""Files as German and English Excel write them are read; anything else is refused with a message."""

import io

import pytest
from openpyxl import Workbook

from webapp.imports.columns import guess_mapping, headers_hash
from webapp.imports.reading import FileProblem, read_table


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_semicolon_windows_1252_with_umlauts():
    data = "Vorname;Nachname;Straße\nJürgen;Müller;Hauptstraße 1\n".encode("cp1252")
    table = read_table(data)
    assert (table.delimiter, table.encoding) == (";", "cp1252")
    assert table.headers == ["Vorname", "Nachname", "Straße"]
    assert list(table.rows()) == [(2, ["Jürgen", "Müller", "Hauptstraße 1"])]


def test_tab_separated():
    table = read_table(b"First name\tLast name\tCompany\nAnna\tSmith\tAcme, Inc.\n")
    assert table.delimiter == "\t"
    assert list(table.rows()) == [(2, ["Anna", "Smith", "Acme, Inc."])]


def test_utf8_with_bom_and_commas():
    table = read_table("E-Mail,Nachname\nä@example.de,Groß\n".encode("utf-8-sig"))
    assert table.encoding == "utf-8-sig"
    assert table.headers == ["E-Mail", "Nachname"]  # no BOM left on the first header
    assert list(table.rows()) == [(2, ["ä@example.de", "Groß"])]


def test_xlsx_by_content_whatever_its_name():
    table = read_table(_xlsx([["Firma", "Mitarbeiter"], ["Müller GmbH", 12.0], [None, None]]))
    assert table.headers == ["Firma", "Mitarbeiter"]
    assert list(table.rows()) == [(2, ["Müller GmbH", "12"])]


@pytest.mark.parametrize(("data", "says"), [
    (b"", "empty"),
    (b"  \n\n", "empty"),
    (b"Vorname;Nachname\n", "no data rows"),
    (b"Vorname;Nachname\n;\n", "no data rows"),
    (b"%PDF-1.4\x00\x01\x02binary", "not a CSV or XLSX"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV or XLSX"),
    (b"PK\x03\x04not really a workbook", "not a CSV or XLSX"),
    ("Name;Ort\nMüller;Köln\n".encode() + b"M\xfcller;K\xf6ln\n", "mixes encodings"),
    (b"Name;Ort\nA;\x81\x8d\x90\n", "cannot be read"),
])
def test_bad_files_are_refused_with_a_message(data, says):
    with pytest.raises(FileProblem, match=says):
        read_table(data)


def test_a_file_over_the_limit_is_refused():
    with pytest.raises(FileProblem, match="larger than 1 MB"):
        read_table(b"Name\n" + b"x" * (1024 * 1024), max_mb=1)


def test_german_headers_are_guessed():
    headers = ["Anrede", "Vorname", "Nachname", "E-Mail", "Telefon", "Mobil", "Firma", "Straße", "PLZ", "Ort",
               "Land", "Position", "Branche", "Mitarbeiter", "Website", "Sonstiges"]
    mapping = guess_mapping("contacts", headers)
    assert [mapping.get(i) for i in range(len(headers))] == [
        "salutation", "first_name", "last_name", "email", "phone", "mobile", "organization", "street",
        "postal_code", "city", "country", "function", "industry", "employees", "website", None]


def test_english_headers_are_guessed_whatever_the_spelling():
    headers = ["FIRST NAME", "last_name", "E-mail address", "Company", "Zip Code", " Job Title "]
    assert guess_mapping("contacts", headers) == {0: "first_name", 1: "last_name", 2: "email",
                                                  3: "organization", 4: "postal_code", 5: "function"}
    assert guess_mapping("organizations", ["Firma", "Mitarbeiter"]) == {0: "name", 1: "employees"}
    lead_headers = ["Projekt", "Budget", "Entscheider", "Bedarf", "Zeitrahmen", "Quelle", "Kampagne",
                    "Erwarteter Wert", "Verantwortlich", "Nachname"]
    assert list(guess_mapping("leads", lead_headers).values()) == [
        "title", "budget", "authority", "need", "timeline", "source", "campaign", "expected_value", "owner",
        "last_name"]


def test_the_same_headers_hash_the_same_in_any_order_and_spelling():
    assert headers_hash("contacts", ["Vorname", "E-Mail"]) == headers_hash("contacts", ["e-mail ", "VORNAME"])
    assert headers_hash("contacts", ["Vorname", "E-Mail"]) != headers_hash("leads", ["Vorname", "E-Mail"])
    assert headers_hash("contacts", ["Vorname", "E-Mail"]) != headers_hash("contacts", ["Vorname", "Telefon"])
