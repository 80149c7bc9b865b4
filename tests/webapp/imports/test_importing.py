"""Importing rows: rejected rows named with line and field, duplicates found however they are spelt
and treated by the chosen policy, all or nothing, and revert."""

import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.factories import make_activity, make_contact, make_organization, make_user
from webapp.imports.columns import guess_mapping
from webapp.imports.reading import read_table
from webapp.imports.revert import revert_import
from webapp.imports.services import run_import
from webapp.extensions import db as _db
from webapp.models import Campaign, Contact, Import, Lead, Organization


def make_campaign(name: str) -> Campaign:
    campaign = Campaign(name=name)
    _db.session.add(campaign)
    _db.session.commit()
    return campaign


def _csv(text: str, encoding="utf-8") -> bytes:
    return text.encode(encoding)


def _import(db, kind, text, record=True, **options):
    table = read_table(_csv(text))
    imp = None
    if record and not options.get("dry_run"):
        imp = Import(kind=kind, file_name="test.csv", status="running")
        db.session.add(imp)
        db.session.commit()
    result = run_import(kind, table, guess_mapping(kind, table.headers), record=imp, **options)
    return result, imp


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _errors(result) -> set:
    return {(e["row"], e["field"], e["message"]) for e in result["errors"]}


def test_contacts_with_their_companies_are_created(db):
    result, _ = _import(db, "contacts", "Vorname;Nachname;E-Mail;Telefon;Firma\n"
                                         "Jürgen;Müller;J.Mueller@Example.de ;030/1234567;Müller GmbH\n"
                                         "Anna;Groß;anna@example.de;;Müller GmbH & Co. KG\n")
    assert (result["created"], result["errors"]) == (2, [])
    juergen = db.session.scalar(select(Contact).where(Contact.last_name == "Müller"))
    assert juergen.email == "j.mueller@example.de"
    assert juergen.phone_key == "+49301234567"
    assert juergen.language == "en"
    assert juergen.organization.name == "Müller GmbH" and juergen.organization.name_key == "mueller"
    assert _count(db, Organization) == 1  # "Müller GmbH & Co. KG" is the same company


def test_every_kind_of_rejected_row_is_named_with_line_and_field(db):
    make_user(role="marketing", email="mia@example.com")
    make_user(role="sales", email="sam@example.com")
    make_campaign(name="Messe 2026")
    long = "x" * 10_001
    result, _ = _import(db, "leads", "Projekt,Vorname,Nachname,E-Mail,Budget,Wert,Verantwortlich,Kampagne,Telefon\n"
                                      "Ok,Anna,A,a@example.de,Bestätigt,\"1.234,50\",mia@example.com,messe 2026,\n"
                                      ",Ben,B,,,,,,\n"
                                      "P,Cem,C,not-an-email,,,,,\n"
                                      "P,Dan,D,,maybe,,,,\n"
                                      "P,Eva,E,,,lots,,,\n"
                                      "P,Fin,F,,,,sam@example.com,,\n"
                                      "P,Gil,G,,,,,Unknown fair,\n"
                                      f"P,Hal,{long},,,,,,\n"
                                      "P,Ida,I,,,,,,12\n"
                                      "P,Jon,,,,,,,\n")
    assert _errors(result) == {
        (3, "title", "Required, but empty"), (4, "email", "Not a valid e-mail address"),
        (5, "budget", 'Unknown answer "maybe"'), (6, "expected_value", "Not a number"),
        (7, "owner", "No active marketing user or admin with this e-mail"),
        (8, "campaign", "No campaign with this name"), (9, "last_name", "Longer than 10000 characters"),
        (10, "phone", "Not a phone number (at least 5 digits)"), (11, "last_name", "Required, but empty")}
    lead = db.session.scalar(select(Lead))
    assert (result["created"], lead.title, lead.budget, lead.expected_value) == (1, "Ok", "confirmed",
                                                                               Decimal("1234.50"))
    assert lead.campaign.name == "Messe 2026" and lead.owner.email == "mia@example.com"


def test_a_field_longer_than_its_column_is_rejected(db):
    result, _ = _import(db, "contacts", f"First name,Last name\nAnna,{'y' * 81}\n")
    assert _errors(result) == {(2, "last_name", "Longer than 80 characters")}


def test_a_required_field_left_unmapped_rejects_every_row(db):
    result, _ = _import(db, "contacts", "Vorname;E-Mail\nAnna;a@example.de\nBen;b@example.de\n")
    assert _errors(result) == {(2, "last_name", "Required, but empty"), (3, "last_name", "Required, but empty")}


SPELLINGS = ("+49 30 1234567", "030/1234567", "0049 (30) 123 4567")


