"""Does the model earn its place? Model blend vs BANT only on the newest closed leads."""

from collections import Counter

import numpy as np

from scoring_model import bant_class, bant_probability, blend, score_report, train

from webapp.scoring import dataset
from webapp.scoring.service import bant_config, bant_points_for
from webapp.scoring.training import _config, _split
from webapp.settings.services import get_settings


def evaluate_against_bant() -> dict:
    """Train on the older closed leads, judge on the newest: ROC AUC, Brier, ECE for the blended
    close probability and for BANT alone, and the win rate of each class."""
    settings = get_settings()["scoring"]
    frame = dataset.training_frame(excluded=tuple(settings["excluded_fields"]))
    learn, judge = _split(frame, settings["holdout_share"])
    model = train(learn, dataset.TARGET, config=_config(settings))
    config = bant_config()
    points = np.array([bant_points_for(row, config) for row in judge.to_dict("records")])
    p_bant = np.array([bant_probability(p, config) for p in points])
    p_model = model.predict_proba(judge)
    blended = [blend(pm, pt, model.n_closed, config=config) for pm, pt in zip(p_model, points)]
    p_blend = np.array([b.probability for b in blended])
    y = judge[dataset.TARGET].to_numpy()

    def win_rates(classes) -> dict:
        total, won = Counter(classes), Counter(c for c, outcome in zip(classes, y) if outcome == 1)
        return {c: {"leads": total[c], "win_rate": round(won[c] / total[c], 3)} for c in sorted(total)}

    return {
        "held_out_leads": int(len(judge)), "trained_on": int(len(learn)), "model": model.model_name,
        "blended": score_report(y, p_blend), "model_only": score_report(y, p_model),
        "bant_only": score_report(y, p_bant),
        "win_rate_by_class": {"blended": win_rates([b.lead_class for b in blended]),
                              "bant_only": win_rates([bant_class(p, config) for p in points])},
    }
