"""Training: refusals a user understands, column screening, form defaults, unseen values."""

import numpy as np
import pandas as pd
import pytest

from scoring_model import TrainConfig, TrainingRefused, screen_columns, train
from scoring_model.synthetic import make_leads

FAST = TrainConfig(candidates=("logistic",), cv_folds=2)


def test_refuses_when_every_lead_was_won():
    frame = make_leads(100).assign(won=1)
    with pytest.raises(TrainingRefused, match="All 100 closed leads are won"):
        train(frame, "won", config=FAST)


def test_refuses_too_few_won_leads_and_says_how_many_are_needed():
    frame = make_leads(300)
    frame = pd.concat([frame[frame.won == 0], frame[frame.won == 1].head(5)])
    with pytest.raises(TrainingRefused, match=r"5 won and \d+ lost, but at least 20 of each"):
        train(frame, "won", config=FAST)


def test_minimum_per_class_is_configurable():
    frame = make_leads(400)
    with pytest.raises(TrainingRefused, match="at least 1000 of each"):
        train(frame, "won", config=TrainConfig(min_class_rows=1000))


def test_refuses_when_no_column_is_usable_and_lists_why():
    frame = pd.DataFrame({"id": range(200), "empty": np.nan, "same": "x", "won": [0, 1] * 100})
    with pytest.raises(TrainingRefused, match="No usable column") as error:
        train(frame, "won", config=FAST)
    assert "id: id-like" in str(error.value) and "empty: all missing" in str(error.value)


def test_refuses_unclear_target_values():
    frame = make_leads(100).assign(won=lambda f: f.won.map({0: "red", 1: "blue"}))
    with pytest.raises(TrainingRefused, match="--positive"):
        train(frame, "won", config=FAST)


def test_screening_reports_each_dropped_column_with_its_reason():
    frame = make_leads(300).assign(close_date="2024-01-01", everything_blank="Select", constant=7, notes=[f"n{i}" for i in range(300)])
    report = screen_columns(frame, "won", TrainConfig(drop=("campaign",)))
    reasons = {d.column: d.reason for d in report.dropped}
    assert reasons["lead_id"].startswith("id-like")
    assert reasons["notes"].startswith("id-like")
    assert reasons["close_date"].startswith("leaky")
    assert reasons["everything_blank"] == "all missing"
    assert reasons["constant"].startswith("constant")
    assert reasons["campaign"] == "dropped by request"
    assert "source" in report.kept and "won" not in report.kept


def test_form_default_counts_as_not_answered_and_is_configurable(linear_model):
    cleaner = linear_model.pipeline.named_steps["clean"]
    out = cleaner.transform(linear_model.frame({"source": "Select", "industry": " retail "}))
    assert pd.isna(out.loc[0, "source"]) and out.loc[0, "industry"] == "retail"
    custom = TrainConfig(missing_markers=("retail",))
    report = screen_columns(make_leads(100), "won", custom)
    assert "industry" in report.kept


def test_unseen_categories_and_missing_columns_still_score(linear_model, boosting_model):
    lead = {"source": "carrier pigeon", "industry": "never seen", "employees": "12"}
    for model in (linear_model, boosting_model):
        p = model.predict_proba(lead)
        assert p.shape == (1,) and 0 < p[0] < 1


def test_trained_model_beats_chance_and_reports_metrics(linear_model, new_leads):
    assert linear_model.cv_metrics["roc_auc"] > 0.6
    assert {"roc_auc", "average_precision", "brier", "log_loss", "ece"} <= set(linear_model.cv_metrics)
    assert linear_model.n_won + linear_model.n_lost == 800
    assert np.all((linear_model.predict_proba(new_leads) > 0) & (linear_model.predict_proba(new_leads) < 1))


def test_time_ordered_training_uses_the_time_column():
    frame = make_leads(500)
    model = train(frame, "won", config=TrainConfig(candidates=("logistic",), time_column="created"))
    assert "created (month)" in model.pipeline.named_steps["clean"].feature_names_out_


def test_open_leads_with_empty_target_are_ignored():
    frame = make_leads(400).astype({"won": object})
    frame.loc[:49, "won"] = None
    model = train(frame, "won", config=FAST)
    assert model.n_closed == 350


def test_linear_candidates_train_when_no_number_is_ever_missing():
    import numpy as np
    import pandas as pd

    from scoring_model import TrainConfig, train

    rng = np.random.default_rng(0)
    n = 400
    frame = pd.DataFrame({"size": rng.integers(1, 500, n), "value": rng.normal(1000, 200, n),
                          "source": rng.choice(["fair", "web", "call"], n)})
    frame["won"] = (rng.random(n) < np.where(frame["source"] == "fair", 0.7, 0.3)).astype(int)
    for name in ("logistic", "logistic_strong"):
        model = train(frame, "won", config=TrainConfig(candidates=(name,)))
        p = model.predict_proba(frame)
        assert p.shape == (n,) and np.all((p > 0) & (p < 1))
