"""The planner's journey through the inspection programme in a real browser: from the menu to
next year's programme, filtered to one participant, and from a site's line to the explanation
of its risk, whose factors add up to the risk the programme used.

The world is the one of test_planning_pages.py. Playwright drives Debian's Chromium, as in
test_browser.py (which explains where it comes from).
"""

from __future__ import annotations

import pytest

from grip.web.tests.browser import log_in, save_screenshot
from grip.web.tests.test_planning_pages import planning_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_planner_filters_the_programme_and_opens_a_sites_explanation(
    live_server, world, enforcement, make_user, browser_page, request
) -> None:
    from playwright.sync_api import expect

    planning = planning_world(world, enforcement, make_user)
    page = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        log_in(page, live_server.url, planning.planner.username)
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Toezichtprogramma"
        ).click()
        page.get_by_role("heading", name="Risicogericht toezichtprogramma").wait_for()
        page.locator("#programmas").get_by_role(
            "link", name="Toezichtprogramma 2027", exact=True
        ).click()
        page.get_by_role("heading", name="Toezichtprogramma 2027", exact=True).wait_for()
        expect(page.locator("#status")).to_have_text("Optimaal (binnen de gevraagde marge)")
        expect(page.locator("#regels tbody tr")).to_have_count(7)

        filters = page.locator("#regelfilter")
        filters.get_by_label("Deelnemer").select_option(label="Eindhoven")
        filters.get_by_role("button", name="Toon").click()
        expect(page.locator("#regels-aantal")).to_have_text("6 regels")
        rows = page.locator("#regels tbody tr")
        expect(rows).to_have_count(6)
        expect(page.locator("#regels")).not_to_contain_text("Varkenshouderij Asten")
        expect(filters.get_by_label("Deelnemer")).to_have_value(str(planning.eindhoven.pk))

        page.locator("#regels").get_by_role("link", name="Tankstation De Pomp").click()
        page.get_by_role("heading", name="Risico van Tankstation De Pomp").wait_for()
        expect(page.locator("#bijdrage-basis")).to_contain_text("3,60")
        expect(page.locator("#bijdrage-historie")).to_contain_text(
            "Geen controle in de terugkijkperiode"
        )
        expect(page.locator("#bijdrage-totaal")).to_have_text("Risico 4,32", use_inner_text=True)
        expect(page.locator("#in-programma")).to_contain_text("Gekozen op risico per uur")
    except Exception:
        save_screenshot(page, request)
        raise
    assert errors == []
