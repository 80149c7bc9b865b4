"""Does the model earn its place? `flask scoring evaluate`: blend, model, BANT alone and the prior,
judged on leads no model had seen, as of their 1st, 7th, 30th and 90th day and by stage.

Forward-chaining over time: the closed leads, ordered by decision, are cut into `folds + 1`
blocks; each block is predicted by a model trained on the blocks decided before it, exactly as a
model trained today meets tomorrow's leads. The predictions of all blocks are pooled, so even the
90th day has enough leads to judge.
"""

import numpy as np
import pandas as pd

from scoring_model import train

from webapp.scoring import age_report, dataset
from webapp.scoring.service import bant_config
from webapp.scoring.training import _config
from webapp.settings.services import get_settings


def evaluate_by_age(folds: int = 4, progress=None) -> dict:
    settings = get_settings()["scoring"]
    excluded = tuple(settings["excluded_fields"])
    frame = dataset.training_frame(excluded=excluded)
    leads = dataset.lead_groups(frame)
    at_ages = age_report.rows_at_ages(leads, excluded)
    config, bant = _config(settings), bant_config()
    blocks = np.array_split(np.arange(len(leads)), folds + 1)
    judged_snapshots, judged_ages, models = [], [], []
    for k in range(1, len(blocks)):
        seen = set(leads[dataset.GROUP].iloc[:blocks[k][0]])
        unseen = set(leads[dataset.GROUP].iloc[blocks[k]])
        learn = frame[frame[dataset.GROUP].isin(seen)]
        if learn[dataset.TARGET].nunique() < 2:
            continue  # the earliest block may hold one outcome only: nothing to learn yet
        if progress:
            progress(k, f"Training on {len(seen)} leads, judging the next {len(unseen)}")
        model = train(learn, dataset.TARGET, config=config)
        models.append(model.model_name)
        prior = float(np.average(learn[dataset.TARGET], weights=learn[dataset.WEIGHT]))
        for target, rows in ((judged_snapshots, frame), (judged_ages, at_ages)):
            part = age_report.predict(model, rows[rows[dataset.GROUP].isin(unseen)], bant)
            target.append(part.assign(prior=prior, fold=k))
    if not judged_snapshots:
        raise ValueError("Too few closed leads of both outcomes to judge a model on leads it has not seen.")
    snapshot_rows, age_rows = pd.concat(judged_snapshots), pd.concat(judged_ages)
    snapshot_rows["p_blend"] = age_report.cross_fit_blend(snapshot_rows, snapshot_rows, bant)
    age_rows["p_blend"] = age_report.cross_fit_blend(snapshot_rows, age_rows, bant)
    report = age_report.by_age_and_stage(age_rows, snapshot_rows, bant)
    return {
        "method": f"forward-chaining over {len(blocks)} blocks of leads ordered by decision; each block judged "
                  "by a model trained on the blocks before it",
        "closed_leads": int(len(leads)), "judged_leads": int(snapshot_rows[dataset.GROUP].nunique()),
        "snapshots": int(len(frame)), "models": models,
        **report,
    }
