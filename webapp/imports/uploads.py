"""Uploaded files wait in the instance folder between the upload and the import, named by the
import's id (never by the name the browser sent); webapp/imports/cleanup.py removes them."""

from pathlib import Path

from flask import current_app


def upload_folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def upload_path(import_id: int) -> Path:
    return upload_folder() / f"{int(import_id)}.upload"


def remove_upload(import_id: int) -> None:
    upload_path(import_id).unlink(missing_ok=True)


def read_upload(stream, max_mb: int) -> bytes:
    """The upload's bytes, at most one more than the limit (the reader then refuses it as too large)."""
    return stream.read(max_mb * 1024 * 1024 + 1)
