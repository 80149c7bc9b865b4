"""Uploaded files wait in the instance folder between the upload and the import, named by the
import's id (never by the name the browser sent)."""

from pathlib import Path

from flask import current_app


def upload_path(import_id: int) -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{int(import_id)}.upload"


def read_upload(stream, max_mb: int) -> bytes:
    """The upload's bytes, at most one more than the limit (the reader then refuses it as too large)."""
    return stream.read(max_mb * 1024 * 1024 + 1)
