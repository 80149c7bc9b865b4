"""The blended close probability as the lead page reports it: the number, its class, how much the
model counted, where it came from, and an administrator's own BANT rules used throughout."""

import math

import numpy as np
import pytest

from scoring_model import BantConfig, BlendWeights, bant_points, bant_probability, blend, blend_many, fit_blend_weights, \
    model_weight, what_if


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def _strict_rules() -> BantConfig:
    """An administrator's rules: a steeper curve and stricter classes than the defaults."""
    return BantConfig(probability_thresholds={"A": 0.9, "B": 0.6}, probability_intercept=-1.0, probability_slope=0.02)


def test_the_model_counts_half_at_200_closed_leads_and_never_below_nothing():
    assert model_weight(200) == 0.5
    assert model_weight(600) == 0.75 and model_weight(0) == 0.0
    assert model_weight(-30) == 0.0  # a nonsensical count gives the model no say
    assert model_weight(50, half_weight=50) == 0.5


def test_a_weighted_result_reports_its_share_and_the_log_odds_average():
    result = blend(0.6, 50, 200)
    assert (result.model_weight, result.source) == (0.5, "weighted")
    assert result.bant_probability == pytest.approx(bant_probability(50))
    assert result.probability == pytest.approx(_sigmoid(0.5 * _logit(0.6) + 0.5 * _logit(bant_probability(50))))
    assert result.lead_class == "B"  # 43 %
    assert blend(0.6, 50, 100, half_weight=100).probability == pytest.approx(result.probability)


def test_without_a_model_the_result_is_bant_alone_and_says_the_model_counted_nothing():
    for no_model in (None, float("nan")):
        result = blend(no_model, 110, 5000)
        assert (result.source, result.model_weight) == ("bant only", 0.0)
        assert result.probability == result.bant_probability == pytest.approx(0.8022, abs=1e-4)
        assert result.lead_class == "A"


def test_learned_weights_decide_alone_and_report_the_model_as_all_of_it():
    weights = BlendWeights(intercept=-1.0, model_coef=2.0, points_coef=0.01, n_closed=900)
    result = blend(0.3, 40, 900, weights=weights)
    assert (result.source, result.model_weight) == ("learned", 1.0)
    assert result.probability == pytest.approx(_sigmoid(-1.0 + 2.0 * _logit(0.3) + 0.01 * 40))
    assert result.bant_probability == pytest.approx(bant_probability(40)) and result.lead_class == "C"


@pytest.mark.parametrize("intercept", [-1000.0, 1000.0])
def test_extreme_learned_weights_give_a_certain_result_rather_than_an_error(intercept):
    result = blend(0.5, 0, 10, weights=BlendWeights(intercept, 0.0, 0.0, 10))
    assert result.probability == (0.0 if intercept < 0 else 1.0)


@pytest.mark.parametrize(("p_model", "expected"), [(0.0, 1e-6), (1.0, 1 - 1e-6)])
def test_a_certain_model_is_read_as_nearly_certain(p_model, expected):
    result = blend(p_model, 50, 200)
    assert result.probability == pytest.approx(_sigmoid(0.5 * _logit(expected) + 0.5 * _logit(bant_probability(50))))
    many, _ = blend_many(np.array([p_model]), np.array([50.0]), 200)
    assert many[0] == pytest.approx(result.probability)


def test_answers_or_their_breakdown_count_as_their_points():
    answers = {"budget": "confirmed", "authority": "decision_maker", "need": "urgent"}
    by_points = blend(0.6, bant_points(answers).points, 300)
    assert blend(0.6, answers, 300) == by_points
    assert blend(0.6, bant_points(answers), 300) == by_points


