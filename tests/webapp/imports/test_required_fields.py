"""Required custom fields in imports: a record the file creates or changes must have a value for
each (rejected with line, field and message, in the dry run too); a record the file leaves as it
is, or a lead for an existing contact, is not held up by a field made required after it was saved."""

import io
import json

from sqlalchemy import func, select

from tests.factories import make_contact, make_custom_field, make_organization
from webapp.imports.columns import custom_fields, guess_mapping
from webapp.imports.reading import read_table
from webapp.imports.services import run_import
from webapp.models import Contact, Lead, Organization

MISSING = "Required, but empty"


def _import(kind: str, text: str, **options) -> dict:
    table = read_table(text.encode())
    return run_import(kind, table, guess_mapping(kind, table.headers, custom_fields(kind)), **options)


def _count(db, model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def test_a_new_contact_without_a_required_value_is_rejected_with_its_line_in_the_dry_run_too(db):
    make_custom_field("customer_number", "number", label="Kundennummer", required=True)
    text = "Vorname;Nachname;Kundennummer\nAnna;Alt;17\nBen;Leer;\nCleo;Null;0\n"
    for dry_run in (True, False):
        result = _import("contacts", text, dry_run=dry_run)
        assert result["errors"] == [{"row": 3, "field": "cf_customer_number", "message": MISSING}]
        assert result["created"] == 2
    assert {c.last_name: c.custom for c in db.session.scalars(select(Contact))} == {
        "Alt": {"customer_number": 17}, "Null": {"customer_number": 0}}


def test_a_file_without_the_required_column_names_the_field_on_every_row(db):
    make_custom_field("customer_number", label="Kundennummer", required=True)
    make_custom_field("old_rule", label="Alt", required=True, active=False)  # inactive: asks for nothing
    result = _import("contacts", "Vorname;Nachname\nAnna;Alt\nBen;Neu\n", dry_run=True)
    assert [(e["row"], e["field"]) for e in result["errors"]] == [(2, "cf_customer_number"), (3, "cf_customer_number")]
    assert result["created"] == 0


def test_records_saved_before_the_field_was_required_are_asked_only_when_changed(db):
    old = make_contact("Anna", "Alt", email="anna@example.de")
    make_custom_field("customer_number", label="Kundennummer", required=True)
    text = "Vorname;Nachname;E-Mail;Ort;Kundennummer\nAnna;Alt;anna@example.de;Köln;{number}\n"
    skipped = _import("contacts", text.format(number=""), on_duplicate="skip")
    assert (skipped["skipped"], skipped["errors"]) == (1, [])  # left as it is: nothing to ask
    refused = _import("contacts", text.format(number=""), on_duplicate="fill")
    assert refused["errors"] == [{"row": 2, "field": "cf_customer_number", "message": MISSING}]
    db.session.refresh(old)
    assert old.city is None
    filled = _import("contacts", text.format(number="K-1"), on_duplicate="fill")
    assert (filled["updated"], filled["errors"]) == (1, [])
    db.session.refresh(old)
    assert (old.city, old.custom) == ("Köln", {"customer_number": "K-1"})
    later = _import("contacts", "E-Mail;Vorname;Nachname;Ort\nanna@example.de;Anna;Alt;Bonn\n", on_duplicate="overwrite")
    assert (later["updated"], later["errors"]) == (1, [])  # the stored value counts
    db.session.refresh(old)
    assert old.city == "Bonn"


def test_a_lead_for_an_existing_contact_goes_in_and_a_new_contact_needs_the_value(db):
    make_contact("Anna", "Alt", email="anna@example.de")
    make_custom_field("customer_number", label="Kundennummer", required=True)
    result = _import("leads", "Projekt;Vorname;Nachname;E-Mail;Kundennummer\n"
                              "Kühlhaus;Anna;Alt;anna@example.de;\n"
                              "Halle;Ben;Neu;ben@example.de;\n"
                              "Dach;Cleo;Neu;cleo@example.de;K-3\n")
    assert result["errors"] == [{"row": 3, "field": "cf_customer_number", "message": MISSING}]
    assert set(db.session.scalars(select(Lead.title))) == {"Kühlhaus", "Dach"}


def test_organizations_need_theirs_and_a_contact_file_makes_no_organization_it_cannot_complete(db):
    make_organization("Alt AG")
    make_custom_field("tax_id", label="USt-IdNr", entity="organization", required=True)
    result = _import("organizations", "Firma;USt-IdNr\nNeu GmbH;DE123\nLeer KG;\n")
    assert result["errors"] == [{"row": 3, "field": "cf_tax_id", "message": MISSING}]
    result = _import("contacts", "Vorname;Nachname;Firma\nAnna;Alt;Alt AG\nBen;Neu;Unbekannt GmbH\n")
    assert [(e["row"], e["field"]) for e in result["errors"]] == [(3, "organization")]
    assert "USt-IdNr" in result["errors"][0]["message"] and "import the organizations first" in result["errors"][0]["message"]
    assert set(db.session.scalars(select(Organization.name))) == {"Alt AG", "Neu GmbH"}
    assert set(db.session.scalars(select(Contact.last_name))) == {"Alt"}


def test_the_command_lines_json_lists_the_missing_value(app, db, tmp_path):
    make_custom_field("customer_number", label="Kundennummer", required=True)
    path = tmp_path / "kontakte.csv"
    path.write_text("Vorname;Nachname;Kundennummer\nAnna;Alt;1\nBen;Neu;\n", encoding="utf-8")
    out = app.test_cli_runner().invoke(args=["data", "import", "contacts", str(path), "--dry-run", "--json"]).output
    assert json.loads(out)["errors"] == [{"row": 3, "field": "cf_customer_number", "message": MISSING}]
    assert _count(db, Contact) == 0


def test_the_import_page_names_the_field_by_its_label(client, login_as, db):
    make_custom_field("customer_number", label="Kundennummer", required=True)
    login_as("marketing")
    upload = client.post("/imports/", data={"file": (io.BytesIO(b"Vorname;Nachname\nAnna;Alt\n"), "k.csv"),
                                            "kind": "contacts"}, content_type="multipart/form-data")
    checked = client.post(upload.headers["Location"], data={"column_0": "first_name", "column_1": "last_name",
                                                            "on_duplicate": "skip"})
    page = client.get(checked.headers["Location"]).get_data(as_text=True)
    assert "<td>2</td><td>Kundennummer</td><td>Required, but empty</td>" in page
