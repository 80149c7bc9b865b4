"""The drift report covers every field the model reads, heaviest first, and names the fields that moved."""

import re

import numpy as np
import pandas as pd
import pytest

from scoring_model import feature_shares

from webapp.models import OPEN_STAGES, Activity, Lead
from webapp.scoring import dataset, drift, registry


def _drift_section(page: str) -> str:
    return page[page.index('<section id="drift"'):page.index("</section>", page.index('<section id="drift"'))]


def _rows(section: str) -> dict[str, str]:
    """Field -> the row's cells as text, in the page's order."""
    return {m.group(1): re.sub(r"<[^>]+>", " ", m.group(2)).split()
            for m in re.finditer(r'<th scope="row">([^<]+)</th>(.*?)</tr>', section, re.S)}


def _give_open_leads_notes(db, per_lead: int) -> None:
    leads = db.session.query(Lead).filter(Lead.stage.in_(OPEN_STAGES)).all()
    db.session.add_all(Activity(contact_id=lead.contact_id, lead_id=lead.id, kind="note", body="Follow-up.")
                       for lead in leads for _ in range(per_lead))
    db.session.commit()


def test_every_field_the_model_reads_is_listed_by_its_share_of_the_model(history, trained_model, db):
    report = drift.refresh_drift()
    model = registry.model_for(trained_model)
    rows = report["features"]
    training = dataset.training_frame()
    assert [r["feature"] for r in rows] == list(drift.training_shares(model, training, training[dataset.WEIGHT]).index)
    assert sorted(r["feature"] for r in rows) == sorted(model.features)
    shares = [r["share"] for r in rows]
    assert shares == sorted(shares, reverse=True) and shares[0] > shares[-1]
    assert sum(shares) == pytest.approx(1.0, abs=1e-3)
    # The engagement counts are among the fields reported, whatever their weight.
    assert {"calls", "emails", "meetings", "notes", "materials_sent"} <= {r["feature"] for r in rows}


def test_a_field_that_moved_is_named_in_the_warning_and_marked_a_stable_one_is_not(
        client, login_as, history, trained_model, db):
    before = {r["feature"]: r for r in drift.refresh_drift()["features"]}
    assert not before["notes"]["shifted"] and not before["territory"]["shifted"]
    _give_open_leads_notes(db, per_lead=12)

    report = drift.refresh_drift()
    after = {r["feature"]: r for r in report["features"]}
    assert after["notes"]["shifted"] and after["notes"]["psi"] > drift.PSI_WARN
    assert after["territory"] == before["territory"]

    login_as("admin")
    section = _drift_section(client.get("/scoring/").get_data(as_text=True))
    moved = [r["feature"].replace("_", " ") for r in report["features"] if r["shifted"]]
    assert f"Open leads differ from the training data in: {', '.join(moved)}." in section
    warning = section[section.index("Open leads differ"):section.index("</p>", section.index("Open leads differ"))]
    assert "notes" in moved and "territory" not in warning
    rows = _rows(section)
    assert list(rows) == [r["feature"].replace("_", " ").capitalize() for r in report["features"]]
    assert rows["Notes"][-2:] == ["⚠", "shifted"] and rows["Territory"][-1] == "stable"
    assert rows["Notes"][0] == f"{100 * after['notes']['share']:.1f}%"


def test_row_weights_count_each_lead_once_however_many_snapshots_it_has(history, trained_model, db, monkeypatch):
    monkeypatch.setattr(drift, "SHARE_SAMPLE", 10**6)  # every row, so both reports read the same leads
    plain = drift.refresh_drift()
    learned = dataset.training_frame

    def snapshots(*args, **kwargs):
        # Every snapshot once, twice or three times, each copy with 1/k of its weight: every lead still counts once.
        frame = learned(*args, **kwargs)
        copies = np.arange(len(frame)) % 3 + 1
        return frame.loc[frame.index.repeat(copies)].assign(weight=np.repeat(frame["weight"] / copies, copies))

    monkeypatch.setattr(dataset, "training_frame", snapshots)
    weighted = drift.refresh_drift()
    assert weighted["training_leads"] == plain["training_leads"]
    psi = [(r["feature"], r["psi"]) for r in weighted["features"]]
    assert psi == [(r["feature"], r["psi"]) for r in plain["features"]]
    assert np.allclose([r["share"] for r in weighted["features"]], [r["share"] for r in plain["features"]], atol=2e-4)


