"""Shared by the scoring tests: a history of closed leads a model can learn from."""

from datetime import date

import pytest

from webapp.demo import load_demo
from webapp.settings.services import get_settings, save_setting


@pytest.fixture
def history(db):
    """A small business with a few hundred closed leads (the demo generator at a quarter size)."""
    load_demo(seed=7, password="demo-password", today=date(2026, 6, 1), scale=0.2)
    # One candidate and a snapshot a month keep the suite quick; model selection itself is tested in
    # scoring_model, the snapshot moments in test_dataset.py.
    save_setting("scoring", {**get_settings()["scoring"], "candidates": ["logistic"], "snapshot_every_days": 30})
