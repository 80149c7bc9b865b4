"""Import screens: upload → column mapping and options → dry run or import (a job) → result; the
history with revert. Admin and marketing only."""

from itertools import islice

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from webapp.extensions import db
from webapp.htmx import render
from webapp.imports import bp, labels
from webapp.imports.cli import max_mb
from webapp.imports.columns import clean_mapping, custom_fields, guess_mapping
from webapp.imports.forms import UploadForm, mapping_form
from webapp.imports.jobs import start_import
from webapp.imports.reading import FileProblem, read_table
from webapp.imports.revert import RevertError, revert_import
from webapp.imports.services import remember_mapping, remembered_mapping
from webapp.imports.stopped import settle_stopped
from webapp.imports.uploads import read_upload, upload_path
from webapp.models import Import, Job
from webapp.security import roles_required
from webapp.stored_text import translated

ROLES = ("marketing",)  # admins always


bp.context_processor(labels.context)


@bp.before_request
@roles_required(*ROLES)
def _only_admin_and_marketing():
    return None


def _table(record: Import):
    path = upload_path(record.id)
    if not path.exists():
        abort(404)
    return read_table(path.read_bytes(), max_mb())


@bp.route("/", methods=["GET", "POST"])
def index():
    form = UploadForm()
    if form.validate_on_submit():
        data = read_upload(form.file.data.stream, max_mb())
        try:
            read_table(data, max_mb())
        except FileProblem as problem:
            form.file.errors.append(translated(str(problem)))
        else:
            record = Import(kind=form.kind.data, file_name=(form.file.data.filename or "upload")[:255],
                            created_by_id=current_user.id)
            db.session.add(record)
            db.session.commit()
            upload_path(record.id).write_bytes(data)
            return redirect(url_for("imports.mapping", import_id=record.id))
    imports = [settle_stopped(record) for record in db.session.scalars(
        select(Import).where(Import.status != "uploaded").order_by(Import.id.desc()).limit(50)).all()]
    return render_template("imports/index.html", form=form, imports=imports), 422 if form.errors else 200


@bp.route("/<int:import_id>/mapping", methods=["GET", "POST"])
def mapping(import_id: int):
    record = db.get_or_404(Import, import_id)
    if record.status not in ("uploaded", "checked"):
        return redirect(url_for("imports.detail", import_id=record.id))
    table = _table(record)
    preset = ({int(k): v for k, v in record.options.get("mapping", {}).items()}
              or remembered_mapping(record.kind, table.headers)
              or guess_mapping(record.kind, table.headers, custom_fields(record.kind)))
    form = mapping_form(record.kind, table.headers, preset)
    if form.validate_on_submit():
        chosen = clean_mapping(record.kind, {str(i): f.data for i, f in enumerate(form.columns)}, len(table.headers))
        record.options = {"mapping": {str(k): v for k, v in chosen.items()}, "on_duplicate": form.on_duplicate.data,
                          "all_or_nothing": bool(form.all_or_nothing.data)}
        remember_mapping(record.kind, table.headers, chosen)
        start_import(current_app._get_current_object(), record, current_user.id, dry_run=True)
        return redirect(url_for("imports.detail", import_id=record.id))
    samples = [cells for _line, cells in islice(table.rows(), 3)]  # the first values of each column
    return render_template("imports/mapping.html", record=record, form=form, samples=samples), \
        422 if form.errors else 200


@bp.post("/<int:import_id>/run")
def run(import_id: int):
    """Import for real, after the dry run, with the mapping and options it was checked with."""
    record = db.get_or_404(Import, import_id)
    if record.status != "checked" or _active(record):
        flash(_("This import has run already."), "warning")
        return redirect(url_for("imports.detail", import_id=record.id))
    _table(record)  # still there
    start_import(current_app._get_current_object(), record, current_user.id, dry_run=False)
    return redirect(url_for("imports.detail", import_id=record.id))


def _active(record: Import) -> bool:
    job = db.session.get(Job, record.job_id) if record.job_id else None
    return job is not None and job.active


@bp.get("/<int:import_id>")
def detail(import_id: int):
    record = settle_stopped(db.get_or_404(Import, import_id))
    job = db.session.get(Job, record.job_id) if record.job_id else None
    return render("imports/detail.html", "imports/_status.html", record=record, job=job)


@bp.post("/<int:import_id>/revert")
def revert(import_id: int):
    record = db.get_or_404(Import, import_id)
    try:
        outcome = revert_import(record)
    except RevertError as exc:
        flash(translated(str(exc)), "error")
    else:
        flash(_("Import reverted: %(deleted)s records deleted, %(restored)s restored.",
                deleted=outcome["deleted"], restored=outcome["restored"]), "success")
    return redirect(url_for("imports.detail", import_id=record.id))
