"""The programme journey in a real browser: edit inline with live totals, submit, adopt.

Playwright drives Debian's Chromium, as in test_browser.py (which explains where it comes from).
"""

from __future__ import annotations

import pytest

from grip.programmes import services
from grip.programmes.models import ProgrammeLine, ProgrammeVersion
from grip.web.tests.browser import log_in, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _open_programme(page):
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Werkprogramma's"
    ).click()
    page.get_by_role("heading", name="Werkprogramma's 2026").wait_for()
    page.get_by_role("link", name="Eindhoven", exact=True).click()
    page.get_by_role("heading", name="Werkprogramma Eindhoven 2026").wait_for()


def test_draft_with_live_totals_submit_and_adopt(live_server, world, browser_page, request):
    from playwright.sync_api import expect

    version = services.programme_create(
        actor=world.account_manager, participant=world.participant, year=world.year
    )
    services.line_set(
        actor=world.account_manager, version=version, product=world.products["TH-01"], quantity=10
    )
    services.related_work_set(
        actor=world.account_manager,
        version=version,
        kind="planning",
        basis="percentage",
        percentage="10",
    )
    line = ProgrammeLine.objects.get(version=version)
    page = browser_page
    try:
        log_in(page, live_server.url, world.account_manager.username)
        _open_programme(page)
        expect(page.locator("#totaal-direct")).to_have_text("60,00")
        expect(page.locator("#totaal-bedrag")).to_have_text("€ 6.708,90")  # 66 h x 101.65

        # A marker on the window survives only if the page is not reloaded.
        page.evaluate("window.gripMarker = 'zelfde pagina'")
        quantity = page.get_by_label("Aantal TH-01", exact=True)
        quantity.fill("20")
        quantity.press("Tab")

        expect(page.locator("#totaal-direct")).to_have_text("120,00")
        expect(page.locator("#totaal-gerelateerd")).to_have_text("12,00")
        expect(page.locator("#totaal-bedrag")).to_have_text("€ 13.417,80")  # 132 h x 101.65
        expect(page.locator("#totaal-aandeel")).to_have_text("9,1 %")
        expect(page.locator(f"#regel-{line.pk}-uren")).to_have_text("120,00")
        expect(page.locator("#gw-planning-uren")).to_have_text("12,00")
        expect(page.locator("#totalen-melding")).to_contain_text("132,00 uur")
        assert page.evaluate("window.gripMarker") == "zelfde pagina"
        # Focus stays where the Tab key put it, on the row's save button, after the swap.
        assert page.evaluate("document.activeElement.id") == f"aantal-{line.pk}-opslaan"
        assert ProgrammeLine.objects.get(pk=line.pk).quantity == 20

        # A refused value is explained next to the field, and nothing changes.
        quantity = page.get_by_label("Aantal TH-01", exact=True)
        quantity.fill("-5")
        quantity.press("Tab")
        expect(page.locator(f"#aantal-{line.pk}-fout")).to_contain_text("nooit negatief")
        expect(page.locator("#totaal-direct")).to_have_text("120,00")

        page.get_by_role("button", name="Indienen bij de deelnemer").click()
        expect(page.get_by_text("Versie 1 is ingediend bij de deelnemer.")).to_be_visible()
        page.get_by_role("button", name="Uitloggen").click()

        log_in(page, live_server.url, world.participant_user.username)
        _open_programme(page)
        page.get_by_label("Kenmerk van het besluit").fill("B&W 2026/0042")
        page.get_by_role("button", name="Vaststellen").click()
        expect(page.get_by_text("Versie 1 is vastgesteld.")).to_be_visible()
        expect(page.locator("#versie-titel")).to_contain_text("Vastgesteld")
    except Exception:
        save_screenshot(page, request)
        raise

    version = ProgrammeVersion.objects.get(pk=version.pk)
    assert (version.status, version.decision_reference) == ("vastgesteld", "B&W 2026/0042")
    assert ProgrammeLine.objects.get(pk=line.pk).quantity == 20
