"""Uploaded files do not outlive their use: a finished import's file goes, and so does a file that
was left waiting for a day (uploaded and never mapped, or checked and never imported)."""

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from webapp.extensions import db
from webapp.imports.stopped import UNFINISHED, settle_stopped
from webapp.imports.uploads import upload_folder, upload_path
from webapp.models import Import

KEPT_FOR = timedelta(days=1)
FINISHED = ("done", "rejected", "failed", "interrupted", "abandoned", "reverted")


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; they are stored in UTC.
    return moment.replace(tzinfo=timezone.utc) if moment is not None and moment.tzinfo is None else moment


def remove_stale_uploads(now: datetime | None = None) -> dict:
    """Delete the upload files nothing will read again and the "uploaded" rows older than a day;
    a dry-run result older than a day becomes "abandoned". Returns what was removed."""
    now = now or datetime.now(timezone.utc)
    cutoff = now - KEPT_FOR
    files = rows = abandoned = 0
    for record in db.session.scalars(select(Import).where(Import.status.in_(UNFINISHED))).all():
        settle_stopped(record)  # an import whose process died is over: its file may go
    for record in db.session.scalars(select(Import).where(Import.status.in_(("uploaded", "checked")))).all():
        waiting_since = _aware(record.finished_at if record.status == "checked" else record.created_at)
        if waiting_since is None or waiting_since >= cutoff:
            continue
        if record.status == "uploaded":
            db.session.delete(record)
            rows += 1
        else:
            record.status = "abandoned"
            abandoned += 1
        files += _unlink(record.id)
    db.session.commit()
    for path in upload_folder().glob("*.upload"):
        record = db.session.get(Import, int(path.stem)) if path.stem.isdigit() else None
        if record is None or record.status in FINISHED:
            files += _unlink_path(path)
    return {"files": files, "rows": rows, "abandoned": abandoned}


def _unlink(import_id: int) -> int:
    return _unlink_path(upload_path(import_id))


def _unlink_path(path) -> int:
    try:
        path.unlink()
    except FileNotFoundError:
        return 0
    return 1
