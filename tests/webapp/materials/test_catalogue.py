"""The materials catalogue: links and uploads (checked by content, limited in size), retiring,
downloads for in-house users only, and how often each material went out and how it performs."""

import io
import zipfile

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Activity, Material
from tests.factories import make_contact, make_lead

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _office(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(f"{folder}document.xml", "<x/>")
    return buffer.getvalue()


def _post(client, path, name="Price list 2027", content=PDF, filename="prices.pdf", **extra):
    data = {"name": name, "kind": "price_list", "url": "", **extra}
    if content is not None:
        data["file"] = (io.BytesIO(content), filename)
    return client.post(path, data=data, content_type="multipart/form-data")


def _material(**kw) -> Material:
    material = Material(name=kw.pop("name", "Company brochure"), kind="brochure", **kw)
    db.session.add(material)
    db.session.commit()
    return material


def test_an_uploaded_file_is_kept_and_served_to_colleagues(app, client, login_as, db):
    login_as("marketing")
    assert _post(client, "/materials/new").status_code == 302
    material = db.session.scalar(select(Material))
    assert (material.file_name, material.content_type, material.size) == ("prices.pdf", "application/pdf", len(PDF))
    assert (app.config["MATERIAL_DIR"] / material.stored_name).read_bytes() == PDF
    login_as("service")
    response = client.get(f"/materials/{material.id}/file")
    body = response.data
    response.close()  # the file stays open until the response is closed
    assert response.status_code == 200 and body == PDF
    assert "filename=prices.pdf" in response.headers["Content-Disposition"]


@pytest.mark.parametrize(("content", "filename"), [(_office("word/"), "offer.docx"), (_office("xl/"), "prices.xlsx"),
                                                   (_office("ppt/"), "pitch.pptx"), (b"\x89PNG\r\n\x1a\n....", "logo.png"),
                                                   (b"\xff\xd8\xff\xe0....", "photo.JPG")])
def test_office_files_and_images_are_recognised(client, login_as, db, content, filename):
    login_as("marketing")
    assert _post(client, "/materials/new", content=content, filename=filename).status_code == 302


@pytest.mark.parametrize(("content", "filename", "reason"), [
    (b"MZ\x90\x00 not a pdf", "brochure.pdf", "not a PDF file"),
    (_office("xl/"), "letter.docx", "not a DOCX file"),  # a workbook named .docx
    (b"PK\x03\x04garbage", "sheet.xlsx", "not a XLSX file"),
    (PDF, "run.exe", "Upload a PDF, PNG, JPG, DOCX, XLSX or PPTX file."),
    (b"", "empty.pdf", "The file is empty."),
])
def test_files_that_are_not_what_they_claim_are_refused_at_the_field(app, client, login_as, db, content, filename, reason):
    login_as("marketing")
    response = _post(client, "/materials/new", content=content, filename=filename)
    assert response.status_code == 422
    assert 'class="field invalid" id="field-file"' in response.get_data(as_text=True)
    assert reason in response.get_data(as_text=True)
    assert db.session.scalar(select(Material)) is None
    assert not any(app.config["MATERIAL_DIR"].glob("*"))


def test_a_file_over_the_size_limit_is_refused(app, client, login_as, db):
    # a quarter of a MB: the test client spools bodies over 500 KB to a file it never closes
    app.config["MATERIAL_MAX_MB"] = 0.25
    login_as("marketing")
    response = _post(client, "/materials/new", content=PDF + b"0" * (256 * 1024))
    assert response.status_code == 422 and "larger than 0.25 MB" in response.get_data(as_text=True)
    assert _post(client, "/materials/new", content=PDF + b"0" * (255 * 1024)).status_code == 302


def test_a_new_file_replaces_the_old_one_and_names_and_links_are_checked(app, client, login_as, db):
    login_as("marketing")
    _post(client, "/materials/new")
    material = db.session.scalar(select(Material))
    first = material.stored_name
    assert _post(client, f"/materials/{material.id}", content=PDF + b"v2", filename="prices-v2.pdf").status_code == 302
    db.session.refresh(material)
    assert material.file_name == "prices-v2.pdf" and not (app.config["MATERIAL_DIR"] / first).exists()
    _material(name="Company brochure")
    taken = _post(client, f"/materials/{material.id}", name="company brochure", content=None)
    assert taken.status_code == 422 and "exists already" in taken.get_data(as_text=True)
    bad_link = _post(client, "/materials/new", name="Video", content=None, url="javascript:alert(1)")
    assert bad_link.status_code == 422 and 'id="field-url"' in bad_link.get_data(as_text=True)
    assert _post(client, "/materials/new", name="Video", content=None, url="https://example.com/v").status_code == 302


def test_a_retired_material_is_no_longer_offered_to_send_but_keeps_its_history(client, login_as, db):
    me = login_as("marketing")
    material = _material()
    lead = make_lead(owner_id=me.id)
    client.post(f"/leads/{lead.id}/materials", data={"material_id": material.id})
    assert client.post(f"/materials/{material.id}/retire").status_code == 302
    page = client.get(f"/leads/{lead.id}").get_data(as_text=True)
    assert "Company brochure" in page  # sent before: still in the history
    assert f'<option value="{material.id}"' not in page and "Log as sent" not in page
    other = make_lead(owner_id=me.id)
    client.post(f"/leads/{other.id}/materials", data={"material_id": material.id})
    assert db.session.scalar(select(db.func.count()).select_from(Activity).where(Activity.lead_id == other.id)) == 0
    client.post(f"/materials/{material.id}/restore")
    assert "Log as sent" in client.get(f"/leads/{lead.id}").get_data(as_text=True)


def test_sends_and_win_rates_with_and_without_the_material(client, login_as, db):
    login_as("sales")
    brochure, prices = _material(), _material(name="Price list")
    won_with = make_lead(stage="customer")
    lost_with = make_lead(stage="lost")
    open_with = make_lead(stage="lead")  # undecided: not in any rate
    for stage in ("debtor", "lost", "disqualified"):  # decided without it: 1 won of 3
        make_lead(stage=stage)
    for lead in (won_with, lost_with, open_with):
        db.session.add(Activity(contact_id=lead.contact_id, lead_id=lead.id, kind="material_sent", material_id=brochure.id))
    db.session.add(Activity(contact_id=won_with.contact_id, lead_id=won_with.id, kind="material_sent", material_id=brochure.id))
    db.session.add(Activity(contact_id=make_contact().id, kind="material_sent", material_id=brochure.id))  # no project
    db.session.commit()
    row = client.get("/materials/").get_data(as_text=True).split(f'id="material-{brochure.id}"')[1].split("</tr>")[0]
    cells = [cell.split(">", 1)[1].split("</td")[0] for cell in row.split("<td")[1:]]
    assert cells[3] == "5"  # every send counts
    assert "50% <small>(2)</small>" in cells[4]  # 1 of 2 decided leads that got it won
    assert "33% <small>(3)</small>" in cells[5]  # 1 of 3 that did not
    prices_row = client.get("/materials/").get_data(as_text=True).split(f'id="material-{prices.id}"')[1].split("</tr>")[0]
    assert "— <small>(0)</small>" in prices_row and "40% <small>(5)</small>" in prices_row
    assert "/retire" not in client.get("/materials/").get_data(as_text=True)  # sales reads, does not edit
    assert client.get("/materials/new").status_code == 403


def test_retiring_and_restoring_say_so_by_name_in_the_users_language(client, login_as, db):
    login_as("marketing", language="de")
    material = _material()
    page = client.post(f"/materials/{material.id}/retire", follow_redirects=True).get_data(as_text=True)
    assert "„Company brochure“ ist ausgelaufen" in page
    assert db.session.get(Material, material.id).active is False
    page = client.post(f"/materials/{material.id}/restore", follow_redirects=True).get_data(as_text=True)
    assert "„Company brochure“ kann wieder versandt werden." in page
    assert db.session.get(Material, material.id).active is True
    assert client.post("/materials/999999/retire").status_code == 404
    assert client.post("/materials/999999/restore").status_code == 404
