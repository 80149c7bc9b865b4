"""Session and attribute listeners registered once per process, and columns whose old value an
after_flush hook needs to see.

SQLAlchemy's attribute history knows what a column replaced only if the old value was loaded when
it was set; a column set while unloaded (e.g. after a commit expired it) loads it first when the
column is watched (active_history). Hooks that derive data from what changed in a flush (window
breaches, daily activity counts, the field history, live scores) watch their columns with
keep_old_values() and register with listen_once(), so an app created twice in one process (tests)
never runs a hook twice.
"""

from sqlalchemy import event


def listen_once(target, identifier: str, fn, **kwargs) -> None:
    """event.listen, unless fn already listens there."""
    if not event.contains(target, identifier, fn):
        event.listen(target, identifier, fn, **kwargs)


def _keep_old_value(target, value, oldvalue, initiator):
    return value


def keep_old_values(model, names) -> None:
    """Load the value each of these columns replaces, so the flush's history holds it."""
    for name in names:
        listen_once(getattr(model, name), "set", _keep_old_value, active_history=True)
