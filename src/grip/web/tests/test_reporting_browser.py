"""The board report journey of the issue's "Done when", in a real browser: the account manager
opens the draft made from the frozen Q1 snapshot, writes the notable items, publishes after the
confirmation step, and the participant's own user downloads the PDF and the workbook, which are
exactly the files stored at publishing.

Playwright drives Debian's Chromium, as in test_browser.py (which explains where it comes from).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from grip.finance.tests.factories import book_year
from grip.reporting import services
from grip.reporting.constants import FileFormat, ReportKind, ReportStatus
from grip.reporting.models import Report, ReportFile
from grip.web.tests.browser import log_in, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NOTABLE = "Twee nieuwe toezichthouders zijn ingewerkt; de achterstand is weggewerkt."
PUBLISHING = 120_000  # ms: publishing renders the PDF and the workbook


def test_write_publish_and_download_a_board_report(live_server, hours, browser_page, request):
    from playwright.sync_api import expect

    book_year(hours)
    world = hours.programmes
    snapshot = services.quarter_freeze(actor=world.account_manager, year=2026, quarter=1)
    draft = services.report_create(
        actor=world.account_manager,
        snapshot=snapshot,
        kind=ReportKind.QUARTER,
        participant=world.participant,
    )
    page = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    downloads: dict[str, bytes] = {}
    try:
        log_in(page, live_server.url, world.account_manager.username)
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Rapportages"
        ).click()
        page.get_by_role("heading", name="Bestuursrapportages").wait_for()
        page.get_by_role("link", name="Kwartaalrapportage Q1 2026", exact=True).click()
        page.get_by_role("heading", name="Kwartaalrapportage Q1 2026 — Eindhoven").wait_for()
        expect(page.locator("#status")).to_have_text("concept")
        expect(page.locator('[data-figure="realisation.percent"]')).to_have_text("81,6 %")

        page.get_by_role("textbox", name="Opvallende zaken").fill(NOTABLE)
        page.locator("#opvallend").get_by_role("button", name="Opslaan").click()
        expect(page.get_by_text("De opvallende zaken zijn opgeslagen.")).to_be_visible()
        expect(page.locator(".grip-report-narrative")).to_contain_text(NOTABLE)

        page.locator("#publiceren").get_by_role("link", name="Publiceren").click()
        page.get_by_role("heading", name="Rapportage publiceren").wait_for()
        expect(page.locator(".grip-report-narrative")).to_contain_text(NOTABLE)
        page.get_by_role("button", name="Ja, publiceren").click()
        expect(page.locator("#status")).to_have_text("gepubliceerd", timeout=PUBLISHING)
        expect(page.get_by_role("link", name="Download PDF")).to_be_visible()
        page.get_by_role("button", name="Uitloggen").click()

        # The participant's own user finds the report and downloads both files.
        log_in(page, live_server.url, world.participant_user.username)
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Rapportages"
        ).click()
        page.get_by_role("link", name="Kwartaalrapportage Q1 2026", exact=True).click()
        page.get_by_role("heading", name="Kwartaalrapportage Q1 2026 — Eindhoven").wait_for()
        expect(page.locator(".grip-report-narrative")).to_contain_text(NOTABLE)
        for name, file_format in (("Download PDF", "pdf"), ("Download Excel", "xlsx")):
            with page.expect_download() as event:
                page.get_by_role("link", name=name).click()
            download = event.value
            assert download.suggested_filename == (
                f"bestuursrapportage-eindhoven-2026-Q1.{file_format}"
            )
            downloads[file_format] = Path(download.path()).read_bytes()
    except Exception:
        save_screenshot(page, request)
        raise

    report = Report.objects.get(pk=draft.pk)
    assert (report.status, report.notable_items) == (ReportStatus.PUBLISHED, NOTABLE)
    stored = {f.format: bytes(f.content) for f in ReportFile.objects.filter(report=report)}
    assert downloads[FileFormat.PDF] == stored[FileFormat.PDF]
    assert downloads[FileFormat.XLSX] == stored[FileFormat.XLSX]
    assert downloads[FileFormat.PDF].startswith(b"%PDF")
    assert errors == []
