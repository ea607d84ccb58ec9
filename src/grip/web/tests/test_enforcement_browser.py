"""The inspection journey on a tablet, in a real browser: the inspector opens a planned
inspection from the work list, taps the result of every finding, picks a cell of the matrix
for the one not met (by touch, then by keyboard), saves each finding in place and completes
the inspection; then the form to record the violation appears.

Playwright drives Debian's Chromium, as in test_browser.py (which explains where it comes from),
in a touch context of 1024 × 768 (a tablet held landscape).
"""

from __future__ import annotations

import datetime

import pytest

from grip.enforcement.constants import FindingResult, InspectionStatus
from grip.web.tests.browser import log_in, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PLANNED = datetime.date(2026, 3, 2)
MET = "voorschriften nageleefd"
NOT_MET = "niet akkoord, voorschriften overtreden"
TOUCH = 44  # px, WCAG 2.5.5 and the NL Design System's touch target


def _assert_touch_target(locator):
    box = locator.bounding_box()
    assert box is not None
    assert box["width"] >= TOUCH, box
    assert box["height"] >= TOUCH, box


def test_record_an_inspection_by_tapping_on_a_tablet(
    live_server, enforcement, browser_page, request
):
    from playwright.sync_api import expect

    inspection = enforcement.inspection(planned_on=PLANNED, checklist_code="gevaarlijke-stoffen")
    findings = list(inspection.findings.order_by("number"))
    context = browser_page.context.browser.new_context(
        viewport={"width": 1024, "height": 768}, has_touch=True, locale="nl-NL"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        log_in(page, live_server.url, enforcement.inspector.username)
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Toezicht", exact=True
        ).tap()
        page.get_by_role("heading", name="Werklijst van").wait_for()
        expect(page.locator(f"#controle-{inspection.pk}")).to_contain_text("te laat")
        page.get_by_role("link", name=inspection.identification).tap()
        page.get_by_role("heading", name=f"Controle {inspection.identification}").wait_for()
        # A marker on the window survives only if saving a finding does not reload the page.
        page.evaluate("window.gripMarker = 'zelfde pagina'")

        for finding in findings[:-1]:
            card = page.locator(f"#bevinding-{finding.pk}")
            choice = card.locator("label.grip-touch", has_text=MET)
            _assert_touch_target(choice)
            choice.tap()
            expect(card.get_by_role("radio", name=MET)).to_be_checked()
            # The matrix picker only shows for a finding that is not met.
            expect(card.locator(".grip-matrix-picker")).to_be_hidden()
            card.get_by_role("button", name=f"Bevinding {finding.number} opslaan").tap()
            expect(page.locator(f"#bevinding-{finding.pk}-opgeslagen")).to_have_text(
                f"✓ Opgeslagen: {MET}"
            )

        last = findings[-1]
        card = page.locator(f"#bevinding-{last.pk}")
        card.locator("label.grip-touch", has_text=NOT_MET).tap()
        picker = card.get_by_role("radiogroup", name="Bevindingoordeel: gevolg en gedrag")
        expect(picker).to_be_visible()
        expect(picker.get_by_role("radio")).to_have_count(16)
        cell = card.locator("label.grip-matrix-grid__cell--2A")
        _assert_touch_target(cell)
        cell.tap()
        expect(
            picker.get_by_role("radio", name="2A: gevolg 2 beperkt, gedrag A goedwillend")
        ).to_be_checked()
        # One radio group: the arrow key moves to the next cell, gedrag B.
        page.keyboard.press("ArrowRight")
        chosen = picker.get_by_role("radio", name="2B: gevolg 2 beperkt, gedrag B onverschillig")
        expect(chosen).to_be_checked()
        expect(chosen).to_be_focused()
        card.get_by_label("Bijzonderheden (niet verplicht)").fill(
            "Register niet bijgewerkt sinds 2024"
        )
        card.get_by_role("button", name=f"Bevinding {last.number} opslaan").tap()
        expect(page.locator(f"#bevinding-{last.pk}-opgeslagen")).to_have_text(
            f"✓ Opgeslagen: {NOT_MET} (2B)"
        )
        # The saved card is still the form, with its choice, and focus stays on its button.
        expect(
            page.locator(f"#bevinding-{last.pk}").get_by_role(
                "radio", name="2B: gevolg 2 beperkt, gedrag B onverschillig"
            )
        ).to_be_checked()
        expect(page.get_by_role("button", name=f"Bevinding {last.number} opslaan")).to_be_focused()
        assert page.evaluate("window.gripMarker") == "zelfde pagina"

        complete = page.locator("#actie-afronden")
        complete.get_by_label("Controledatum").fill(PLANNED.isoformat())
        button = complete.get_by_role("button", name="Controle afronden")
        _assert_touch_target(button)
        button.tap()
        expect(page.locator("#controle-status")).to_have_text("uitgevoerd")
        expect(page.get_by_text("is uitgevoerd op 2 maart 2026.")).to_be_visible()
        expect(page.get_by_role("heading", name="Overtreding vastleggen")).to_be_visible()
        expect(page.locator("#actie-overtreding").get_by_label("Overtreden regel")).to_have_value(
            "PGS 15"
        )
        save_screenshot(page, request)
    except Exception:
        save_screenshot(page, request)
        raise
    finally:
        context.close()

    inspection.refresh_from_db()
    assert (inspection.status, inspection.performed_on) == (InspectionStatus.UITGEVOERD, PLANNED)
    results = [(f.result, f.position) for f in inspection.findings.order_by("number")]
    assert results == [(FindingResult.NAGELEEFD, "")] * 3 + [(FindingResult.NIET_AKKOORD, "2B")]
    assert errors == []
