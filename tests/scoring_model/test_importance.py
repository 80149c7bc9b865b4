"""Each input column's share of the model's weight: what the outcome depends on weighs most."""

import numpy as np
import pandas as pd
import pytest

from scoring_model import feature_shares


def test_every_column_gets_a_share_and_the_shares_sum_to_one(any_model, leads):
    shares = feature_shares(any_model, leads)
    assert sorted(shares.index) == sorted(any_model.features)
    assert shares.sum() == pytest.approx(1.0) and (shares >= 0).all()
    assert list(shares) == sorted(shares, reverse=True)


def test_a_column_the_outcome_depends_on_outweighs_noise(any_model, leads):
    # make_leads lets the budget answer move the odds a lot; the newsletter flag and the discount
    # requested are drawn at random and never enter the outcome.
    shares = feature_shares(any_model, leads)
    assert shares["budget"] > 3 * shares["newsletter"]
    assert shares["budget"] > 3 * shares["discount_requested"]


def test_a_column_with_one_value_for_every_lead_weighs_nothing(linear_model, leads):
    # Its contribution is the same constant for every lead: it separates none of them.
    shares = feature_shares(linear_model, leads.assign(budget="confirmed"))
    assert shares["budget"] == pytest.approx(0.0, abs=1e-12)
    assert shares.sum() == pytest.approx(1.0)


def test_row_weights_act_like_repeated_or_left_out_rows(any_model, leads):
    head = leads.head(300)
    doubled = pd.concat([head, head.head(100)], ignore_index=True)
    weights = np.r_[np.full(100, 2.0), np.ones(200)]
    assert np.allclose(feature_shares(any_model, head, weights).sort_index(),
                       feature_shares(any_model, doubled).sort_index())
    half = np.r_[np.ones(150), np.zeros(150)]
    assert np.allclose(feature_shares(any_model, head, half).sort_index(),
                       feature_shares(any_model, head.head(150)).sort_index())


def test_weights_must_match_the_leads(linear_model, leads):
    with pytest.raises(ValueError, match="3 weights for 800 leads"):
        feature_shares(linear_model, leads, [1.0, 1.0, 1.0])
