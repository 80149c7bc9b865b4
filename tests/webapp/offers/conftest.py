"""A small team and a qualified lead, shared by the offer tests."""

import pytest

from tests.factories import make_lead, make_user

QUALIFIED = dict(budget="confirmed", authority="decision_maker", need="urgent", timeline="within_3_months")


@pytest.fixture
def team(db):
    return {
        "marketing": make_user("marketing", name="Mara"),
        "sales": make_user("sales", name="Sven"),
        "service": make_user("service", name="Sina"),
        "accounting": make_user("accounting", name="Anton"),
    }


@pytest.fixture
def qualified_lead(team):
    """An A-lead marketing qualified and still owns: the next offer makes it a prospect."""
    return make_lead(title="Warehouse scanners", owner_id=team["marketing"].id, **QUALIFIED)
