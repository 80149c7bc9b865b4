"""The words people read for the fields a model reads, the BANT answers and the model versions'
states. Codes (column names, answers, statuses) stay English in the database, the training export
and the API; only these labels follow the reader's language."""

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from webapp.labels import FACTOR_VALUES, STAGE_WORDS

# Every column of a lead's row (webapp.scoring.snapshots.FEATURES) and the person fields a model may see.
FIELD_LABELS = {
    "source": _l("Source"), "campaign_channel": _l("Campaign channel"), "industry": _l("Industry"),
    "employees": _l("Employees (organisation)"), "territory": _l("Territory (organisation)"),
    "country": _l("Country"), "function": _l("Job function"), "budget": _l("Budget"),
    "authority": _l("Authority"), "need": _l("Need"), "timeline": _l("Timeline"), "reaction": _l("Reaction"),
    "expected_value": _l("Expected value"), "created_month": _l("Month the lead came in"),
    "salutation": _l("Salutation"), "first_name": _l("First name"), "last_name": _l("Last name"),
    "email": _l("E-mail"), "phone": _l("Phone"), "gender": _l("Gender"), "calls": _l("Calls"),
    "emails": _l("E-mails"), "meetings": _l("Meetings"), "notes": _l("Notes"),
    "materials_sent": _l("Materials sent"), "offers_sent": _l("Offers sent"),
    "stage": _l("Stage (lead or prospect)"), "age_days": _l("Age of the lead (days)"),
}

# The same columns named in running text and the model page's tables (capitalised there).
FEATURE_NAMES = {
    "source": _l("source"), "campaign_channel": _l("campaign channel"), "industry": _l("industry"),
    "employees": _l("employees"), "territory": _l("territory"), "country": _l("country"),
    "function": _l("function"), "budget": _l("budget"), "authority": _l("authority"), "need": _l("need"),
    "timeline": _l("timeline"), "reaction": _l("reaction"), "expected_value": _l("expected value"),
    "created_month": _l("created month"), "salutation": _l("salutation"), "first_name": _l("first name"),
    "last_name": _l("last name"), "email": _l("email"), "phone": _l("phone"), "gender": _l("gender"),
    "calls": _l("calls"), "emails": _l("emails"), "meetings": _l("meetings"), "notes": _l("notes"),
    "materials_sent": _l("materials sent"), "offers_sent": _l("offers sent"), "stage": _l("stage"),
    "age_days": _l("age days"),
    # bookkeeping columns of the training table, named when the page says they were left out
    "lead_id": _l("lead id"), "snapshot_at": _l("snapshot at"), "decided_at": _l("decided at"),
    "weight": _l("weight"),
}

# The BANT questions and the reaction, as the settings list their points.
QUESTION_LABELS = {q: FIELD_LABELS[q] for q in ("budget", "authority", "need", "timeline", "reaction")}
# The answers in lower case, as running text and the factors name them.
ANSWER_LABELS = FACTOR_VALUES

# Open stages in running text ("Stage prospect"): a model judges leads by the stage they were in.
STAGE_NAMES = {stage: STAGE_WORDS[stage] for stage in ("lead", "prospect")}

# What became of a trained model (ModelVersion.status).
STATUS_LABELS = {"current": _l("current"), "candidate": _l("candidate"), "rejected": _l("rejected"),
                 "retired": _l("retired")}


# Lazy: a label may be taken at import (a form's choices) and is read in each request's language.
def field_label(name: str) -> LazyString | str:
    return FIELD_LABELS.get(name) or name.replace("_", " ").capitalize()


def feature_name(name: str, title: bool = False) -> str:
    """A column as running text names it ("materials sent"); `title`: as a table heading ("Materials sent")."""
    text = str(FEATURE_NAMES.get(name) or name.replace("_", " "))
    return text[:1].upper() + text[1:] if title else text


def question_label(question: str) -> LazyString | str:
    return QUESTION_LABELS.get(question) or question.replace("_", " ").capitalize()


def answer_label(answer: str) -> LazyString | str:
    return ANSWER_LABELS.get(answer) or answer.replace("_", " ")


def stage_name(stage: str) -> LazyString | str:
    return STAGE_NAMES.get(stage) or stage


def status_label(status: str | None) -> LazyString | str:
    return STATUS_LABELS.get(status or "") or status or ""
