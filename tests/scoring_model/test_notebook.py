"""The evaluation notebook runs top to bottom (small sample, two folds)."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "1.0-lf-evaluate-on-public-data.ipynb"
DATA = ROOT.parent / "shared" / "data"


def test_notebook_executes_top_to_bottom():
    if not DATA.exists():
        pytest.skip(f"public datasets not found at {DATA}; the notebook needs them")
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert notebook.cells[0].source.startswith("from scoring_model import")
    parameters = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    parameters.source = "FOLDS = 2\nSAMPLE = 600\nN_JOBS = 1\nSEED = 0\nCANDIDATES = ('logistic',)"
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}})
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
