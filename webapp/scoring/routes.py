"""The model page: versions, held-out metrics and plots, drift, retrain with live progress."""

import io
from datetime import datetime, timezone

from flask import Blueprint, Response, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from scoring_model import write_csv

from webapp.extensions import db
from webapp.htmx import is_partial, render
from webapp.jobs import create_job, run_in_background
from webapp.models import Job, ModelVersion
from webapp.request_args import text_arg
from webapp.scoring import dataset, registry
from webapp.scoring.labels import feature_name, stage_name, status_label
from webapp.scoring.options import candidate_label
from webapp.scoring.service import model_notice
from webapp.security import roles_required
from webapp.settings.services import get_settings
from webapp.stored_text import english, stored

bp = Blueprint("scoring", __name__, url_prefix="/scoring")
FROM_PAGE = stored(_l("Started from the model page"))  # a Job's message: stored in English
# Codes the model page shows by name, in the reader's language.
bp.add_app_template_filter(feature_name, "feature_name")
bp.add_app_template_filter(stage_name, "stage_name")
bp.add_app_template_filter(status_label, "model_status")
bp.add_app_template_filter(candidate_label, "model_family")


def _latest_job(kind: str) -> Job | None:
    return db.session.scalar(select(Job).where(Job.kind == kind).order_by(Job.id.desc()))


def _running(job: Job | None) -> bool:
    return job is not None and job.active  # one whose process died is not running


@bp.get("/")
@roles_required()  # admins
def index():
    """The page, or only its drift section for an htmx refresh. Reads only: drift is shown as stored,
    and models saved in the folder by a notebook are listed by a POST to import_models."""
    versions = list(db.session.scalars(select(ModelVersion).order_by(ModelVersion.created_at.desc())))
    return render("scoring/index.html", "scoring/_drift.html", target="drift", versions=versions,
                  current=registry.current_row(), notice=model_notice(), job=_latest_job("retrain"),
                  drift_job=_latest_job("drift"), counts=dataset.outcome_counts(), unlisted=registry.unlisted(),
                  age=text_arg("age"))


@bp.post("/import")
@roles_required()
def import_models():
    """List models a notebook saved into the model folder as candidates to review."""
    for row in registry.import_candidates():
        flash(_("Model %(version)s was found in the model folder and is listed as a candidate.",
                version=row.version), "info")
    return redirect(url_for("scoring.index"))


@bp.post("/retrain")
@roles_required()
def retrain():
    """Start a retraining in the background; the page polls its progress."""
    from webapp.scoring.jobs import retrain_job

    running = _latest_job("retrain")
    if _running(running):  # show the one that runs; never start a second
        if is_partial():
            return render_template("scoring/_job_status.html", job=running)
        flash(_("A retraining is already running."), "info")
        return redirect(url_for("scoring.index"))
    job = create_job("retrain", current_user.id, english(FROM_PAGE))
    run_in_background(current_app._get_current_object(), job.id, retrain_job)
    return render_template("scoring/_job_status.html", job=job) if is_partial() else redirect(url_for("scoring.index"))


@bp.post("/drift")
@roles_required()
def recompute_drift():
    """Recompute the drift report in the background; the section polls and then shows the new report."""
    from webapp.scoring.jobs import drift_job

    job = _latest_job("drift")
    already = _running(job)
    if not already:
        job = create_job("drift", current_user.id, english(FROM_PAGE))
        run_in_background(current_app._get_current_object(), job.id, drift_job)
    if is_partial():  # the section with the job's progress; it reloads itself when the job ends
        return render_template("scoring/_drift.html", current=registry.current_row(), drift_job=job)
    if already:
        flash(_("A drift check is already running."), "info")
    return redirect(url_for("scoring.index"))


@bp.get("/jobs/<int:job_id>")
@roles_required()
def job_status(job_id: int):
    job = db.get_or_404(Job, job_id)
    response = Response(render_template("scoring/_job_status.html", job=job))
    if not job.active:
        response.headers["HX-Trigger"] = "job-done"
    return response


@bp.post("/versions/<int:version_id>/promote")
@roles_required()
def promote(version_id: int):
    from webapp.scoring.training import make_current

    row = db.get_or_404(ModelVersion, version_id)
    count = make_current(row)
    flash(_("Model %(version)s is current; %(count)s open leads rescored.", version=row.version, count=count),
          "success")
    return redirect(url_for("scoring.index"))


@bp.get("/export.csv")
@roles_required()
def export_csv():
    """The training table exactly as the model sees it (point in time), for notebooks."""
    frame = dataset.training_frame(excluded=tuple(get_settings()["scoring"]["excluded_fields"]))
    buffer = io.StringIO()
    write_csv(frame, buffer)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d")
    return Response(buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=closed-leads-{stamp}.csv"})
