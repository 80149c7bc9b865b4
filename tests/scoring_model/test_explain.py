"""Explanations add up to the score, the fast path equals the pipeline, what-if moves the score."""

import math

import numpy as np
import pytest

from scoring_model import BantConfig, contributions, explain_batch, explain_frame, what_if


def test_contributions_add_up_to_the_score(any_model, new_leads):
    base, table, _ = contributions(any_model, new_leads)
    log_odds = base + table.sum(axis=1).to_numpy()
    assert np.allclose(log_odds, any_model.decision_function(new_leads), atol=1e-9)
    assert np.allclose(1 / (1 + np.exp(-log_odds)), any_model.predict_proba(new_leads), atol=1e-12)


def test_each_fields_contribution_is_what_the_fitted_encoders_and_coefficients_give(linear_model, new_leads):
    from scoring_model.structure import linear_contributions, parts

    cleaner, prep, clf, slope, intercept, _ = parts(linear_model)
    cleaned = cleaner.transform(linear_model.frame(new_leads))
    raw_base, raw = linear_contributions(prep, clf, list(cleaner.feature_names_out_), cleaned)
    base, table, _ = contributions(linear_model, new_leads)
    assert base == pytest.approx(slope * raw_base + intercept, abs=1e-12)
    assert list(table.columns) == list(cleaner.feature_names_out_)
    assert np.allclose(table.to_numpy(), slope * raw, atol=1e-12)


def test_compiled_scores_equal_the_fitted_pipeline(any_model, new_leads):
    pipeline = any_model.pipeline.predict_proba(any_model.frame(new_leads))[:, 1]
    assert np.allclose(any_model.predict_proba(new_leads), pipeline, atol=1e-12)


def test_one_lead_fast_path_matches_batch_and_adds_up(any_model, new_leads):
    batch = any_model.predict_proba(new_leads)
    for i, lead in enumerate(new_leads.head(50).to_dict("records")):
        explanation = any_model.fast().explain(lead)
        assert math.isclose(explanation.probability, batch[i], abs_tol=1e-12)
        total = explanation.base_value + sum(f.contribution for f in explanation.factors)
        assert math.isclose(total, explanation.log_odds, abs_tol=1e-12)


def test_a_missing_value_is_an_unknown_factor_value_never_nan(any_model):
    explanation = any_model.fast().explain({"source": "trade_fair"})  # every other field is missing
    values = [f.value for f in explanation.factors]
    assert None in values and not any(isinstance(v, float) and math.isnan(v) for v in values)


def test_factors_read_like_a_sales_rep_would_say_them(linear_model):
    result = linear_model.score_lead({"source": "trade_fair", "budget": "none", "website_visits": 4})
    labels = [f["label"] for f in result["factors_for"] + result["factors_against"]]
    assert all(": " in label for label in labels)
    assert all(f["contribution"] > 0 for f in result["factors_for"])
    assert all(f["contribution"] < 0 for f in result["factors_against"])
    factors = {f.feature: f.label for f in linear_model.fast().explain({"source": "trade_fair", "budget": None}).factors}
    assert factors["source"] == "Source: trade fair" and factors["budget"] == "Budget: not answered"


def test_factors_for_a_table_equal_each_leads_own(any_model, new_leads):
    probabilities, batch = explain_batch(any_model, new_leads.head(40), top=3)
    assert np.allclose(probabilities, any_model.predict_proba(new_leads.head(40)), atol=1e-12)
    for lead, factors in zip(new_leads.head(40).to_dict("records"), batch):
        one = any_model.score_lead(lead, top=3)
        expected = one["factors_for"] + one["factors_against"]
        assert [f["feature"] for f in factors] == [f["feature"] for f in expected]
        assert [f["label"] for f in factors] == [f["label"] for f in expected]
        assert np.allclose([f["contribution"] for f in factors], [f["contribution"] for f in expected], atol=1e-9)


def test_batch_explanations_for_a_table(boosting_model, new_leads):
    out = explain_frame(boosting_model, new_leads.head(20), top=2)
    assert list(out.columns) == ["probability", "factors_for", "factors_against"]
    assert out["factors_for"].str.count(";").max() <= 1


@pytest.mark.parametrize("kind", ["linear", "boosting"])
def test_what_if_a_budget_were_confirmed(kind, linear_model, boosting_model):
    model = linear_model if kind == "linear" else boosting_model
    lead = {"source": "referral", "industry": "retail", "website_visits": 5}
    answers = {"budget": None, "authority": "decision_maker", "need": None, "timeline": "this_year", "reaction": "reserved"}
    outcomes = {o.question: o for o in what_if(answers, model=model, lead=lead, config=BantConfig())}
    assert set(outcomes) == {"budget", "need"}
    assert outcomes["budget"].after > outcomes["budget"].before
    assert outcomes["budget"].text.startswith("budget confirmed:")
