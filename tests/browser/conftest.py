"""A live server on a free port and the system Chromium driven by Playwright.

Playwright never downloads a browser here: it launches Debian's /usr/bin/chromium.
"""

import re
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from webapp import create_app
from webapp.config import TestConfig
from webapp.extensions import db

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture
def live_app(tmp_path):
    class LiveConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'live.sqlite'}"
        MODEL_DIR = tmp_path / "models"  # never the checkout's instance/ folder

    app = create_app(LiveConfig)
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    thread.join()
    from webapp.scoring.registry import forget_loaded

    forget_loaded()
    with app.app_context():
        db.engine.dispose()


class WatchedBrowser:
    """The shared Chromium; every page opened through it reports Content-Security-Policy violations."""

    # A page with JavaScript reports each violation as an event; Chromium also logs it to the console.
    REPORTER = ("document.addEventListener('securitypolicyviolation', e => console.error("
                "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))")

    def __init__(self, browser):
        self._browser = browser
        self.violations: list[str] = []

    def new_context(self, **kwargs):
        context = self._browser.new_context(**kwargs)
        context.add_init_script(self.REPORTER)
        context.on("page", self._watch)
        return context

    def new_page(self, **kwargs):
        page = self.new_context(**kwargs).new_page()
        return page

    def _watch(self, page) -> None:
        page.on("console", lambda message: self.violations.append(message.text)
                if "Content Security Policy" in message.text else None)

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture
def browser(_chromium):
    """Fails the test when any page it opened broke the Content-Security-Policy."""
    watched = WatchedBrowser(_chromium)
    yield watched
    assert watched.violations == []


@pytest.fixture(scope="session")
def _chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def output_dir(request) -> Path:
    """test-results/<test name>/ for screenshots a person can look at."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def sign_in():
    """sign_in(page, base, email): through the real login form, as a person would."""
    from tests.factories import PASSWORD

    def _sign_in(page, base: str, email: str, password: str = PASSWORD) -> None:
        page.goto(base + "/login")
        page.fill("#email", email)
        page.fill("#password", password)
        page.click("button[type=submit]")
        page.wait_for_url(base + "/")

    return _sign_in
