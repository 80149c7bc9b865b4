"""A sales rep's queue is ordered by close probability, and a lead shows why it scored so."""

import re
from datetime import date

import pytest

from webapp.demo import load_demo
from webapp.jobs import create_job, run_job
from webapp.scoring import training
from webapp.settings.services import get_settings, save_setting

pytestmark = pytest.mark.browser
PASSWORD = "demo-password"


@pytest.fixture
def scored(live_app):
    with live_app.app_context():
        load_demo(seed=11, password=PASSWORD, today=date.today(), scale=0.2)
        save_setting("scoring", {**get_settings()["scoring"], "candidates": ["logistic"]})
        job = run_job(create_job("retrain").id, training.retrain)
        assert job.status == "done", job.message


def test_queue_is_ordered_by_probability_and_the_lead_explains_its_score(live_app, browser, sign_in, scored, output_dir):
    base = live_app.config["LIVE_URL"]
    page = browser.new_page()
    sign_in(page, base, "sales@example.com", PASSWORD)
    page.get_by_role("link", name="My queue").click()
    rows = page.locator(".queue li")
    assert rows.count() > 3
    overdue = [("is-overdue" in (rows.nth(i).get_attribute("class") or "")) for i in range(rows.count())]
    probabilities = [int(re.sub(r"\D", "", rows.nth(i).locator(".prob").inner_text()))
                     for i in range(rows.count())]
    regular = [p for p, late in zip(probabilities, overdue) if not late]
    assert regular == sorted(regular, reverse=True)  # after the overdue ones, highest first
    page.screenshot(path=str(output_dir / "queue.png"), full_page=True)

    rows.first.locator("a").first.click()
    why = page.locator("section", has=page.get_by_role("heading", name="Why this score"))
    assert "blended with" in why.inner_text()
    assert why.locator("li.pro, li.con").count() >= 1
    page.screenshot(path=str(output_dir / "why.png"), full_page=True)
    page.close()
