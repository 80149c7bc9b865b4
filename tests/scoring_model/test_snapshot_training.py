"""Training on snapshots: a lead's rows stay on one side of every split, weights make each
lead count once, thinning keeps the balance, and the settings survive a round trip."""

import numpy as np
import pandas as pd
import pytest
from sklearn.tree import DecisionTreeClassifier

from scoring_model import SelectingCalibratedClassifier, TimeOrderedSplit, TrainConfig, TrainingRefused, evaluate, train
from scoring_model.splits import shuffled_folds
from scoring_model.synthetic import make_lead_snapshots
from scoring_model.thinning import thin_rows
from scoring_model.train import prepare

SNAPSHOTS = TrainConfig(
    time_column="decided_at",
    group_column="lead_id",
    weight_column="weight",
    drop=("snapshot_at", "decided_at"),
    candidates=("logistic",),
)


@pytest.fixture(scope="module")
def snapshots():
    return make_lead_snapshots(300, seed=7)


def shared_groups(groups, splits):
    return [set(groups[train]) & set(groups[test]) for train, test in splits]


def test_time_ordered_folds_cut_between_leads_and_train_on_the_past(snapshots):
    closed, y, _, groups, _ = prepare(snapshots, "won", config=SNAPSHOTS)
    decided = pd.to_datetime(closed["decided_at"]).to_numpy()
    with_groups = list(TimeOrderedSplit(3).split(closed, y, groups))
    assert len(with_groups) == 3
    assert shared_groups(groups, with_groups) == [set(), set(), set()]
    assert all(decided[train].max() <= decided[test].min() for train, test in with_groups)
    # Cutting by row count alone lands inside leads: the check above can fail.
    assert any(shared_groups(groups, TimeOrderedSplit(3).split(closed, y)))


def test_prepare_keeps_a_leads_snapshots_together_in_decision_order(snapshots):
    shuffled = snapshots.sample(frac=1.0, random_state=0)
    closed, _, _, groups, weights = prepare(shuffled, "won", config=SNAPSHOTS)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    assert len(starts) == closed["lead_id"].nunique() == 300  # one run of rows per lead
    assert pd.to_datetime(closed["decided_at"]).is_monotonic_increasing
    assert np.allclose(pd.Series(weights).groupby(groups).sum(), 1.0)


def test_shuffled_folds_keep_every_lead_in_one_fold(snapshots):
    closed, y, _, groups, _ = prepare(snapshots, "won", config=TrainConfig(group_column="lead_id"))
    splits = list(shuffled_folds(3, 0, grouped=True).split(closed, y, groups))
    assert shared_groups(groups, splits) == [set(), set(), set()]
    assert sorted(np.concatenate([test for _, test in splits]).tolist()) == list(range(len(y)))


def memorisable_copies(n_groups=200, copies=5, seed=0):
    """Groups of identical rows with a coin-flip label: nothing to learn across groups."""
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.normal(size=(n_groups, 4)), columns=list("abcd")).loc[np.repeat(np.arange(n_groups), copies)]
    y = np.repeat(rng.integers(0, 2, n_groups), copies)
    return X.reset_index(drop=True), y, np.repeat(np.arange(n_groups), copies)


def test_cross_validation_with_groups_does_not_reward_memorising_a_lead():
    X, y, groups = memorisable_copies()
    selector = SelectingCalibratedClassifier([("tree", DecisionTreeClassifier(random_state=0))], cv=3)
    leaky = selector.fit(X, y).cv_results_["tree"]["roc_auc"]
    honest = SelectingCalibratedClassifier([("tree", DecisionTreeClassifier(random_state=0))], cv=3).fit(
        X, y, groups=groups).cv_results_["tree"]["roc_auc"]
    assert leaky > 0.95  # a copy of every test row was in training
    assert honest < 0.65


def duplicated_referrals(weighted: bool):
    """Leads with one row each; then every won referral lead repeated ten times."""
    rng = np.random.default_rng(1)
    n = 900
    leads = pd.DataFrame({
        "lead_id": np.arange(n),
        "source": rng.choice(["referral", "web", "fair", "call"], n),
        "budget": rng.choice(["confirmed", "planned", "none"], n),
    })
    z = -0.4 + 0.8 * (leads["source"] == "referral") + 0.7 * (leads["budget"] == "confirmed")
    leads["won"] = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(int)
    copies = np.where((leads["source"] == "referral") & (leads["won"] == 1), 10, 1)
    repeated = leads.loc[np.repeat(leads.index, copies)].reset_index(drop=True)
    repeated["weight"] = 1.0 / np.repeat(copies, copies) if weighted else 1.0
    return leads.assign(weight=1.0), repeated


def test_weights_one_over_copies_undo_duplicated_leads_but_plain_rows_do_not():
    config = TrainConfig(group_column="lead_id", weight_column="weight", candidates=("logistic",))
    referral = {"source": "referral", "budget": "planned"}
    original, repeated = duplicated_referrals(weighted=True)
    _, unweighted = duplicated_referrals(weighted=False)
    p_original = train(original, "won", config=config).predict_proba(referral)[0]
    p_weighted = train(repeated, "won", config=config).predict_proba(referral)[0]
    p_unweighted = train(unweighted, "won", config=config).predict_proba(referral)[0]
    assert abs(p_weighted - p_original) < 0.02
    assert p_unweighted - p_original > 0.15


