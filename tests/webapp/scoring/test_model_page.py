"""The model page for admins: retrain with progress, versions, restore, export."""

import csv
import io
import json
from datetime import date

import pytest

from webapp.demo import load_demo
from webapp.jobs import create_job, run_job
from webapp.models import Job, ModelVersion
from webapp.scoring import training
from webapp.settings.services import get_settings, save_setting


@pytest.mark.parametrize("role", ["marketing", "sales", "service", "accounting", "partner"])
def test_only_admins_see_the_model_page(client, login_as, role):
    login_as(role)
    assert client.get("/scoring/").status_code == 403
    assert client.get("/scoring/export.csv").status_code == 403


def test_without_a_model_the_page_says_bant_only_and_how_much_history_is_needed(client, login_as):
    login_as("admin")
    page = client.get("/scoring/").get_data(as_text=True)
    assert "Scores use BANT points only" in page and "0 won and 0 lost leads exist" in page


def test_a_failed_retraining_shows_its_error_and_stops_polling(client, login_as, db):
    login_as("admin")
    job = create_job("retrain")
    run_job(job.id, training.retrain)  # no history: refused
    fragment = client.get(f"/scoring/jobs/{job.id}", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert "Last retraining failed" in body and "are needed" in body and "hx-trigger" not in body
    assert fragment.headers["HX-Trigger"] == "job-done"


def test_a_running_job_fragment_polls_itself(client, login_as, db):
    login_as("admin")
    job = create_job("retrain")
    job.status, job.progress, job.message = "running", 40, "Training on 500 older closed leads"
    db.session.commit()
    body = client.get(f"/scoring/jobs/{job.id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'hx-trigger="every 1s"' in body and 'value="40"' in body and "500 older" in body


def test_starting_a_retraining_while_one_runs_shows_the_running_one(client, login_as, db):
    login_as("admin")
    running = create_job("retrain")
    running.status, running.progress, running.message = "running", 30, "Comparing candidates"
    db.session.commit()
    fragment = client.post("/scoring/retrain", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in body and "Comparing candidates" in body
    page = client.post("/scoring/retrain", follow_redirects=True).get_data(as_text=True)
    assert "A retraining is already running." in page
    assert db.session.query(Job).filter_by(kind="retrain").count() == 1  # no second run was started


def test_versions_metrics_plots_restore_and_export(client, login_as, db):
    load_demo(seed=3, password="demo-password", today=date(2026, 6, 1), scale=0.2)
    login_as("admin")
    save_setting("scoring", {**get_settings()["scoring"], "candidates": ["logistic"]})
    for _ in range(2):
        run_job(create_job("retrain").id, training.retrain)
    page = client.get("/scoring/").get_data(as_text=True)
    assert "Current model" in page and "ROC on held-out leads" in page and "<polyline" in page
    assert "PSI" in page and "Restore" in page
    retired = db.session.query(ModelVersion).filter_by(status="retired").one()
    client.post(f"/scoring/versions/{retired.id}/promote")
    db.session.refresh(retired)
    assert retired.status == "current"
    export = client.get("/scoring/export.csv")
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True))))
    assert rows and {"won", "decided_at", "budget"} <= set(rows[0]) and "email" not in rows[0]
    assert db.session.query(Job).filter_by(status="done").count() == 2


def test_a_model_saved_by_a_notebook_is_listed_when_the_admin_asks(app, client, login_as, db, trained_model):
    folder = app.config["MODEL_DIR"]
    sidecar = json.loads((folder / f"{trained_model.version}.json").read_text())
    (folder / "notebook-1.json").write_text(json.dumps({**sidecar, "version": "notebook-1"}))
    login_as("admin")
    page = client.get("/scoring/").get_data(as_text=True)
    assert "(notebook-1) are not listed yet" in page
    assert db.session.query(ModelVersion).filter_by(version="notebook-1").count() == 0  # looking changes nothing
    page = client.post("/scoring/import", follow_redirects=True).get_data(as_text=True)
    assert "Model notebook-1 was found in the model folder" in page and "are not listed yet" not in page
    assert db.session.query(ModelVersion).filter_by(version="notebook-1").one().status == "candidate"


def test_exports_never_hand_a_spreadsheet_a_formula(client, login_as, db, history, tmp_path):
    from sqlalchemy import update

    from webapp.models import Contact, Organization
    from webapp.scoring.export import write_export

    db.session.execute(update(Contact).values(function='=HYPERLINK("http://evil.example","Open")'))
    db.session.execute(update(Organization).values(territory="@SUM(1+1)"))
    db.session.commit()
    login_as("admin")
    downloaded = client.get("/scoring/export.csv").get_data(as_text=True)
    write_export(tmp_path / "closed.csv")
    for text in (downloaded, (tmp_path / "closed.csv").read_text()):
        rows = list(csv.DictReader(io.StringIO(text)))
        assert rows and {r["function"] for r in rows} == {"'=HYPERLINK(\"http://evil.example\",\"Open\")"}
        assert {r["territory"] for r in rows} <= {"'@SUM(1+1)", ""}
