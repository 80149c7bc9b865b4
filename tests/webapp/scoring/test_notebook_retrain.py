"""The data scientist's notebook retrains from the app's export and registers a candidate."""

from datetime import date
from pathlib import Path

import pytest

from webapp.demo import load_demo
from webapp.jobs import create_job, run_job
from webapp.models import ModelVersion
from webapp.scoring import registry, training
from webapp.scoring.export import write_export
from webapp.settings.services import get_settings, save_setting

ROOT = Path(__file__).resolve().parents[3]
NOTEBOOK = ROOT / "notebooks" / "2.0-lf-retrain-from-app-export.ipynb"


def test_notebook_compares_with_the_current_model_and_leaves_a_candidate(db, tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    load_demo(seed=5, password="demo-password", today=date(2026, 6, 1), scale=0.2)
    save_setting("scoring", {**get_settings()["scoring"], "candidates": ["logistic"]})
    assert run_job(create_job("retrain").id, training.retrain).status == "done"
    export = tmp_path / "closed-leads.csv"
    card = write_export(export)
    assert card["rows"] > 100 and export.with_suffix(".md").exists()

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert notebook.cells[0].source.startswith("from scoring_model import")
    monkeypatch.setenv("LEADFLOW_EXPORT", str(export))
    monkeypatch.setenv("MODEL_DIR", str(registry.model_dir()))
    parameters = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    parameters.source += "\nCANDIDATES = ('logistic',)"
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    text = "\n".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                     for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "'current'" in text and "Saved candidate" in text
    added = registry.import_candidates()
    assert len(added) == 1 and added[0].status == "candidate"
    assert db.session.query(ModelVersion).filter_by(status="current").count() == 1  # nothing promoted by itself