def test_an_administrators_rules_are_used_for_the_estimate_and_the_class():
    rules = _strict_rules()
    alone = blend(None, 100, 0, config=rules)
    assert alone.probability == pytest.approx(_sigmoid(1.0)) and alone.lead_class == "B"  # 73 %: B under these rules
    weighted = blend(0.99, 100, 200, config=rules)
    assert weighted.bant_probability == pytest.approx(_sigmoid(1.0))
    assert weighted.probability == pytest.approx(_sigmoid(0.5 * _logit(0.99) + 0.5)) and weighted.lead_class == "A"
    # answers are counted with the administrator's points too
    custom = BantConfig(points={"budget": {"confirmed": 100, "unknown": 0}})
    assert blend(None, {"budget": "confirmed"}, 0, config=custom).probability == pytest.approx(_sigmoid(-3.0 + 4.0))
    learned = blend(0.5, 0, 10, config=rules, weights=BlendWeights(2.0, 0.0, 0.0, 10))
    assert learned.lead_class == "B" and learned.bant_probability == pytest.approx(_sigmoid(-1.0))


def test_a_table_of_leads_is_blended_with_the_administrators_rules():
    rules = _strict_rules()
    p_model, pts = np.array([0.99, np.nan, 0.2]), np.array([100.0, 100.0, 0.0])
    probability, classes = blend_many(p_model, pts, 200, config=rules)
    expected = [blend(p, x, 200, config=rules) for p, x in zip(p_model, pts)]
    assert probability == pytest.approx([r.probability for r in expected])
    assert classes.tolist() == [r.lead_class for r in expected] == ["A", "B", "C"]
    without_model, classes = blend_many(None, pts, 200, config=rules)
    assert without_model == pytest.approx([_sigmoid(1.0), _sigmoid(1.0), _sigmoid(-1.0)])
    assert classes.tolist() == ["B", "B", "C"]


def test_learned_weights_recover_how_history_closed_and_count_the_leads():
    rng = np.random.default_rng(1)
    pts = rng.uniform(0, 110, 20_000)
    p_model = rng.uniform(0.02, 0.98, 20_000)
    y = rng.uniform(size=20_000) < 1 / (1 + np.exp(-(-2.0 + 1.5 * np.log(p_model / (1 - p_model)) + 0.03 * pts)))
    weights = fit_blend_weights(p_model, pts, y)
    assert weights.n_closed == 20_000
    assert weights.intercept == pytest.approx(-2.0, abs=0.15)
    assert weights.model_coef == pytest.approx(1.5, abs=0.1)
    assert weights.points_coef == pytest.approx(0.03, abs=0.003)


def _history(n: int, model_coef: float, points_coef: float, seed: int = 3):
    rng = np.random.default_rng(seed)
    pts, p_model = rng.uniform(0, 110, n), rng.uniform(0.02, 0.98, n)
    z_model = np.log(p_model / (1 - p_model))
    y = rng.uniform(size=n) < 1 / (1 + np.exp(-(-1.0 + model_coef * z_model + points_coef * pts)))
    return p_model, pts, y, z_model


def test_learned_weights_are_the_best_fit_to_a_short_history():
    from sklearn.linear_model import LogisticRegression

    p_model, pts, y, z_model = _history(400, model_coef=0.5, points_coef=0.02)  # an over-confident model
    best = LogisticRegression(C=np.inf, tol=1e-10, max_iter=10_000).fit(np.column_stack([z_model, pts]), y)
    weights = fit_blend_weights(p_model, pts, y)
    assert weights.intercept == pytest.approx(best.intercept_[0], abs=0.01)
    assert weights.model_coef == pytest.approx(best.coef_[0][0], abs=0.005)
    assert weights.points_coef == pytest.approx(best.coef_[0][1], abs=0.001)


def test_answers_that_add_nothing_beyond_the_model_get_next_to_no_weight():
    p_model, pts, y, _ = _history(400, model_coef=0.8, points_coef=0.0)
    assert 0 <= fit_blend_weights(p_model, pts, y).points_coef < 0.005


def test_a_table_is_blended_like_single_leads_with_its_own_half_weight_and_gaps():
    probability, _ = blend_many([0.6, None], [50, 50], 100, half_weight=100)
    assert probability.tolist() == pytest.approx([blend(0.6, 50, 100, half_weight=100).probability,
                                                  blend(None, 50, 100).probability])


