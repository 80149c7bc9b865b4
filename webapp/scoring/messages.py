"""The texts the retraining, the scoring service and the scoring library write into job messages
and model versions (or return for a page): stored in English, shown translated (webapp.stored_text).

The retraining and the service write them from here with `english(...)`; the scoring library
(which knows nothing of Flask) words its refusals itself, so those are declared here as copies:
one reworded there without its copy is shown in English, nothing worse.
"""

from flask_babel import lazy_gettext as _l

from webapp.stored_text import stored

# training.retrain(): progress, outcome, refusals
READING = stored(_l("Reading closed leads"))
TOO_FEW = stored(_l("%(won)s won and %(lost)s lost leads; at least %(min_won)s won and %(min_lost)s lost are needed."))
ONE_OUTCOME = stored(_l("The newest closed leads are all won or all lost; there is nothing to judge a new model on yet."))
TRAINING = stored(_l("Training on %(leads)s older closed leads (%(snapshots)s snapshots)"))
REFITTING = stored(_l("Refitting on every closed lead"))
KEEPING = stored(_l("Keeping the current model"))
JUDGING = stored(_l("Judging the candidate by age and stage"))
RESCORING = stored(_l("Rescoring open leads"))
REJECTED = stored(_l("Candidate %(version)s rejected: %(reason)s"))
PROMOTED = stored(_l("Model %(version)s promoted; %(count)s open leads rescored."))
# why a candidate was promoted or rejected (ModelVersion.reason)
FIRST = stored(_l("First model: nothing to compare with."))
AUC_WORSE = stored(_l("ROC AUC %(auc)s on held-out leads is below the current model's %(current)s by more than "
                      "%(tolerance)s."))
ECE_WORSE = stored(_l("Calibration error %(ece)s is worse than the current model's %(current)s by more than "
                      "%(tolerance)s."))
COMPARED = stored(_l("ROC AUC %(auc)s vs %(current_auc)s, calibration error %(ece)s vs %(current_ece)s on "
                     "held-out leads."))
# service.model_notice()
BANT_ONLY_PROBLEM = stored(_l("Scores use BANT points only: %(problem)s An admin can retrain or roll back."))
BANT_ONLY_NO_MODEL = stored(_l("Scores use BANT points only: no trained model yet. %(won)s won and %(lost)s lost "
                               "leads exist; a model needs at least %(min_won)s won and %(min_lost)s lost."))

# scoring_model's own words: refusals and why a column was left out
LIBRARY = [stored(message) for message in (
    _l("Too few closed leads to learn from: %(won)s won and %(lost)s lost, but at least %(need)s of each are "
       "needed. Keep scoring with BANT until more leads are closed."),
    _l("dropped by request"),
    _l("leaky: the name says it is recorded after the outcome"),
    _l("all missing"),
    _l("constant: a single value"),
    _l("id-like: (almost) every row has its own value"),
    _l("group column: it says which rows belong to one lead, not how the lead went"),
    _l("weight column: it says how much a row counts, not how the lead went"),
)]
