"""The hours journey in a real browser: book a cell with live day totals, submit, approve.

Playwright drives Debian's Chromium, as in test_browser.py (which explains where it comes from).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from grip.hours import services
from grip.hours.models import HourEntry, WeekSheet
from grip.web.tests.browser import log_in, save_screenshot

MONDAY = datetime.date(2026, 3, 2)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_book_a_week_submit_and_approve(live_server, hours, browser_page, request):
    from playwright.sync_api import expect

    services.entry_create(actor=hours.employee, day=MONDAY, hours="4", target=hours.inspection)
    page = browser_page
    try:
        log_in(page, live_server.url, hours.employee.username)
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Uren").click()
        page.get_by_role("heading", name="Uren", exact=True).wait_for()
        page.goto(f"{live_server.url}/uren/?week=2026-W10")
        page.get_by_role("heading", name="Week 10: 2 maart t/m 8 maart 2026").wait_for()
        expect(page.locator("#weektotaal")).to_have_text("4")

        # A marker on the window survives only if the page is not reloaded.
        page.evaluate("window.gripMarker = 'zelfde pagina'")
        tuesday = page.get_by_label("Uren op Periodieke controle op dinsdag 3 maart")
        tuesday.fill("3,5")
        tuesday.press("Tab")
        expect(page.locator("#dagtotaal-1")).to_have_text("3,50")
        expect(page.locator("#verschil-1")).to_have_text("-3,70")
        expect(page.locator("#weektotaal")).to_have_text("7,50")
        expect(page.locator(f"#doel-{hours.inspection.pk}-totaal")).to_have_text("7,50")
        assert page.evaluate("window.gripMarker") == "zelfde pagina"
        # Focus stays where the Tab key put it: the next day's cell.
        assert page.evaluate("document.activeElement.id") == (
            f"uren-{hours.inspection.pk}-2026-03-04"
        )

        # A refused value is explained next to its cell and changes nothing.
        wednesday = page.get_by_label("Uren op Periodieke controle op woensdag 4 maart")
        wednesday.fill("25")
        wednesday.press("Tab")
        expect(page.locator(f"#uren-{hours.inspection.pk}-2026-03-04-fout")).to_contain_text(
            "hoogstens 24"
        )
        expect(page.locator("#weektotaal")).to_have_text("7,50")

        wednesday.fill("")
        wednesday.press("Tab")
        expect(page.locator(f"#uren-{hours.inspection.pk}-2026-03-04-fout")).to_have_count(0)

        # Enter saves the whole week without leaving the page.
        thursday = page.get_by_label("Uren op Periodieke controle op donderdag 5 maart")
        thursday.fill("2")
        thursday.press("Enter")
        expect(page.locator("#weektotaal")).to_have_text("9,50")
        expect(page.locator("#weekstaat [role=alert]")).to_have_count(0)
        assert page.evaluate("window.gripMarker") == "zelfde pagina"
        # Let the save's htmx swap land before submitting: under load a click during the swap
        # went to the button being replaced (seen once in a full run).
        expect(page.locator("#weekstaat [role=status]")).to_be_visible()
        page.wait_for_load_state("networkidle")

        page.get_by_role("button", name="Week indienen").click()
        expect(page.get_by_text("De week is ingediend bij uw teamleider.")).to_be_visible()
        expect(page.locator("#week-status")).to_have_text("Ingediend")
        page.get_by_role("button", name="Uitloggen").click()

        log_in(page, live_server.url, hours.leader.username)
        page.goto(f"{live_server.url}/uren/goedkeuren/")
        page.get_by_role("heading", name="Weken goedkeuren").wait_for()
        page.get_by_role("button", name="Goedkeuren").click()
        expect(page.get_by_text("is goedgekeurd")).to_be_visible()
        expect(page.locator("#niets-te-beoordelen")).to_be_visible()
    except Exception:
        save_screenshot(page, request)
        raise

    assert sorted(HourEntry.objects.values_list("hours", flat=True)) == [
        Decimal("2"),
        Decimal("3.5"),
        Decimal("4"),
    ]
    sheet = WeekSheet.objects.get(week_start=MONDAY)
    assert (sheet.status, sheet.decided_by_id) == ("goedgekeurd", hours.leader.pk)
