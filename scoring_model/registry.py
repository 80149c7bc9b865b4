"""Model artefacts on disk: <version>.joblib + <version>.json, and a CURRENT.json pointer.

The sidecar is read and checked (sha256 of the file, scikit-learn version) before the joblib
file is opened, because unpickling runs code: a file that does not match its sidecar is never
unpickled. Everything here is plain files so the web app can mirror the state in its database.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path

import joblib
import sklearn

from .errors import ArtifactError, ChecksumMismatch, VersionMismatch
from .model import ScoringModel

POINTER = "CURRENT.json"
_VERSION = re.compile(r"^[A-Za-z0-9._-]+$")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True, default=str))
    os.replace(tmp, path)  # atomic: readers never see half a file


def _paths(model_dir: Path, version: str) -> tuple[Path, Path]:
    if not _VERSION.match(version):
        raise ArtifactError(f"{version!r} is not a valid model version name.")
    return model_dir / f"{version}.joblib", model_dir / f"{version}.json"


def save_model(model: ScoringModel, model_dir: str | Path, version: str | None = None) -> dict:
    """Write the model and its sidecar; returns the sidecar. Does not make it current."""
    model_dir = Path(model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    created = datetime.now(timezone.utc)
    version = version or created.strftime("%Y%m%dT%H%M%S%fZ")
    model_path, sidecar_path = _paths(model_dir, version)
    if model_path.exists():
        raise ArtifactError(f"Model version {version} already exists in {model_dir}.")
    model._fast = None  # rebuilt on first use; keeps the file small and version-independent
    joblib.dump(model, model_path, compress=3)
    sidecar = {
        "version": version,
        "created_at": created.isoformat(),
        "sklearn_version": sklearn.__version__,
        "file": model_path.name,
        "sha256": _sha256(model_path),
        **model.metadata(),
    }
    sidecar = json.loads(json.dumps(sidecar, default=str))  # exactly what readers will see
    _write_json(sidecar_path, sidecar)
    return sidecar


def read_sidecar(model_dir: str | Path, version: str) -> dict:
    _, sidecar_path = _paths(Path(model_dir), version)
    if not sidecar_path.exists():
        raise ArtifactError(f"No model version {version} in {model_dir} (missing {sidecar_path.name}).")
    return json.loads(sidecar_path.read_text())


def load_model(model_dir: str | Path, version: str | None = None, *, sha256: str | None = None) -> ScoringModel:
    """Load a version (default: the current one) after verifying checksum and sklearn version.

    `sha256` is the checksum recorded elsewhere when the model was trained (the web app's
    database); the file must match it as well as its sidecar, so a file swapped together with
    its sidecar is refused too. The bytes checked are the bytes unpickled (read once), and any
    failure to read or unpickle them is an ArtifactError.
    """
    model_dir = Path(model_dir)
    version = version or current_version(model_dir)
    if version is None:
        raise ArtifactError(f"No current model in {model_dir}; train and promote one first.")
    model_path, _ = _paths(model_dir, version)
    if not model_path.exists():
        raise ArtifactError(f"Model file {model_path.name} is missing from {model_dir}.")
    data = model_path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if sha256 is not None and digest != sha256:
        raise ChecksumMismatch(
            f"Model file {model_path.name} does not match the checksum recorded when it was trained; "
            "it was changed or replaced since and will not be loaded."
        )
    try:
        sidecar = read_sidecar(model_dir, version)
    except ValueError as exc:  # a sidecar that is not JSON
        raise ArtifactError(f"The sidecar of model {version} cannot be read: {exc}") from exc
    if digest != sidecar.get("sha256"):
        raise ChecksumMismatch(
            f"Model file {model_path.name} does not match the checksum in its sidecar; it was changed "
            "or replaced after saving and will not be loaded."
        )
    if sidecar.get("sklearn_version") != sklearn.__version__:
        raise VersionMismatch(
            f"Model {version} was saved with scikit-learn {sidecar.get('sklearn_version')}, but "
            f"{sklearn.__version__} is installed. Retrain the model (or install that version)."
        )
    try:
        model = joblib.load(io.BytesIO(data))
    except Exception as exc:  # a damaged file fails in many ways (EOF, zlib, pickle, missing class)
        raise ArtifactError(f"Model file {model_path.name} cannot be read ({type(exc).__name__}: {exc}).") from exc
    if not isinstance(model, ScoringModel):
        raise ArtifactError(f"{model_path.name} does not contain a scoring model.")
    return model


def list_versions(model_dir: str | Path) -> list[dict]:
    """Sidecars of all saved versions, oldest first, each with "current": bool."""
    model_dir = Path(model_dir)
    if not model_dir.exists():
        return []
    current = current_version(model_dir)
    sidecars = []
    for path in sorted(model_dir.glob("*.json")):
        if path.name == POINTER:
            continue
        data = json.loads(path.read_text())
        sidecars.append({**data, "current": data.get("version") == current})
    return sorted(sidecars, key=lambda s: s.get("created_at", ""))


def _pointer(model_dir: Path) -> dict:
    path = model_dir / POINTER
    return json.loads(path.read_text()) if path.exists() else {"version": None, "history": []}


def current_version(model_dir: str | Path) -> str | None:
    return _pointer(Path(model_dir)).get("version")


def promote(model_dir: str | Path, version: str) -> dict:
    """Make a saved version current; the previous one is kept for rollback."""
    model_dir = Path(model_dir)
    read_sidecar(model_dir, version)  # refuses unknown versions
    state = _pointer(model_dir)
    history = list(state.get("history", []))
    if state.get("version") and state["version"] != version:
        history.append(state["version"])
    state = {"version": version, "history": history, "promoted_at": datetime.now(timezone.utc).isoformat()}
    _write_json(model_dir / POINTER, state)
    return state


def rollback(model_dir: str | Path) -> dict:
    """Return to the version that was current before the last promote."""
    model_dir = Path(model_dir)
    state = _pointer(model_dir)
    history = list(state.get("history", []))
    if not history:
        raise ArtifactError(f"Nothing to roll back to in {model_dir}: no earlier model was current.")
    state = {"version": history.pop(), "history": history, "promoted_at": datetime.now(timezone.utc).isoformat()}
    _write_json(model_dir / POINTER, state)
    return state


__all__ = ["save_model", "load_model", "read_sidecar", "list_versions", "current_version", "promote", "rollback"]