def test_rules_steep_enough_to_make_bant_certain_blend_alike_one_by_one_and_in_a_table():
    rules = BantConfig(probability_intercept=-1000.0, probability_slope=20.0)  # 0 points: 0 %; 110 points: 100 %
    assert (bant_probability(0, rules), bant_probability(110, rules)) == (0.0, 1.0)
    probability, _ = blend_many(np.array([0.6, 0.6]), np.array([0.0, 110.0]), 200, config=rules)
    assert probability.tolist() == pytest.approx([blend(0.6, x, 200, config=rules).probability for x in (0, 110)])
    assert 0 < probability[0] < probability[1] < 1


def test_stored_weights_load_even_with_keys_this_version_does_not_know():
    weights = BlendWeights(-1.5, 1.2, 0.02, 480)
    assert BlendWeights.from_dict({**weights.to_dict(), "fitted_on": "2026-06-01"}) == weights


class _FakeModel:
    """Scores a lead higher when its budget is confirmed and its sector is software."""

    n_closed = 200

    def __init__(self):
        self.seen = []

    def score_lead(self, features):
        self.seen.append(dict(features))
        p = 0.2 + 0.4 * (features.get("budget") == "confirmed") + 0.2 * (features.get("sector") == "software")
        return {"probability": p}


def test_what_if_rescoring_uses_the_model_the_lead_and_its_history():
    model = _FakeModel()
    answers = {"budget": None, "authority": "decision_maker", "need": "urgent", "timeline": "this_quarter",
               "reaction": "enthusiastic"}
    [hint] = what_if(answers, model=model, lead={"sector": "software"})
    assert (hint.question, hint.answer) == ("budget", "confirmed")
    before = blend(0.4, answers, 200).probability
    after = blend(0.8, {**answers, "budget": "confirmed"}, 200).probability
    assert (hint.before, hint.after) == (pytest.approx(before), pytest.approx(after))
    assert hint.text == f"budget confirmed: {before:.0%} → {after:.0%}"
    assert all(seen["sector"] == "software" for seen in model.seen)
    assert what_if(answers, model=model, lead={"sector": "software"}, n_closed=0)[0].before == \
        pytest.approx(blend(None, answers, 0).probability)  # no history: BANT alone decides
    assert what_if(answers, model=model, n_closed=600)[0].before == pytest.approx(blend(0.2, answers, 600).probability)


def test_what_if_follows_the_administrators_rules_and_learned_weights():
    rules = BantConfig(points={"budget": {"confirmed": 100, "unknown": 0}, "need": {"urgent": 50, "unknown": 0}})
    hints = what_if({"need": "urgent"}, config=rules)
    assert [(h.question, h.answer) for h in hints] == [("budget", "confirmed")]
    assert (hints[0].before, hints[0].after) == (pytest.approx(_sigmoid(-3.0 + 2.0)), pytest.approx(_sigmoid(-3.0 + 6.0)))
    weights = BlendWeights(0.0, 0.0, 0.01, 500)
    [learned] = what_if({"need": "urgent"}, model=_FakeModel(), config=rules, weights=weights)
    assert (learned.before, learned.after) == (pytest.approx(_sigmoid(0.5)), pytest.approx(_sigmoid(1.5)))


def _age_effect(ages):
    return 0.7 - 0.4 * (np.log1p(ages) - np.log1p(30)) ** 2


def _aging_history(n: int = 20_000, seed: int = 5):
    """Closed leads of every age whose model misses how age moves the odds: at the same model
    probability a lead wins most around its first month, less before and after; and prospects
    younger than ten days win far less than the model says."""
    rng = np.random.default_rng(seed)
    ages = np.expm1(rng.uniform(0, np.log1p(200), n))
    stages = np.where(rng.uniform(size=n) < 0.3, "prospect", "lead")
    p_model, pts = rng.uniform(0.05, 0.95, n), rng.uniform(0, 110, n)
    by_age = _age_effect(ages)
    shift = np.where((stages == "prospect") & (ages < 10), -1.5, 0.0)
    y = rng.uniform(size=n) < 1 / (1 + np.exp(-(np.log(p_model / (1 - p_model)) + by_age + shift)))
    return p_model, pts, y, ages, stages


