"""Settings of the learned close probability (retraining, promotion, classes): admins only."""

from datetime import datetime, timezone

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_login import current_user

from webapp.extensions import db
from webapp.locking import EditConflict
from webapp.models import Job
from webapp.scheduler import cron
from webapp.security import roles_required
from webapp.settings import bp, pages, rescoring, services
from webapp.settings.forms import ScoringForm, cron_problem, excluded_elsewhere, scoring_form_data, scoring_from_form


def _next_retraining(expression: str) -> str | None:
    """When the schedule runs next, in UTC as the schedule is written, with the reader's day and month names."""
    if cron_problem(expression):
        return None
    when = cron(expression).get_next_fire_time(None, datetime.now(timezone.utc))
    return format_datetime(when, "EEE dd MMM yyyy, HH:mm", rebase=False) if when else None


@bp.route("/scoring", methods=["GET", "POST"])
@roles_required()  # admins only
def scoring():
    stored = services.get_settings()["scoring"]
    form = ScoringForm() if request.method == "POST" else ScoringForm(
        formdata=None, data={**scoring_form_data(stored), "version": services.page_version(services.SCORING_KEYS)})
    status = 422
    if form.validate_on_submit():
        try:
            said = pages.save_scoring_settings(scoring_from_form(form, stored), current_user.id, form.version.data)
        except EditConflict as conflict:
            status = form.report_conflict(conflict)
        else:
            flash(said, "success")
            return redirect(url_for("settings.scoring"))
    return render_template("settings/scoring.html", form=form, kept=excluded_elsewhere(stored),
                           next_run=_next_retraining(stored["retrain_cron"]), job=rescoring.latest_job()), \
        status if form.errors else 200


@bp.get("/rescore/<int:job_id>")
@roles_required()
def rescore_status(job_id: int):
    """The rescore's progress as a fragment that polls itself until the job ends."""
    job = db.get_or_404(Job, job_id)
    if job.kind != rescoring.KIND:
        abort(404)
    return render_template("settings/_rescore_status.html", job=job)