@pytest.mark.parametrize("policy", ["skip", "fill", "overwrite", "create"])
def test_phone_spellings_meet_one_existing_contact_under_each_policy(db, policy):
    existing = make_contact("Jürgen", "Müller", phone="+49 30 1234567", function="CEO")
    rows = "\n".join(f"Jürgen,Müller,{spelling},Berlin,CTO" for spelling in SPELLINGS)
    result, imp = _import(db, "contacts", "First name,Last name,Phone,City,Position\n" + rows + "\n",
                          on_duplicate=policy)
    assert result["duplicates"] == 3
    db.session.refresh(existing)
    if policy == "create":
        assert (result["created"], _count(db, Contact)) == (3, 4)
        return
    assert _count(db, Contact) == 1
    if policy == "skip":
        assert (result["skipped"], existing.city, existing.function) == (3, None, "CEO")
    elif policy == "fill":  # the empty city is filled once, the function kept
        assert (result["updated"], result["skipped"], existing.city, existing.function) == (1, 2, "Berlin", "CEO")
    else:
        assert (result["updated"], existing.city, existing.function) == (1, "Berlin", "CTO")
        revert_import(imp)
        db.session.refresh(existing)
        assert (existing.city, existing.function) == (None, "CEO")


@pytest.mark.parametrize("policy", ["skip", "fill", "overwrite", "create"])
def test_email_spellings_are_one_contact_and_create_cannot_take_a_used_email(db, policy):
    existing = make_contact("Anna", "Schmidt", email="anna@example.de")
    result, _ = _import(db, "contacts", "Vorname;Nachname;E-Mail;Ort\nAnna;Schmidt; ANNA@Example.DE;Köln\n"
                                         "Anna;Schmidt;anna@example.de ;Bonn\n", on_duplicate=policy)
    assert [d["by"] for d in result["duplicate_rows"]] == ["email", "email"]
    db.session.refresh(existing)
    if policy == "create":
        assert _errors(result) == {(2, "email", "This e-mail belongs to another contact already"),
                                   (3, "email", "This e-mail belongs to another contact already")}
        assert _count(db, Contact) == 1
    else:
        assert existing.city == {"skip": None, "fill": "Köln", "overwrite": "Bonn"}[policy]


def test_duplicates_within_the_file_and_by_person_and_company(db):
    make_contact("Jürgen", "Müller", organization=make_organization("Müller GmbH"))
    result, _ = _import(db, "contacts", "Vorname;Nachname;Firma;E-Mail\n"
                                         "Jürgen;Mueller;Müller AG;\n"  # person + company key
                                         "Eva;Neu;;eva@example.de\n"
                                         "Eva;Neu;;EVA@example.de\n", on_duplicate="skip")
    assert [(d["row"], d["by"], d["of_row"]) for d in result["duplicate_rows"]] == [
        (2, "name", None), (4, "email", 3)]
    assert (result["created"], result["skipped"], _count(db, Contact)) == (1, 2, 2)


@pytest.mark.parametrize("policy", ["fill", "overwrite"])
def test_a_company_named_for_a_contact_who_has_one_already_is_not_created(db, policy):
    alt, ziel = make_organization("Alt GmbH"), make_organization("Ziel KG")
    juergen = make_contact("Jürgen", "Müller", email="j@example.de", organization=alt)
    berta = make_contact("Berta", "Bauer", email="b@example.de", organization=alt)
    anna = make_contact("Anna", "Ohne", email="a@example.de")
    result, _ = _import(db, "contacts", "Vorname;Nachname;E-Mail;Firma\n"
                                         "Jürgen;Müller;j@example.de;Neu GmbH\n"
                                         "Berta;Bauer;b@example.de;Ziel GmbH\n"
                                         "Anna;Ohne;a@example.de;Anna AG\n", on_duplicate=policy)
    assert result["errors"] == []
    assert set(db.session.scalars(select(Organization.name))) == {"Alt GmbH", "Ziel KG", "Anna AG"}
    for contact in (juergen, berta, anna):
        db.session.refresh(contact)
    assert juergen.organization_id == alt.id
    assert berta.organization_id == (ziel.id if policy == "overwrite" else alt.id)  # an existing one it may take
    assert anna.organization.name == "Anna AG"


def test_organizations_are_matched_by_name_without_legal_form(db):
    make_organization("Schön AG", employees=5)
    result, _ = _import(db, "organizations", "Firma;Mitarbeiter;Branche\nSchön GmbH;1.200;IT\nNeu KG;7;\n",
                        on_duplicate="fill")
    assert (result["created"], result["updated"]) == (1, 1)
    schoen = db.session.scalar(select(Organization).where(Organization.name == "Schön AG"))
    assert (schoen.employees, schoen.industry) == (5, "IT")


