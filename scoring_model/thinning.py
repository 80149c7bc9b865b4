"""Learning from a weighted sample of a very large training table.

Snapshots of one lead repeat most of what its other snapshots say, so a table of many
snapshots per lead can be thinned with little loss. Each row is kept with probability
proportional to its weight (capped at 1) and then counts weight / probability, so weighted
sums over the sample estimate those over the whole table without bias (Horvitz-Thompson).
Within a lead the rows are drawn systematically from one random start: a lead whose kept
probabilities add up to at least 1 always keeps a row, and with weights 1 / (number of its
snapshots) every lead keeps the same number of rows, each of equal weight.
"""

from __future__ import annotations

import numpy as np


def inclusion_probabilities(weights: np.ndarray, size: int) -> np.ndarray:
    """min(1, c * weight) per row, with c chosen so that the probabilities add up to size."""
    weights = np.asarray(weights, dtype=float)
    if size >= np.count_nonzero(weights):
        return (weights > 0).astype(float)
    descending = np.sort(weights[weights > 0])[::-1]  # rows of weight 0 are never kept
    rest = np.cumsum(descending[::-1])[::-1]  # rest[k]: weight of all rows but the k heaviest
    capped = np.arange(len(descending))
    scale = (size - capped) / rest
    # The fewest capped rows for which the next-heaviest row no longer reaches probability 1.
    k = int(np.argmax(scale * descending <= 1.0))
    return np.minimum(1.0, scale[k] * weights)


def thin_rows(groups: np.ndarray, weights: np.ndarray, size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the kept rows (in table order) and their new weights."""
    probability = inclusion_probabilities(weights, size)
    rng = np.random.default_rng(seed)
    _, group_index = np.unique(groups, return_inverse=True)
    start = rng.random(group_index.max() + 1)[group_index]
    # Running total of probabilities within each group, in table order.
    order = np.argsort(group_index, kind="stable")
    running = np.empty_like(probability)
    running[order] = np.cumsum(probability[order])
    group_first = np.full(group_index.max() + 1, np.inf)
    np.minimum.at(group_first, group_index, running - probability)
    within = running - group_first[group_index]
    # A row is kept when a point start, start + 1, ... falls within its share of the running total.
    kept = np.floor(within + start) > np.floor(within - probability + start)
    rows = np.flatnonzero(kept & (probability > 0))
    return rows, weights[rows] / probability[rows]


__all__ = ["inclusion_probabilities", "thin_rows"]
