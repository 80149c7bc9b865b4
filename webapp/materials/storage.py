"""Uploaded material files: checked by extension and by their first bytes (a renamed .exe is no
PDF), limited in size, kept in MATERIAL_DIR (instance/materials/ by default) with a random name.

No sniffing library is among the app's dependencies; the six allowed types are recognised by
their signatures, and the Office formats by the part their ZIP package must contain.
"""

import secrets
import zipfile
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

# extension → (content type, check of the file's start / package)
TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
SIGNATURES = {"pdf": b"%PDF-", "png": b"\x89PNG\r\n\x1a\n", "jpg": b"\xff\xd8\xff", "jpeg": b"\xff\xd8\xff"}
OFFICE_PART = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}  # the folder each package has


class FileRefused(Exception):
    """The upload is not kept; the message says why, for the user."""


def folder() -> Path:
    return Path(current_app.config["MATERIAL_DIR"])


def max_bytes() -> int:
    return int(current_app.config["MATERIAL_MAX_MB"] * 1024 * 1024)


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _looks_like(extension: str, stream) -> bool:
    stream.seek(0)
    if extension in SIGNATURES:
        return stream.read(len(SIGNATURES[extension])) == SIGNATURES[extension]
    try:
        with zipfile.ZipFile(stream) as package:
            names = package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith(OFFICE_PART[extension]) for n in names)


def store(upload: FileStorage) -> dict:
    """Check and keep the upload; the material's file columns. FileRefused when it may not be kept."""
    extension = extension_of(upload.filename or "")
    if extension not in TYPES:
        raise FileRefused(_("Upload a PDF, PNG, JPG, DOCX, XLSX or PPTX file."))
    stream = upload.stream
    stream.seek(0, 2)
    size = stream.tell()
    if size > max_bytes():
        raise FileRefused(_("The file is larger than %(mb)s MB.", mb=current_app.config["MATERIAL_MAX_MB"]))
    if size == 0:
        raise FileRefused(_("The file is empty."))
    if not _looks_like(extension, stream):
        raise FileRefused(_("The file's content is not a %(kind)s file.", kind=extension.upper()))
    stream.seek(0)
    stored_name = f"{secrets.token_hex(16)}.{extension}"
    folder().mkdir(parents=True, exist_ok=True)
    upload.save(folder() / stored_name)
    return {"file_name": Path(upload.filename).name[:255], "stored_name": stored_name,
            "content_type": TYPES[extension], "size": size}


def path_of(stored_name: str) -> Path:
    return folder() / stored_name


def discard(stored_name: str | None) -> None:
    """Remove a replaced file; a file already gone is no error."""
    if stored_name:
        path_of(stored_name).unlink(missing_ok=True)
