"""Playwright driving Debian's Chromium, shared by the browser tests.

Chromium comes from Debian's package (`apt-get install chromium`, done by .ci/run); the path can
be set with GRIP_CHROMIUM. Without it a browser test is skipped locally, and fails in CI.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from grip.core.tests.factories import TEST_PASSWORD

CHROMIUM = os.environ.get("GRIP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(os.environ.get("GRIP_VAR_DIR", "var")) / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def log_in(page, base_url, username):
    page.goto(f"{base_url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Welkom").wait_for()


def save_screenshot(page, request):
    """Keep what the browser showed when a test failed, in var/screenshots."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
