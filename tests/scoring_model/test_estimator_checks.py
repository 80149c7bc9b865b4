"""Custom estimators keep scikit-learn's contract (clone, get_params, fitted state, ...)."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from scoring_model import FrameCleaner, FrequencyNaiveBayes, SelectingCalibratedClassifier


@parametrize_with_checks([FrameCleaner(), FrequencyNaiveBayes(), SelectingCalibratedClassifier(cv=2)])
def test_sklearn_contract(estimator, check):
    check(estimator)
