"""evaluate(): honest out-of-fold comparison of the model with the reference models.

Every fold repeats the whole training procedure (screening, model selection, calibration) on
its training rows only, so the pooled out-of-fold predictions measure what a model trained on
this data will do on leads it has not seen.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.utils.validation import has_fit_parameter

from .baselines import baseline_models
from .config import TrainConfig
from .metrics import score_report
from .selection import quiet_fit
from .splits import TimeOrderedSplit, shuffled_folds
from .train import prepare, train


def _accepts_weights(pipeline) -> bool:
    return has_fit_parameter(pipeline.steps[-1][1], "sample_weight")


def _run_fold(closed, y, weights, kept, kinds, train_rows, test_rows, target, positive, config, with_baselines):
    results = {}
    start = time.perf_counter()
    model = train(closed.iloc[train_rows], target, positive=positive, config=config)
    results["model"] = (model.predict_proba(closed.iloc[test_rows]), time.perf_counter() - start, model.model_name)
    if with_baselines:
        X = closed[kept]
        for name, baseline in baseline_models(tuple(config.missing_markers), kinds).items():
            start = time.perf_counter()
            w = weights[train_rows] if weights is not None and _accepts_weights(baseline) else None
            fitted = quiet_fit(clone(baseline), X.iloc[train_rows], y[train_rows], w)
            results[name] = (fitted.predict_proba(X.iloc[test_rows])[:, 1], time.perf_counter() - start, None)
    return test_rows, results


def evaluate(
    frame: pd.DataFrame,
    target: str,
    *,
    positive=None,
    config: TrainConfig | None = None,
    folds: int = 5,
    seed: int = 0,
    baselines: bool = True,
    n_jobs: int = 1,
    return_predictions: bool = False,
) -> dict:
    """Metrics on pooled out-of-fold predictions for the model and (optionally) the baselines.

    return_predictions adds the pooled out-of-fold probabilities (arrays, not JSON), with the
    group values (e.g. lead ids) and weights of the same rows (None without such a column).
    With config.time_column set, folds are forward-chaining in time (train on the past, test
    on the next period) and the earliest period is only ever used for training. With
    config.group_column, a group's rows are never in two folds; with config.weight_column,
    the model and the baselines that accept weights fit with them, and every metric is weighted.
    """
    config = replace(config or TrainConfig(), random_state=seed)
    closed, y, report, groups, weights = prepare(frame, target, positive, config)
    if config.time_column:
        splitter = TimeOrderedSplit(folds)
    else:
        splitter = shuffled_folds(folds, seed, grouped=groups is not None)
    splits = list(splitter.split(closed, y, groups))
    jobs = (
        delayed(_run_fold)(closed, y, weights, report.kept, report.kinds, tr, te, target, positive, config, baselines)
        for tr, te in splits
    )
    outcomes = Parallel(n_jobs=n_jobs)(jobs)
    names = ["model"] + (["prior", "logistic_regression", "naive_bayes_frequency"] if baselines else [])
    oof = {name: np.full(len(y), np.nan) for name in names}
    seconds = {name: [] for name in names}
    chosen = Counter()
    for test_rows, results in outcomes:
        for name, (p, fit_seconds, picked) in results.items():
            oof[name][test_rows] = p
            seconds[name].append(fit_seconds)
            if picked:
                chosen[picked] += 1
    covered = ~np.isnan(oof["model"])
    covered_weights = None if weights is None else weights[covered]

    def summary(name):
        metrics = score_report(y[covered], oof[name][covered], sample_weight=covered_weights)
        return {**{k: round(v, 6) for k, v in metrics.items()}, "fit_seconds": round(float(np.mean(seconds[name])), 3)}

    result = {
        "rows": int(len(y)),
        "positives": int(y.sum()),
        "folds": len(splits),
        "split": ("time-ordered" if config.time_column else "stratified") + (", by group" if groups is not None else ""),
        "groups": None if groups is None else int(len(np.unique(groups))),
        "evaluated_rows": int(covered.sum()),
        "dropped_columns": report.dropped_dicts(),
        "model": {**summary("model"), "selected": dict(chosen)},
    }
    if baselines:
        result["baselines"] = {name: summary(name) for name in names[1:]}
    if return_predictions:  # pooled out-of-fold probabilities, e.g. for ROC and reliability plots
        result["predictions"] = {
            "y": y[covered],
            **{name: oof[name][covered] for name in names},
            "groups": None if groups is None else closed[config.group_column].to_numpy()[covered],
            "weights": covered_weights,
        }
    return result


__all__ = ["evaluate"]
