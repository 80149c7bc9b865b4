"""A rep signs in, finds a contact as they type, opens it and logs a note on the timeline."""

import pytest

from webapp.extensions import db
from tests.factories import make_contact, make_organization, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded(live_app):
    with live_app.app_context():
        make_user(role="sales", email="sam@test.example", name="Sam Seller")
        org = make_organization(name="Hanse Kontor GmbH")
        for i in range(30):
            make_contact(first_name="Filler", last_name=f"Person{i:02d}")
        contact = make_contact(first_name="Greta", last_name="Sommer", organization_id=org.id,
                               email="greta@hanse.example")
        db.session.commit()
        return contact.id


def test_search_open_and_log_a_note_with_javascript(live_app, browser, sign_in, seeded, output_dir):
    base = live_app.config["LIVE_URL"]
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, base, "sam@test.example")
    page.goto(base + "/contacts/")
    page.wait_for_function("window.htmx !== undefined")
    page.locator("#q").press_sequentially("somm", delay=40)  # as a person types; no submit
    results = page.locator("#contact-results")
    results.get_by_text("Sommer, Greta").wait_for()
    assert results.get_by_text("Person00").count() == 0
    assert "q=somm" in page.url  # the search is in the address bar, so back/forward work

    results.get_by_role("link", name="Sommer, Greta").click()
    page.wait_for_url(f"{base}/contacts/{seeded}")
    page.select_option("#kind", "call")
    page.fill("#subject", "First call")
    page.fill("#body", "Interested in <b>the</b> premium plan")
    page.get_by_role("button", name="Log").click()
    entry = page.locator(".timeline li").first
    entry.get_by_text("Interested in <b>the</b> premium plan").wait_for()
    assert "Sam Seller" in entry.inner_text()
    assert page.locator("#body").input_value() == ""  # a fresh form for the next entry
    page.screenshot(path=str(output_dir / "contact-timeline.png"), full_page=True)
    context.close()


def test_the_same_flow_works_without_javascript(live_app, browser, sign_in, seeded, output_dir):
    base = live_app.config["LIVE_URL"]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base, "sam@test.example")
    page.goto(base + "/contacts/")
    page.fill("#q", "hanse")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Sommer, Greta").click()
    page.fill("#body", "Left a voicemail")
    page.get_by_role("button", name="Log").click()
    page.locator(".flash").get_by_text("Logged.").wait_for()
    assert "Left a voicemail" in page.locator(".timeline li").first.inner_text()
    page.screenshot(path=str(output_dir / "contact-timeline-nojs.png"), full_page=True)
    context.close()


def test_phone_screen_shows_the_contact_list_as_cards(live_app, browser, sign_in, seeded, output_dir):
    base = live_app.config["LIVE_URL"]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, base, "sam@test.example")
    page.goto(base + "/contacts/?q=sommer")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing forces sideways scrolling
    assert page.locator("table.list thead").is_hidden()
    page.screenshot(path=str(output_dir / "contacts-phone.png"), full_page=True)
    context.close()
