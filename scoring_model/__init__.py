"""Lead scoring for leadflow: train, evaluate, explain and store close-probability models.

A pure library: it takes DataFrames and dicts and returns dataclasses, arrays and paths.
"""

from .bant import (
    BantBreakdown,
    BantConfig,
    bant_class,
    bant_points,
    bant_probability,
    grade_many,
    points_table,
    probability_class,
)
from .baselines import FrequencyNaiveBayes, baseline_models
from .blend import BlendResult, BlendWeights, WhatIf, blend, blend_many, model_weight, what_if
from .blend_fit import fit_blend_weights
from .config import TrainConfig
from .errors import ArtifactError, ChecksumMismatch, ScoringError, TrainingRefused, VersionMismatch
from .evaluate import evaluate
from .explain import Explanation, Factor, contributions, explain_batch, explain_frame
from .features import FrameCleaner
from .importance import feature_shares
from .io import neutralise_formulas, read_table, write_csv
from .metrics import calibration_noise, expected_calibration_error, reliability_table, score_report
from .model import ScoringModel
from .registry import current_version, list_versions, load_model, promote, read_sidecar, rollback, save_model
from .screening import DroppedColumn, ScreeningReport, screen_columns
from .selection import SelectingCalibratedClassifier
from .splits import TimeOrderedSplit
from .train import train

__all__ = [
    "ArtifactError",
    "BantBreakdown",
    "BantConfig",
    "BlendResult",
    "BlendWeights",
    "ChecksumMismatch",
    "DroppedColumn",
    "Explanation",
    "Factor",
    "FrameCleaner",
    "FrequencyNaiveBayes",
    "ScoringError",
    "ScoringModel",
    "ScreeningReport",
    "SelectingCalibratedClassifier",
    "TimeOrderedSplit",
    "TrainConfig",
    "TrainingRefused",
    "VersionMismatch",
    "WhatIf",
    "bant_class",
    "bant_points",
    "bant_probability",
    "baseline_models",
    "blend",
    "blend_many",
    "calibration_noise",
    "contributions",
    "current_version",
    "evaluate",
    "expected_calibration_error",
    "explain_batch",
    "explain_frame",
    "feature_shares",
    "fit_blend_weights",
    "grade_many",
    "list_versions",
    "load_model",
    "model_weight",
    "points_table",
    "probability_class",
    "promote",
    "read_sidecar",
    "read_table",
    "neutralise_formulas",
    "write_csv",
    "reliability_table",
    "rollback",
    "save_model",
    "score_report",
    "screen_columns",
    "train",
    "what_if",
]
