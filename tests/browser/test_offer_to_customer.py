"""A sales rep builds an offer with two lines, sends it and marks it accepted: the lead becomes a
customer with customer service, and the offer's PDF shows the totals."""

import io

import pytest
from pypdf import PdfReader

from tests.factories import make_contact, make_lead, make_product, make_user

pytestmark = pytest.mark.browser
QUALIFIED = dict(budget="confirmed", authority="decision_maker", need="urgent", timeline="within_3_months")


@pytest.fixture
def lead_id(live_app):
    with live_app.app_context():
        sven = make_user(role="sales", email="sven@test.example", name="Sven Sales")
        make_user(role="service", email="sina@test.example", name="Sina Service")
        make_product("Consulting day", unit_price="1150.00", unit="day")
        contact = make_contact(first_name="Olga", last_name="Orth")
        return make_lead(contact, title="Cold room", owner_id=sven.id, **QUALIFIED).id


def _add_line(page, lines, *, product=None, description="", quantity="1", price="", tax=""):
    form = page.locator("form.add-line")
    if product:
        form.locator("#product_id").select_option(label=product)
    form.locator("#description").fill(description)
    form.locator("#quantity").fill(quantity)
    form.locator("#unit_price").fill(price)
    form.locator("#tax_rate").fill(tax)
    form.get_by_role("button", name="Add line").click()
    page.locator(".offer-lines tbody tr[id^=offer-line-]").nth(lines - 1).wait_for()  # the new line is shown


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_build_send_and_accept_an_offer(live_app, browser, sign_in, lead_id, output_dir, javascript):
    base = live_app.config["LIVE_URL"]
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, base, "sven@test.example")
    page.goto(f"{base}/leads/{lead_id}")
    page.get_by_role("link", name="New offer").click()
    page.get_by_role("button", name="Create draft").click()
    page.get_by_text("created as a draft").wait_for()
    if javascript:
        page.wait_for_function("window.htmx !== undefined")

    _add_line(page, 1, product="Consulting day · €1,150.00 / day", quantity="2")
    _add_line(page, 2, description="Installation on site", quantity="1", price="490.00", tax="19")
    lines = page.locator(".offer-lines tbody tr[id^=offer-line-]")
    assert "Consulting day" in lines.nth(0).inner_text() and "€2,300.00" in lines.nth(0).inner_text()
    assert "Installation on site" in lines.nth(1).inner_text()
    offer_id = page.url.rsplit("/", 1)[1]
    assert page.locator(f"#offer-{offer_id}-gross").inner_text() == "€3,320.10"
    page.screenshot(path=str(output_dir / "draft-with-two-lines.png"), full_page=True)

    page.get_by_role("button", name="Send offer").click()
    page.get_by_text("sent; the history has it").wait_for()
    assert page.locator("#offer-status").inner_text() == "Sent"
    page.get_by_role("button", name="Mark accepted").click()
    page.get_by_text("the lead is a customer now").wait_for()
    assert page.locator("#offer-status").inner_text() == "Accepted"

    page.get_by_role("link", name="Cold room").first.click()
    facts = page.locator(f"#lead-{lead_id}-score")
    assert "Customer" in facts.inner_text()
    assert "Sina Service (service)" in page.locator("dl.facts").inner_text()
    history = page.locator(".timeline").inner_text()
    assert "Prospect → Customer" in history and "sent" in history
    page.screenshot(path=str(output_dir / "lead-now-customer.png"), full_page=True)

    pdf = page.request.get(f"{base}/offers/{offer_id}/pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.body())).pages[0].extract_text()
    assert "Net total" in text and "€2,790.00" in text and "€530.10" in text and "€3,320.10" in text
    context.close()
