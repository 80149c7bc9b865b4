import pytest

from tests.webapp.reports.fixture import build_team


@pytest.fixture
def team(db):
    """The small team and leads whose report figures the tests computed by hand (fixture.py)."""
    return build_team()
