"""Field history: who changed which tracked field when, from what to what.

Models declare what is tracked (`tracked_as`, `tracked_fields`); one session hook records every
change whatever the path (`recorder`); `queries` answers "history of X" and "F of X as of T".
"""

from webapp.field_history.queries import changes_for, value_as_of, values_as_of
from webapp.field_history.recorder import init_app, tracked_models

__all__ = ["changes_for", "init_app", "tracked_models", "value_as_of", "values_as_of"]
