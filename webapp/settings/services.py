"""Read and change settings: stored values override the defaults key by key."""

import copy
from dataclasses import dataclass

from flask import g, has_app_context
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from webapp.extensions import db
from webapp.locking import editing
from webapp.models import LostReason, Setting
from webapp.settings.defaults import DEFAULTS

# The keys each settings page saves together.
MAIN_KEYS = ("bant_points", "class_thresholds", "sla_hours", "escalation_hours", "temperature_days",
             "stale_days", "handoff_requirements", "funnel_names", "routing_rules")
SCORING_KEYS = ("scoring",)
COMPANY_KEYS = ("company", "offers")


@dataclass(frozen=True)
class SettingsPage:
    """The settings one page edits, locked as one record: its version is the sum of its rows'
    versions (a key never saved counts 0), so any save of any of them moves it."""

    keys: tuple[str, ...]
    locking_noun = "settings page"

    def rows(self) -> list[Setting]:
        return [row for key in self.keys if (row := db.session.get(Setting, key)) is not None]

    @property
    def version(self) -> int:
        return sum(row.version for row in self.rows())

    @property
    def updated_by(self):
        rows = sorted(self.rows(), key=lambda row: (row.updated_at, row.version))
        return rows[-1].updated_by if rows else None


def page_version(keys: tuple[str, ...]) -> int:
    return SettingsPage(keys).version


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


def save_settings(values: dict, by_id: int | None = None) -> None:
    """Store several settings in one transaction."""
    _write(values, by_id)
    db.session.commit()
    g.pop("leadflow_settings", None)


def save_page(keys: tuple[str, ...], values: dict, by_id: int | None, version: int | None) -> None:
    """Store a settings page opened on `version`; EditConflict if someone saved it since (also
    when two first saves of a key race: the loser's INSERT meets the winner's row)."""
    if not set(values) <= set(keys):
        raise KeyError(f"This page does not edit {sorted(set(values) - set(keys))}.")
    try:
        with editing(SettingsPage(keys), version, races=(StaleDataError, IntegrityError)):
            _write(values, by_id)
    finally:
        g.pop("leadflow_settings", None)


def _write(values: dict, by_id: int | None) -> None:
    for key, value in values.items():
        if key not in DEFAULTS:
            raise KeyError(f"Unknown setting '{key}'.")
        row = db.session.get(Setting, key)
        if row is None:
            db.session.add(Setting(key=key, value=value, updated_by_id=by_id))
        else:
            row.value = value
            row.updated_by_id = by_id


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
