"""Cross-validation folds that never put one lead's rows on both sides of a split.

A lead described at several moments (snapshots) shares its outcome across all of them; with
its snapshots on both sides, a fold would be tested on leads it has already seen, and
selection, calibration and the reported metrics would all be optimistic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold


def group_codes(values) -> np.ndarray:
    """Integer group per row; a row without a group value is a group of its own."""
    codes, uniques = pd.factorize(pd.Series(values).astype(object), use_na_sentinel=True)
    alone = codes < 0
    codes[alone] = len(uniques) + np.arange(alone.sum())
    return codes.astype(np.int64)


class TimeOrderedSplit:
    """Forward-chaining folds over rows already sorted by time: train on the past only.

    The rows are cut into n_splits + 1 consecutive blocks; fold k trains on blocks 0..k and
    tests on block k + 1. The first block is never tested. With groups, every row goes to
    the block of its group's last row, so a cut never falls inside a group (prepare() sorts a
    group's rows together) and a group is never trained on and tested in one fold.
    """

    def __init__(self, n_splits: int = 3):
        self.n_splits = n_splits

    def split(self, X, y=None, groups=None):
        n = len(X)
        edges = np.linspace(0, n, self.n_splits + 2).astype(int)
        position = np.arange(n)
        if groups is not None:
            codes = group_codes(groups)
            last = np.zeros(codes.max() + 1, dtype=np.int64)
            np.maximum.at(last, codes, position)
            position = last[codes]
        block = np.searchsorted(edges[1:-1], position, side="right")
        rows = np.arange(n)
        for k in range(1, self.n_splits + 1):
            train, test = rows[block < k], rows[block == k]
            if len(train) and len(test):  # one huge group can swallow a whole block
                yield train, test

    def get_n_splits(self, X=None, y=None, groups=None):
        return self.n_splits


def shuffled_folds(n_splits: int, random_state: int, grouped: bool):
    """Stratified folds, keeping each group whole when there are groups."""
    if grouped:
        return StratifiedGroupKFold(n_splits, shuffle=True, random_state=random_state)
    return StratifiedKFold(n_splits, shuffle=True, random_state=random_state)


__all__ = ["TimeOrderedSplit", "group_codes", "shuffled_folds"]
