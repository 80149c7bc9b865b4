"""An import (or its dry run) as a background job: the page polls its progress. A periodic job
removes the uploaded files nothing will read again."""

from datetime import timedelta

from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask
from flask_babel import lazy_gettext as _l

from webapp.extensions import db
from webapp.imports.cleanup import remove_stale_uploads
from webapp.imports.cli import max_mb
from webapp.imports.reading import read_table
from webapp.imports.services import run_import
from webapp.imports.uploads import remove_upload, upload_path
from webapp.jobs import create_job, run_in_background
from webapp.models import Import
from webapp.scheduler import Periodic, register
from webapp.stored_text import english, stored

FROM_PAGE = stored(_l("Started from the import page"))


def start_import(app: Flask, record: Import, user_id: int, dry_run: bool) -> None:
    job = create_job("import", user_id, english(FROM_PAGE))
    record.job_id, record.status = job.id, "checking" if dry_run else "running"
    db.session.commit()
    import_id = record.id

    def work(progress) -> dict:
        target = db.session.get(Import, import_id)
        table = read_table(upload_path(import_id).read_bytes(), max_mb())
        options = target.options
        mapping = {int(k): v for k, v in options.get("mapping", {}).items()}
        try:
            result = run_import(target.kind, table, mapping, on_duplicate=options.get("on_duplicate", "skip"),
                                all_or_nothing=bool(options.get("all_or_nothing")), dry_run=dry_run,
                                user_id=user_id, record=target, progress=progress)
        finally:
            if not dry_run:  # done or failed, the file is not read again (a dry run's is, by the import)
                remove_upload(import_id)
        return {"message": result["message"]}

    # One import at a time (the job lock); a second waits for the first rather than failing.
    run_in_background(app, job.id, work, wait=timedelta(minutes=30))


def _remove_stale_uploads(progress) -> dict:
    removed = remove_stale_uploads()
    return {"message": f"{removed['files']} upload(s) and {removed['rows']} unused import(s) removed", **removed}


def register_periodic() -> None:
    register(Periodic("import-uploads", lambda app: IntervalTrigger(hours=1), _remove_stale_uploads))
