"""The realisation page in a real browser: the vendored Vega-Lite draws both charts."""

from __future__ import annotations

import pytest

from grip.finance.tests.factories import book_year
from grip.web.tests.browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_charts_are_drawn(live_server, hours, browser_page):
    book_year(hours)
    world = hours.programmes
    page = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server.url, world.account_manager.username)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Realisatie").click()
    page.get_by_role("link", name="Eindhoven", exact=True).click()
    page.get_by_role("heading", name="Realisatie Eindhoven").wait_for()

    page.locator("#grafiek-cumulatief svg").wait_for()
    page.locator("#grafiek-taaksoort svg").wait_for()
    assert page.locator("#grafiek-cumulatief svg path").count() > 0
    assert errors == []
