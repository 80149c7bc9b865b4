"""Imports fill custom fields (each cell read and checked by the field's type) and consent."""

from datetime import date

from sqlalchemy import select

from tests.factories import make_contact, make_custom_field, make_organization
from webapp.imports.columns import custom_fields, guess_mapping
from webapp.imports.reading import read_table
from webapp.imports.revert import revert_import
from webapp.imports.services import run_import
from webapp.models import Contact, Import, Organization


def _import(db, kind, text, **options):
    table = read_table(text.encode())
    imp = Import(kind=kind, file_name="test.csv", status="running")
    db.session.add(imp)
    db.session.commit()
    mapping = guess_mapping(kind, table.headers, custom_fields(kind))
    return run_import(kind, table, mapping, record=imp, **options), imp


def _fields():
    make_custom_field("budget", "number", label="Budget EUR")
    make_custom_field("first_met", "date", label="Erstkontakt")
    make_custom_field("region", "choice", label="Region", options=["Nord", "Süd"])
    make_custom_field("hobby", label="Hobby")


def test_custom_columns_are_read_by_type_and_bad_cells_named(db):
    _fields()
    result, _ = _import(db, "contacts", "Vorname;Nachname;Budget EUR;Erstkontakt;Region;hobby;Einwilligung;DNC\n"
                                        "Anna;Nord;1.234,5;31.03.2026;nord;Segeln;ja;nein\n"
                                        "Ben;Süd;12;2026-01-02;Süd;;no;x\n"
                                        "Cleo;Falsch;viel;32.01.2026;West;;vielleicht;kaum\n")
    assert result["created"] == 2
    assert {(e["row"], e["field"]) for e in result["errors"]} == {
        (4, "cf_budget"), (4, "cf_first_met"), (4, "cf_region"), (4, "marketing_consent"), (4, "do_not_contact")}
    anna, ben = (db.session.scalar(select(Contact).where(Contact.first_name == name)) for name in ("Anna", "Ben"))
    assert anna.custom == {"budget": 1234.5, "first_met": "2026-03-31", "region": "Nord", "hobby": "Segeln"}
    assert (anna.marketing_consent, anna.consent_source, anna.consent_at) == ("yes", "import", date.today())
    assert (anna.do_not_contact, anna.do_not_contact_at) == (False, None)
    assert ben.custom == {"budget": 12, "first_met": "2026-01-02", "region": "Süd"}
    assert (ben.marketing_consent, ben.do_not_contact, ben.do_not_contact_source) == ("no", True, "import")


def test_fill_adds_missing_custom_values_overwrite_replaces_and_revert_restores(db):
    _fields()
    contact = make_contact("Anna", "Alt", email="anna@example.de", custom={"hobby": "Golf", "Alt": "bleibt"})
    result, imp = _import(db, "contacts", "Vorname;Nachname;E-Mail;Budget EUR;Hobby;Einwilligung\n"
                                          "Anna;Alt;anna@example.de;5;Segeln;yes\n", on_duplicate="fill")
    assert result["updated"] == 1
    db.session.refresh(contact)
    assert contact.custom == {"hobby": "Golf", "Alt": "bleibt", "budget": 5}
    assert contact.marketing_consent == "yes"
    _import(db, "contacts", "Vorname;Nachname;E-Mail;Hobby\nAnna;Alt;anna@example.de;Segeln\n", on_duplicate="overwrite")
    db.session.refresh(contact)
    assert contact.custom == {"hobby": "Segeln", "Alt": "bleibt", "budget": 5}
    revert_import(imp)
    db.session.refresh(contact)
    assert (contact.custom["budget"] if "budget" in contact.custom else None, contact.marketing_consent,
            contact.consent_at) == (None, "unknown", None)


def test_organizations_import_their_custom_fields(db):
    make_custom_field("founded", "date", entity="organization", label="Gegründet")
    make_organization("Alt AG")
    result, _ = _import(db, "organizations", "Firma;Gegründet\nNeu GmbH;01.02.1999\nAlt AG;2000-01-01\n",
                        on_duplicate="fill")
    assert (result["created"], result["updated"]) == (1, 1)
    founded = dict(db.session.execute(select(Organization.name, Organization.custom)).all())
    assert founded == {"Neu GmbH": {"founded": "1999-02-01"}, "Alt AG": {"founded": "2000-01-01"}}
