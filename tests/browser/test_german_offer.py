"""A German sales rep signs in, logs a call on a lead, writes an offer with a decimal comma, sends
it and downloads its PDF: every step in German, the PDF in the German contact's language."""

import io
import re

import pytest
from pypdf import PdfReader

from tests.factories import PASSWORD, make_contact, make_lead, make_user

pytestmark = pytest.mark.browser
QUALIFIED = dict(budget="confirmed", authority="decision_maker", need="urgent", timeline="within_3_months")
# English a German user must not meet on the way (whole words, from the pages this test opens).
ENGLISH = re.compile(r"\b(My queue|Sign in|Sign out|New offer|Create draft|Add line|Send offer|Offers|Contacts|"
                     r"Description|Quantity|Unit price|Net total|Save|Log)\b")


@pytest.fixture
def lead_id(live_app):
    with live_app.app_context():
        jana = make_user(role="sales", email="jana@test.example", name="Jana Jäger")
        contact = make_contact(first_name="Jörg", last_name="Weiß", language="de")
        return make_lead(contact, title="Kühlraum für die Bäckerei", owner_id=jana.id, **QUALIFIED).id


def _german(page) -> str:
    text = page.locator("body").inner_text()
    assert not ENGLISH.search(text), ENGLISH.search(text).group(0)
    return text


def test_a_german_rep_works_a_lead_and_sends_a_german_offer(live_app, browser, lead_id, output_dir):
    base = live_app.config["LIVE_URL"]
    context = browser.new_context(locale="de-DE")  # the browser asks for German, as a German Chromium does
    page = context.new_page()
    page.goto(base + "/login")
    assert page.locator("html").get_attribute("lang") == "de"
    page.get_by_label("E-Mail").fill("jana@test.example")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(base + "/")
    assert "Mein Arbeitsvorrat" in _german(page)

    page.goto(f"{base}/leads/{lead_id}")
    page.locator("#log-kind").select_option(label="Anruf")
    page.locator("#log-subject").fill("Rückruf wegen Kühlraum")
    page.locator("#log-body").fill("Möchte ein Angebot über 2 Beratungstage.")
    page.get_by_role("button", name="Erfassen", exact=True).click()
    page.get_by_text("Rückruf wegen Kühlraum").first.wait_for()
    _german(page)

    page.get_by_role("link", name="Neues Angebot").click()
    page.get_by_role("button", name="Entwurf anlegen").click()
    page.get_by_text("als Entwurf angelegt").wait_for()
    form = page.locator("form.add-line")
    form.locator("#description").fill("Beratungstag vor Ort ✓")
    form.locator("#quantity").fill("2")
    form.locator("#unit_price").fill("1.150,50")  # German notation: thousands dot, decimal comma
    form.locator("#tax_rate").fill("19")
    form.get_by_role("button", name="Position hinzufügen").click()
    line = page.locator(".offer-lines tbody tr[id^=offer-line-]").first
    line.wait_for()
    assert "2.301,00 €" in line.inner_text().replace("\xa0", " ") and "\tStk.\t" in line.inner_text()
    offer_id = page.url.rsplit("/", 1)[1]
    assert page.locator(f"#offer-{offer_id}-gross").inner_text().replace("\xa0", " ") == "2.738,19 €"
    page.get_by_role("button", name="Angebot versenden").click()
    page.get_by_text("versandt; es steht in der Historie").wait_for()
    _german(page)
    page.screenshot(path=str(output_dir / "german-offer-sent.png"), full_page=True)

    response = page.request.get(f"{base}/offers/{offer_id}/pdf")  # with the rep's session, as the PDF link does
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.body())).pages[0].extract_text().replace("\xa0", " ")
    for expected in ("Angebot", "Jörg Weiß", "Kühlraum für die Bäckerei", "Beratungstag vor Ort ✓",
                     "Nettosumme", "2.301,00 €", "USt. 19 %", "2.738,19 €"):
        assert expected in pdf, expected
    assert "Net total" not in pdf and "?" not in pdf
    context.close()
