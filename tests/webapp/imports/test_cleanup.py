"""Uploaded files go once nothing will read them again; uploads left unmapped for a day go entirely."""

from datetime import timedelta

from sqlalchemy import select

from webapp.models import Import, Job
from webapp.models._base import utcnow
from webapp.scheduler import all_periodic, run_periodic


def test_the_periodic_job_removes_uploads_nothing_will_read_again(app, db, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    folder = tmp_path / "imports"
    folder.mkdir()
    now = utcnow()
    two_days, two_hours = now - timedelta(days=2), now - timedelta(hours=2)
    running_job = Job(kind="import", status="running", heartbeat_at=now)
    db.session.add(running_job)
    db.session.commit()
    records = {
        "forgotten upload": Import(status="uploaded", created_at=two_days),
        "fresh upload": Import(status="uploaded", created_at=two_hours),
        "checked long ago": Import(status="checked", created_at=two_days, finished_at=two_days),
        "checked lately": Import(status="checked", created_at=two_days, finished_at=two_hours),
        "imported": Import(status="done", created_at=two_hours, finished_at=two_hours),
        "importing": Import(status="running", created_at=two_days, job_id=running_job.id),
    }
    for name, record in records.items():
        record.kind, record.file_name = "contacts", f"{name}.csv"
        db.session.add(record)
    db.session.commit()
    ids = {name: record.id for name, record in records.items()}
    for id_ in ids.values():
        (folder / f"{id_}.upload").write_bytes(b"Vorname;Nachname\nA;B\n")
    (folder / "9999.upload").write_bytes(b"left by an import that no longer exists")

    run_periodic(app, next(p for p in all_periodic() if p.kind == "import-uploads"))

    assert {path.name for path in folder.iterdir()} == {
        f"{ids[name]}.upload" for name in ("fresh upload", "checked lately", "importing")}
    db.session.expire_all()
    statuses = dict(db.session.execute(select(Import.file_name, Import.status)).all())
    assert statuses == {"fresh upload.csv": "uploaded", "checked long ago.csv": "abandoned",
                        "checked lately.csv": "checked", "imported.csv": "done", "importing.csv": "running"}
    job = db.session.scalar(select(Job).where(Job.kind == "import-uploads"))
    assert (job.status, job.result["files"], job.result["rows"]) == ("done", 4, 1)


def test_an_abandoned_import_offers_no_import_any_more(client, login_as, db):
    login_as("marketing")
    record = Import(kind="contacts", file_name="k.csv", status="abandoned", counts={"rows": 3, "created": 3, "updated": 0, "skipped": 0, "duplicates": 0, "errors": 0})
    db.session.add(record)
    db.session.commit()
    page = client.get(f"/imports/{record.id}").get_data(as_text=True)
    assert "Not imported; its file was removed after a day" in page and "Import now" not in page
    assert client.post(f"/imports/{record.id}/run").status_code == 302
    assert db.session.get(Import, record.id).status == "abandoned"
