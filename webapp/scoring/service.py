"""Score leads: BANT points from the admin's rules, blended with the current model if there is one.

With no model (a new install, too little history, or a refused artefact) the probability is the
BANT-only estimate and the class comes from the BANT points; with a model, the blend of model
probability and BANT evidence gives the probability and the class follows it.
"""

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone

import numpy as np
from sqlalchemy import bindparam, or_, update
from sqlalchemy.orm.util import identity_key

from scoring_model import (
    BantConfig,
    BlendWeights,
    bant_class,
    bant_points,
    blend,
    blend_many,
    explain_batch,
    grade_many,
    points_table,
)
from scoring_model.explain import factor_label

from webapp.database import execute_many
from webapp.extensions import db
from webapp.models import BANT_ANSWERS, OPEN_STAGES, Lead
from webapp.scoring import messages
from webapp.settings.services import get_settings
from webapp.stored_text import english

QUESTIONS = (*BANT_ANSWERS, "reaction")
TOP = 3


@dataclass
class LeadScore:
    points: int
    abc_class: str
    probability: float
    breakdown: list[tuple[str, str | None, int]] = field(default_factory=list)
    model_version: str | None = None
    factors: list[dict] = field(default_factory=list)
    model_probability: float | None = None
    opted_out: bool = False

    @property
    def bant_only(self) -> bool:
        return self.model_version is None

    @property
    def top(self) -> tuple[str | None, float | None]:
        """The one factor a lead list shows beside the probability."""
        return strongest(self.factors) if self.factors else strongest_answer(self.breakdown)


def strongest(factors: list[dict]) -> tuple[str | None, float | None]:
    """The model's factor that moves the score most, either way: (label, contribution)."""
    top = max(factors, key=lambda f: abs(f["contribution"]))
    return top["label"], float(top["contribution"])


def strongest_answer(rows) -> tuple[str | None, float | None]:
    """Without a model: the BANT answer worth the most points either way, as (label, points)."""
    question, answer, points = max(rows, key=lambda r: abs(r[2]), default=(None, None, 0))
    return (factor_label(question, answer), float(points)) if points else (None, None)


def bant_config() -> BantConfig:
    settings = get_settings()
    return BantConfig(points={q: dict(table) for q, table in settings["bant_points"].items()},
                      class_thresholds=dict(settings["class_thresholds"]),
                      probability_thresholds=dict(settings["scoring"]["probability_thresholds"]))


def bant_points_for(features: dict, config: BantConfig | None = None) -> int:
    return int(bant_points({q: features.get(q) for q in QUESTIONS}, config or bant_config()).points)


def _breakdown(features: dict, config: BantConfig) -> tuple[int, list]:
    result = bant_points({q: features.get(q) for q in QUESTIONS}, config)
    rows = [(q, features.get(q), int(result.per_question.get(q, 0))) for q in QUESTIONS]
    return int(result.points), rows


def _weights(active) -> BlendWeights | None:
    stored = (active.row.meta or {}).get("blend_weights") if active.row is not None else None
    return BlendWeights.from_dict(stored) if stored else None


def _age(features: dict) -> float | None:
    """The lead's age in days, as the blend's age curves read it (a lead described without one is new)."""
    try:
        return float(features.get("age_days") or 0.0)
    except (TypeError, ValueError):
        return 0.0


def _factors(explained: dict) -> list[dict]:
    return [{k: f[k] for k in ("feature", "value", "label", "contribution")}
            for f in explained["factors_for"] + explained["factors_against"]]


def score_features(features: dict, *, use_model: bool = True, active=None) -> LeadScore:
    """Score a lead described by the training export's columns (BANT answers included)."""
    from webapp.scoring import registry

    config = bant_config()
    points, breakdown = _breakdown(features, config)
    active = active or (registry.active() if use_model else None)
    if active is None or active.model is None:
        result = blend(None, points, 0, config=config)
        return LeadScore(points, bant_class(points, config), round(result.probability, 4), breakdown,
                         opted_out=not use_model)
    explained = active.model.score_lead(features, top=TOP)
    result = blend(explained["probability"], points, active.model.n_closed, config=config, weights=_weights(active),
                   age=_age(features), stage=features.get("stage"))
    return LeadScore(points, result.lead_class, round(result.probability, 4), breakdown, active.version,
                     _factors(explained), model_probability=explained["probability"])


