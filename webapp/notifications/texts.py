"""The words of each notification: stored in English, shown and mailed in the reader's language
(webapp.stored_text). A kind's title is the e-mail's subject."""

from flask_babel import lazy_gettext as _l

from webapp.stored_text import stored

ASSIGNED = stored(_l("%(by)s assigned the lead “%(lead)s” to you."))
ASSIGNED_BY_APP = stored(_l("The lead “%(lead)s” was assigned to you."))
BATCH_ASSIGNED = stored(_l("%(by)s assigned %(count)s new leads of “%(title)s” to you."))
HANDED_TO_PARTNER = stored(_l("%(by)s handed the lead “%(lead)s” to you."))
WINDOW_ENDING = stored(_l("The time window for the lead “%(lead)s” ends within %(hours)s hours."))
WINDOW_BREACHED = stored(_l("The time window for the lead “%(lead)s” has passed."))
ESCALATED = stored(_l("The lead “%(lead)s” was escalated: nobody acted within its window (owner: %(owner)s)."))
NOBODY = stored(_l("nobody"))
OFFER_ACCEPTED = stored(_l("Offer %(number)s for the lead “%(lead)s” was accepted."))
OFFER_REJECTED = stored(_l("Offer %(number)s for the lead “%(lead)s” was rejected: %(reason)s"))
INVOICE_OVERDUE = stored(_l("Invoice %(number)s for the lead “%(lead)s” is overdue."))
MODEL_PROMOTED = stored(_l("Model %(version)s was promoted and now scores the leads."))
MODEL_REJECTED = stored(_l("Candidate model %(version)s was rejected and the current model stays."))
JOB_DONE = stored(_l("%(job)s finished: %(outcome)s"))
JOB_FAILED = stored(_l("%(job)s failed: %(outcome)s"))
JOB_NAMES = {
    "import": stored(_l("Import")),
    "retrain": stored(_l("Retraining")),
    "drift": stored(_l("Drift check")),
    "rescore": stored(_l("Rescoring")),
    "duplicate-search": stored(_l("Duplicate search")),
}
SOME_JOB = stored(_l("A background job"))

TITLES = {
    "assigned": _l("A lead was assigned to you"),
    "window_ending": _l("A time window ends soon"),
    "window_breached": _l("A time window has passed"),
    "escalated": _l("A lead was escalated"),
    "offer_accepted": _l("An offer was accepted"),
    "offer_rejected": _l("An offer was rejected"),
    "invoice_overdue": _l("An invoice is overdue"),
    "model_promoted": _l("A new model was promoted"),
    "model_rejected": _l("A candidate model was rejected"),
    "job_done": _l("A background job finished"),
    "job_failed": _l("A background job failed"),
}
