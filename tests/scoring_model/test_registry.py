"""Artefacts: a model is saved with a sidecar, loaded only when it matches, and can be rolled back."""

import hashlib
import json

import joblib
import pytest

from scoring_model import (
    ArtifactError,
    ChecksumMismatch,
    VersionMismatch,
    current_version,
    list_versions,
    load_model,
    promote,
    rollback,
    save_model,
)


def test_round_trip_with_sidecar(tmp_path, linear_model, new_leads):
    sidecar = save_model(linear_model, tmp_path, version="v1")
    promote(tmp_path, "v1")
    on_disk = json.loads((tmp_path / "v1.json").read_text())
    for key in ("version", "created_at", "sklearn_version", "features", "dropped_columns", "n_train", "cv_metrics", "data_fingerprint", "sha256"):
        assert key in on_disk
    assert on_disk == sidecar
    loaded = load_model(tmp_path)
    assert (loaded.predict_proba(new_leads) == linear_model.predict_proba(new_leads)).all()


def test_tampered_file_is_refused_without_unpickling(tmp_path, linear_model, monkeypatch):
    save_model(linear_model, tmp_path, version="v1")
    with (tmp_path / "v1.joblib").open("ab") as handle:
        handle.write(b"tampered")
    monkeypatch.setattr(joblib, "load", lambda *a, **k: pytest.fail("unpickled an untrusted file"))
    with pytest.raises(ChecksumMismatch, match="does not match the checksum"):
        load_model(tmp_path, "v1")


def test_other_sklearn_version_is_refused_before_unpickling(tmp_path, linear_model, monkeypatch):
    save_model(linear_model, tmp_path, version="v1")
    sidecar = json.loads((tmp_path / "v1.json").read_text())
    (tmp_path / "v1.json").write_text(json.dumps({**sidecar, "sklearn_version": "0.24.2"}))
    monkeypatch.setattr(joblib, "load", lambda *a, **k: pytest.fail("unpickled a model of another version"))
    with pytest.raises(VersionMismatch, match="saved with scikit-learn 0.24.2"):
        load_model(tmp_path, "v1")


def test_promote_rollback_and_list(tmp_path, linear_model, boosting_model):
    save_model(linear_model, tmp_path, version="v1")
    save_model(boosting_model, tmp_path, version="v2")
    assert current_version(tmp_path) is None
    with pytest.raises(ArtifactError, match="No current model"):
        load_model(tmp_path)
    promote(tmp_path, "v1")
    promote(tmp_path, "v2")
    assert [v["version"] for v in list_versions(tmp_path) if v["current"]] == ["v2"]
    rollback(tmp_path)
    assert current_version(tmp_path) == "v1"
    with pytest.raises(ArtifactError, match="Nothing to roll back"):
        rollback(tmp_path)
    with pytest.raises(ArtifactError, match="No model version v9"):
        promote(tmp_path, "v9")


def test_a_file_not_matching_the_recorded_checksum_is_refused_without_unpickling(tmp_path, linear_model, monkeypatch):
    sidecar = save_model(linear_model, tmp_path, version="v1")
    monkeypatch.setattr(joblib, "load", lambda *a, **k: pytest.fail("unpickled a file nobody recorded"))
    with pytest.raises(ChecksumMismatch, match="recorded when it was trained"):
        load_model(tmp_path, "v1", sha256="0" * 64)
    assert sidecar["sha256"] != "0" * 64


@pytest.mark.parametrize("damage", [lambda b: b"", lambda b: b[: len(b) // 2], lambda b: b"not a pickle"])
def test_a_damaged_file_matching_its_checksums_is_an_artifact_error(tmp_path, linear_model, damage):
    save_model(linear_model, tmp_path, version="v1")
    path = tmp_path / "v1.joblib"
    path.write_bytes(damage(path.read_bytes()))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    sidecar = json.loads((tmp_path / "v1.json").read_text())
    (tmp_path / "v1.json").write_text(json.dumps({**sidecar, "sha256": digest}))
    with pytest.raises(ArtifactError, match="cannot be read"):
        load_model(tmp_path, "v1", sha256=digest)
