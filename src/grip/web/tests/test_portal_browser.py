"""The participant portal in a real browser: a municipality's own user logs in, finds
"Mijn omgevingsdienst", submits a request to the service and sees it in the list.

Playwright drives Debian's Chromium, as in test_browser.py (which explains where it comes from).
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from grip.participants.models import ParticipantRequest, RequestStatus
from grip.web.tests.browser import log_in, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Extra controles tijdens de kermis"


def test_a_participant_user_submits_a_request_from_the_portal(
    live_server, world, browser_page, request
):
    from playwright.sync_api import expect

    page = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    next_year = str(timezone.localdate().year + 1)
    try:
        log_in(page, live_server.url, world.participant_user.username)
        portal = page.get_by_role("region", name="Mijn omgevingsdienst")
        expect(portal).to_be_visible()
        expect(portal.get_by_role("heading", name="Werkprogramma", exact=True)).to_be_visible()
        expect(portal.get_by_text("U hebt geen openstaande verzoeken.")).to_be_visible()

        portal.get_by_role("link", name="Nieuw verzoek indienen").click()
        page.get_by_role("heading", name="Nieuw verzoek aan de omgevingsdienst").wait_for()
        page.get_by_label("Soort verzoek").select_option(label="Extra werk")
        page.get_by_label("Programmajaar").select_option(next_year)
        page.get_by_label("Onderwerp").fill(TITLE)
        page.get_by_label("Toelichting").fill("Tijdens de kermis willen we vaker controleren.")
        page.get_by_role("button", name="Verzoek indienen").click()

        page.get_by_role("heading", name=TITLE).wait_for()
        expect(page.locator("#status")).to_have_text("Ingediend")
        expect(page.get_by_role("button", name="Verzoek intrekken")).to_be_visible()

        page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Verzoeken"
        ).click()
        page.get_by_role("heading", name="Verzoeken", exact=True).wait_for()
        row = page.locator("#verzoeken tbody tr").first
        expect(row.get_by_role("link", name=TITLE)).to_be_visible()
        expect(row).to_contain_text("Ingediend")
        expect(row).to_contain_text(next_year)

        page.get_by_role("link", name="Overzicht").click()
        expect(
            page.get_by_role("region", name="Openstaande verzoeken").get_by_role("link", name=TITLE)
        ).to_be_visible()
    except Exception:
        save_screenshot(page, request)
        raise
    assert errors == []
    submitted = ParticipantRequest.objects.get(title=TITLE)
    assert submitted.participant == world.participant
    assert submitted.status == RequestStatus.SUBMITTED