def test_shares_of_a_large_training_table_come_from_a_sample_that_keeps_its_weights(history, trained_model, db,
                                                                                 monkeypatch):
    seen = []

    def recording(model, data, weights=None):
        seen.append((len(data), np.asarray(weights), data["weight"].to_numpy()))
        return feature_shares(model, data, weights)

    learned = dataset.training_frame
    monkeypatch.setattr(dataset, "training_frame", lambda *a, **kw: learned(*a, **kw).assign(
        weight=lambda f: np.linspace(0.1, 1.0, len(f))))
    monkeypatch.setattr(drift, "feature_shares", recording)
    monkeypatch.setattr(drift, "SHARE_SAMPLE", 150)
    report = drift.refresh_drift()
    [(rows, weights, own)] = seen
    assert rows == 150 and np.array_equal(weights, own)
    assert report["training_leads"] > 150 and len(report["features"]) == len(trained_model.meta["features"])


def test_weights_move_the_training_distribution_psi_compares_with():
    training = pd.DataFrame({"source": ["referral"] * 50 + ["web_form"] * 50})
    current = pd.DataFrame({"source": ["referral"] * 100})
    shares = {"source": 1.0}
    even = drift.drift_report(training, current, shares)[0]
    assert even["shifted"] and even["psi"] > 1
    # Training rows that are nearly all referrals once weighted: open leads look like them.
    leaning = drift.drift_report(training, current, shares, training_weights=[0.99] * 50 + [0.01] * 50)[0]
    assert not leaning["shifted"] and leaning["psi"] < even["psi"] / 10
    assert drift.drift_report(training, current, shares, training_weights=[0.5] * 100) == [even]


def test_numbers_are_binned_by_the_weighted_deciles_of_the_training_leads():
    rng = np.random.default_rng(0)
    calls = pd.Series(rng.poisson(8, 2000).astype(float))
    training, current = pd.DataFrame({"calls": calls}), pd.DataFrame({"calls": calls.sample(500, random_state=1)})
    assert drift.drift_report(training, current, {"calls": 1.0})[0]["psi"] < 0.05
    # Weighting the training leads with few calls up makes today's (unweighted) sample look shifted.
    weights = np.where(calls < 6, 20.0, 1.0)
    assert drift.drift_report(training, current, {"calls": 1.0}, training_weights=weights)[0]["shifted"]


def test_a_field_missing_from_both_tables_is_reported_as_unchanged_and_missing_values_count():
    training = pd.DataFrame({"budget": ["confirmed", None, None, "none"]})
    current = pd.DataFrame({"budget": ["confirmed", "confirmed", "none", "none"]})
    report = {r["feature"]: r for r in drift.drift_report(training, current, {"budget": 0.6, "reaction": 0.4})}
    assert list(report) == ["budget", "reaction"]
    assert report["budget"]["shifted"] and report["reaction"]["psi"] == 0.0


def test_a_report_stored_before_shares_existed_still_shows(client, login_as, trained_model, db):
    trained_model.meta = {**trained_model.meta, "drift": {
        "computed_at": "2026-05-01T06:00:00+00:00", "open_leads": 3, "training_leads": 40, "warn": 0.2,
        "features": [{"feature": "source", "psi": 0.5, "shifted": True},
                     {"feature": "budget", "psi": 0.01, "shifted": False}]}}
    db.session.commit()
    login_as("admin")
    section = _drift_section(client.get("/scoring/").get_data(as_text=True))
    assert "Open leads differ from the training data in: source." in section
    assert _rows(section) == {"Source": ["–", "0.500", "⚠", "shifted"], "Budget": ["–", "0.010", "stable"]}
