"""The account manager's day in a real browser: the cockpit shows an overdue follow-up, the
link leads to it, and closing it leaves the cockpit without the marker.

Playwright drives Debian's Chromium, as in test_browser.py (which explains where it comes from).
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from grip.organisation.tests.factories import EmployeeFactory
from grip.participants import services
from grip.participants.models import FollowUp, FollowUpStatus
from grip.web.tests.browser import log_in, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_account_manager_closes_an_overdue_follow_up_from_the_cockpit(
    live_server, eindhoven, browser_page, request
):
    from playwright.sync_api import expect

    manager = EmployeeFactory(
        user__role="accountmanager", first_name="Anna", last_name="Accountmanager"
    )
    eindhoven.account_manager = manager
    eindhoven.save()
    follow_up = services.follow_up_add(
        actor=manager.user,
        participant=eindhoven,
        description="Offerte extra horecacontroles sturen",
        owner=manager,
        due_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    page = browser_page
    try:
        log_in(page, live_server.url, manager.user.username)
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Cockpit").click()
        page.get_by_role("heading", name="Cockpit", exact=True).wait_for()
        card = page.get_by_role("article", name="Eindhoven")
        expect(card.locator(f"#deelnemer-{eindhoven.pk}-vervolgacties")).to_contain_text("verlopen")

        card.get_by_role("link", name="Offerte extra horecacontroles sturen").click()
        page.get_by_role("heading", name="Vervolgactie").wait_for()
        expect(page.locator("#verlopen")).to_contain_text("verlopen")

        close = page.locator("#afsluiten")
        close.get_by_label("Uitkomst").select_option("afgerond")
        close.get_by_label("Toelichting").fill("Offerte is verstuurd.")
        close.get_by_role("button", name="Afsluiten").click()
        expect(page.get_by_text("De actie is afgerond.")).to_be_visible()
        expect(page.locator("#status")).to_have_text("Afgerond")
        expect(page.locator("#verlopen")).to_have_count(0)

        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Cockpit").click()
        card = page.get_by_role("article", name="Eindhoven")
        expect(card.locator(f"#deelnemer-{eindhoven.pk}-vervolgacties")).to_have_count(0)
        expect(card).not_to_contain_text("Offerte extra horecacontroles")
    except Exception:
        save_screenshot(page, request)
        raise

    follow_up = FollowUp.objects.get(pk=follow_up.pk)
    assert follow_up.status == FollowUpStatus.DONE
    assert follow_up.closing_note == "Offerte is verstuurd."
