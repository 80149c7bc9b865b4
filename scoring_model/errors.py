"""Exceptions with messages meant for the people who run the scoring, not for developers."""


class ScoringError(Exception):
    """Base class for every error this library raises on purpose."""


class TrainingRefused(ScoringError):
    """The data cannot support a model; the message says why and what to do."""


class ArtifactError(ScoringError):
    """A saved model cannot be trusted or found."""


class ChecksumMismatch(ArtifactError):
    """The model file differs from the one described by its sidecar."""


class VersionMismatch(ArtifactError):
    """The model was saved with another scikit-learn version than the one installed."""
