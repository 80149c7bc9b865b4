"""An admin downloads everything stored about one person: every kind of record, nobody else's."""

import csv
import io
import json
import zipfile
from datetime import date

from webapp.models import DataRequest
from webapp.privacy.records import KINDS


def _export(client, contact_id):
    with client.post(f"/privacy/contacts/{contact_id}/export") as response:  # closes the temporary file
        assert response.status_code == 200, response.text
        return response, zipfile.ZipFile(io.BytesIO(response.data))


def test_the_zip_holds_every_kind_of_record_about_the_person_and_nothing_about_another(client, login_as, people):
    person, other = people
    login_as("admin")
    response, archive = _export(client, person.contact.id)

    assert response.mimetype == "application/zip"
    assert f"person-{person.contact.id}-{date.today().isoformat()}.zip" in response.headers["Content-Disposition"]
    names = set(archive.namelist())
    assert {"README.txt", "person.json"} <= names
    for kind in KINDS:
        assert {f"{kind}.json", f"{kind}.csv"} <= names
    data = {kind: json.loads(archive.read(f"{kind}.json")) for kind in KINDS}
    for kind in set(KINDS) - {"requests"}:  # this export is recorded once it is written
        assert data[kind], f"no {kind} in the export"
    assert {lead["id"] for lead in data["leads"]} == {person.won.id, person.lost.id, person.open.id}
    assert {a["kind"] for a in data["activities"]} >= {"call", "note", "material_sent", "stage_change"}
    assert data["invoices"][0]["total_gross"] == str(person.invoice.total_gross)
    assert data["payments"][0]["note"] == "Transfer from Zwiebelmeister"
    won = next(lead for lead in data["leads"] if lead["id"] == person.won.id)
    assert (won["budget"], won["outcome"], won["stage"]) == ("confirmed", "won", "debtor")
    assert "probability" in won and "bant_points" in won

    contact = json.loads(archive.read("person.json"))
    assert (contact["email"], contact["custom"]["Hobby"]) == (person.email, "Lindenallee 7 sailing club")
    assert contact["organization"]["name"] == "Nordhessen Logistik GmbH"

    everything = "\n".join(archive.read(name).decode() for name in names)
    assert "Quastenflosser" not in everything and other.email not in everything
    assert f'"id": {other.won.id},' not in archive.read("leads.json").decode()


def test_the_csv_files_hold_the_same_rows_and_defuse_formulas(client, login_as, people, db):
    person, _ = people
    person.contact.notes = "=HYPERLINK(\"http://evil.example\")"
    db.session.commit()
    login_as("admin")
    _, archive = _export(client, person.contact.id)
    rows = list(csv.DictReader(io.StringIO(archive.read("leads.csv").decode())))
    assert sorted(int(r["id"]) for r in rows) == sorted(lead.id for lead in (person.won, person.lost, person.open))
    assert json.loads(archive.read("person.json"))["notes"].startswith("=")  # JSON keeps the value exactly


def test_the_readme_is_in_the_admins_language_and_the_export_is_recorded(client, login_as, people, db):
    person, _ = people
    admin = login_as("admin", language="de")
    _, archive = _export(client, person.contact.id)
    readme = archive.read("README.txt").decode()
    assert "Gespeicherte Daten zu Person" in readme and "leads.csv" in readme

    request = db.session.scalar(db.select(DataRequest))
    assert (request.kind, request.contact_id, request.user_id, request.via) == ("export", person.contact.id,
                                                                             admin.id, "form")
    assert request.summary["leads"] == 3 and request.summary["invoices"] == 1
    _, again = _export(client, person.contact.id)
    assert len(json.loads(again.read("requests.json"))) == 1  # the earlier export is data about them too
