"""A lead just taken in gets the close probability that closed leads with the same answers reached.

This is the sanity check that needs no model: a fresh, well-qualified lead must not sink to the
bottom of the queue because it has had no e-mails yet, and a hopeless one must not float up. It
runs on the full demo business (the win rate of a handful of leads would be noise).
"""

from datetime import date

import pytest
from sqlalchemy import select

from webapp.api.auth import create_token
from webapp.demo import load_demo
from webapp.jobs import create_job, run_job
from webapp.models import WON_STAGES, Lead
from webapp.scoring import training
from webapp.settings.services import get_settings, save_setting
from tests.factories import make_user

BEST = {"budget": "confirmed", "need": "urgent", "timeline": "within_3_months"}
WORST = {"budget": "none", "need": "none", "timeline": "later"}


def _win_rate(db, answers: dict) -> tuple[float, int]:
    stages = list(db.session.scalars(select(Lead.stage).where(
        Lead.closed_at.is_not(None), *(getattr(Lead, field) == value for field, value in answers.items()))))
    return sum(stage in WON_STAGES for stage in stages) / len(stages), len(stages)


def test_a_new_lead_scores_near_the_win_rate_of_closed_leads_with_its_answers(client, db):
    load_demo(seed=42, password="demo-password", today=date(2026, 11, 1))
    save_setting("scoring", {**get_settings()["scoring"], "candidates": ["logistic"]})  # one family keeps it quick
    assert run_job(create_job("retrain").id, training.retrain).status == "done"
    token = create_token(make_user("sales"), "test")
    for answers, grade in ((BEST, "A"), (WORST, "C")):
        rate, closed = _win_rate(db, answers)
        assert closed >= 20, "the demo should hold closed leads with these answers"
        response = client.post("/api/v1/score", json=answers, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.json
        assert response.json["probability"] == pytest.approx(rate, abs=0.10), (answers, rate, closed)
        assert response.json["class"] == grade
