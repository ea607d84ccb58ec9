"""The case journey of the issue's "Done when", in a real browser: a permit officer takes in an
application, suspends it for missing documents, resumes it, extends the term in time, sees the
due date move, and signs the decision under the director's sub-mandate with its namens line;
a toezichthouder without a mandate is refused with the reason, and nothing is written.

Playwright drives Debian's Chromium, as in test_browser.py (which explains where it comes from).
The dates are fixed in the past, so the expected due dates are exact: received Monday 2 March
2026; 8 weeks end on King's Day (Monday 27 April) and move to Tuesday 28 April (Atw art. 1);
10 days suspended (11 to 20 March) give Thursday 7 May; 6 weeks' extension give Thursday 18 June.
"""

from __future__ import annotations

import datetime

import pytest

from grip.cases.constants import CaseStatus
from grip.cases.models import Case, Decision
from grip.mandates.models import DecisionMandate
from grip.web.tests.browser import log_in, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PERMIT_TYPE = "Aanvraag omgevingsvergunning milieubelastende activiteit (v1)"


def _act(page, form_id, fields, button):
    """Fill one of the case page's action forms and submit it."""
    form = page.locator(f"#{form_id}")
    for label, value in fields.items():
        field = form.get_by_label(label, exact=True)
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    form.get_by_role("button", name=button).click()


def _prepare_decision(page, base_url, case):
    page.goto(f"{base_url}/zaken/{case.pk}/")
    page.get_by_role("link", name="Besluit voorbereiden en ondertekenen").click()
    page.get_by_role("heading", name=f"Besluit nemen in zaak {case.identification}").wait_for()
    page.get_by_label("Besluittype").select_option(label="Omgevingsvergunning verlenen")
    page.get_by_label("Besluitdatum").fill("2026-04-15")
    page.get_by_label("Inhoud van het besluit").fill("Vergunning verleend met voorschriften.")
    page.get_by_role("button", name="Mandaat controleren").click()


