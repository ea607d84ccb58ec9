"""The main journey in a real browser: Playwright driving Debian's Chromium.

Chromium comes from Debian's package (`apt-get install chromium`, done by .ci/run); the path can
be set with GRIP_CHROMIUM. Without it the test is skipped locally, and fails in CI.
"""

from __future__ import annotations

import pytest

from grip.core.tests.factories import TEST_PASSWORD
from grip.web.tests.browser import save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


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
        save_screenshot(page, request)
        raise
