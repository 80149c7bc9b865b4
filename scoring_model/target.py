"""Turning a won/lost column into 0/1, and refusing data that cannot support a model."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .config import TrainConfig
from .errors import TrainingRefused

_POSITIVE_WORDS = {"1", "true", "yes", "y", "won", "win", "converted", "closed won", "success", "positive"}


def binary_target(values: pd.Series, positive=None) -> pd.Series:
    """0/1 target (float, NaN where the outcome is unknown, i.e. an open lead).

    positive: the value that means "won"; without it a 0/1 or true/false column is used as is
    and a two-valued text column is accepted when one value reads as a win.
    """
    answered = values.notna() & (values.astype(str).str.strip() != "")
    texts = values.astype(str).str.strip()
    if positive is not None:
        wanted = str(positive).strip()
        if not (texts[answered] == wanted).any():
            raise TrainingRefused(
                f"The target column {values.name!r} never has the value {wanted!r}. "
                f"Values found: {sorted(texts[answered].unique().tolist())[:10]}."
            )
        return (texts == wanted).astype(float).where(answered)
    distinct = sorted(texts[answered].unique().tolist())
    numeric = pd.to_numeric(values, errors="coerce")
    if set(numeric[answered].dropna().unique()) <= {0.0, 1.0} and numeric[answered].notna().all():
        return numeric.where(answered)
    winners = [v for v in distinct if v.lower() in _POSITIVE_WORDS]
    if len(distinct) == 2 and len(winners) == 1:
        return (texts == winners[0]).astype(float).where(answered)
    raise TrainingRefused(
        f"Cannot tell which value of {values.name!r} means 'won' (values: {distinct[:10]}). "
        "Name it with --positive VALUE."
    )


def check_trainable(y: np.ndarray, config: TrainConfig) -> tuple[int, int]:
    """(won, lost) counts, or TrainingRefused explaining what is missing."""
    won = int((y == 1).sum())
    lost = int((y == 0).sum())
    if won == 0 or lost == 0:
        only = "won" if lost == 0 else "lost"
        raise TrainingRefused(
            f"All {won + lost} closed leads are {only}; a model needs both won and lost leads "
            "to learn what makes the difference."
        )
    need = config.min_class_rows
    if won < need or lost < need:
        raise TrainingRefused(
            f"Too few closed leads to learn from: {won} won and {lost} lost, but at least {need} "
            f"of each are needed. Keep scoring with BANT until more leads are closed."
        )
    return won, lost


__all__ = ["binary_target", "check_trainable"]
