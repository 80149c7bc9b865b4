"""Read and change settings: stored values override the defaults key by key."""

import copy

from flask import g, has_app_context
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import LostReason, Setting
from webapp.settings.defaults import DEFAULTS


def get_settings() -> dict:
    """Defaults merged with what an admin stored; cached for the current request."""
    if has_app_context() and "leadflow_settings" in g:
        return g.leadflow_settings
    merged = copy.deepcopy(DEFAULTS)
    for row in db.session.scalars(select(Setting)):
        if isinstance(merged.get(row.key), dict) and isinstance(row.value, dict):
            merged[row.key] = _deep_merge(merged[row.key], row.value)
        else:
            merged[row.key] = row.value
    if has_app_context():
        g.leadflow_settings = merged
    return merged


def save_setting(key: str, value) -> None:
    save_settings({key: value})


def _deep_merge(base: dict, override: dict) -> dict:
    result = dict(base)
    for key, value in override.items():
        if isinstance(result.get(key), dict) and isinstance(value, dict):
            result[key] = _deep_merge(result[key], value)
        else:
            result[key] = value
    return result


def save_settings(values: dict) -> None:
    """Store several settings in one transaction."""
    for key, value in values.items():
        if key not in DEFAULTS:
            raise KeyError(f"Unknown setting '{key}'.")
        row = db.session.get(Setting, key)
        if row is None:
            db.session.add(Setting(key=key, value=value))
        else:
            row.value = value
    db.session.commit()
    g.pop("leadflow_settings", None)


def add_lost_reason(label: str) -> bool:
    """False when the reason exists already (it is then made active again)."""
    existing = db.session.scalar(select(LostReason).where(LostReason.label == label))
    if existing is not None:
        existing.active = True
        db.session.commit()
        return False
    db.session.add(LostReason(label=label, active=True))
    db.session.commit()
    return True


def set_lost_reason_active(reason, active: bool) -> None:
    reason.active = active
    db.session.commit()
