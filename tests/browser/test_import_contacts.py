"""Marketing imports a German Excel export (semicolons, Windows-1252, umlauts): the columns are
guessed from the German headers, the dry run's progress updates itself, the contacts arrive with
their umlauts intact, and a revert takes them away again."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.factories import make_user
from webapp.jobs import acquire_lock, release_lock

pytestmark = pytest.mark.browser

HEADERS = ("Vorname", "Nachname", "E-Mail", "Telefon", "Firma", "Straße", "PLZ", "Ort")
FIELDS = ("first_name", "last_name", "email", "phone", "organization", "street", "postal_code", "city")
ROWS = (("Jürgen", "Müller", "juergen.mueller@example.de", "0221 123456", "Müller & Söhne GmbH",
         "Hauptstraße 5", "50667", "Köln"),
        ("Änne", "Schäfer", "aenne@example.de", "", "Grüne Wiese KG", "Blumenstraße 12", "50667", "Köln"),
        ("Björn", "Groß", "bjoern@example.de", "+49 30 987654", "", "Weißer Weg 1", "10115", "Berlin"))
CSV = ("\r\n".join(";".join(row) for row in (HEADERS, *ROWS)) + "\r\n").encode("cp1252")


@pytest.fixture
def importing_app(live_app, tmp_path):
    """The live app running imports as background jobs, as in production, with its uploads in tmp."""
    live_app.config["JOBS_IN_BACKGROUND"] = True
    live_app.instance_path = str(tmp_path)
    with live_app.app_context():
        make_user(role="marketing", email="mara@test.example", name="Mara Marketing")
    return live_app


def test_import_a_windows_csv_with_umlauts_check_it_import_it_and_revert_it(importing_app, browser, sign_in,
                                                                           output_dir):
    base = importing_app.config["LIVE_URL"]
    page = browser.new_context().new_page()
    sign_in(page, base, "mara@test.example")
    page.goto(base + "/imports/")
    page.set_input_files("#file", files=[{"name": "kontakte.csv", "mimeType": "text/csv", "buffer": CSV}])
    page.select_option("#kind", "contacts")
    page.get_by_role("button", name="Upload and map columns").click()

    page.wait_for_url(f"{base}/imports/*/mapping")
    for position, field in enumerate(FIELDS):
        expect(page.locator(f"#column_{position}")).to_have_value(field)
    expect(page.locator("table.mapping")).to_contain_text("Hauptstraße 5")
    page.screenshot(path=str(output_dir / "mapping.png"), full_page=True)

    # Another import holds the turn: the dry run waits, and the page shows it waiting.
    with importing_app.app_context():
        assert acquire_lock("import", "another import", timedelta(minutes=5))
    page.get_by_role("button", name="Check (dry run)").click()
    status = page.locator("#import-status")
    expect(status.locator("progress")).to_be_visible()
    expect(status).to_contain_text("Waiting for the running one to finish")
    page.evaluate("window.sameDocument = true")  # gone if the page were reloaded
    with importing_app.app_context():
        release_lock("import", "another import")
    expect(status.locator(".status")).to_have_text("Checked, not imported yet", timeout=15_000)
    assert page.evaluate("window.sameDocument") is True  # the page updated itself
    expect(status.locator("dl.facts")).to_contain_text("3")

    page.get_by_role("button", name="Import now").click()
    expect(page.locator("#import-status .status")).to_have_text("Imported", timeout=15_000)
    detail_url = page.url

    page.goto(base + "/contacts/?q=Müller")
    link = page.get_by_role("link", name="Müller, Jürgen")
    expect(link).to_be_visible()
    link.click()
    for text in ("Jürgen", "Müller & Söhne GmbH", "Hauptstraße 5", "Köln"):
        expect(page.locator("main")).to_contain_text(text)
    page.goto(base + "/contacts/?q=Schäfer")
    expect(page.get_by_role("link", name="Schäfer, Änne")).to_be_visible()

    page.goto(detail_url)
    page.get_by_role("button", name="Revert this import").click()
    expect(page.locator(".flash")).to_contain_text("Import reverted: 5 records deleted")
    expect(page.locator("#import-status .status")).to_have_text("Reverted")
    page.goto(base + "/contacts/")
    for name in ("Müller, Jürgen", "Schäfer, Änne", "Groß, Björn"):
        expect(page.get_by_role("link", name=name)).to_have_count(0)
    page.screenshot(path=str(output_dir / "after-revert.png"), full_page=True)
    page.context.close()