def test_weighted_metrics_equal_those_of_the_row_repeated_table():
    from scoring_model import score_report

    rng = np.random.default_rng(2)
    p = np.round(rng.random(400), 2)  # ties, so bins must keep equal scores together
    y = (rng.random(400) < p).astype(int)
    w = rng.integers(0, 5, 400)
    weighted = score_report(y, p, sample_weight=w)
    repeated = score_report(np.repeat(y, w), np.repeat(p, w))
    assert weighted == pytest.approx(repeated, rel=1e-9)
    assert weighted != pytest.approx(score_report(y, p), rel=1e-3)


def unequal_leads(n_leads=4000, seed=2024):
    """Won leads stay open longer, so they have more snapshots than lost ones."""
    rng = np.random.default_rng(seed)
    won = rng.random(n_leads) < 0.3
    per_lead = np.where(won, rng.integers(10, 30, n_leads), rng.integers(1, 8, n_leads))
    groups = np.repeat(np.arange(n_leads), per_lead)
    return groups, np.repeat(won, per_lead).astype(int), 1.0 / np.repeat(per_lead, per_lead)


def test_thinning_keeps_the_expected_share_of_won_leads_and_every_lead():
    groups, y, w = unequal_leads()
    lead_share = np.average(y, weights=w)
    assert y.mean() - lead_share > 0.2  # the rows alone would overstate how often leads are won
    shares, totals = [], []
    for seed in range(20):
        rows, new_w = thin_rows(groups, w, 12_000, seed)
        assert len(np.unique(groups[rows])) == 4000
        assert abs(len(rows) - 12_000) < 200
        shares.append(np.average(y[rows], weights=new_w))
        totals.append(new_w @ y[rows])
    assert np.mean(shares) == pytest.approx(lead_share, abs=0.005)
    assert np.mean(totals) == pytest.approx(w @ y, rel=0.01)


def test_thinning_never_keeps_rows_of_weight_zero():
    groups, _, w = unequal_leads(n_leads=500)
    w[::3] = 0.0
    rows, new_w = thin_rows(groups, w, 800, 0)
    assert np.all(w[rows] > 0) and np.all(new_w > 0)


def test_a_thinned_model_says_so_and_how_many_rows_it_learned_from(snapshots):
    model = train(snapshots, "won", config=TrainConfig(**{**SNAPSHOTS.to_dict(), "max_rows": 1200}))
    assert model.thinned
    assert model.rows_available == len(snapshots)
    assert 1000 < model.rows_learned < 1400
    assert model.n_groups == 300
    assert model.metadata()["rows"] == {"available": len(snapshots), "learned": model.rows_learned,
                                        "thinned": True, "groups": 300}
    whole = train(snapshots, "won", config=SNAPSHOTS)
    assert not whole.thinned and whole.rows_learned == len(snapshots)


def test_group_and_weight_columns_are_never_features_and_per_lead_ids_are_caught(snapshots):
    config = TrainConfig(time_column="decided_at", group_column="lead_id", weight_column="weight",
                         candidates=("logistic",))
    model = train(snapshots, "won", config=config)
    reasons = {d["column"]: d["reason"] for d in model.dropped}
    assert {"lead_id", "weight", "email"} <= set(reasons)
    assert reasons["lead_id"].startswith("group column")
    assert reasons["weight"].startswith("weight column")
    assert reasons["email"].startswith("id-like")  # repeated on every snapshot, yet one per lead
    assert {"lead_id", "weight", "email"}.isdisjoint(model.features)


def test_evaluate_tests_whole_leads_and_returns_their_groups_and_weights(snapshots):
    result = evaluate(snapshots, "won", config=SNAPSHOTS, folds=3, baselines=True, return_predictions=True)
    predictions = result["predictions"]
    tested = snapshots["lead_id"].isin(set(predictions["groups"]))
    # Every snapshot of a tested lead is tested (a lead is never cut between two folds).
    assert tested.sum() == result["evaluated_rows"] == len(predictions["groups"])
    assert np.isclose(predictions["weights"].sum(), len(set(predictions["groups"])))
    assert result["split"] == "time-ordered, by group" and result["groups"] == 300


def test_weights_must_be_numbers_of_zero_or_more(snapshots):
    broken = snapshots.assign(weight=snapshots["weight"].where(snapshots.index % 50 != 0, -1.0))
    with pytest.raises(TrainingRefused, match="'weight' needs a number of zero or more in every closed row"):
        train(broken, "won", config=SNAPSHOTS)


def test_group_weight_and_row_limit_survive_a_round_trip_and_old_settings_still_load():
    config = TrainConfig(group_column="lead_id", weight_column="weight", max_rows=5000)
    assert TrainConfig.from_dict(config.to_dict()) == config
    old = {k: v for k, v in TrainConfig().to_dict().items() if k not in ("group_column", "weight_column", "max_rows")}
    loaded = TrainConfig.from_dict(old)
    assert (loaded.group_column, loaded.weight_column, loaded.max_rows) == (None, None, TrainConfig().max_rows)
