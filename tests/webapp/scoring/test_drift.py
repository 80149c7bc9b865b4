"""Drift is a stored report: computed on promotion, every morning and on request, only shown by the page."""

import re
from datetime import datetime, timezone

from sqlalchemy import update

from webapp.jobs import create_job, run_job
from webapp.models import OPEN_STAGES, Job, Lead, ModelVersion
from webapp.scheduler import all_periodic, run_periodic
from webapp.scoring import dataset, drift, registry, training
from webapp.templating import fmt_datetime

LONG_AGO = datetime(2021, 1, 5, 7, 30, tzinfo=timezone.utc)


def _retrain():
    return run_job(create_job("retrain").id, training.retrain)


def _open_leads(db) -> int:
    return db.session.query(Lead).filter(Lead.stage.in_(OPEN_STAGES)).count()


def _age_report(row: ModelVersion, db) -> None:
    """Pretend the stored report was computed long ago (a new dict: JSON columns track assignment)."""
    row.meta = {**row.meta, "drift": {**row.meta["drift"], "computed_at": LONG_AGO.isoformat()}}
    db.session.commit()


def _never_compute(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("drift was computed while showing the page")

    for module, name in ((drift, "drift_report"), (drift, "feature_shares"), (dataset, "training_frame"),
                         (dataset, "open_frame")):
        monkeypatch.setattr(module, name, refuse)


def test_a_promoted_model_carries_a_report_on_the_leads_it_learned_from(history, db):
    assert _retrain().status == "done"
    current = registry.current_row()
    report = current.meta["drift"]
    learned = current.meta["n_train"]["won"] + current.meta["n_train"]["lost"]
    assert report["open_leads"] == _open_leads(db) > 0 and report["training_leads"] == learned
    assert {row["feature"] for row in report["features"]} == set(current.meta["features"])


def test_restoring_an_earlier_model_brings_its_report_up_to_date(history, db):
    _retrain()
    _retrain()
    first = db.session.query(ModelVersion).filter_by(status="retired").one()
    _age_report(first, db)
    restored, _ = training.rollback()
    assert restored.id == first.id
    assert datetime.fromisoformat(restored.meta["drift"]["computed_at"]) > LONG_AGO


def test_the_page_shows_the_stored_report_without_computing_it(client, login_as, history, db, monkeypatch):
    _retrain()
    report = registry.current_row().meta["drift"]
    login_as("admin")
    _never_compute(monkeypatch)
    response = client.get("/scoring/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert (f"As of {fmt_datetime(report['computed_at'])}, {report['open_leads']} open leads against "
            f"{report['training_leads']} training leads.") in page
    assert "PSI" in page and "Recompute drift" in page


def test_the_button_recomputes_and_the_page_warns_about_a_new_lead_source(client, login_as, history, db,
                                                                         monkeypatch):
    _retrain()
    current = registry.current_row()
    _age_report(current, db)
    login_as("admin")
    assert f"As of {fmt_datetime(LONG_AGO)}" in client.get("/scoring/").get_data(as_text=True)
    # Every open lead now comes from a source the model never saw.
    db.session.execute(update(Lead).where(Lead.stage.in_(OPEN_STAGES)).values(source="trade_fair"))
    db.session.commit()

    response = client.post("/scoring/drift")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.refresh(current)
    assert f"As of {fmt_datetime(current.meta['drift']['computed_at'])}" in page
    assert fmt_datetime(LONG_AGO) not in page
    assert re.search(r"Open leads differ from the training data in: [a-z ,]*\bsource\b", page)
    assert re.search(r'<tr class="shifted"><th scope="row">Source</th><td class="num">[0-9.]+%</td>'
                     r'<td class="num">[0-9.]+</td><td>⚠ shifted</td></tr>', page)
    assert db.session.query(Job).filter_by(kind="drift", status="done").count() == 1


def test_the_button_answers_htmx_with_the_drift_section(client, login_as, history, db, monkeypatch):
    _retrain()
    login_as("admin")
    fragment = client.post("/scoring/drift", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert fragment.lstrip().startswith('<section id="drift"') and "<html" not in fragment
    assert "As of" in fragment and 'hx-trigger="job-done from:body"' in fragment
    refreshed = client.get("/scoring/", headers={"HX-Request": "true", "HX-Target": "drift"})
    assert refreshed.get_data(as_text=True).lstrip().startswith('<section id="drift"')


def test_a_failed_recomputation_is_shown_and_keeps_the_previous_report(client, login_as, history, db, monkeypatch):
    _retrain()
    _age_report(registry.current_row(), db)
    login_as("admin")

    def broken(*args, **kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(drift, "drift_report", broken)
    fragment = client.post("/scoring/drift", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Last drift check failed: Failed: out of memory" in fragment
    assert f"As of {fmt_datetime(LONG_AGO)}" in fragment and "The stored report is unchanged." in fragment


def test_the_button_needs_an_admin_and_a_csrf_token(client, login_as, history, db):
    login_as("sales")
    assert client.post("/scoring/drift").status_code == 403
    login_as("admin")
    assert client.post("/scoring/drift", csrf=False).status_code == 400
    assert db.session.query(Job).filter_by(kind="drift").count() == 0


def test_a_failing_drift_computation_does_not_prevent_promotion(client, login_as, history, db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(drift, "drift_report", broken)
    job = _retrain()
    assert job.status == "done" and job.result["promoted"], job.message
    current = registry.current_row()
    assert current.version == job.result["version"] and "drift" not in current.meta
    db.session.expire_all()
    assert {lead.model_version for lead in db.session.query(Lead).filter(Lead.stage.in_(OPEN_STAGES))
            if not lead.contact.scoring_opt_out} == {current.version}
    login_as("admin")
    page = client.get("/scoring/").get_data(as_text=True)
    assert "Not computed yet" in page and "Recompute drift" in page


def test_the_daily_job_refreshes_the_report(app, history, db):
    _retrain()
    current = registry.current_row()
    _age_report(current, db)
    periodic = next(p for p in all_periodic() if p.kind == "drift")
    run_periodic(app, periodic)
    job = db.session.query(Job).filter_by(kind="drift").one()
    assert job.status == "done" and "open leads against" in job.message
    db.session.refresh(current)
    assert datetime.fromisoformat(current.meta["drift"]["computed_at"]) > LONG_AGO


def test_without_a_model_there_is_no_drift_to_show(client, login_as, db):
    assert drift.refresh_drift() is None
    login_as("admin")
    page = client.get("/scoring/").get_data(as_text=True)
    assert "Recompute drift" not in page and "open leads against" not in page