def test_take_in_suspend_extend_and_sign_under_mandate(live_server, cases, browser_page, request):
    from playwright.sync_api import expect

    page = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        log_in(page, live_server.url, cases.officer.username)
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Zaken").click()
        page.get_by_role("heading", name="Zaken", exact=True).wait_for()
        page.get_by_role("link", name="Zaak aannemen").click()

        # Intake.
        page.get_by_label("Deelnemer (bevoegd gezag)").select_option(label="Eindhoven")
        page.get_by_label("Zaaktype").select_option(label=PERMIT_TYPE)
        page.get_by_label("Omschrijving").fill("Uitbreiding opslag gevaarlijke stoffen")
        page.get_by_label("Ontvangen op").fill("2026-03-02")
        page.get_by_label("Locatie (zonder toezichtobject)").fill("Kanaaldijk 12, Eindhoven")
        page.get_by_role("button", name="Zaak aanmaken").click()
        expect(page.get_by_text("de uiterste datum is dinsdag 28 april 2026.")).to_be_visible()
        expect(page.locator("#uiterste-datum")).to_have_text("dinsdag 28 april 2026")
        expect(page.locator("#termijn-uitleg")).to_contain_text("(Koningsdag)")
        case = Case.objects.get()

        _act(
            page,
            "actie-status",
            {"Nieuwe status": "in behandeling", "Datum": "2026-03-02"},
            "Status wijzigen",
        )
        expect(page.locator("#zaak-status")).to_have_text("in behandeling")

        # Suspended for missing documents, resumed when they came in.
        _act(
            page,
            "actie-opschorten",
            {
                "Opgeschort vanaf": "2026-03-10",
                "Reden": "aanvraag onvolledig (Awb 4:15 lid 1 sub a)",
                "Toelichting (niet verplicht)": "Tekeningen ontbreken",
            },
            "Opschorten",
        )
        expect(page.locator("#zaak-status")).to_have_text("opgeschort")
        expect(page.locator("#termijn-stand")).to_contain_text("Opgeschort")
        _act(page, "actie-hervatten", {"Hervat op": "2026-03-20"}, "Hervatten")
        expect(page.get_by_text("de uiterste datum is nu donderdag 7 mei 2026.")).to_be_visible()
        expect(page.locator("#uiterste-datum")).to_have_text("donderdag 7 mei 2026")

        # A late extension is refused with the engine's sentence, at the field.
        _act(
            page,
            "actie-verlengen",
            {"Verlengingsbesluit van": "2026-05-08", "Verlengen met": "6 weken", "Reden": "Advies"},
            "Verlengen",
        )
        expect(page.locator("#id_verlengen-decided_on-fout")).to_have_text(
            "De termijn liep af op donderdag 7 mei 2026; een verlenging op vrijdag 8 mei 2026 "
            "is te laat."
        )
        page.get_by_role("link", name="Naar de melding bij het formulier").click()
        # In time, it moves the due date by six weeks.
        _act(
            page,
            "actie-verlengen",
            {
                "Verlengingsbesluit van": "2026-04-01",
                "Verlengen met": "6 weken",
                "Reden": "Advies van de veiligheidsregio nodig",
            },
            "Verlengen",
        )
        expect(page.locator("#uiterste-datum")).to_have_text("donderdag 18 juni 2026")
        expect(page.locator("#termijn-uitleg")).to_contain_text(
            "Termijn op woensdag 1 april 2026 verlengd met 6 weken."
        )
        expect(page.locator("#tijdlijn")).to_contain_text("Termijn verlengd met 6 weken")
        page.get_by_role("button", name="Uitloggen").click()

        # A toezichthouder holds no mandate for permits: refused, with the missing link.
        log_in(page, live_server.url, cases.inspector.username)
        _prepare_decision(page, live_server.url, case)
        expect(page.locator("#weigering-reden")).to_have_text(
            "De toezichthouder heeft geen mandaat of ondermandaat van Eindhoven voor "
            "'omgevingsvergunning verlenen'; dat mandaat ligt bij: directeur."
        )
        expect(page.get_by_role("button", name="Ondertekenen")).to_have_count(0)
        assert not Decision.objects.exists()
        page.get_by_role("button", name="Uitloggen").click()

        # The permit officer signs under the director's sub-mandate.
        log_in(page, live_server.url, cases.officer.username)
        _prepare_decision(page, live_server.url, case)
        chain = page.locator("#mandaatketen")
        expect(chain).to_contain_text("Mandaat: Mandaatbesluit VTH Eindhoven 2024")
        expect(chain).to_contain_text("Ondermandaat: Ondermandaatbesluit ODZOB 2024")
        expect(page.locator("#namens-voorbeeld")).to_contain_text(
            "Namens het college van burgemeester en wethouders van Eindhoven,"
        )
        page.get_by_role("button", name="Ondertekenen").click()
        expect(page.get_by_text("is ondertekend.")).to_be_visible()
        decision = Decision.objects.get()
        namens = page.locator(f"#namens-{decision.pk}")
        expect(namens).to_contain_text(
            "Namens het college van burgemeester en wethouders van Eindhoven,"
        )
        expect(namens).to_contain_text("de directeur van de Omgevingsdienst Zuidoost-Brabant,")
        expect(namens).to_contain_text("namens deze:")
        expect(namens).to_contain_text(", vergunningverlener")
        expect(page.locator("#zaak-status")).to_have_text("besluit genomen")
        save_screenshot(page, request)
    except Exception:
        save_screenshot(page, request)
        raise

    case.refresh_from_db()
    assert (case.status, case.due_on, case.decided_on.isoformat()) == (
        CaseStatus.BESLOTEN,
        datetime.date(2026, 6, 18),
        "2026-04-15",
    )
    used = DecisionMandate.objects.get(decision=decision)
    assert used.sub_mandate_line is not None
    assert errors == []
