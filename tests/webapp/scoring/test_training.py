"""Retraining from the team's history: promotion rules, rollback, failures, tampered files."""

from webapp.jobs import create_job, run_job
from webapp.models import Lead, ModelVersion
from webapp.scoring import registry, training
from webapp.scoring.service import score_lead
from webapp.settings.services import get_settings, save_setting


def _retrain():
    job = create_job("retrain")
    return run_job(job.id, training.retrain)


def _open_leads(db):
    return db.session.query(Lead).filter(Lead.stage.in_(("lead", "prospect"))).all()


def test_first_model_is_promoted_and_every_open_lead_is_rescored_with_factors(history, db):
    job = _retrain()
    assert job.status == "done", job.message
    current = registry.current_row()
    assert current.status == "current" and current.metrics["holdout"]["roc_auc"] > 0.6
    db.session.expire_all()
    leads = [lead for lead in _open_leads(db) if not lead.contact.scoring_opt_out]
    assert leads and all(lead.model_version == current.version and lead.score_factors for lead in leads)
    for lead in leads:  # lists show the factor that moves the score most, either way
        strongest = max(lead.score_factors, key=lambda f: abs(f["contribution"]))
        assert (lead.top_factor, lead.top_factor_weight) == (strongest["label"], strongest["contribution"])
    score = score_lead(leads[0])
    assert score.model_version == current.version and score.factors
    strongest = max(score.factors, key=lambda f: abs(f["contribution"]))
    assert score.top == (strongest["label"], strongest["contribution"])


def test_a_candidate_worse_than_the_current_model_is_kept_as_rejected(history, db):
    _retrain()
    first = registry.current_row().version
    save_setting("scoring", {**get_settings()["scoring"], "auc_tolerance": -1.0})  # must gain a whole point
    job = _retrain()
    assert job.status == "done" and "rejected" in job.message
    assert registry.current_row().version == first
    rejected = db.session.query(ModelVersion).filter_by(status="rejected").one()
    assert "ROC AUC" in rejected.reason


def test_rollback_restores_the_previous_model_and_its_scores(history, db):
    _retrain()
    first = registry.current_row().version
    _retrain()  # same data: at least as good, so promoted
    second = registry.current_row().version
    assert second != first
    restored, count = training.rollback()
    assert restored.version == first and registry.current_row().version == first and count > 0
    db.session.expire_all()
    assert {lead.model_version for lead in _open_leads(db) if not lead.contact.scoring_opt_out} == {first}


def test_a_failed_retraining_leaves_model_and_scores_untouched(history, db, monkeypatch):
    _retrain()
    before = {lead.id: (lead.probability, lead.model_version) for lead in _open_leads(db)}
    versions = db.session.query(ModelVersion).count()

    def broken_save(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(training, "save_model", broken_save)
    job = _retrain()
    assert job.status == "failed" and "disk full" in job.message
    db.session.expire_all()
    assert db.session.query(ModelVersion).count() == versions
    assert {lead.id: (lead.probability, lead.model_version) for lead in _open_leads(db)} == before


def test_a_tampered_model_file_is_never_loaded_and_scores_fall_back_to_bant(history, db, app):
    _retrain()
    current = registry.current_row()
    path = registry.model_dir() / f"{current.version}.joblib"
    path.write_bytes(path.read_bytes() + b"tampered")
    registry.forget_loaded()
    active = registry.active()
    assert active.model is None and "checksum" in active.problem
    lead = next(lead for lead in _open_leads(db) if not lead.contact.scoring_opt_out)
    score = score_lead(lead)
    assert score.bant_only and score.model_version is None


def test_too_little_history_is_refused_with_the_numbers(db):
    job = _retrain()
    assert job.status == "failed"
    assert "0 won and 0 lost leads; at least 30 won and 30 lost are needed" in job.message
    assert db.session.query(ModelVersion).count() == 0


def test_an_opted_out_contact_is_scored_on_bant_alone(history, db):
    _retrain()
    lead = next(lead for lead in _open_leads(db) if not lead.contact.scoring_opt_out)
    assert not score_lead(lead).bant_only
    lead.contact.scoring_opt_out = True
    db.session.commit()
    score = score_lead(lead)
    assert score.bant_only and score.opted_out
