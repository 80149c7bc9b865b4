"""Promotion and rescoring promise something to every other worker: what they wrote is read back
through a connection of its own, so a step that forgot its commit fails here (a shared session
would hide it). On a SQLite file or on PostgreSQL."""

from datetime import date

from sqlalchemy import select

from webapp.demo import load_demo
from webapp.extensions import db
from webapp.jobs import create_job, run_job
from webapp.models import OPEN_STAGES, Job, Lead, ModelVersion
from webapp.scoring import registry, service, training
from webapp.scoring.service import rescore_all
from webapp.settings.services import get_settings, save_setting
from webapp.utc import as_utc
from tests.concurrency import at_once, committed, signed_in_client


def _history() -> None:
    load_demo(seed=7, password="demo-password", today=date(2026, 6, 1), scale=0.2)
    save_setting("scoring", {**get_settings()["scoring"], "candidates": ["logistic"]})


def _open_scores() -> dict[int, tuple]:
    rows = committed(select(Lead.id, Lead.model_version, Lead.probability).where(Lead.stage.in_(OPEN_STAGES)))
    return {row.id: (row.model_version, row.probability) for row in rows}


def test_a_promotion_is_what_every_other_worker_reads(shared_app):
    with shared_app.app_context():
        _history()
        job = run_job(create_job("retrain").id, training.retrain)
        assert job.status == "done", job.message
        version = job.result["version"]
        seen = committed(select(ModelVersion.version, ModelVersion.status))
        assert [v for v, status in seen if status == "current"] == [version]
        modelled = [mv for mv, _ in _open_scores().values() if mv is not None]  # opted-out contacts: BANT only
        assert len(modelled) > 50 and set(modelled) == {version}
        assert committed(select(Job.status).where(Job.id == job.id)) == [("done",)]


def test_a_rollback_and_its_rescore_are_what_every_other_worker_reads(shared_app):
    with shared_app.app_context():
        _history()
        run_job(create_job("retrain").id, training.retrain)
        first = registry.current_row().version
        save_setting("scoring", {**get_settings()["scoring"], "auc_tolerance": 1.0, "ece_tolerance": 1.0})
        second = run_job(create_job("retrain").id, training.retrain).result["version"]
        assert second != first
        training.rollback()
        statuses = dict(committed(select(ModelVersion.version, ModelVersion.status)))
        assert statuses[first] == "current" and statuses[second] == "retired"
        assert {mv for mv, _ in _open_scores().values()} - {None} == {first}


def test_a_full_rescore_is_committed_for_every_other_worker(shared_app):
    with shared_app.app_context():
        _history()
        run_job(create_job("retrain").id, training.retrain)
        before = _open_scores()
        db.session.execute(Lead.__table__.update().values(probability=None))  # as if never scored
        db.session.commit()
        assert all(p is None for _, p in _open_scores().values())
        count = rescore_all(batch_size=50)  # several batches, each committed on its own
        after = _open_scores()
        assert count == len(after) == len(before)
        assert all(after[i][1] == before[i][1] for i in after)


def test_a_rep_who_logs_a_call_during_a_full_rescore_keeps_the_newer_score(shared_app, monkeypatch):
    """The admin's full rescore reads every open lead, then a rep logs a call on one of them (its
    score is written at once), then the rescore writes what it computed before: that lead keeps
    the rep's newer score, the others get the rescore's."""
    with shared_app.app_context():
        _history()
        run_job(create_job("retrain").id, training.retrain)
        lead = db.session.scalars(select(Lead).where(Lead.stage == "lead", Lead.owner_id.is_not(None))
                                  .order_by(Lead.id)).first()
        lead_id, owner_id = lead.id, lead.owner.get_id()
    write = service._Scorer.execute
    started = []

    def rep_logs_a_call_first(scorer, scores):
        if not started:
            started.append(scorer.now)
            client, headers = signed_in_client(shared_app, owner_id)
            at_once([lambda: client.post(f"/leads/{lead_id}/activities", headers=headers,
                                         data={"kind": "call", "body": "Called back, wants an offer."})])
        return write(scorer, scores)

    monkeypatch.setattr(service._Scorer, "execute", rep_logs_a_call_first)
    with shared_app.app_context():
        rescore_all()
        [(scored_at,)] = committed(select(Lead.scored_at).where(Lead.id == lead_id))
        [(other,)] = committed(select(Lead.scored_at).where(Lead.stage == "lead", Lead.id != lead_id)
                               .order_by(Lead.id).limit(1))
        rescore_moment = as_utc(started[0])
        assert as_utc(scored_at) > rescore_moment  # the rep's score, written after the rescore began
        assert as_utc(other) == rescore_moment  # every other lead has the rescore's
        lead = db.session.get(Lead, lead_id)
        assert lead.probability == service.score_lead(lead, service.lead_features(lead, now=scored_at)).probability
