"""The main journey in a real browser: Playwright driving Debian's Chromium.

Chromium comes from Debian's package (`apt-get install chromium`, done by .ci/run); the path can
be set with GRIP_CHROMIUM. Without it the test is skipped locally, and fails in CI.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from grip.core.tests.factories import TEST_PASSWORD

CHROMIUM = os.environ.get("GRIP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(os.environ.get("GRIP_VAR_DIR", "var")) / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser_page(monkeypatch):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs Debian's chromium.")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM work is done before it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        page = browser.new_page()
        yield page
        browser.close()


def test_log_in_and_see_the_participant_list(live_server, make_user, browser_page, request):
    make_user("accountmanager", username="am-browser")
    page = browser_page
    try:
        page.goto(f"{live_server.url}/inloggen/")
        assert page.locator("html").get_attribute("lang") == "nl"
        page.get_by_label("Gebruikersnaam").fill("am-browser")
        page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.get_by_role("heading", name="Welkom").wait_for()

        page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Deelnemers"
        ).click()
        page.get_by_role("heading", name="Deelnemers").wait_for()
        rows = page.locator("#deelnemers tbody tr")
        assert rows.count() == 22
        assert page.get_by_role("link", name="Provincie Noord-Brabant").is_visible()

        # Keyboard users reach the skip link first.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    except Exception:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
        raise
