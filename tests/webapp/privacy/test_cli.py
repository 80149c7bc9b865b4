"""flask data person-export / person-erase: the same answers from the shell, recorded as such."""

import json
import zipfile

from sqlalchemy import select

from webapp.models import Contact, DataRequest


def test_person_export_writes_the_zip_where_asked(app, people, db, tmp_path):
    person, other = people
    out = tmp_path / "answers" / "wilhelmine.zip"
    result = app.test_cli_runner().invoke(args=["data", "person-export", str(person.contact.id), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 leads" in result.output
    with zipfile.ZipFile(out) as archive:
        assert json.loads(archive.read("person.json"))["email"] == person.email
        assert other.email not in archive.read("activities.json").decode()
    request = db.session.scalar(select(DataRequest))
    assert (request.kind, request.via, request.user_id) == ("export", "cli", None)


def test_person_erase_asks_unless_told_yes(app, people, db):
    person, other = people
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["data", "person-erase", str(person.contact.id)], input="n\n")
    assert refused.exit_code != 0
    assert db.session.get(Contact, person.contact.id).email == person.email

    result = runner.invoke(args=["data", "person-erase", str(person.contact.id), "--yes"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(Contact, person.contact.id).email is None
    assert db.session.get(Contact, other.contact.id).email == other.email
    assert db.session.scalar(select(DataRequest)).kind == "erase"
    assert runner.invoke(args=["data", "person-erase", str(person.contact.id), "--yes"]).exit_code != 0
    assert runner.invoke(args=["data", "person-export", "999999"]).exit_code != 0
