"""Fixtures for the scoring library: small synthetic lead tables and models trained once."""

from pathlib import Path

import pytest

from scoring_model import TrainConfig, train
from scoring_model.synthetic import make_leads

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


@pytest.fixture(scope="session")
def leads():
    return make_leads(800, seed=3)


@pytest.fixture(scope="session")
def new_leads():
    return make_leads(200, seed=4).drop(columns="won")


@pytest.fixture(scope="session")
def linear_model(leads):
    return train(leads, "won", config=TrainConfig(candidates=("logistic",)))


@pytest.fixture(scope="session")
def boosting_model(leads):
    return train(leads, "won", config=TrainConfig(candidates=("boosting",), cv_folds=2))


@pytest.fixture(scope="session", params=["linear", "boosting"])
def any_model(request, linear_model, boosting_model):
    return linear_model if request.param == "linear" else boosting_model
