"""The import screens: upload, mapping with guesses, dry run, import, result, revert; others get 403."""

import io

from sqlalchemy import func, select

from webapp.models import Contact, Import

CSV = "Vorname;Nachname;E-Mail;Telefon;Ort\nJürgen;Müller;j@example.de;030/1234567;Köln\n" \
      "Anna;Groß;kaputt;;\n".encode("cp1252")


def _upload(client, data=CSV, name="kontakte.csv", kind="contacts"):
    return client.post("/imports/", data={"file": (io.BytesIO(data), name), "kind": kind},
                       content_type="multipart/form-data")


def test_upload_map_check_import_and_revert(client, login_as, db):
    login_as("marketing")
    response = _upload(client)
    assert response.status_code == 302
    mapping = client.get(response.headers["Location"])
    page = mapping.get_data(as_text=True)
    assert '<option selected value="first_name">' in page
    assert "<td>Jürgen, Anna</td>" in page and "<td>Müller, Groß</td>" in page  # each column's first values
    form = {f"column_{i}": field for i, field in enumerate(["first_name", "last_name", "email", "phone", "city"])}
    checked = client.post(response.headers["Location"], data={**form, "on_duplicate": "skip"})
    record = db.session.scalar(select(Import))
    assert checked.status_code == 302 and record.status == "checked"
    result = client.get(f"/imports/{record.id}").get_data(as_text=True)
    assert "Not a valid e-mail address" in result and "Import now" in result
    assert db.session.scalar(select(func.count(Contact.id))) == 0
    client.post(f"/imports/{record.id}/run")
    db.session.refresh(record)
    assert record.status == "done" and record.counts["created"] == 1
    assert db.session.scalar(select(Contact.city)) == "Köln"
    assert "Revert" in client.get("/imports/").get_data(as_text=True)
    client.post(f"/imports/{record.id}/revert")
    assert db.session.scalar(select(func.count(Contact.id))) == 0


def test_a_bad_file_is_refused_on_the_upload_page(client, login_as, db):
    login_as("admin")
    response = _upload(client, data=b"%PDF-1.4\x00\x00", name="liste.csv")
    assert response.status_code == 422
    assert "This is not a CSV or XLSX file." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Import.id))) == 0


def test_other_roles_may_not_import(client, login_as):
    login_as("sales")
    assert client.get("/imports/").status_code == 403
    assert _upload(client).status_code == 403
