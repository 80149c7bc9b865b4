"""What an admin can choose for training: the model families and the fields a model may not see.

Kept here so the settings page learns them without importing the scoring library itself.
"""

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from scoring_model import TrainConfig

from webapp.scoring.dataset import DEFAULT_EXCLUDED, ENGAGEMENT

# The families the library can train, in its own order; labels for the ones we know.
CANDIDATE_MODELS: tuple[str, ...] = TrainConfig().candidates
_CANDIDATE_LABELS = {
    "logistic": _l("Logistic regression"),
    "logistic_strong": _l("Logistic regression, more regularised (for little history)"),
    "boosting": _l("Gradient-boosted trees"),
}

# Columns of the training export that describe the person rather than the deal.
PERSON_FIELDS: tuple[str, ...] = DEFAULT_EXCLUDED
# The deal columns webapp.scoring.snapshots.describe() produces (BANT answers aside: BANT is always part of a score).
DEAL_FIELDS: tuple[str, ...] = ("source", "campaign_channel", "industry", "employees", "territory", "country",
                                "function", "expected_value", "created_month", *ENGAGEMENT.values(), "offers_sent",
                                "stage", "age_days")


def candidate_label(name: str) -> LazyString | str:
    """The family's label (lazy: the settings form takes it at import)."""
    return _CANDIDATE_LABELS.get(name, name.replace("_", " ").capitalize())