def lead_features(lead: Lead, now: datetime | None = None) -> dict:
    """One lead as the model reads it, now (or at `now`). Scoring builds every column and the model
    picks the fields it was trained on, so a change of the excluded fields applies with the next training."""
    from webapp.scoring.new_lead import as_new_lead
    from webapp.scoring.snapshots import describe

    if not lead.id:  # not saved yet: what its form says, and new
        return as_new_lead({q: getattr(lead, q) for q in QUESTIONS})
    row = describe(Lead.id == lead.id, now=now).iloc[0].to_dict()
    row.pop("scoring_opt_out")
    return row


def score_lead(lead: Lead, features: dict | None = None) -> LeadScore:
    features = lead_features(lead) if features is None else features
    return score_features(features, use_model=not lead.contact.scoring_opt_out)


def stored_score(lead: Lead) -> LeadScore:
    """The lead's score as stored (what the header, lists, queue and API show), explained: the
    model's factors as stored with it, the BANT points per answer from the lead's answers."""
    _, breakdown = _breakdown({q: getattr(lead, q) for q in QUESTIONS}, bant_config())
    return LeadScore(lead.bant_points or 0, lead.abc_class or "", lead.probability or 0.0, breakdown,
                     lead.model_version, list(lead.score_factors or []),
                     opted_out=lead.contact.scoring_opt_out)


def _feature_batch(condition, open_only: bool, now: datetime):
    """The leads matching `condition` (an id range or a short id list) as they are now:
    (ids, feature table, opted out), read with a few Core queries (webapp.scoring.snapshots)."""
    from sqlalchemy import and_

    from webapp.scoring.snapshots import describe

    frame = describe(and_(condition, Lead.stage.in_(OPEN_STAGES)) if open_only else condition, now=now)
    opted_out = frame.pop("scoring_opt_out").to_numpy(dtype=bool)
    return frame["lead_id"].tolist(), frame, opted_out


def _tops(factors: list, modelled: np.ndarray, frame, per_question) -> list[tuple]:
    """Each lead's list factor: from its model factors, or from its BANT answers without a model."""
    values = per_question.to_numpy()
    answers = [(j, q, frame[q].to_numpy(dtype=object) if q in frame else [None] * len(values))
               for j, q in enumerate(per_question.columns)]
    return [strongest(factors[i]) if modelled[i] and factors[i] else
            strongest_answer((q, column[i], values[i, j]) for j, q, column in answers)
            for i in range(len(values))]


SCORE_COLUMNS = ("bant_points", "abc_class", "probability", "model_version", "score_factors",
                 "is_sales_opportunity", "scored_at", "top_factor", "top_factor_weight")


class _Scorer:
    """Scores batches of leads with one model, settings and clock, and writes them with a Core
    UPDATE (one executemany of the driver per batch): a rescore never bumps the lead's edit
    version, so it never turns a colleague's open form into a conflict. Points, blend and factors
    are computed for a whole batch at once (numpy), so the cost stays close to one model
    prediction over the batch.

    A score is written only over one computed before this scorer started: a lead rescored by a
    save while a long rescore was running keeps that newer score (its features were read later)."""

    def __init__(self):
        from webapp.scoring import registry

        self.active, self.config, self.now = registry.active(), bant_config(), datetime.now(timezone.utc)
        self.model, self.weights = self.active.model, _weights(self.active)
        table = Lead.__table__
        now = bindparam("now", self.now, type_=table.c.scored_at.type)  # one value, converted once
        self.statement = (update(table)
                          .where(table.c.id == bindparam("lead_id"),
                                 or_(table.c.scored_at.is_(None), table.c.scored_at <= now))
                          .values(bant_points=bindparam("points"), abc_class=bindparam("abc"),
                                  probability=bindparam("p"), model_version=bindparam("mv"),
                                  score_factors=bindparam("factors"), is_sales_opportunity=bindparam("opp"),
                                  scored_at=now, top_factor=bindparam("top"), top_factor_weight=bindparam("top_w")))

    def write(self, condition, open_only: bool = True) -> int:
        """Read the leads matching `condition` and write their scores."""
        return self.write_rows(*_feature_batch(condition, open_only, self.now))

    def write_rows(self, ids: list[int], frame, opted_out: np.ndarray) -> int:
        """Score leads already read (ids, feature table, opted out) and write their scores."""
        return self.execute(self.scores(ids, frame, opted_out))

    def execute(self, scores: dict[str, list]) -> int:
        """Write scores (as scores() gives them); updated_at is the moment they are written."""
        return execute_many(self.statement.values(updated_at=datetime.now(timezone.utc)), scores)

    def scores(self, ids: list[int], frame, opted_out: np.ndarray) -> dict[str, list]:
        """The UPDATE's parameters, one list per parameter, for leads already read (ids, feature
        table, opted out)."""
        if not ids:
            return {"lead_id": []}
        model, config = self.model, self.config
        per_question = points_table(frame, config)
        points = per_question.sum(axis=1).to_numpy()
        modelled = ~opted_out if model is not None else np.zeros(len(ids), dtype=bool)
        if modelled.any():
            p_model, factors = explain_batch(model, frame, TOP)
            p_model = np.where(modelled, p_model, np.nan)
        else:
            p_model, factors = None, [None] * len(ids)
        probability, classes = blend_many(p_model, points, model.n_closed if model else 0, config=config,
                                          weights=self.weights, ages=frame["age_days"].to_numpy(dtype=float),
                                          stages=frame["stage"].to_numpy(dtype=object))
        classes = np.where(modelled, classes, grade_many(points, config.class_thresholds)).tolist()
        tops = _tops(factors, modelled, frame, per_question)
        scored, version = modelled.tolist(), self.active.version
        return {"lead_id": list(ids), "points": [int(p) for p in points.tolist()], "abc": classes,
                "p": [round(p, 4) for p in probability.tolist()],
                "mv": [version if m else None for m in scored],
                "factors": [f if m else None for m, f in zip(scored, factors)],
                "opp": [abc == "A" for abc in classes], "top": [t[0] for t in tops], "top_w": [t[1] for t in tops]}


