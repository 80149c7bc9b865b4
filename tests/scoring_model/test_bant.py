"""The BANT rules as a sales rep reads them: points per answer, A/B/C classes at their boundaries,
the estimate without a model, and an administrator's own rules used wherever points are counted."""

import math

import numpy as np
import pandas as pd
import pytest

from scoring_model import BantConfig, bant_class, bant_points, bant_probability, grade_many, points_table, probability_class

# The default rules, answer by answer (what the lead page's BANT breakdown shows).
DEFAULT_POINTS = [
    ("budget", "confirmed", 30), ("budget", "planned", 15), ("budget", "unknown", 5), ("budget", "none", 0),
    ("authority", "decision_maker", 25), ("authority", "influencer", 12), ("authority", "unknown", 5),
    ("authority", "none", 0),
    ("need", "urgent", 25), ("need", "identified", 15), ("need", "unknown", 5), ("need", "none", 0),
    ("timeline", "this_quarter", 20), ("timeline", "this_year", 10), ("timeline", "unknown", 3),
    ("timeline", "none", 0),
    ("reaction", "enthusiastic", 10), ("reaction", "reserved", 3), ("reaction", "unknown", 3),
    ("reaction", "sceptical", 0),
]
UNKNOWN_POINTS = {"budget": 5, "authority": 5, "need": 5, "timeline": 3, "reaction": 3}


def _custom_rules() -> BantConfig:
    """An administrator's rules: other points, no "unknown" row, other class boundaries."""
    return BantConfig(
        points={"budget": {"yes": 60, "no": 1}, "fit": {"good": 40, "bad": 2}},
        class_thresholds={"A": 100, "B": 61},
        probability_thresholds={"A": 0.9, "B": 0.6},
        probability_intercept=-1.0, probability_slope=0.01,
    )


@pytest.mark.parametrize(("question", "answer", "points"), DEFAULT_POINTS)
def test_each_default_answer_is_worth_its_documented_points(question, answer, points):
    breakdown = bant_points({question: answer})
    assert breakdown.per_question[question] == points
    assert breakdown.points == points + sum(v for q, v in UNKNOWN_POINTS.items() if q != question)
    assert points_table(pd.DataFrame({question: [answer]}))[question].tolist() == [points]


def test_the_default_rules_ask_five_questions_and_name_the_best_answer_of_each():
    config = BantConfig()
    assert config.questions == ["budget", "authority", "need", "timeline", "reaction"]
    assert [config.best_answer(q) for q in config.questions] == \
        ["confirmed", "decision_maker", "urgent", "this_quarter", "enthusiastic"]


def test_answers_are_read_as_typed_and_anything_else_counts_as_unknown():
    breakdown = bant_points({"budget": "  Confirmed ", "authority": "Decision Maker", "need": "", "timeline": "this-quarter",
                             "reaction": float("nan")})
    assert breakdown.answers == {"budget": "confirmed", "authority": "decision_maker", "need": "unknown",
                                 "timeline": "this_quarter", "reaction": "unknown"}
    assert breakdown.per_question == {"budget": 30, "authority": 25, "need": 5, "timeline": 20, "reaction": 3}
    assert breakdown.unanswered == ["need", "reaction"]
    made_up = bant_points({"budget": "millions", "need": None})
    assert made_up.answers["budget"] == "unknown" and made_up.per_question["budget"] == 5
    assert made_up.unanswered == ["budget", "authority", "need", "timeline", "reaction"]


@pytest.mark.parametrize(("points", "lead_class"), [(110, "A"), (70, "A"), (69.9, "B"), (40, "B"), (39.9, "C"), (0, "C")])
def test_points_classes_change_at_70_and_40(points, lead_class):
    assert bant_class(points) == lead_class
    assert grade_many(np.array([points]), BantConfig().class_thresholds).tolist() == [lead_class]


@pytest.mark.parametrize(("probability", "lead_class"),
                         [(1.0, "A"), (0.5, "A"), (0.499, "B"), (0.2, "B"), (0.199, "C"), (0.0, "C")])
def test_probability_classes_change_at_50_and_20_percent(probability, lead_class):
    assert probability_class(probability) == lead_class
    assert grade_many(np.array([probability]), BantConfig().probability_thresholds).tolist() == [lead_class]


@pytest.mark.parametrize(("points", "probability"), [(0, 0.0474), (50, 0.2689), (110, 0.8022)])
def test_the_estimate_without_a_model_is_the_documented_curve(points, probability):
    assert bant_probability(points) == pytest.approx(probability, abs=1e-4)


def test_an_administrators_rules_are_used_for_points_classes_and_estimate():
    rules = _custom_rules()
    breakdown = bant_points({"budget": "Yes", "fit": "unheard of"}, rules)
    assert breakdown.per_question == {"budget": 60, "fit": 0}  # no "unknown" row: an unknown answer is worth nothing
    assert breakdown.answers == {"budget": "yes", "fit": "unknown"} and breakdown.unanswered == ["fit"]
    assert (bant_class(100, rules), bant_class(99, rules), bant_class(61, rules), bant_class(60, rules)) == ("A", "B", "B", "C")
    assert (probability_class(0.9, rules), probability_class(0.89, rules), probability_class(0.6, rules),
            probability_class(0.59, rules)) == ("A", "B", "B", "C")
    assert bant_probability(100, rules) == pytest.approx(0.5)
    assert bant_probability(0, rules) == pytest.approx(1 / (1 + math.e))


def test_a_table_of_answers_is_counted_with_the_administrators_rules():
    rules = _custom_rules()
    table = pd.DataFrame({"budget": ["yes", None, "No", "maybe"]})  # no "fit" column at all
    counted = points_table(table, rules)
    assert counted.to_dict("list") == {"budget": [60.0, 0.0, 1.0, 0.0], "fit": [0.0, 0.0, 0.0, 0.0]}
    assert counted.index.tolist() == table.index.tolist()


def test_a_table_with_missing_answers_counts_them_unknown():
    table = pd.DataFrame({"budget": ["confirmed", None, float("nan"), "none"]}, index=[7, 8, 9, 10])
    counted = points_table(table)
    assert counted["budget"].tolist() == [30, 5, 5, 0] and counted["need"].tolist() == [5, 5, 5, 5]
    assert counted.index.tolist() == [7, 8, 9, 10]


def test_stored_rules_with_keys_this_version_does_not_know_still_load():
    stored = {**_custom_rules().to_dict(), "retired_option": True}
    assert BantConfig.from_dict(stored) == _custom_rules()
