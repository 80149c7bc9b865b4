"""Reading a fitted pipeline's parameters: which model output belongs to which lead field.

Used by the explanations and by the single-lead fast path, so that both decompose the score
exactly the way the fitted scikit-learn objects compute it.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse


def parts(model):
    """(cleaner, preprocessor, classifier, slope, intercept, kind) of a trained ScoringModel."""
    cleaner = model.pipeline.named_steps["clean"]
    selector = model.pipeline.named_steps["model"]
    best = selector.best_estimator_
    prep, clf = best.named_steps["prep"], best.named_steps["clf"]
    kind = "linear" if hasattr(clf, "coef_") else "trees"
    return cleaner, prep, clf, selector.slope_, selector.intercept_, kind


def fitted_columns(prep, name):
    """(fitted transformer, its input columns) of one branch of a ColumnTransformer."""
    for fitted_name, transformer, columns in prep.transformers_:
        if fitted_name == name:
            return transformer, list(columns)
    return None, []


def linear_output_groups(prep) -> list[str]:
    """Name of the cleaned field behind each output column of the linear preprocessor."""
    owners = [None] * sum(s.stop - s.start for s in prep.output_indices_.values())
    numbers, numeric = fitted_columns(prep, "num")
    if numeric:
        pos = prep.output_indices_["num"].start
        for column, n_bins in zip(numeric, numbers.named_steps["bins"].n_bins_):
            owners[pos : pos + n_bins] = [column] * n_bins
            pos += n_bins
    indicator, numeric_missing = fitted_columns(prep, "num_missing")
    if numeric_missing:
        start = prep.output_indices_["num_missing"].start
        for offset, index in enumerate(indicator.features_):
            owners[start + offset] = numeric_missing[index]
    encoder, categorical = fitted_columns(prep, "cat")
    if categorical:
        pos = prep.output_indices_["cat"].start
        for column, cats, rare in zip(categorical, encoder.categories_, encoder.infrequent_categories_):
            width = len(cats) if rare is None else len(cats) - len(rare) + 1
            owners[pos : pos + width] = [column] * width
            pos += width
    return owners


def tree_feature_names(prep) -> list[str]:
    _, numeric = fitted_columns(prep, "num")
    _, categorical = fitted_columns(prep, "cat")
    return categorical + numeric


def tree_inputs(clf, Z) -> np.ndarray:
    """Rows as the trees see them: boosting re-encodes categorical codes internally."""
    internal = getattr(clf, "_preprocessor", None)
    return np.asarray(Z if internal is None else internal.transform(Z), dtype=float)


def internal_codes(clf, position: int) -> dict[float, float]:
    """Our ordinal code -> the code boosting uses internally, for one categorical feature."""
    internal = getattr(clf, "_preprocessor", None)
    if internal is None:
        return {}
    categories = internal.named_transformers_["encoder"].categories_[position]
    return {float(c): float(i) for i, c in enumerate(categories) if not np.isnan(c)}


def linear_weights(prep, clf, features: list[str]) -> np.ndarray:
    """Matrix W with Z @ W = per-field contributions (raw log-odds) for transformed rows Z."""
    owners = linear_output_groups(prep)
    index = {name: i for i, name in enumerate(features)}
    weights = np.zeros((len(owners), len(features)))
    for k, owner in enumerate(owners):
        weights[k, index[owner]] = clf.coef_[0, k]
    return weights


def expected_values(nodes) -> np.ndarray:
    """Count-weighted mean leaf value below every node (leaves keep their own value)."""
    values = nodes["value"].astype(float).copy()
    counts = nodes["count"].astype(float)
    for i in range(len(nodes) - 1, -1, -1):  # children always come after their parent
        if not nodes["is_leaf"][i]:
            left, right = nodes["left"][i], nodes["right"][i]
            total = counts[left] + counts[right]
            values[i] = (counts[left] * values[left] + counts[right] * values[right]) / max(total, 1.0)
    return values


def tree_contributions(clf, Z: np.ndarray) -> tuple[float, np.ndarray]:
    """Path attribution (Saabas) for boosted trees, vectorised over rows.

    Each split moves a row from a node to a child; the change in the expected value is
    credited to the split's feature. Per tree the credits sum to leaf value minus root value,
    so base + credits reproduces the raw score exactly.
    """
    Z = tree_inputs(clf, Z)
    n = Z.shape[0]
    credit = np.zeros_like(Z)
    base = float(clf._baseline_prediction.ravel()[0])
    known_bits, f_idx_map = clf._bin_mapper.make_known_categories_bitsets()
    rows = np.arange(n)
    for (predictor,) in clf._predictors:
        nodes, bitsets = predictor.nodes, predictor.raw_left_cat_bitsets
        ev = expected_values(nodes)
        base += ev[0]
        at = np.zeros(n, dtype=np.int64)
        active = rows[~nodes["is_leaf"][at].astype(bool)]
        while active.size:
            node = at[active]
            feature = nodes["feature_idx"][node]
            x = Z[active, feature]
            missing = np.isnan(x)
            left = np.where(missing, nodes["missing_go_to_left"][node] == 1, x <= nodes["num_threshold"][node])
            categorical = (nodes["is_categorical"][node] == 1) & ~missing
            if categorical.any():
                sel = np.flatnonzero(categorical)
                code = np.clip(x[sel], 0, 255).astype(np.int64)
                word = bitsets[nodes["bitset_idx"][node[sel]], code // 32]
                in_left = ((word >> (code % 32).astype(np.uint32)) & 1) == 1
                known_word = known_bits[f_idx_map[feature[sel]], code // 32]
                seen = ((known_word >> (code % 32).astype(np.uint32)) & 1) == 1
                unknown = (x[sel] < 0) | ~seen
                left[sel] = np.where(unknown, nodes["missing_go_to_left"][node[sel]] == 1, in_left)
            child = np.where(left, nodes["left"][node], nodes["right"][node]).astype(np.int64)
            np.add.at(credit, (active, feature), ev[child] - ev[node])
            at[active] = child
            active = active[~nodes["is_leaf"][child].astype(bool)]
    return base, credit


def linear_contributions(prep, clf, features, cleaned) -> tuple[float, np.ndarray]:
    Z = prep.transform(cleaned)
    weights = linear_weights(prep, clf, features)
    out = Z @ weights if sparse.issparse(Z) else np.asarray(Z) @ weights
    return float(clf.intercept_[0]), np.asarray(out)
