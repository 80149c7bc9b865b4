"""Which model scores leads: the database says which version is current, MODEL_DIR holds it.

Each process loads a version once and keeps it (artefacts never change once written); a worker
notices a promotion because the current version in the database differs from the one it holds.
A file whose checksum (the one recorded in the database at training time, and its sidecar's)
or library version does not match is never unpickled. Whatever keeps a version from loading
(a refused, missing or damaged file) is remembered for that version, so it is tried once per
process: scores fall back to BANT only, every page keeps working, and the admin sees why.
"""

from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from scoring_model import ScoringModel, load_model

from webapp.extensions import db
from webapp.models import ModelVersion
from webapp.stored_text import english, stored

_loaded: dict[str, ScoringModel] = {}
_refused: dict[str, str] = {}
# Kept and stored in English, translated where shown.
NOT_LOADED = stored(_l("Model %(version)s was not loaded: %(error)s"))
FROM_OUTSIDE = stored(_l("Saved outside the app (e.g. a notebook); its figures are cross-validated."))


@dataclass
class ActiveModel:
    model: ScoringModel | None
    row: ModelVersion | None
    problem: str | None = None

    @property
    def version(self) -> str | None:
        return self.row.version if self.row is not None and self.model is not None else None


def model_dir() -> Path:
    return Path(current_app.config["MODEL_DIR"])


def current_row() -> ModelVersion | None:
    return db.session.scalar(select(ModelVersion).where(ModelVersion.status == "current"))


def active() -> ActiveModel:
    row = current_row()
    if row is None:
        return ActiveModel(None, None)
    key = f"{row.version}:{row.sha256}"
    if key in _refused:
        return ActiveModel(None, row, _refused[key])
    try:
        return ActiveModel(model_for(row), row)
    except Exception as exc:  # any failure: a model that cannot load must not break a page
        _refused[key] = english(NOT_LOADED, version=row.version, error=exc)
        current_app.logger.error(_refused[key])
        return ActiveModel(None, row, _refused[key])


def model_for(row: ModelVersion) -> ScoringModel:
    """The model stored for `row`, loaded once per process; raises when its file cannot be loaded."""
    key = f"{row.version}:{row.sha256}"
    if key not in _loaded:
        _loaded[key] = load_model(model_dir(), row.version, sha256=row.sha256)
    return _loaded[key]


def forget_loaded() -> None:
    """Drop what this process holds (tests, and after a file was replaced by hand)."""
    _loaded.clear()
    _refused.clear()


def unlisted() -> list[dict]:
    """Sidecars of models saved into MODEL_DIR outside the app (a notebook) that are not listed yet."""
    from scoring_model import list_versions

    known = set(db.session.scalars(select(ModelVersion.version)))
    return [sidecar for sidecar in list_versions(model_dir()) if sidecar["version"] not in known]


def import_candidates() -> list[ModelVersion]:
    """Models saved into MODEL_DIR outside the app become candidates to review (a POST or the CLI;
    the model page only says they are there)."""
    added = []
    for sidecar in unlisted():
        row = ModelVersion(version=sidecar["version"], status="candidate", sha256=sidecar["sha256"],
                           metrics={"cv": sidecar.get("cv_metrics"), "holdout": sidecar.get("cv_metrics")},
                           meta={"n_train": sidecar.get("n_train"), "features": sidecar.get("features"),
                                 "model": sidecar.get("model"), "dropped_columns": sidecar.get("dropped_columns"),
                                 "source": "saved outside the app"},
                           reason=english(FROM_OUTSIDE))
        db.session.add(row)
        added.append(row)
    if added:
        db.session.commit()
    return added
