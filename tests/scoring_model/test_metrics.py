import numpy as np
import pytest

from scoring_model import calibration_noise, expected_calibration_error, score_report


def test_tied_scores_share_a_bin_so_a_constant_prior_is_calibrated():
    y = np.r_[np.ones(63), np.zeros(37)]
    assert expected_calibration_error(y, np.full(100, 0.63)) < 1e-9


def test_ece_sees_miscalibration():
    rng = np.random.default_rng(0)
    p = rng.uniform(0, 1, 5000)
    y = rng.uniform(0, 1, 5000) < p
    assert expected_calibration_error(y, p) < 0.03
    assert expected_calibration_error(y, np.clip(p + 0.2, 0, 1)) > 0.15


def test_the_ece_calibrated_probabilities_show_by_chance_is_what_their_outcomes_give_on_average():
    rng = np.random.default_rng(3)
    for leads, expected in ((400, 0.05), (4000, 0.016)):  # ten times the leads, a third of the noise
        p = rng.uniform(0.02, 0.98, leads)
        simulated = np.mean([expected_calibration_error(rng.uniform(size=leads) < p, p) for _ in range(120)])
        assert calibration_noise(p) == pytest.approx(simulated, rel=0.1)
        assert calibration_noise(p) == pytest.approx(expected, rel=0.15)
    assert calibration_noise(np.full(100, 0.3)) == pytest.approx(np.sqrt(2 / np.pi * 0.21 / 100))  # one bin


def test_report_has_every_metric():
    report = score_report([0, 1, 1, 0], [0.2, 0.8, 0.6, 0.4])
    assert report["roc_auc"] == 1.0
    assert set(report) == {"roc_auc", "average_precision", "brier", "log_loss", "ece"}
