"""A model artefact that cannot be trusted or read never breaks a page: scores fall back to BANT only.

The file's checksum must match the one the database recorded at training time before it is
unpickled; a corrupt file whose sidecar was updated to match, a missing file or any unpickling
error leaves the app scoring with BANT points and saying why, so an admin can roll back.
"""

import hashlib
import json

import joblib
import pytest

from webapp.api.auth import create_token
from webapp.scoring import registry
from tests.factories import make_lead, make_user

NOTICE = "Scores use BANT points only"


def _replace_artefact(app, row, content: bytes, *, record_in_database: bool) -> None:
    """Overwrite the model file and update its sidecar's checksum to match (and the database's, if asked)."""
    folder = app.config["MODEL_DIR"]
    (folder / f"{row.version}.joblib").write_bytes(content)
    digest = hashlib.sha256(content).hexdigest()
    sidecar = folder / f"{row.version}.json"
    sidecar.write_text(json.dumps({**json.loads(sidecar.read_text()), "sha256": digest}))
    if record_in_database:
        row.sha256 = digest
    registry.forget_loaded()  # as a process started after the change: it reads the file


def _pages_still_work(client, db, lead, token) -> list[str]:
    """Every page that scores or shows the model, answered without a 500; returns their bodies."""
    bodies = []
    for path in ("/leads/", "/leads/queue", f"/leads/{lead.id}", "/scoring/"):
        response = client.get(path)
        assert response.status_code == 200, path
        bodies.append(response.get_data(as_text=True))
    scored = client.post("/api/v1/score", json={"budget": "confirmed"}, headers={"Authorization": f"Bearer {token}"})
    assert scored.status_code == 200 and scored.json["model_version"] is None
    return bodies


@pytest.fixture
def admin_with_lead(client, login_as, db):
    admin = login_as("admin")
    return make_lead(owner_id=admin.id), create_token(make_user("sales"), "test")


@pytest.mark.parametrize("content", [b"", b"garbage, not a pickle", None], ids=["empty", "garbage", "truncated"])
def test_a_corrupt_artefact_matching_its_checksums_falls_back_to_bant_only(app, client, db, trained_model,
                                                                          admin_with_lead, content):
    path = app.config["MODEL_DIR"] / f"{trained_model.version}.joblib"
    content = path.read_bytes()[: len(path.read_bytes()) // 2] if content is None else content
    _replace_artefact(app, trained_model, content, record_in_database=True)
    db.session.commit()
    lead, token = admin_with_lead
    for body in _pages_still_work(client, db, lead, token):
        if "Scores use" in body:
            assert f"Model {trained_model.version} was not loaded" in body
    assert NOTICE in client.get("/scoring/").get_data(as_text=True)


def test_a_file_the_database_does_not_know_is_never_unpickled(app, client, db, trained_model, admin_with_lead,
                                                              monkeypatch):
    _replace_artefact(app, trained_model, b"another pickle entirely", record_in_database=False)
    db.session.commit()
    monkeypatch.setattr(joblib, "load", lambda *a, **k: pytest.fail("unpickled a file the database does not know"))
    lead, token = admin_with_lead
    _pages_still_work(client, db, lead, token)
    assert "does not match the checksum recorded" in client.get("/scoring/").get_data(as_text=True)


def test_a_missing_artefact_falls_back_and_the_model_page_can_restore_another(app, client, db, trained_model,
                                                                             admin_with_lead):
    (app.config["MODEL_DIR"] / f"{trained_model.version}.joblib").unlink()
    registry.forget_loaded()  # as a process started after the file went
    lead, token = admin_with_lead
    _pages_still_work(client, db, lead, token)


def test_a_failed_load_is_tried_once_per_version_not_on_every_request(app, client, db, trained_model,
                                                                      admin_with_lead, monkeypatch):
    _replace_artefact(app, trained_model, b"garbage", record_in_database=True)
    db.session.commit()
    calls = []
    real = joblib.load
    monkeypatch.setattr(joblib, "load", lambda *a, **k: (calls.append(1), real(*a, **k))[1])
    lead, token = admin_with_lead
    _pages_still_work(client, db, lead, token)
    _pages_still_work(client, db, lead, token)
    assert len(calls) == 1
    assert registry.active().problem
