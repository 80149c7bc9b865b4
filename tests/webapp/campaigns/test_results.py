"""A campaign's results on a small fixture worked out by hand."""

from datetime import date
from decimal import Decimal

import pytest

from webapp.campaigns.results import results_for
from webapp.campaigns.services import campaign_results
from webapp.extensions import db
from webapp.models import Campaign, CampaignMember
from tests.factories import make_contact, make_lead, make_offer, make_user


def _campaign(name: str, cost: str | None, **kw) -> Campaign:
    campaign = Campaign(name=name, channel="mailing", actual_cost=Decimal(cost) if cost else None, **kw)
    db.session.add(campaign)
    db.session.commit()
    return campaign


@pytest.fixture
def spring(db):
    """10 members (4 targeted, 3 contacted, 2 responded, 1 lead); 6 leads: an MQL, a SAL, an SQL,
    two won (offers accepted at 2,300 and 1,700 net; a rejected one of 1,150 does not count), one lost.
    Cost 1,000."""
    campaign = _campaign("Spring mailing", "1000.00", budget=Decimal("1200"), starts_on=date(2026, 3, 1))
    for status in ["targeted"] * 4 + ["contacted"] * 3 + ["responded"] * 2 + ["lead"]:
        db.session.add(CampaignMember(campaign=campaign, contact=make_contact(), status=status))
    db.session.commit()
    marketing, sales = make_user("marketing"), make_user("sales")
    lead = dict(campaign_id=campaign.id)
    make_lead(stage="lead", owner_id=marketing.id, abc_class="A", **lead)
    make_lead(stage="lead", owner_id=sales.id, abc_class="B", **lead)
    make_lead(stage="prospect", owner_id=sales.id, **lead)
    make_offer(make_lead(stage="customer", **lead), status="accepted")  # 2 × 1,150 = 2,300
    debtor = make_lead(stage="debtor", **lead)
    make_offer(debtor, status="accepted", lines=(("Licence", "1", "1700.00", "19"),))
    make_offer(debtor, status="rejected", lines=(("Licence", "1", "1150.00", "19"),))
    make_lead(stage="lost", **lead)
    make_lead(stage="customer")  # no campaign: counts nowhere
    return campaign


def test_members_leads_funnel_and_money_of_a_campaign(spring):
    r = results_for(spring.id)
    assert (r.members, r.contacted, r.responded) == (10, 6, 3)
    assert (r.leads, r.mql, r.sal, r.sql, r.won) == (6, 1, 1, 1, 2)
    assert r.revenue == Decimal("4000.00")
    assert r.cost == Decimal("1000.00")
    assert r.cost_per_lead == Decimal("166.67")  # 1,000 / 6
    assert r.cost_per_won == Decimal("500.00")
    assert r.return_on_spend == Decimal("4.00")
    assert r.win_rate == pytest.approx(2 / 3)  # 2 won of 3 decided
    assert r.conversions() == [("members", "contacted", 0.6), ("contacted", "responded", 0.5),
                               ("members", "leads", 0.6), ("leads", "reached_sql", 0.5),
                               ("reached_sql", "won", pytest.approx(2 / 3))]


def test_figures_without_a_divisor_are_undefined(db):
    no_cost = _campaign("No cost entered", None)
    make_lead(campaign_id=no_cost.id)
    nothing_yet = _campaign("Spent, nothing back", "500.00")
    r = results_for(no_cost.id)
    assert (r.leads, r.cost_per_lead, r.cost_per_won, r.return_on_spend) == (1, None, None, None)
    r = results_for(nothing_yet.id)
    assert (r.members, r.leads, r.won, r.revenue) == (0, 0, 0, Decimal("0.00"))
    assert (r.cost_per_lead, r.cost_per_won, r.return_on_spend) == (None, None, Decimal("0.00"))
    assert [rate for *_, rate in r.conversions()] == [None] * 5


def test_the_list_sorts_by_results_with_undefined_figures_last(spring):
    cheap = _campaign("Cheap", "100.00", starts_on=date(2026, 1, 1))
    make_lead(campaign_id=cheap.id)  # 100 per lead
    _campaign("Without leads", "50.00")
    names = lambda sort, direction: [r.campaign.name for r in campaign_results(sort, direction, 1, 10)]  # noqa: E731
    assert names("cost_per_lead", "asc") == ["Cheap", "Spring mailing", "Without leads"]
    assert names("cost_per_lead", "desc") == ["Spring mailing", "Cheap", "Without leads"]
    assert names("leads", "desc")[0] == "Spring mailing"
    assert names("revenue", "desc")[0] == "Spring mailing"
    page = campaign_results("name", "asc", 2, 2)
    assert (page.total, [r.campaign.name for r in page.items]) == (3, ["Without leads"])
