"""How good is the close probability where people decide: held-out leads as of their 1st, 7th,
30th and 90th day, and by stage, beside BANT alone and the prior.

An average over every snapshot can hide a model that is only good late in the funnel, so each
age is judged on its own: the held-out leads still open on that day, each described as it was
then. The blend of model and BANT points is judged cross-fitted (the held-out leads cut into
BLEND_PARTS parts, each part's weights learned on the other parts), so no figure is measured on
rows its weights were fitted to.
"""

import numpy as np
import pandas as pd

from scoring_model import (
    BlendWeights,
    blend_many,
    calibration_noise,
    fit_blend_weights,
    grade_many,
    points_table,
    score_report,
)

from webapp.scoring import dataset, snapshots

AGES = (1, 7, 30, 90)
MIN_LEADS = 30  # fewer held-out leads open on a day and its figures are noise: said, not shown
# Parts of the held-out leads for cross-fitting the blend. Each part's weights are learned on the
# others: with two halves they saw half the leads, and the old ages, where few leads are still
# open, were fitted on too few of them (measured on the demo: Brier on the 90th day 0.143, with
# five parts 0.139; every age and stage gained).
BLEND_PARTS = 5
SERIES = ("blended", "model_only", "bant_only", "prior")


def rows_at_ages(leads: pd.DataFrame, excluded: tuple[str, ...]) -> pd.DataFrame:
    """The closed `leads` (lead_id, won) as of each age in AGES they were still open at, with their
    outcome and age (whole days)."""
    frame = snapshots.describe(dataset.CLOSED, snapshots.at_ages(AGES), excluded=excluded)
    frame = frame.drop(columns="scoring_opt_out").merge(leads[[dataset.GROUP, dataset.TARGET]], on=dataset.GROUP)
    frame["age"] = np.rint(frame["age_days"]).astype(int)
    return frame.reset_index(drop=True)


def predict(model, rows: pd.DataFrame, config) -> pd.DataFrame:
    """Model probability and BANT points of each row (columns p_model, points)."""
    rows = rows.copy()
    rows["p_model"] = model.predict_proba(rows) if len(rows) else np.array([])
    rows["points"] = points_table(rows, config).sum(axis=1).to_numpy() if len(rows) else np.array([])
    return rows


def cross_fit_blend(fit_rows: pd.DataFrame, rows: pd.DataFrame, config) -> np.ndarray:
    """Blended probability of `rows`, with weights fitted on `fit_rows` of the leads in the other parts."""
    result = np.full(len(rows), np.nan)
    parts_fit, parts = fit_rows[dataset.GROUP] % BLEND_PARTS, rows[dataset.GROUP] % BLEND_PARTS
    for part_no in range(BLEND_PARTS):
        learn, apply = fit_rows[parts_fit != part_no], (parts == part_no).to_numpy()
        if not apply.any():
            continue
        weights = _weights(learn)
        part = rows[apply]
        probability, _ = blend_many(part["p_model"].to_numpy(), part["points"].to_numpy(), len(learn), config=config,
                                    weights=weights, ages=part["age_days"].to_numpy(dtype=float), stages=stages(part))
        result[apply] = probability
    return result


def stages(rows: pd.DataFrame) -> np.ndarray | None:
    """Each row's stage for the blend, None when the table has none (an admin excluded it)."""
    return rows["stage"].to_numpy(dtype=object) if "stage" in rows else None


def _weights(rows: pd.DataFrame) -> BlendWeights | None:
    if rows[dataset.TARGET].nunique() < 2:
        return None
    return fit_blend_weights(rows["p_model"].to_numpy(), rows["points"].to_numpy(), rows[dataset.TARGET].to_numpy(),
                             sample_weight=rows[dataset.WEIGHT].to_numpy(), ages=rows["age_days"].to_numpy(dtype=float),
                             stages=stages(rows))


def _series(rows: pd.DataFrame, config) -> dict[str, np.ndarray]:
    p_bant, _ = blend_many(None, rows["points"].to_numpy(), 0, config=config)
    return {"blended": rows["p_blend"].to_numpy(), "model_only": rows["p_model"].to_numpy(),
            "bant_only": p_bant, "prior": rows["prior"].to_numpy()}


def _win_rates(classes: np.ndarray, y: np.ndarray, w: np.ndarray) -> dict:
    out = {}
    for grade in ("A", "B", "C"):
        mask = classes == grade
        if mask.any():
            out[grade] = {"leads": int(mask.sum()), "win_rate": round(float(np.average(y[mask], weights=w[mask])), 3)}
    return out


def judge(rows: pd.DataFrame, config, weight: np.ndarray | None = None) -> dict:
    """Figures of one group of rows (one age, or one stage): each series' ROC AUC, Brier, ECE,
    and how often leads of each class were won; for one row per lead (an age), also the ECE a
    perfectly calibrated blend would show on these leads by chance."""
    if rows.empty:  # no held-out lead was still open on that day
        return {"leads": 0, "won": None, "too_few": True}
    y = rows[dataset.TARGET].to_numpy()
    w = np.ones(len(rows)) if weight is None else weight
    result = {"leads": int(rows[dataset.GROUP].nunique()), "won": round(float(np.average(y, weights=w)), 3)}
    if result["leads"] < MIN_LEADS or len(np.unique(y)) < 2:
        return result | {"too_few": True}
    series = _series(rows, config)
    for name, p in series.items():
        result[name] = {k: round(v, 4) for k, v in score_report(y, p, sample_weight=w).items()}
    if weight is None:  # one row per lead: how much of the blend's ECE this many leads give by chance
        result["blended"]["ece_by_chance"] = round(calibration_noise(series["blended"]), 4)
    result["win_rate_by_class"] = _win_rates(grade_many(series["blended"], config.probability_thresholds), y, w)
    return result


def by_age_and_stage(at_ages: pd.DataFrame, snapshot_rows: pd.DataFrame, config) -> dict:
    """The report: per age (rows of `at_ages`) and per stage (weighted training snapshots)."""
    report = {"ages": {}, "stages": {}}
    for age in AGES:
        report["ages"][str(age)] = judge(at_ages[at_ages["age"] == age], config)
    for stage, part in snapshot_rows.groupby("stage"):
        report["stages"][str(stage)] = judge(part, config, part[dataset.WEIGHT].to_numpy())
    return report


def reliability_by_age(at_ages: pd.DataFrame, bins: int = 10) -> dict:
    """Reliability points (mean predicted, observed win rate, leads) of the blended probability per age."""
    out = {}
    for age in AGES:
        part = at_ages[at_ages["age"] == age]
        if part[dataset.GROUP].nunique() < MIN_LEADS:
            continue
        cut = pd.qcut(part["p_blend"], bins, labels=False, duplicates="drop")  # ties share a bin
        grouped = part.assign(bin=cut).groupby("bin")
        out[str(age)] = [[round(float(g["p_blend"].mean()), 4), round(float(g[dataset.TARGET].mean()), 4), int(len(g))]
                         for _, g in grouped]
    return out
