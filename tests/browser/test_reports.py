"""A team lead opens the reports, filters them by owner and follows a figure to its leads."""

from datetime import datetime, timedelta, timezone

import pytest

from tests.factories import make_activity, make_contact, make_lead, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def team(live_app):
    with live_app.app_context():
        make_user(role="sales", email="lena@test.example", name="Lena Lead", is_team_lead=True)
        mara = make_user(role="marketing", email="mara@test.example", name="Mara Marketing")
        sven = make_user(role="sales", email="sven@test.example", name="Sven Sales")
        now = datetime.now(timezone.utc)
        called = make_lead(make_contact(last_name="Called"), title="Called back", owner_id=mara.id,
                           created_at=now - timedelta(days=3))
        make_activity(called.contact, kind="call", lead_id=called.id, user_id=mara.id,
                      occurred_at=now - timedelta(days=3) + timedelta(hours=5))
        make_lead(make_contact(last_name="Waiting"), title="Nobody called yet", owner_id=mara.id,
                  created_at=now - timedelta(days=2))
        make_lead(make_contact(last_name="Other"), title="Sven's lead", owner_id=sven.id,
                  created_at=now - timedelta(days=1))
        return mara.id


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_team_lead_filters_by_owner_and_follows_a_figure(live_app, browser, sign_in, team, output_dir, javascript):
    base = live_app.config["LIVE_URL"]
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, base, "lena@test.example")
    page.get_by_role("link", name="Reports").click()
    page.get_by_role("heading", name="Time to first callback", exact=True).wait_for()
    page.select_option("select[name=owner]", str(team))
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**owner=*")
    assert page.locator('[data-figure="median"]').inner_text() == "5.0 h"
    waiting = page.locator('[data-figure="waiting"]')
    assert waiting.inner_text() == "1"
    page.screenshot(path=str(output_dir / "reports.png"), full_page=True)
    waiting.click()
    page.get_by_text("Narrowed to the leads behind a report figure.").wait_for()
    results = page.locator("#lead-results").inner_text()
    assert "Nobody called yet" in results
    assert "Called back" not in results and "Sven's lead" not in results
    context.close()
