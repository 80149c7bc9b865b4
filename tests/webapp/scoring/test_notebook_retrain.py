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


def _current_model_trained_on_older_leads(export: Path, share: float) -> None:
    """Make current a model that learned only from the leads decided first (as if trained a while
    ago): the newer leads are then unseen by it and by the notebook's candidate."""
    from scoring_model import promote, read_table, save_model, train

    frame = read_table(export).sort_values(["decided_at", "lead_id"], kind="stable")
    leads = frame.drop_duplicates("lead_id")
    older = frame[frame["lead_id"].isin(leads["lead_id"].iloc[:int(len(leads) * share)])]
    model = train(older, "won", config=training._config({**get_settings()["scoring"], "candidates": ["logistic"]}))
    promote(registry.model_dir(), save_model(model, registry.model_dir())["version"])


def test_notebook_compares_with_the_current_model_and_leaves_a_candidate(db, tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    load_demo(seed=5, password="demo-password", today=date(2026, 6, 1), scale=0.2)
    save_setting("scoring", {**get_settings()["scoring"], "candidates": ["logistic"]})
    assert run_job(create_job("retrain").id, training.retrain).status == "done"
    export = tmp_path / "closed-leads.csv"
    card = write_export(export)
    assert card["rows"] > card["leads"] > 100 and export.with_suffix(".md").exists()
    _current_model_trained_on_older_leads(export, 0.6)

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert notebook.cells[0].source.startswith("from scoring_model import")
    monkeypatch.setenv("LEADFLOW_EXPORT", str(export))
    monkeypatch.setenv("MODEL_DIR", str(registry.model_dir()))
    parameters = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    parameters.source += "\nCANDIDATES = ('logistic',)\nMIN_UNSEEN_LEADS = 30"
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    text = "\n".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                     for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "'current'" in text and "'candidate'" in text and "Saved candidate" in text
    assert "day 0-3" in text and "stage lead" in text  # judged by age and stage
    added = registry.import_candidates()
    assert [row.status for row in added] == ["candidate"] * len(added) and added
    assert db.session.query(ModelVersion).filter_by(status="current").count() == 1  # nothing promoted by itself
