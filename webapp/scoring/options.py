"""What an admin can choose for training: the model families and the fields a model may not see.

Kept here so the settings page learns them without importing the scoring library itself.
"""

from scoring_model import TrainConfig

from webapp.scoring.dataset import DEFAULT_EXCLUDED, ENGAGEMENT

# The families the library can train, in its own order; labels for the ones we know.
CANDIDATE_MODELS: tuple[str, ...] = TrainConfig().candidates
_CANDIDATE_LABELS = {
    "logistic": "Logistic regression",
    "logistic_strong": "Logistic regression, more regularised (for little history)",
    "boosting": "Gradient-boosted trees",
}

# Columns of the training export that describe the person rather than the deal.
PERSON_FIELDS: tuple[str, ...] = DEFAULT_EXCLUDED
# The deal columns webapp.scoring.snapshots.describe() produces (BANT answers aside: BANT is always part of a score).
DEAL_FIELDS: tuple[str, ...] = ("source", "campaign_channel", "industry", "employees", "territory", "country",
                                "function", "expected_value", "created_month", *ENGAGEMENT.values(), "offers_sent",
                                "stage", "age_days")
_FIELD_LABELS = {
    "first_name": "First name", "last_name": "Last name", "email": "E-mail", "campaign_channel": "Campaign channel",
    "employees": "Employees (organisation)", "territory": "Territory (organisation)", "function": "Job function",
    "expected_value": "Expected value", "created_month": "Month the lead came in", "emails": "E-mails",
    "materials_sent": "Materials sent", "offers_sent": "Offers sent", "stage": "Stage (lead or prospect)",
    "age_days": "Age of the lead (days)",
}


def candidate_label(name: str) -> str:
    return _CANDIDATE_LABELS.get(name, name.replace("_", " ").capitalize())


def field_label(name: str) -> str:
    return _FIELD_LABELS.get(name, name.replace("_", " ").capitalize())
