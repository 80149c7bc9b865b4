"""English texts the retraining, the scoring service and the scoring library write into job
messages and model versions (or return for a page), declared so pages show them translated.

They are copies of f-strings in webapp/scoring/training.py, webapp/scoring/service.py and
scoring_model, written as %(name)s templates: a text changed there without its copy here is
shown in English, nothing worse. Once those files write them with webapp.stored_text.english(),
the copies can go.
"""

from flask_babel import lazy_gettext as _l

from webapp.stored_text import stored

DECLARED = [stored(message) for message in (
    # training.retrain(): progress, outcome, refusals
    _l("Reading closed leads"),
    _l("%(won)s won and %(lost)s lost leads; at least %(min_won)s won and %(min_lost)s lost are needed."),
    _l("The newest closed leads are all won or all lost; there is nothing to judge a new model on yet."),
    _l("Training on %(leads)s older closed leads (%(snapshots)s snapshots)"),
    _l("Refitting on every closed lead"),
    _l("Keeping the current model"),
    _l("Judging the candidate by age and stage"),
    _l("Rescoring open leads"),
    _l("Candidate %(version)s rejected: %(reason)s"),
    _l("Model %(version)s promoted; %(count)s open leads rescored."),
    # why a candidate was promoted or rejected (ModelVersion.reason)
    _l("First model: nothing to compare with."),
    _l("ROC AUC %(auc)s on held-out leads is below the current model's %(current)s by more than %(tolerance)s."),
    _l("Calibration error %(ece)s is worse than the current model's %(current)s by more than %(tolerance)s."),
    _l("ROC AUC %(auc)s vs %(current_auc)s, calibration error %(ece)s vs %(current_ece)s on held-out leads."),
    # service.model_notice()
    _l("Scores use BANT points only: %(problem)s An admin can retrain or roll back."),
    _l("Scores use BANT points only: no trained model yet. %(won)s won and %(lost)s lost leads exist; "
       "a model needs at least %(min_won)s won and %(min_lost)s lost."),
    # scoring_model: refusals and why a column was left out
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
