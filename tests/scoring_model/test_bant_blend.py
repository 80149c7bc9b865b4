"""BANT points and classes, and the blend's promises, checked over many inputs."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

import numpy as np
import pandas as pd

from scoring_model import (
    BantConfig,
    BlendWeights,
    bant_class,
    bant_points,
    bant_probability,
    blend,
    blend_many,
    fit_blend_weights,
    points_table,
    what_if,
)

CLASS_RANK = {"C": 0, "B": 1, "A": 2}
probabilities = st.floats(0.0, 1.0, allow_nan=False)
points = st.floats(-50, 200, allow_nan=False)
closed = st.integers(0, 100_000)
KNOTS = (0.0, 7.0, 90.0)


def _curve(low: float, high: float):
    return st.tuples(*[st.floats(low, high)] * len(KNOTS))


# Learned weights as they were first stored, and by age with a prospect's own intercept.
weights = st.one_of(
    st.none(),
    st.builds(BlendWeights, st.floats(-5, 5), st.floats(0, 5), st.floats(0, 0.2), st.integers(0, 10_000)),
    st.builds(BlendWeights, st.floats(-5, 5), st.floats(0, 5), st.floats(0, 0.2), st.integers(0, 10_000),
              age_knots=st.just(KNOTS), intercepts=_curve(-5, 5), stage_shifts=st.fixed_dictionaries({"prospect": _curve(-3, 3)})),
)
ages = st.one_of(st.none(), st.floats(0, 2000, allow_nan=False))
stages = st.sampled_from([None, "lead", "prospect"])


def test_points_and_class_from_answers():
    breakdown = bant_points({"budget": "Confirmed", "authority": "decision maker", "need": "urgent", "timeline": "this quarter"})
    assert breakdown.points == 30 + 25 + 25 + 20 + 3  # reaction unanswered counts as unknown
    assert breakdown.unanswered == ["reaction"]
    assert bant_class(breakdown.points) == "A" and bant_class(10) == "C"


def test_rules_are_plain_editable_data():
    config = BantConfig()
    config.points["budget"]["confirmed"] = 50
    restored = BantConfig.from_dict(json.loads(json.dumps(config.to_dict())))
    assert restored == config
    assert bant_points({"budget": "confirmed"}, restored).per_question["budget"] == 50


def test_bant_only_estimate_is_documented_mapping():
    assert round(bant_probability(0), 3) == 0.047
    assert bant_probability(110) > bant_probability(50) > bant_probability(0)


@settings(max_examples=300, deadline=None)
@given(p=probabilities, a=points, b=points, n=closed, w=weights, age=ages, stage=stages)
def test_blend_in_unit_interval_and_monotone_in_points_at_any_age_and_stage(p, a, b, n, w, age, stage):
    low, high = sorted((a, b))
    r_low, r_high = blend(p, low, n, weights=w, age=age, stage=stage), blend(p, high, n, weights=w, age=age, stage=stage)
    assert 0.0 <= r_low.probability <= 1.0
    assert r_high.probability >= r_low.probability - 1e-12
    assert CLASS_RANK[r_high.lead_class] >= CLASS_RANK[r_low.lead_class]


@settings(max_examples=300, deadline=None)
@given(p=probabilities, q=probabilities, pts=points, n=closed, w=weights, age=ages, stage=stages)
def test_blend_monotone_in_model_probability_and_class_never_worse_at_any_age_and_stage(p, q, pts, n, w, age, stage):
    low, high = sorted((p, q))
    r_low, r_high = blend(low, pts, n, weights=w, age=age, stage=stage), blend(high, pts, n, weights=w, age=age, stage=stage)
    assert r_high.probability >= r_low.probability - 1e-12
    assert CLASS_RANK[r_high.lead_class] >= CLASS_RANK[r_low.lead_class]


def test_little_history_stays_near_bant_and_model_weight_grows():
    p_bant = bant_probability(60)
    assert abs(blend(0.9, 60, 0).probability - p_bant) < 1e-9
    shares = [blend(0.9, 60, n).model_weight for n in (0, 50, 500, 5000)]
    assert shares == sorted(shares) and shares[-1] > 0.9
    assert blend(None, 60, 5000).source == "bant only"


def test_learned_weights_are_non_negative():
    import numpy as np

    rng = np.random.default_rng(0)
    pts = rng.uniform(0, 110, 2000)
    p_model = rng.uniform(0.01, 0.99, 2000)
    y = rng.uniform(size=2000) < 1 / (1 + np.exp(-(np.log(p_model / (1 - p_model)) + 0.03 * (pts - 55))))
    w = fit_blend_weights(p_model, pts, y)
    assert w.model_coef > 0.5 and w.points_coef > 0.01
    w_neg = fit_blend_weights(p_model, pts, ~y)
    assert w_neg.model_coef >= 0 and w_neg.points_coef >= 0


def test_what_if_for_unanswered_questions_without_a_model():
    outcomes = what_if({"budget": None, "authority": "influencer", "need": "identified", "timeline": "this_year", "reaction": "reserved"})
    assert [o.question for o in outcomes] == ["budget"]
    assert outcomes[0].after > outcomes[0].before
    assert outcomes[0].text.startswith("budget confirmed: ") and "→" in outcomes[0].text


answer_texts = st.sampled_from([None, float("nan"), "confirmed", "Decision maker", "urgent", "this-quarter", "none",
                                 "sceptical", "reserved", "", "made up"])


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.fixed_dictionaries({q: answer_texts for q in ("budget", "authority", "need", "timeline", "reaction")}),
                     min_size=1, max_size=30))
def test_points_for_a_table_equal_points_per_lead(rows):
    table = pd.DataFrame(rows)
    per_question = points_table(table)
    assert per_question.sum(axis=1).tolist() == [bant_points(row).points for row in rows]
    assert per_question.to_dict("records") == [bant_points(row).per_question for row in rows]


def test_points_for_a_table_without_some_questions_count_them_unknown():
    assert points_table(pd.DataFrame({"budget": ["confirmed"]})).sum(axis=1).tolist() == \
        [bant_points({"budget": "confirmed"}).points]


@settings(max_examples=100, deadline=None)
@given(p=st.lists(st.one_of(probabilities, st.just(float("nan"))), min_size=1, max_size=20), n=closed, w=weights,
       data=st.data())
def test_blending_a_table_equals_blending_each_lead(p, n, w, data):
    pts = data.draw(st.lists(points, min_size=len(p), max_size=len(p)))
    age = data.draw(st.lists(ages, min_size=len(p), max_size=len(p)))
    stage = data.draw(st.lists(stages, min_size=len(p), max_size=len(p)))
    probability, classes = blend_many(np.array(p), np.array(pts), n, weights=w,
                                      ages=np.array([np.nan if a is None else a for a in age]),
                                      stages=np.array(stage, dtype=object))
    one_by_one = [blend(a, b, n, weights=w, age=c, stage=d) for a, b, c, d in zip(p, pts, age, stage)]
    assert np.allclose(probability, [r.probability for r in one_by_one], rtol=1e-9, atol=1e-12)
    assert classes.tolist() == [r.lead_class for r in one_by_one]
    without_model, _ = blend_many(None, np.array(pts), n)
    assert np.allclose(without_model, [blend(None, b, n).probability for b in pts])
