"""Saving a settings page and what follows from it: open leads rescored when scores depend on
the change, the retraining rescheduled when its schedule changed.

Kept apart from the settings storage (services.py), which every domain reads, so that storage
imports no domain: rescoring and the scheduler sit above it, not beside it.
"""

from flask import current_app
from flask_babel import format_datetime
from flask_babel import gettext as _

from webapp.scheduler import reschedule
from webapp.settings.rescoring import POINTS_CHANGED, THRESHOLDS_CHANGED, rescore_open_leads
from webapp.settings.services import MAIN_KEYS, SCORING_KEYS, get_settings, save_page

# Scores depend on these; a change rescores every open lead in the background.
SCORE_KEYS = ("bant_points", "class_thresholds")
# Only a retraining reads these.
TRAINING_KEYS = ("min_won", "min_lost", "auc_tolerance", "ece_tolerance", "holdout_share", "excluded_fields",
                 "candidates", "snapshot_every_days")


def save_main_settings(values: dict, user_id: int | None, version: int | None) -> str:
    """Save the main settings page opened on `version` (EditConflict if someone saved it since);
    rescore open leads when points or classes changed. Returns what happens next."""
    before = get_settings()
    changed = [key for key in SCORE_KEYS if values.get(key, before[key]) != before[key]]
    save_page(MAIN_KEYS, values, user_id, version)
    if not changed:
        return _("Settings saved.")
    rescore_open_leads(user_id, POINTS_CHANGED)
    return _("Settings saved. Open leads are being rescored in the background with the new points and classes.")


def save_scoring_settings(scoring: dict, user_id: int | None, version: int | None) -> str:
    """Save the scoring block opened on `version` (EditConflict if someone saved it since); rescore
    open leads when the probability thresholds changed and reschedule the retraining when its
    schedule changed. Returns what happens next."""
    before = get_settings()["scoring"]
    save_page(SCORING_KEYS, {"scoring": scoring}, user_id, version)
    said = [_("Scoring settings saved.")]
    if scoring["probability_thresholds"] != before["probability_thresholds"]:
        rescore_open_leads(user_id, THRESHOLDS_CHANGED)
        said.append(_("Open leads are being rescored in the background, so their class follows the new thresholds."))
    if scoring["retrain_cron"] != before["retrain_cron"]:
        next_run = reschedule(current_app._get_current_object(), "retrain")
        said.append(_("Next retraining: %(when)s UTC.", when=format_datetime(next_run, "dd MMM yyyy, HH:mm",
                                                                               rebase=False))
                    if next_run else
                    _("The new schedule applies once the scheduler process (flask scheduler run) is restarted."))
    if any(scoring[key] != before[key] for key in TRAINING_KEYS):
        said.append(_("Changes to training take effect at the next retraining; the model page can retrain now."))
    if len(said) == 1:
        said = [_("Nothing changed.")]
    return " ".join(said)
