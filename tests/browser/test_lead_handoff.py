"""Marketing qualifies a lead to class A and hands it to sales; the sales rep finds it in My queue."""

import re

import pytest

from tests.factories import make_contact, make_lead, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def lead_id(live_app):
    with live_app.app_context():
        marketing = make_user(role="marketing", email="mara@test.example", name="Mara Marketing")
        make_user(role="sales", email="sven@test.example", name="Sven Sales")
        make_user(role="sales", email="gone@test.example", name="Gone Sales", is_active_user=False)
        contact = make_contact(first_name="Olga", last_name="Orth")
        return make_lead(contact, title="Warehouse scanners", owner_id=marketing.id).id


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_qualify_to_a_hand_to_sales_and_find_it_in_the_queue(live_app, browser, sign_in, lead_id, output_dir, javascript):
    base = live_app.config["LIVE_URL"]
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, base, "mara@test.example")
    page.goto(f"{base}/leads/{lead_id}")
    page.select_option("#budget", "confirmed")
    page.select_option("#authority", "decision_maker")
    page.get_by_role("button", name="Save lead").click()
    page.get_by_text("Lead saved.").wait_for()
    assert page.locator(".badge").first.inner_text() == "B"
    page.select_option("#need", "urgent")
    page.select_option("#timeline", "within_3_months")
    page.get_by_role("button", name="Save lead").click()
    page.get_by_text("Class A: a sales opportunity.").wait_for()
    assert page.locator(".badge").first.inner_text() == "A"
    page.get_by_role("button", name="Hand to sales").click()
    page.get_by_text("Handed to Sven Sales in sales.").wait_for()
    page.screenshot(path=str(output_dir / "handed-to-sales.png"), full_page=True)
    context.close()

    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, base, "sven@test.example")
    page.get_by_role("link", name="My queue").click()
    item = page.locator(f"#queue-lead-{lead_id}")
    assert "Warehouse scanners" in item.inner_text()
    assert re.search(r"due in \d+ h", item.inner_text())
    assert "due " in item.locator(".due-at").inner_text()
    page.screenshot(path=str(output_dir / "sales-queue.png"), full_page=True)
    context.close()
