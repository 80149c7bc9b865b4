"""An import that fails or is interrupted half-way says so and reverts what its batches wrote; the
command takes its turn under the same lock as the import page."""

import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from webapp.imports import batch_writing, writer
from webapp.imports.revert import revert_import
from webapp.jobs import acquire_lock, release_lock
from webapp.models import Contact, Import, Job
from webapp.models._base import utcnow

ROWS = 5  # in batches of 2: the second batch breaks, the first stays written


@pytest.fixture
def uploads(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    return tmp_path / "imports"


@pytest.fixture
def breaking_writer(monkeypatch):
    """The writer writes its first batch and then meets `error`."""
    monkeypatch.setattr(writer, "BATCH", 2)
    original, calls = batch_writing.BatchWriter.write, []

    def make(error: BaseException):
        def write(self):
            calls.append(1)
            if len(calls) == 2:
                raise error
            original(self)

        monkeypatch.setattr(batch_writing.BatchWriter, "write", write)

    return make


def _csv() -> bytes:
    lines = ["Vorname;Nachname;E-Mail"] + [f"Jürgen{i};Müller;j{i}@example.de" for i in range(ROWS)]
    return ("\n".join(lines) + "\n").encode("cp1252")


def _contacts(db) -> int:
    return db.session.scalar(select(func.count(Contact.id)))


def test_a_job_that_fails_half_way_says_so_and_reverts_what_it_wrote(client, login_as, db, uploads,
                                                                      breaking_writer):
    login_as("marketing")
    location = client.post("/imports/", data={"file": (io.BytesIO(_csv()), "kontakte.csv"), "kind": "contacts"},
                           content_type="multipart/form-data").headers["Location"]
    client.post(location, data={"column_0": "first_name", "column_1": "last_name", "column_2": "email",
                                "on_duplicate": "skip"})
    record = db.session.scalar(select(Import))
    assert record.status == "checked"
    breaking_writer(OSError("disk full"))
    client.post(f"/imports/{record.id}/run")
    db.session.refresh(record)
    assert (record.status, record.error) == ("failed", "Failed: disk full")
    assert _contacts(db) == 2 and len(record.created_ids["contacts"]) == 2
    assert not (uploads / f"{record.id}.upload").exists()  # it will not run again
    page = client.get(f"/imports/{record.id}").get_data(as_text=True)
    assert "The import stopped: Failed: disk full" in page and "Records it had written before it stopped: 2" in page
    client.post(f"/imports/{record.id}/revert")
    db.session.refresh(record)
    assert (_contacts(db), record.status) == (0, "reverted")


def test_an_import_whose_process_stopped_reads_as_interrupted_and_can_be_reverted(app, db, tmp_path,
                                                                                 breaking_writer):
    path = tmp_path / "kontakte.csv"
    path.write_bytes(_csv())
    breaking_writer(KeyboardInterrupt())  # Ctrl+C: nothing in the process records why it stopped
    stopped = app.test_cli_runner().invoke(args=["data", "import", "contacts", str(path)])
    assert stopped.exit_code != 0
    record = db.session.scalar(select(Import))
    job = db.session.get(Job, record.job_id)
    assert (record.status, job.status, _contacts(db)) == ("running", "running", 2)
    job.heartbeat_at = utcnow() - timedelta(minutes=5)  # its heartbeat fell silent
    db.session.commit()
    outcome = revert_import(record)
    assert (outcome["deleted"], _contacts(db), record.status) == (2, 0, "reverted")
    assert record.error.startswith("Interrupted: the process running it stopped")


def test_the_stopped_import_page_names_the_interruption(client, login_as, db):
    login_as("admin")
    job = Job(kind="import", status="running", heartbeat_at=utcnow() - timedelta(minutes=5))
    db.session.add(job)
    db.session.commit()
    record = Import(kind="contacts", file_name="k.csv", status="running", job_id=job.id)
    db.session.add(record)
    db.session.commit()
    listed = client.get("/imports/").get_data(as_text=True)
    assert "<td>Interrupted</td>" in listed and "Revert" in listed
    assert db.session.get(Import, record.id).status == "interrupted"
    page = client.get(f"/imports/{record.id}").get_data(as_text=True)
    assert "The import stopped: Interrupted: the process running it stopped" in page
    german = client.get(f"/imports/{record.id}", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "Unterbrochen" in german and "Bis zum Abbruch geschriebene Datensätze: 0" in german


def test_the_command_takes_its_turn_and_says_when_another_import_is_running(app, db, tmp_path):
    path = tmp_path / "kontakte.csv"
    path.write_bytes(_csv())
    runner = app.test_cli_runner()
    assert acquire_lock("import", "the import page", timedelta(minutes=5))
    refused = runner.invoke(args=["data", "import", "contacts", str(path)])
    assert refused.exit_code == 1 and "Another import is running; nothing was imported." in refused.output
    assert (_contacts(db), db.session.scalar(select(func.count(Import.id)))) == (0, 0)
    dry = runner.invoke(args=["data", "import", "contacts", str(path), "--dry-run"])
    assert dry.exit_code == 0  # a dry run writes nothing and needs no turn
    release_lock("import", "the import page")
    done = runner.invoke(args=["data", "import", "contacts", str(path)])
    assert done.exit_code == 0 and _contacts(db) == ROWS
    assert db.session.scalar(select(Job.status).where(Job.kind == "import").order_by(Job.id.desc())) == "done"


def test_the_command_reports_a_failure_and_how_to_undo_it(app, db, tmp_path, breaking_writer):
    path = tmp_path / "kontakte.csv"
    path.write_bytes(_csv())
    breaking_writer(OSError("disk full"))
    failed = app.test_cli_runner().invoke(args=["data", "import", "contacts", str(path)])
    record = db.session.scalar(select(Import))
    assert failed.exit_code == 1 and "Failed: disk full" in failed.output
    assert f"flask data revert {record.id}" in failed.output
    assert (record.status, _contacts(db)) == ("failed", 2)
