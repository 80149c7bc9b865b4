"""The command line on a spreadsheet export: semicolons, decimal commas, latin-1 text."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from scoring_model.cli import run
from scoring_model.io import read_table
from scoring_model.synthetic import make_leads

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def export_csv(tmp_path_factory):
    frame = make_leads(300, seed=5)
    frame["owner"] = ["Müller", "Jérôme", "Åsa"] * 100
    path = tmp_path_factory.mktemp("export") / "leads.csv"
    frame.to_csv(path, sep=";", decimal=",", index=False, encoding="latin-1")
    return path


def test_separator_encoding_and_decimal_comma_are_detected(export_csv):
    frame = read_table(export_csv)
    assert frame.shape == (300, 22)
    assert set(frame["owner"]) == {"Müller", "Jérôme", "Åsa"}
    assert pd.api.types.is_float_dtype(frame["pages_per_visit"])


def test_evaluate_prints_one_json_object(export_csv, capsys):
    command = ["evaluate", str(export_csv), "--target", "won", "--folds", "2", "--drop", "owner", "--candidates", "logistic"]
    assert run(command) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["rows"] == 300 and result["folds"] == 2
    assert {"column": "owner", "reason": "dropped by request"} in result["dropped_columns"]
    metrics = {"roc_auc", "average_precision", "brier", "log_loss", "ece", "fit_seconds"}
    assert metrics <= set(result["model"])
    assert set(result["baselines"]) == {"prior", "logistic_regression", "naive_bayes_frequency"}
    for baseline in result["baselines"].values():
        assert metrics <= set(baseline)


def test_train_then_predict_round_trip(export_csv, tmp_path, capsys):
    models = tmp_path / "models"
    command = ["train", str(export_csv), "--target", "won", "--positive", "1", "--candidates", "logistic", "boosting"]
    assert run([*command, "--out", str(models)]) == 0
    trained = json.loads(capsys.readouterr().out)
    assert (models / f"{trained['version']}.joblib").exists()
    scores = tmp_path / "scores.csv"
    command = [sys.executable, "-m", "scoring_model", "predict", str(models), str(export_csv), "--out", str(scores)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    out = pd.read_csv(scores)
    assert len(out) == 300
    assert {"probability", "class", "factors_for", "factors_against"} <= set(out.columns)
    assert out["probability"].between(0, 1).all() and set(out["class"]) <= {"A", "B", "C"}


def test_refusal_is_a_readable_error_not_a_traceback(tmp_path, capsys):
    path = tmp_path / "tiny.csv"
    make_leads(30).to_csv(path, index=False)
    assert run(["train", str(path), "--target", "won", "--out", str(tmp_path / "m")]) == 2
    assert capsys.readouterr().err.startswith("error: Too few closed leads")
