import numpy as np

from scoring_model import expected_calibration_error, score_report


def test_tied_scores_share_a_bin_so_a_constant_prior_is_calibrated():
    y = np.r_[np.ones(63), np.zeros(37)]
    assert expected_calibration_error(y, np.full(100, 0.63)) < 1e-9


def test_ece_sees_miscalibration():
    rng = np.random.default_rng(0)
    p = rng.uniform(0, 1, 5000)
    y = rng.uniform(0, 1, 5000) < p
    assert expected_calibration_error(y, p) < 0.03
    assert expected_calibration_error(y, np.clip(p + 0.2, 0, 1)) > 0.15


def test_report_has_every_metric():
    report = score_report([0, 1, 1, 0], [0.2, 0.8, 0.6, 0.4])
    assert report["roc_auc"] == 1.0
    assert set(report) == {"roc_auc", "average_precision", "brier", "log_loss", "ece"}
