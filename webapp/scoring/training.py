"""Retraining from the team's own closed leads, promoted only when it is at least as good.

The model learns from snapshots: each closed lead as it was at several moments of its open life,
weighted so every lead counts once, a lead's snapshots always on one side of a split. The newest
closed leads are held out; the candidate is trained on the older ones and compared with the
current model on the held-out leads' snapshots (ROC AUC may be lower by a tolerance, calibration
error may not grow beyond one). A promoted candidate is refit on every closed lead. Nothing
visible changes until the last step: the new version row, the promotion and the rescore of all
open leads commit together, so a failure leaves the current model and every score as they were.
The drift report of the new current model is computed after that commit, on its own.
"""

from datetime import datetime, timezone

import numpy as np
import pandas as pd
from flask import current_app

from scoring_model import TrainConfig, TrainingRefused, fit_blend_weights, promote, save_model, score_report, train

from webapp.extensions import db
from webapp.models import ModelVersion
from webapp.notifications import events
from webapp.scoring import age_report, dataset, drift, messages, registry
from webapp.scoring.service import bant_config, rescore_all
from webapp.settings.services import get_settings
from webapp.stored_text import english


def _config(settings: dict) -> TrainConfig:
    # The decision time orders the split but is no feature: open leads have none yet.
    return TrainConfig(time_column=dataset.DECIDED_AT, group_column=dataset.GROUP, weight_column=dataset.WEIGHT,
                       drop=dataset.NOT_FEATURES, candidates=tuple(settings["candidates"]),
                       min_class_rows=min(settings["min_won"], settings["min_lost"]))


def _split(frame, share: float):
    """The leads decided first (1 - share) to learn from, the newest share to judge, each lead with
    all its snapshots; both parts need both outcomes."""
    leads = dataset.lead_groups(frame.sort_values(dataset.DECIDED_AT, kind="stable"))
    cut = int(len(leads) * (1 - share))
    judged = frame[dataset.GROUP].isin(leads[dataset.GROUP].iloc[cut:])
    learn, judge = frame[~judged], frame[judged]
    if judge[dataset.TARGET].nunique() < 2 or learn[dataset.TARGET].nunique() < 2:
        raise TrainingRefused(english(messages.ONE_OUTCOME))
    return learn, judge


def curves(y, p, points: int = 40) -> dict:
    """ROC and reliability points of the held-out predictions, small enough to store and plot."""
    import pandas as pd
    from sklearn.metrics import roc_curve

    fpr, tpr, _ = roc_curve(y, p)
    pick = np.unique(np.linspace(0, len(fpr) - 1, min(points, len(fpr))).astype(int))
    bins = pd.qcut(p, 10, labels=False, duplicates="drop")  # equal frequency, ties kept together
    frame = pd.DataFrame({"p": p, "y": y, "bin": bins}).groupby("bin")
    reliability = [[float(g["p"].mean()), float(g["y"].mean()), int(len(g))] for _, g in frame]
    return {"roc": [[float(fpr[i]), float(tpr[i])] for i in pick], "reliability": reliability}


def _compare_on_unseen(frame, candidate) -> tuple[dict, dict] | None:
    """Candidate and current model judged on the same leads neither has seen, when there are enough.

    The current model was trained on older closed leads, possibly including this run's held-out
    ones, so judging it there would flatter it. Where enough leads were decided after its training
    data ended, both models are judged on those; otherwise each model's own held-out figures
    (measured on leads it had not seen) are compared.
    """
    active = registry.active()
    if active.model is None:
        return None
    seen_until = (active.row.meta or {}).get("data_to")
    unseen = frame[frame[dataset.DECIDED_AT] > seen_until] if seen_until else frame.iloc[0:0]
    if unseen[dataset.GROUP].nunique() >= 100 and unseen[dataset.TARGET].nunique() == 2:
        y, w = unseen[dataset.TARGET].to_numpy(), unseen[dataset.WEIGHT].to_numpy()
        return (score_report(y, candidate.predict_proba(unseen), sample_weight=w),
                score_report(y, active.model.predict_proba(unseen), sample_weight=w))
    return None


def _decide(candidate: dict, current: dict | None, settings: dict) -> tuple[bool, str]:
    if current is None:
        return True, english(messages.FIRST)
    auc_floor = current["roc_auc"] - settings["auc_tolerance"]
    ece_ceiling = current["ece"] + settings["ece_tolerance"]
    if candidate["roc_auc"] < auc_floor:
        return False, english(messages.AUC_WORSE, auc=f"{candidate['roc_auc']:.3f}",
                              current=f"{current['roc_auc']:.3f}", tolerance=settings["auc_tolerance"])
    if candidate["ece"] > ece_ceiling:
        return False, english(messages.ECE_WORSE, ece=f"{candidate['ece']:.3f}", current=f"{current['ece']:.3f}",
                              tolerance=settings["ece_tolerance"])
    return True, english(messages.COMPARED, auc=f"{candidate['roc_auc']:.3f}", current_auc=f"{current['roc_auc']:.3f}",
                         ece=f"{candidate['ece']:.3f}", current_ece=f"{current['ece']:.3f}")