def test_all_or_nothing_writes_nothing_for_one_bad_row(db):
    result, imp = _import(db, "contacts", "Vorname;Nachname;E-Mail\nA;B;a@example.de\nC;D;broken\n",
                          all_or_nothing=True)
    assert (result["created"], _count(db, Contact), imp.status) == (0, 0, "rejected")
    assert _errors(result) == {(3, "email", "Not a valid e-mail address")}
    result, _ = _import(db, "contacts", "Vorname;Nachname;E-Mail\nA;B;a@example.de\nC;D;broken\n")
    assert (result["created"], _count(db, Contact)) == (1, 1)


def test_a_dry_run_writes_nothing_and_counts_as_the_import_would(db):
    text = "Vorname;Nachname;Firma\nA;B;X GmbH\nA;B;X GmbH\nC;;\n"
    dry, _ = _import(db, "contacts", text, dry_run=True)
    assert (_count(db, Contact), _count(db, Organization), _count(db, Import)) == (0, 0, 0)
    real, _ = _import(db, "contacts", text)
    for key in ("rows", "created", "updated", "skipped", "duplicates", "errors"):
        assert dry[key] == real[key]


def test_revert_restores_counts_and_values_and_keeps_what_was_used_since(db):
    existing = make_contact("Jürgen", "Müller", email="j@example.de")
    result, imp = _import(db, "leads", "Projekt;Vorname;Nachname;E-Mail;Ort;Firma\n"
                                        "Neue Website;Jürgen;Müller;j@example.de;Berlin;\n"
                                        "Server;Anna;Neu;anna@example.de;;Neu GmbH\n"
                                        "CRM;Ben;Benutzt;ben@example.de;;Neu GmbH\n", on_duplicate="fill")
    assert (result["created"], result["updated"], result["created_by_kind"]) == (
        3, 0, {"organizations": 1, "contacts": 2, "leads": 3})
    db.session.refresh(existing)
    assert existing.city == "Berlin"
    ben = db.session.scalar(select(Contact).where(Contact.email == "ben@example.de"))
    make_activity(ben, body="Called after the import.")
    before_leads = _count(db, Lead)
    outcome = revert_import(imp)
    db.session.refresh(existing)
    assert existing.city is None
    assert [k["name"] for k in outcome["kept"]] == ["Ben Benutzt", "Neu GmbH"]
    assert {c.email for c in db.session.scalars(select(Contact))} == {"j@example.de", "ben@example.de"}
    assert _count(db, Lead) == before_leads - 3
    assert imp.status == "reverted"


def test_remembered_mapping_is_offered_for_the_same_headers(db):
    from webapp.imports.services import remember_mapping, remembered_mapping

    assert remembered_mapping("contacts", ["Spalte A", "Spalte B"]) is None
    remember_mapping("contacts", ["Spalte A", "Spalte B"], {0: "last_name", 1: "first_name"})
    assert remembered_mapping("contacts", ["spalte b", "Spalte A"]) == {0: "first_name", 1: "last_name"}


def test_cli_json_output_and_revert(app, db, tmp_path):
    make_contact("Anna", "Alt", email="anna@example.de")
    path = tmp_path / "kontakte.csv"
    path.write_bytes("Vorname;Nachname;E-Mail\nAnna;Alt;anna@example.de\nBen;Neu;ben@example.de\nX;;\n"
                     .encode("cp1252"))
    runner = app.test_cli_runner()
    dry = json.loads(runner.invoke(args=["data", "import", "contacts", str(path), "--dry-run", "--json"]).output)
    assert dry == {"rows": 3, "created": 1, "updated": 0, "skipped": 1, "duplicates": 1,
                   "errors": [{"row": 4, "field": "last_name", "message": "Required, but empty"}]}
    out = runner.invoke(args=["data", "import", "contacts", str(path), "--json", "--on-duplicate", "fill"]).output
    real = json.loads(out)
    assert (real["created"], real["import_id"], _count(db, Contact)) == (1, imp_id := real["import_id"], 2)
    reverted = runner.invoke(args=["data", "revert", str(imp_id)])
    assert reverted.exit_code == 0 and "Deleted 1 records" in reverted.output
    assert _count(db, Contact) == 1
    bad = tmp_path / "leer.csv"
    bad.write_bytes(b"")
    refused = runner.invoke(args=["data", "import", "contacts", str(bad), "--json"])
    assert refused.exit_code == 1 and "The file is empty." in refused.output
