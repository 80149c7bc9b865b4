"""An import (or its dry run) as a background job: the page polls its progress."""

from datetime import timedelta

from flask import Flask
from flask_babel import lazy_gettext as _l

from webapp.extensions import db
from webapp.imports.cli import max_mb
from webapp.imports.reading import read_table
from webapp.imports.services import run_import
from webapp.imports.uploads import upload_path
from webapp.jobs import create_job, run_in_background
from webapp.models import Import
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
        result = run_import(target.kind, table, mapping, on_duplicate=options.get("on_duplicate", "skip"),
                            all_or_nothing=bool(options.get("all_or_nothing")), dry_run=dry_run,
                            user_id=user_id, record=target, progress=progress)
        return {"message": result["message"]}

    # One import at a time (the job lock); a second waits for the first rather than failing.
    run_in_background(app, job.id, work, wait=timedelta(minutes=30))
