"""ScoringModel: a trained pipeline plus what is known about it, ready to score leads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .selection import quiet


@dataclass
class ScoringModel:
    """What train() returns and the registry saves.

    pipeline: FrameCleaner followed by the selected, calibrated classifier.
    features: the input columns the model reads (others in a scored table are ignored).
    dropped: columns screening removed, each {"column", "reason"}.
    cv_metrics: out-of-fold metrics of the selected candidate on the training data.
    n_won, n_lost: closed leads of each outcome: rows, or groups when rows are grouped (a lead's
        snapshots count as one lead).
    rows_available, rows_learned: closed rows, and how many of them the model learned from
        (fewer when a large table was thinned); n_groups: leads, when rows were grouped.
        None on models trained before these were recorded.
    trained_until: the newest value of the time column it learned from (ISO text), if it had one:
        leads decided after it are unseen by this model, so models can be compared on them.
    """

    pipeline: object
    target: str
    features: list[str]
    kinds: dict[str, str]
    dropped: list[dict]
    n_won: int
    n_lost: int
    cv_metrics: dict
    model_name: str
    config: dict
    fingerprint: str
    positive: object = None
    rows_available: int | None = None
    rows_learned: int | None = None
    n_groups: int | None = None
    trained_until: str | None = None
    _fast: object = field(default=None, repr=False, compare=False)

    @property
    def n_closed(self) -> int:
        return self.n_won + self.n_lost

    @property
    def thinned(self) -> bool:
        """True when the model learned from a sample of its closed rows (TrainConfig.max_rows)."""
        return self.rows_learned is not None and self.rows_learned < (self.rows_available or 0)

    def frame(self, data) -> pd.DataFrame:
        """The model's input columns from a DataFrame, a dict (one lead) or a list of dicts."""
        if isinstance(data, Mapping):
            data = [data]
        frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(list(data))
        missing = [c for c in self.features if c not in frame.columns]
        if missing:
            frame = frame.assign(**{c: np.nan for c in missing})
        return frame[self.features]

    def predict_proba(self, data) -> np.ndarray:
        """Calibrated close probability per lead (1-D array)."""
        return 1.0 / (1.0 + np.exp(-self.decision_function(data)))

    def decision_function(self, data) -> np.ndarray:
        """Calibrated log-odds per lead: the scale on which explanations add up.

        Computed from the compiled tables of the fitted pipeline (several times faster than
        the pipeline's own encoders on text columns; equal to pipeline.decision_function to
        floating point precision, which the tests check).
        """
        cleaned = self.pipeline.named_steps["clean"].transform(self.frame(data))
        with quiet():
            return self.fast().batch_log_odds(cleaned)

    def fast(self):
        """The compiled single-lead scorer (built once, then cached)."""
        if self._fast is None:
            from .fastpath import FastScorer

            self._fast = FastScorer.from_model(self)
        return self._fast

    def score_lead(self, lead: Mapping, top: int = 3) -> dict:
        """Probability, log-odds and strongest factors for one lead given as a dict, fast."""
        return self.fast().score(lead, top=top)

    def metadata(self) -> dict:
        return {
            "target": self.target,
            "positive": None if self.positive is None else str(self.positive),
            "features": self.features,
            "kinds": self.kinds,
            "dropped_columns": self.dropped,
            "n_train": {"won": self.n_won, "lost": self.n_lost},
            "rows": {"available": self.rows_available, "learned": self.rows_learned, "thinned": self.thinned,
                     "groups": self.n_groups},
            "trained_until": self.trained_until,
            "cv_metrics": self.cv_metrics,
            "model": self.model_name,
            "data_fingerprint": self.fingerprint,
            "config": self.config,
        }


__all__ = ["ScoringModel"]