def _fitted_by_age(n: int) -> BlendWeights:
    p_model, pts, y, ages, stages = _aging_history(n)
    return fit_blend_weights(p_model, pts, y, ages=ages, stages=stages)


def test_where_age_moves_the_odds_at_the_same_model_probability_the_blend_follows():
    p_model, pts, y, ages, stages = _aging_history()
    by_age = fit_blend_weights(p_model, pts, y, ages=ages, stages=stages)
    ageless = fit_blend_weights(p_model, pts, y)
    misses = []
    for age in (3.0, 30.0, 150.0):
        truth = _sigmoid(_logit(0.6) + _age_effect(age))
        assert blend(0.6, 50, 1000, weights=by_age, age=age, stage="lead").probability == pytest.approx(truth, abs=0.03)
        misses.append(abs(blend(0.6, 50, 1000, weights=ageless, age=age).probability - truth))
    assert max(misses) > 0.1  # one intercept for every age is far off at some age


def test_young_prospects_get_a_correction_of_their_own_and_other_stages_none():
    p_model, pts, y, ages, stages = _aging_history()
    weights = fit_blend_weights(p_model, pts, y, ages=ages, stages=stages)
    assert set(weights.stage_shifts) == {"prospect"}  # the commoner stage is the reference
    young, old = (blend(0.5, 50, 1000, weights=weights, age=age, stage="prospect").probability for age in (4.0, 90.0))
    assert young == pytest.approx(_sigmoid(_age_effect(4.0) - 1.5), abs=0.04)
    assert old == pytest.approx(_sigmoid(_age_effect(90.0)), abs=0.04)
    as_lead = blend(0.5, 50, 1000, weights=weights, age=4.0, stage="lead").probability
    for unknown in (None, "customer"):
        assert blend(0.5, 50, 1000, weights=weights, age=4.0, stage=unknown).probability == as_lead


def test_a_lead_of_unknown_age_is_blended_as_a_new_one_alone_and_in_a_table():
    weights = _fitted_by_age(4000)
    p_model, pts = np.array([0.2, 0.7, 0.7, np.nan]), np.array([10.0, 60.0, 60.0, 60.0])
    ages, stages = np.array([np.nan, 0.0, 45.0, 3.0]), np.array([None, "prospect", "prospect", "lead"], dtype=object)
    probability, classes = blend_many(p_model, pts, 1000, weights=weights, ages=ages, stages=stages)
    single = [blend(p, x, 1000, weights=weights, age=None if np.isnan(a) else a, stage=s)
              for p, x, a, s in zip(p_model, pts, ages, stages)]
    assert probability.tolist() == pytest.approx([r.probability for r in single])
    assert classes.tolist() == [r.lead_class for r in single]
    assert single[0].probability == blend(0.2, 10, 1000, weights=weights, age=0.0).probability


def test_weights_learned_by_age_and_stage_are_stored_as_json_and_read_back_alike():
    import json

    weights = _fitted_by_age(4000)
    restored = BlendWeights.from_dict(json.loads(json.dumps(weights.to_dict())))
    assert restored == weights and restored.age_knots[-1] >= 200  # curves up to the oldest lead seen, no further
    assert restored.age_knots[-2] < 200


def test_weights_saved_with_an_intercept_shift_per_age_band_score_as_they_did():
    import json

    stored = {"intercept": -0.5, "model_coef": 1.2, "points_coef": 0.01, "n_closed": 600,
              "age_edges": [3.0, 14.0], "age_offsets": [0.4, 0.0, -0.3]}
    weights = BlendWeights.from_dict(json.loads(json.dumps(stored)))
    for age, offset in ((1.0, 0.4), (7.0, 0.0), (90.0, -0.3), (None, 0.4)):
        expected = _sigmoid(-0.5 + 1.2 * _logit(0.6) + 0.01 * 30 + offset)
        assert blend(0.6, 30, 600, weights=weights, age=age, stage="prospect").probability == pytest.approx(expected)