def rescore_leads(lead_ids, batch_size: int = 900) -> int:
    """Rescore these leads, the open ones among them, in the current transaction (no commit).
    Leads loaded in the session get their score columns expired, so they read the new score."""
    ids = sorted(set(lead_ids))
    if not ids:
        return 0
    scorer = _Scorer()
    done = sum(scorer.write(Lead.id.in_(ids[start:start + batch_size]))  # below SQLite's parameter limit
               for start in range(0, len(ids), batch_size))
    for lead_id in ids:
        lead = db.session.identity_map.get(identity_key(Lead, lead_id))
        if lead is not None:
            db.session.expire(lead, SCORE_COLUMNS)
    return done


@contextmanager
def _no_cycle_collection():
    """Reading, scoring and writing every open lead allocates a million small tuples, dicts and
    lists, none of them in a reference cycle (reference counting frees them all). Meanwhile the
    cyclic collector would walk every object of the process again and again: a sixth of a full
    rescore. It is paused for the rescore (for the whole process: other threads' cycles wait)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def rescore_all(open_only: bool = True, batch_size: int = 5000, commit: bool = True) -> int:
    """Recompute scores (after a promotion, a settings change, demo load, nightly): the leads are
    read and scored at once (a few queries, one vectorised pass), then written in batches that
    each commit on their own, so writers wait for one batch at most."""
    with _no_cycle_collection():
        return _rescore_all(open_only, batch_size, commit)


def _rescore_all(open_only: bool, batch_size: int, commit: bool) -> int:
    scorer = _Scorer()
    scores = scorer.scores(*_feature_batch(Lead.id.is_not(None), open_only, scorer.now))
    done = 0
    for start in range(0, len(scores["lead_id"]), batch_size):
        done += scorer.execute({name: values[start:start + batch_size] for name, values in scores.items()})
        if commit:
            db.session.commit()
    if commit:
        db.session.expire_all()
    return done


def what_if_hints(lead: Lead, features: dict | None = None) -> list:
    """For each unanswered BANT question: the probability if it were answered favourably."""
    from scoring_model import what_if

    from webapp.scoring import registry

    active = registry.active() if not lead.contact.scoring_opt_out else None
    features = lead_features(lead) if features is None else features
    answers = {q: features.get(q) for q in QUESTIONS}
    model = active.model if active else None
    return what_if(answers, model=model, lead=features, n_closed=model.n_closed if model else 0,
                   config=bant_config(), weights=_weights(active) if model else None)


def model_notice() -> str | None:
    """Why scores are BANT only right now, in numbers; None when a model scores leads."""
    from webapp.scoring import registry
    from webapp.scoring.dataset import outcome_counts

    active = registry.active()
    if active.model is not None:
        return None
    if active.problem:
        return english(messages.BANT_ONLY_PROBLEM, problem=active.problem)
    counts, settings = outcome_counts(), get_settings()["scoring"]
    return english(messages.BANT_ONLY_NO_MODEL, won=counts["won"], lost=counts["lost"],
                   min_won=settings["min_won"], min_lost=settings["min_lost"])
