"""Training on snapshots: a lead's snapshots stay together, figures by age reach the page and the CLI."""

import json
import re

from sqlalchemy import select, update

from webapp.models import OPEN_STAGES, Lead
from webapp.scoring import dataset
from webapp.scoring.training import _split


def test_the_newest_leads_are_held_out_whole(history):
    frame = dataset.training_frame()
    learn, judge = _split(frame, 0.2)
    learned, judged = set(learn[dataset.GROUP]), set(judge[dataset.GROUP])
    assert learned and judged and not learned & judged
    assert len(learn) + len(judge) == len(frame)
    assert learn[dataset.DECIDED_AT].max() <= judge[dataset.DECIDED_AT].min()
    assert len(judged) == round(0.2 * frame[dataset.GROUP].nunique())


def test_the_model_page_shows_the_model_by_age_with_a_reliability_plot_per_age(client, login_as, trained_model):
    by_age = trained_model.metrics["by_age"]
    assert set(by_age["ages"]) == {"1", "7", "30", "90"} and set(by_age["stages"]) <= {"lead", "prospect"}
    login_as("admin")
    page = client.get("/scoring/").get_data(as_text=True)
    section = page[page.index('id="by-age"'):]
    for age in ("1", "7", "30"):
        assert f"Day {age}</td>" in section
    chance = by_age["ages"]["1"]["blended"]["ece_by_chance"]
    assert f"by chance {chance:.3f}" in section  # how much of the calibration error so few leads give anyway
    assert "Stage lead</td>" in section
    shown = sorted(by_age["reliability"], key=int)
    assert f"Reliability on day {shown[0]}" in section
    other = client.get(f"/scoring/?age={shown[-1]}").get_data(as_text=True)
    assert f"Reliability on day {shown[-1]}" in other
    assert f'aria-current="page">Day {shown[-1]}</a>' in other  # the tab shown is marked, and only it
    assert other.count('aria-current="page">Day') == 1
    assert client.get("/scoring/?age=nonsense").status_code == 200


def test_flask_scoring_rescore_rescores_every_open_lead_and_says_how_long_it_took(app, db, history, trained_model):
    db.session.execute(update(Lead).where(Lead.stage.in_(OPEN_STAGES)).values(probability=None, model_version=None))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["scoring", "rescore"])
    assert result.exit_code == 0, result.output
    open_leads = db.session.scalar(select(db.func.count()).select_from(Lead).where(Lead.stage.in_(OPEN_STAGES)))
    assert re.fullmatch(rf"Rescored {open_leads} open leads in \d+\.\d s\.\n", result.output)
    db.session.expire_all()
    unscored = db.session.scalar(select(db.func.count()).select_from(Lead).where(
        Lead.stage.in_(OPEN_STAGES), Lead.probability.is_(None)))
    assert unscored == 0


def test_flask_scoring_evaluate_reports_every_age_beside_bant_and_the_prior(app, history):
    result = app.test_cli_runner().invoke(args=["scoring", "evaluate", "--folds", "2", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report["ages"]) == {"1", "7", "30", "90"}
    day_one = report["ages"]["1"]
    assert {"blended", "model_only", "bant_only", "prior"} <= set(day_one)
    assert 0 < day_one["leads"] <= report["judged_leads"] < report["closed_leads"]
    from webapp.scoring import cli

    text = "\n".join(cli.report_lines(report))  # the table the command prints without --json
    assert re.search(r"^1 +\d+ ", text, re.M) and "won by class" in text
    assert f"ECE by chance {day_one['blended']['ece_by_chance']:.3f}" in text
