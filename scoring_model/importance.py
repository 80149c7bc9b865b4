"""How much of a model's weight each input column carries on a table of leads.

A column's weight is the mean absolute amount by which its contribution (from the model's own
explanation, on the calibrated log-odds scale) moves a lead's score away from the average
lead's. Contributions are centred first because a linear model's one-hot coefficients carry an
arbitrary common offset: a column whose every value adds the same constant separates no leads
and must weigh nothing. Path attributions of boosted trees are already centred on the training
leads, so for them centring changes little. Dates count once, as the sum of their month and
weekday parts. The weights are normalised to shares that sum to 1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .explain import contributions


def feature_shares(model, data, weights=None) -> pd.Series:
    """Share of the model's weight per input column (model.features), largest first, summing to 1.

    `weights` are optional row weights (e.g. several snapshots of one lead that together count
    once). A model whose every column weighs nothing gives each the same share.
    """
    _, table, _ = contributions(model, data)
    w = np.ones(len(table)) if weights is None else np.asarray(weights, dtype=float)
    if len(w) != len(table):
        raise ValueError(f"{len(w)} weights for {len(table)} leads.")
    if not len(table) or w.sum() <= 0:
        raise ValueError("Shares need at least one lead with a positive weight.")
    sources = model.pipeline.named_steps["clean"].source_column_
    per_column = table.T.groupby(lambda name: str(sources[name]), sort=False).sum().T
    values = per_column.to_numpy(dtype=float)
    centred = values - np.average(values, axis=0, weights=w)
    spread = pd.Series(np.average(np.abs(centred), axis=0, weights=w), index=per_column.columns)
    spread = spread.reindex(model.features, fill_value=0.0)
    total = spread.sum()
    shares = spread / total if total > 0 else pd.Series(1.0 / len(spread), index=spread.index)
    # Stable order: by share, then by the model's own column order for ties.
    return shares.iloc[np.argsort(-shares.to_numpy(), kind="stable")]


__all__ = ["feature_shares"]