def _by_age(candidate, learn, judge, settings) -> tuple[dict, pd.DataFrame]:
    """The candidate judged on the held-out leads as of their 1st, 7th, 30th and 90th day and by
    stage (webapp.scoring.age_report); also the held-out snapshots with their points."""
    bant = bant_config()
    prior = float(np.average(learn[dataset.TARGET], weights=learn[dataset.WEIGHT]))
    judged = age_report.predict(candidate, judge, bant).assign(prior=prior)
    judged["p_blend"] = age_report.cross_fit_blend(judged, judged, bant)
    ages = age_report.predict(candidate, age_report.rows_at_ages(dataset.lead_groups(judge),
                                                                 tuple(settings["excluded_fields"])), bant)
    ages = ages.assign(prior=prior)
    ages["p_blend"] = age_report.cross_fit_blend(judged, ages, bant)
    report = age_report.by_age_and_stage(ages, judged, bant)
    return report | {"reliability": age_report.reliability_by_age(ages)}, judged


def retrain(progress, now: datetime | None = None) -> dict:
    """The retraining job; returns a summary for the Job row."""
    now = now or datetime.now(timezone.utc)
    settings = get_settings()["scoring"]
    progress(5, english(messages.READING))
    frame = dataset.training_frame(now, excluded=tuple(settings["excluded_fields"]))
    counts = dataset.outcome_counts()
    if counts["won"] < settings["min_won"] or counts["lost"] < settings["min_lost"]:
        raise TrainingRefused(english(messages.TOO_FEW, won=counts["won"], lost=counts["lost"],
                                      min_won=settings["min_won"], min_lost=settings["min_lost"]))
    learn, judge = _split(frame, settings["holdout_share"])
    progress(15, english(messages.TRAINING, leads=learn[dataset.GROUP].nunique(), snapshots=len(learn)))
    config = _config(settings)
    candidate = train(learn, dataset.TARGET, config=config)
    p_candidate = candidate.predict_proba(judge)
    y_judge, w_judge = judge[dataset.TARGET].to_numpy(), judge[dataset.WEIGHT].to_numpy()
    holdout_metrics = score_report(y_judge, p_candidate, sample_weight=w_judge)
    compared = _compare_on_unseen(frame, candidate)
    if compared is None:
        active = registry.active()
        current_metrics = (active.row.metrics or {}).get("holdout") if active.model else None
        compared = (holdout_metrics, current_metrics)
    promoted, reason = _decide(*compared, settings)
    progress(55, english(messages.REFITTING if promoted else messages.KEEPING))
    final = train(frame, dataset.TARGET, config=config) if promoted else candidate
    progress(65, english(messages.JUDGING))
    by_age, judged = _by_age(candidate, learn, judge, settings)
    enough = judge[dataset.GROUP].nunique() >= 200
    weights = (fit_blend_weights(p_candidate, judged["points"].to_numpy(), y_judge, sample_weight=w_judge,
                                 ages=judged["age_days"].to_numpy(dtype=float), stages=age_report.stages(judged))
               if enough else None)
    sidecar = save_model(final, registry.model_dir())
    row = ModelVersion(
        version=sidecar["version"], status="candidate", sha256=sidecar["sha256"],
        metrics={"holdout": holdout_metrics, "compared": {"candidate": compared[0], "current": compared[1]},
                 "cv": final.cv_metrics, "curves": curves(y_judge, p_candidate), "by_age": by_age},
        meta={"n_train": sidecar["n_train"], "features": sidecar["features"], "model": sidecar["model"],
              "dropped_columns": sidecar["dropped_columns"], "blend_weights": weights.to_dict() if weights else None,
              "data_from": str(frame[dataset.DECIDED_AT].min()), "data_to": str(frame[dataset.DECIDED_AT].max()),
              "holdout_rows": int(len(judge)), "holdout_leads": int(judge[dataset.GROUP].nunique()),
              "train_leads": int(frame[dataset.GROUP].nunique()), "snapshot_every_days": settings["snapshot_every_days"]},
        reason=reason)
    db.session.add(row)
    if not promoted:
        row.status = "rejected"
        events.model_decided(row)
        db.session.commit()
        return {"message": english(messages.REJECTED, version=row.version, reason=reason), "version": row.version,
                "promoted": False}
    progress(75, english(messages.RESCORING))
    count = make_current(row, now)
    return {"message": english(messages.PROMOTED, version=row.version, count=count), "version": row.version,
            "promoted": True, "rescored": count}


def make_current(row: ModelVersion, now: datetime | None = None) -> int:
    """Promote `row` (a candidate, or an earlier version for a rollback) and rescore in one commit."""
    previous = registry.current_row()
    if previous is not None and previous.id != row.id:
        previous.status = "retired"
    now = now or datetime.now(timezone.utc)
    row.status, row.promoted_at = "current", now
    db.session.flush()
    count = rescore_all(commit=False)
    promote(registry.model_dir(), row.version)
    events.model_decided(row)
    db.session.commit()
    current_app.logger.info("Model %s is current; %s leads rescored.", row.version, count)
    _refresh_drift(row, now)
    return count


def _refresh_drift(row: ModelVersion, now: datetime) -> None:
    """A fresh drift report for the model just made current; a failure never undoes the promotion."""
    version = row.version
    try:
        drift.refresh_drift(row, now)
    except Exception:  # the page keeps the older report or says "not computed yet"; the job retries daily
        db.session.rollback()
        current_app.logger.exception("Drift report for model %s failed; the promotion stands.", version)


def rollback(now: datetime | None = None) -> tuple[ModelVersion, int]:
    """Restore the most recently retired version."""
    from sqlalchemy import select

    previous = db.session.scalar(select(ModelVersion).where(ModelVersion.status == "retired")
                                 .order_by(ModelVersion.promoted_at.desc().nulls_last(), ModelVersion.id.desc()))
    if previous is None:
        raise TrainingRefused("There is no earlier model to go back to.")
    return previous, make_current(previous, now)
