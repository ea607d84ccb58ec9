"""The supervision and enforcement pages: the work list, inspections with the tablet form and
the matrix picker, violations with their proposal and escalation ladder, measures with
penalties and appeals, the strategy grid; in Dutch, tenant-scoped, refusals at the field.

Time is frozen at TODAY (``django.utils.timezone.localdate``). Data is made through the
services (grip.enforcement.tests.factories: a violation in cell 2B on 2 March 2026 in
Eindhoven, the director's mandate for sanctions sub-mandated to the jurist up to € 10.000).
"""

from __future__ import annotations

import datetime
import html as html_module
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grip.cases.models import Decision
from grip.cases.tests.factories import staff
from grip.core.models import AuditRecord
from grip.enforcement import services
from grip.enforcement.constants import FindingResult, InspectionStatus, InspectionType
from grip.enforcement.models import (
    Appeal,
    Finding,
    Inspection,
    Intention,
    Measure,
    StrategyCell,
    StrategyVersion,
    Violation,
)
from grip.enforcement.tests.factories import instrument

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 4, 1)
OBSERVED = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def _url(name, *args):
    return reverse(f"web:{name}", args=args)


def _html(response):
    return response.content.decode()


def _text(html, element_id):
    """The text inside the element with ``element_id``, tags stripped, spaces collapsed."""
    match = re.search(rf'<(\w+)[^>]*\bid="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, f"#{element_id} not found"
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", match.group(2))).split())


def _planned(enforcement, **kwargs):
    kwargs.setdefault("planned_on", datetime.date(2026, 3, 20))
    kwargs.setdefault("checklist_code", "gevaarlijke-stoffen")
    return enforcement.inspection(**kwargs)


def _warning(enforcement, violation, *, on=datetime.date(2026, 3, 5)):
    return services.measure_impose(
        actor=enforcement.inspector,
        violations=[violation],
        instrument=instrument("waarschuwing"),
        imposed_on=on,
    )


def _asten_violation(enforcement):
    inspection = enforcement.performed(not_met={1: "2B"}, site=enforcement.asten_site)
    return services.violation_record(
        actor=enforcement.inspector,
        inspection=inspection,
        findings=list(inspection.findings.filter(result=FindingResult.NIET_AKKOORD)),
        nature="Stof verspreidt zich naar de buren",
    )


def _impose_data(code, **overrides):
    data = {
        "maatregel-instrument": str(instrument(code).pk),
        "maatregel-imposed_on": "2026-03-10",
        "maatregel-repair_until": "",
        "maatregel-summary": "",
        "maatregel-deviation_reason": "",
        "maatregel-penalty_amount": "",
        "maatregel-penalty_unit": "week",
        "maatregel-penalty_maximum": "",
        "maatregel-fine_amount": "",
        "actie": "opleggen",
    }
    data.update({f"maatregel-{key}": value for key, value in overrides.items()})
    return data


# --- urls and navigation -----------------------------------------------------------------------


def test_the_urls_are_dutch_and_the_menu_has_toezicht(client, enforcement):
    assert _url("enforcement-worklist") == "/toezicht/"
    assert _url("inspection-list") == "/toezicht/controles/"
    assert _url("inspection-create") == "/toezicht/controles/nieuw/"
    assert _url("violation-list") == "/toezicht/overtredingen/"
    assert _url("measure-list") == "/toezicht/maatregelen/"
    assert _url("strategy-list") == "/toezicht/strategie/"
    assert _url("strategy-cell-update", 3, "2B") == "/toezicht/strategie/3/cellen/2B/"
    client.force_login(enforcement.inspector)
    html = _html(client.get("/"))
    assert '<a class="grip-nav__link" href="/toezicht/">Toezicht</a>' in html


# --- the work list -----------------------------------------------------------------------------


def test_the_worklist_shows_a_planned_reinspection_after_a_warning(client, enforcement):
    violation = enforcement.violation()
    _warning(enforcement, violation)  # 2B: 21 days, re-inspection on 26 March
    reinspection = violation.reinspections.get()
    client.force_login(enforcement.inspector)

    response = client.get(_url("enforcement-worklist"))

    assert response.status_code == 200
    html = _html(response)
    name = enforcement.inspector.employee.full_name
    assert f"Werklijst van {name}" in html
    row = re.search(rf'id="controle-{reinspection.pk}">(.*?)</tr>', html, re.S).group(1)
    assert "26-3-2026" in row
    assert "te laat" in row  # overdue on 1 April, said in text and not only by colour
    assert f"hercontrole van {violation.identification}" in row
    assert _url("violation-detail", violation.pk) in row
    assert "Geen maatregelen tegen verspreiding van stof" in row
    assert _text(html, "totaal-gepland") == "1"
    assert _text(html, "totaal-te-laat") == "1"
    employee = enforcement.inspector.employee
    link = f"/toezicht/overtredingen/?open=ja&amp;toezichthouder={employee.pk}"
    assert f'href="{link}">1</a>' in html

    listed = _html(client.get(link.replace("&amp;", "&")))
    assert violation.identification in listed
    assert "1 overtreding" in listed


def test_the_worklist_lists_performed_inspections_that_still_need_a_violation(client, enforcement):
    inspection = enforcement.performed(not_met={2: "1A"})
    client.force_login(enforcement.inspector)
    html = _html(client.get(_url("enforcement-worklist")))
    assert _text(html, "totaal-vastleggen") == "1"
    assert f"{_url('inspection-detail', inspection.pk)}#actie-overtreding" in html


def test_staff_without_an_employee_record_is_told_why_and_may_pick_an_inspector(
    client, enforcement, make_user
):
    _planned(enforcement)
    client.force_login(make_user("teamleider"))
    html = _html(client.get(_url("enforcement-worklist")))
    assert "U bent niet als medewerker geregistreerd" in html
    assert 'id="gepland"' not in html

    employee = enforcement.inspector.employee
    html = _html(client.get(_url("enforcement-worklist"), {"toezichthouder": employee.pk}))
    assert f"Werklijst van {employee.full_name}" in html
    assert _text(html, "totaal-gepland") == "1"


def test_a_participant_user_gets_an_explanation_instead_of_a_worklist(client, enforcement):
    client.force_login(enforcement.cases.participant_user)
    response = client.get(_url("enforcement-worklist"))
    assert response.status_code == 200
    assert "De werklijst is er voor de toezichthouders" in _html(response)


# --- inspections -------------------------------------------------------------------------------


def test_the_inspection_list_filters_and_pages(client, enforcement, monkeypatch):
    eindhoven = _planned(enforcement)
    asten = _planned(enforcement, site=enforcement.asten_site)
    enforcement.performed()
    client.force_login(enforcement.inspector)

    html = _html(client.get(_url("inspection-list")))
    assert "3 controles" in html
    for label in ("Deelnemer", "Status", "Controletype", "Toezichthouder", "Zoeken"):
        assert f">{label}</label>" in html

    html = _html(client.get(_url("inspection-list"), {"deelnemer": enforcement.cases.asten.pk}))
    assert "1 controle" in html
    assert asten.identification in html
    assert eindhoven.identification not in html
    html = _html(client.get(_url("inspection-list"), {"status": "uitgevoerd"}))
    assert "1 controle" in html
    html = _html(client.get(_url("inspection-list"), {"zoek": "Varkens"}))
    assert asten.identification in html
    assert "1 controle" in html

    monkeypatch.setattr("grip.web.enforcement.common.PAGE_SIZE", 2)
    html = _html(client.get(_url("inspection-list"), {"controletype": "periodiek"}))
    assert "Pagina 1 van 2" in html
    assert "?controletype=periodiek&amp;pagina=2" in html


def test_planning_an_inspection(client, enforcement):
    client.force_login(enforcement.inspector)
    response = client.get(_url("inspection-create"))
    assert response.status_code == 200
    html = _html(response)
    for label in ("Toezichtobject (identificatie)", "Controletype", "Gepland op", "Checklist"):
        assert label in html
    assert 'hx-get="/zaken/toezichtobjecten/"' in html  # the site picker of the intake

    data = {
        "site": enforcement.site.identification,
        "inspection_type": InspectionType.PERIODIEK,
        "planned_on": "2026-04-15",
        "inspector": enforcement.inspector.employee.pk,
        "checklist": "",
        "cause": "programma",
        "cause_case": "",
        "notes": "",
    }
    refused = client.post(_url("inspection-create"), {**data, "site": "GEEN-OBJECT"})
    assert refused.status_code == 422
    assert "Geen toezichtobject gevonden met identificatie GEEN-OBJECT." in _html(refused)
    assert not Inspection.objects.exists()

    checklist = Inspection._meta.get_field("checklist").related_model.objects.get(
        code="gevaarlijke-stoffen"
    )
    response = client.post(_url("inspection-create"), {**data, "checklist": checklist.pk})
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("inspection-detail", inspection.pk)
    assert inspection.findings.count() == 4
    assert inspection.case.site_id == enforcement.site.pk


def test_a_planned_inspection_is_moved_to_another_day_and_inspector(client, enforcement):
    inspection = _planned(enforcement)
    colleague = staff("toezichthouder").employee
    client.force_login(enforcement.inspector)

    html = _html(client.get(_url("inspection-detail", inspection.pk)))
    planning = re.search(r'id="planning"(.*?)</section>', html, re.S).group(1)
    assert f'action="{_url("inspection-reschedule", inspection.pk)}"' in planning
    assert f'action="{_url("inspection-cancel", inspection.pk)}"' in planning
    assert 'value="2026-03-20"' in planning  # the current day, prefilled

    response = client.post(
        _url("inspection-reschedule", inspection.pk),
        {"verplaatsen-planned_on": "2026-04-20", "verplaatsen-inspector": colleague.pk},
        follow=True,
    )

    assert response.redirect_chain == [
        (f"{_url('inspection-detail', inspection.pk)}#actie-verplaatsen", 302)
    ]
    assert (
        f"Controle {inspection.identification} is gepland op 20 april 2026 bij "
        f"{colleague.full_name}." in _html(response)
    )
    inspection.refresh_from_db()
    assert (inspection.planned_on, inspection.inspector_id) == (
        datetime.date(2026, 4, 20),
        colleague.pk,
    )

    # Only a new day: the inspector stays.
    client.post(
        _url("inspection-reschedule", inspection.pk),
        {"verplaatsen-planned_on": "2026-04-22", "verplaatsen-inspector": ""},
    )
    inspection.refresh_from_db()
    assert (inspection.planned_on, inspection.inspector_id) == (
        datetime.date(2026, 4, 22),
        colleague.pk,
    )


def test_cancelling_needs_a_reason_and_a_cancelled_inspection_is_not_moved(client, enforcement):
    inspection = _planned(enforcement)
    client.force_login(enforcement.inspector)
    audits = AuditRecord.objects.count()

    refused = client.post(_url("inspection-cancel", inspection.pk), {"vervallen-reason": " "})

    assert refused.status_code == 422
    html = _html(refused)
    assert _text(html, "id_vervallen-reason-fout") == "Geef de reden."
    assert 'href="#actie-vervallen"' in html
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.GEPLAND
    assert AuditRecord.objects.count() == audits

    response = client.post(
        _url("inspection-cancel", inspection.pk),
        {"vervallen-reason": "Bedrijf is per 1 april gesloten"},
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.VERVALLEN
    assert inspection.notes.endswith("Bedrijf is per 1 april gesloten")
    html = _html(client.get(_url("inspection-detail", inspection.pk)))
    assert _text(html, "controle-status") == "vervallen"
    assert 'id="planning"' not in html
    assert "opslaan</button>" not in html
    audits = AuditRecord.objects.count()

    # A page still open elsewhere: the service refuses, and says why above the page.
    refused = client.post(
        _url("inspection-reschedule", inspection.pk),
        {"verplaatsen-planned_on": "2026-04-20", "verplaatsen-inspector": ""},
    )
    assert refused.status_code == 409
    assert _text(_html(refused), "foutmelding") == (
        "Dit is niet gelukt; er is niets gewijzigd. Deze controle is vervallen."
    )
    inspection.refresh_from_db()
    assert inspection.planned_on == datetime.date(2026, 3, 20)
    assert AuditRecord.objects.count() == audits


def test_a_participant_user_may_not_move_or_cancel_an_inspection(client, enforcement):
    inspection = _planned(enforcement)
    client.force_login(enforcement.cases.participant_user)

    html = _html(client.get(_url("inspection-detail", inspection.pk)))
    assert 'id="planning"' not in html
    moved = client.post(
        _url("inspection-reschedule", inspection.pk), {"verplaatsen-planned_on": "2026-04-20"}
    )
    cancelled = client.post(_url("inspection-cancel", inspection.pk), {"vervallen-reason": "X"})

    assert (moved.status_code, cancelled.status_code) == (403, 403)
    inspection.refresh_from_db()
    assert (inspection.status, inspection.planned_on) == (
        InspectionStatus.GEPLAND,
        datetime.date(2026, 3, 20),
    )


def test_the_planned_inspection_is_a_tablet_form_with_a_matrix_picker_per_finding(
    client, enforcement
):
    inspection = _planned(enforcement)
    findings = list(inspection.findings.order_by("number"))
    client.force_login(enforcement.inspector)

    response = client.get(_url("inspection-detail", inspection.pk))

    assert response.status_code == 200
    html = _html(response)
    assert len(findings) == 4
    for finding in findings:
        prefix = f"bevinding-{finding.pk}"
        assert html.count(f'name="{prefix}-position"') == 16
        assert html.count(f'name="{prefix}-result"') == 5
        assert f'hx-post="{_url("finding-record", finding.pk)}"' in html
        assert f'action="{_url("finding-record", finding.pk)}"' in html
        assert f"Bevinding {finding.number} opslaan" in html
    card = re.search(rf'id="bevinding-{findings[0].pk}"(.*?)</article>', html, re.S).group(1)
    assert 'role="radiogroup"' in card
    # The matrix as the LHSO draws it: gevolg 4 on top, gedrag A left; each cell named in full.
    codes = re.findall(r'value="(\d[A-D])"', card)
    assert codes == [f"{c}{b}" for c in "4321" for b in "ABCD"]
    assert "3B: gevolg 3 van belang, gedrag B onverschillig" in card
    assert 'class="grip-touch"' in card
    assert "voorschriften nageleefd" in card
    assert "Controle afronden" in html
    assert "Bevinding toevoegen" in html


def test_a_finding_not_met_without_a_cell_shows_the_services_error_at_the_picker(
    client, enforcement
):
    inspection = _planned(enforcement)
    finding = inspection.findings.get(number=1)
    client.force_login(enforcement.inspector)
    data = {f"bevinding-{finding.pk}-result": "niet_akkoord"}

    response = client.post(_url("finding-record", finding.pk), data)

    assert response.status_code == 422
    html = _html(response)
    assert _text(html, f"id_bevinding-{finding.pk}-position-fout") == (
        "Een bevinding 'niet akkoord' krijgt een gevolg (1-4)."
    )
    assert 'href="#bevinding-' in html  # the summary links to the card
    finding.refresh_from_db()
    assert (finding.result, finding.consequence) == ("", None)

    # With htmx the card comes back in place, with the same sentence.
    card = client.post(_url("finding-record", finding.pk), data, HTTP_HX_REQUEST="true")
    assert card.status_code == 200
    assert "<html" not in _html(card)
    assert "krijgt een gevolg (1-4)." in _html(card)


def test_a_finding_is_saved_with_htmx_and_without_script(client, enforcement):
    inspection = _planned(enforcement)
    first, second = inspection.findings.order_by("number")[:2]
    client.force_login(enforcement.inspector)

    card = client.post(
        _url("finding-record", first.pk),
        {
            f"bevinding-{first.pk}-result": "niet_akkoord",
            f"bevinding-{first.pk}-position": "2B",
            f"bevinding-{first.pk}-remarks": "Lekbak ontbreekt",
        },
        HTTP_HX_REQUEST="true",
    )
    assert card.status_code == 200
    html = _html(card)
    assert html.lstrip().startswith(
        f'<article class="grip-finding grip-finding--not-met" id="bevinding-{first.pk}"'
    )
    assert "Opgeslagen: niet akkoord, voorschriften overtreden (2B)" in html
    assert 'value="2B" checked' in html
    first.refresh_from_db()
    assert (first.result, first.consequence, first.behaviour, first.remarks) == (
        FindingResult.NIET_AKKOORD,
        2,
        "B",
        "Lekbak ontbreekt",
    )

    response = client.post(
        _url("finding-record", second.pk), {f"bevinding-{second.pk}-result": "nageleefd"}
    )
    assert response.status_code == 302
    assert (
        response["Location"] == f"{_url('inspection-detail', inspection.pk)}#bevinding-{second.pk}"
    )
    second.refresh_from_db()
    assert second.result == FindingResult.NAGELEEFD


def test_adding_a_finding_and_completing_the_inspection(client, enforcement):
    inspection = _planned(enforcement)
    client.force_login(enforcement.inspector)
    subject = Finding._meta.get_field("subject").related_model.objects.get(code="geluid")

    response = client.post(
        _url("inspection-finding-add", inspection.pk),
        {
            "bevinding-toevoegen-subject": subject.pk,
            "bevinding-toevoegen-point": "Compressor draait 's nachts",
            "bevinding-toevoegen-rule": "Bal: geluid",
        },
    )
    assert response.status_code == 302
    assert inspection.findings.count() == 5

    refused = client.post(
        _url("inspection-complete", inspection.pk),
        {"afronden-performed_on": "2026-03-20", "afronden-notes": ""},
    )
    assert refused.status_code == 422
    assert "Bevinding 1, 2, 3, 4, 5 heeft nog geen resultaat." in _html(refused)
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.GEPLAND

    for finding in inspection.findings.all():
        services.finding_record(
            actor=enforcement.inspector, finding=finding, result=FindingResult.NAGELEEFD
        )
    response = client.post(
        _url("inspection-complete", inspection.pk),
        {"afronden-performed_on": "2026-03-20", "afronden-notes": "Alles in orde"},
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert (inspection.status, inspection.performed_on, inspection.notes) == (
        InspectionStatus.UITGEVOERD,
        datetime.date(2026, 3, 20),
        "Alles in orde",
    )
    html = _html(client.get(_url("inspection-detail", inspection.pk)))
    assert "Bij deze controle zijn geen overtredingen geconstateerd." in html
    assert "Bevinding 1 opslaan" not in html  # performed: read only


def test_recording_a_violation_shows_recidivism_advice_and_needs_a_reason_to_reposition(
    client, enforcement
):
    earlier = enforcement.violation()  # Bal art. 2.11 on 2 March
    inspection = enforcement.performed(
        not_met={1: "2B", 3: "1A"}, performed_on=datetime.date(2026, 3, 20)
    )
    client.force_login(enforcement.inspector)

    html = _html(client.get(_url("inspection-detail", inspection.pk)))

    advice = _text(html, "recidive-advies")
    assert (
        f"dezelfde regel is op 2 maart 2026 op dit object overtreden ({earlier.identification})"
        in advice
    )
    assert "van B onverschillig naar C calculerend" in advice
    form = re.search(r'id="actie-overtreding"(.*?)</form>', html, re.S).group(1)
    assert 'value="Bal art. 2.11"' in form  # the rule prefilled from the findings
    assert "Zoals de bevindingen: 2B" in form  # the worst of 2B and 1A

    data = {
        "overtreding-findings": [f.pk for f in inspection.findings.filter(result="niet_akkoord")],
        "overtreding-nature": "Opnieuw geen maatregelen tegen stof",
        "overtreding-rule": "Bal art. 2.11",
        "overtreding-observed_on": "2026-03-20",
        "overtreding-position": "2C",
        "overtreding-positioning_reason": "",
        "overtreding-positioning_explanation": "",
        "overtreding-enforce": "ja",
        "overtreding-no_enforcement_reason": "",
        "overtreding-strategy_kind": "",
    }
    refused = client.post(_url("violation-record", inspection.pk), data)
    assert refused.status_code == 422
    assert _text(_html(refused), "id_overtreding-positioning_reason-fout") == (
        "De positie 2C wijkt af van de bevinding (2B): geef de reden en licht die toe."
    )
    assert Violation.objects.count() == 1

    data.update(
        {
            "overtreding-positioning_reason": "recidive",
            "overtreding-positioning_explanation": "Tweede keer binnen een maand",
        }
    )
    response = client.post(_url("violation-record", inspection.pk), data)
    violation = Violation.objects.exclude(pk=earlier.pk).get()
    assert response.status_code == 302
    assert response["Location"] == f"{_url('violation-detail', violation.pk)}#actie-overtreding"
    assert (violation.position, violation.positioning_reason, violation.recidivism_of_id) == (
        "2C",
        "recidive",
        earlier.pk,
    )


# --- violations --------------------------------------------------------------------------------


def test_the_violation_page_shows_the_proposal_of_its_cell_and_the_ladder(client, enforcement):
    violation = enforcement.violation()
    client.force_login(enforcement.inspector)

    response = client.get(_url("violation-detail", violation.pk))

    assert response.status_code == 200
    html = _html(response)
    assert _text(html, "positie").startswith("2B")
    assert _text(html, "voorstel-eerste") == "Eerste interventie volgens de strategie: waarschuwing"
    administrative = _text(html, "voorstel-bestuursrechtelijk")
    assert administrative == (
        "waarschuwing (eerste interventie) eis last onder dwangsom last onder bestuursdwang"
    )
    assert _text(html, "voorstel-strafrechtelijk") == "geen"
    assert _text(html, "voorstel-termijn") == "21 dagen: herstellen uiterlijk 23 maart 2026"
    assert _text(html, "voorstel-om") == "nee"
    ladder = re.search(r'<ol class="grip-ladder" id="ladder">(.*?)</ol>', html, re.S).group(1)
    rungs = re.findall(r'class="grip-ladder__rung grip-ladder__rung--(\w+)"', ladder)
    assert rungs == ["volgende", "open", "open", "open", "open"]
    names = [" ".join(n.split()) for n in re.findall(r'grip-ladder__name">(.*?)<', ladder)]
    assert names == [
        "Waarschuwing",
        "Voornemen tot handhaving (zienswijze)",
        "Hercontrole",
        "Last onder dwangsom of bestuursdwang met begunstigingstermijn",
        "Dwangsommen verbeurd en ingevorderd",
    ]
    assert 'aria-current="step"' in ladder
    assert "Eerste stap volgens cel 2B: waarschuwing." in _text(html, "volgende-stap-uitleg")
    # The instrument list puts the cell's instruments first, marked, and the first one chosen.
    select = re.search(r'<select name="maatregel-instrument".*?</select>', html, re.S).group(0)
    assert '<optgroup label="Volgens de strategie (cel 2B)">' in select
    assert re.search(r"selected>waarschuwing — volgens strategie, eerste interventie<", select)
    assert "Buiten cel 2B: reden verplicht" in select
    assert 'data-outside="ja"' in select
    assert 'data-penalty="ja"' in select


def test_after_a_warning_and_a_failed_reinspection_the_ladder_climbs(client, enforcement):
    violation = enforcement.violation()
    _warning(enforcement, violation)
    enforcement.reinspect(violation, repaired=False)
    client.force_login(enforcement.inspector)
    html = _html(client.get(_url("violation-detail", violation.pk)))
    ladder = re.search(r'id="ladder">(.*?)</ol>', html, re.S).group(1)
    rungs = re.findall(r"grip-ladder__rung--(\w+)", ladder)
    assert rungs == ["gedaan", "volgende", "gedaan", "open", "open"]
    assert "gedaan op 5 maart 2026" in ladder
    assert "was de overtreding niet hersteld" in _text(html, "volgende-stap-uitleg")
    assert violation.reinspections.get().identification in html


def test_imposing_outside_the_cell_without_a_reason_is_refused_and_writes_nothing(
    client, enforcement
):
    violation = enforcement.violation()
    client.force_login(enforcement.inspector)
    audits = AuditRecord.objects.count()

    response = client.post(
        _url("violation-impose", violation.pk), _impose_data("bestuurlijk-gesprek")
    )

    assert response.status_code == 422
    html = _html(response)
    assert _text(html, "id_maatregel-deviation_reason-fout") == (
        "bestuurlijk gesprek valt buiten cel 2B van de strategie; geef de reden van de afwijking."
    )
    assert 'href="#actie-maatregel"' in html
    assert not Measure.objects.exists()
    assert not Inspection.objects.filter(cause_violation=violation).exists()
    assert AuditRecord.objects.count() == audits

    response = client.post(
        _url("violation-impose", violation.pk),
        _impose_data("bestuurlijk-gesprek", deviation_reason="Eigenaar is al in gesprek"),
    )
    measure = Measure.objects.get()
    assert response.status_code == 302
    assert (measure.within_cell, measure.deviation_reason) == (False, "Eigenaar is al in gesprek")


def test_the_jurist_imposes_an_order_subject_to_penalty_signed_under_mandate(client, enforcement):
    violation = enforcement.violation()
    client.force_login(enforcement.jurist)
    penalty = {"penalty_amount": "500", "penalty_unit": "week", "penalty_maximum": "5000"}

    preview = client.post(
        _url("violation-impose", violation.pk),
        {**_impose_data("last-onder-dwangsom", **penalty), "actie": "controleren"},
        HTTP_HX_REQUEST="true",
    )
    assert preview.status_code == 200
    html = _html(preview)
    assert "U mag het besluit 'Last onder dwangsom opleggen' ondertekenen." in _text(
        html, "mandaat-voorbeeld"
    )
    assert "Ondermandaat" in _text(html, "mandaatketen")
    assert not Measure.objects.exists()

    response = client.post(
        _url("violation-impose", violation.pk), _impose_data("last-onder-dwangsom", **penalty)
    )

    measure = Measure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{_url('measure-detail', measure.pk)}#actie-maatregel"
    assert measure.decision is not None
    assert measure.decision.decision_type.code == "last-onder-dwangsom"
    assert (measure.penalty_amount, measure.penalty_unit, measure.penalty_maximum) == (
        Decimal("500.00"),
        "week",
        Decimal("5000.00"),
    )
    assert measure.repair_until == datetime.date(2026, 3, 31)  # 2B: 21 days
    html = _html(client.get(response["Location"]))
    assert _text(html, "dwangsom-maximum") == "€ 5.000,00"
    assert _text(html, "besluit") == (
        "Last onder dwangsom opleggen, 10 maart 2026 ondertekend door "
        f"{enforcement.jurist.get_full_name()} onder mandaat"
    )


def test_an_order_refused_by_the_mandate_shows_the_sentence_and_writes_nothing(client, enforcement):
    violation = enforcement.violation()
    client.force_login(enforcement.inspector)  # a toezichthouder holds no mandate

    response = client.post(
        _url("violation-impose", violation.pk),
        _impose_data(
            "last-onder-dwangsom", penalty_amount="500", penalty_unit="week", penalty_maximum="5000"
        ),
    )

    assert response.status_code == 409
    reason = _text(_html(response), "mandaat-weigering-reden")
    assert "toezichthouder" in reason
    assert "mandaat" in reason
    assert not Measure.objects.exists()
    assert not Decision.objects.exists()


def test_intention_repaired_and_no_enforcement(client, enforcement):
    violation = enforcement.violation()
    client.force_login(enforcement.jurist)

    response = client.post(
        _url("violation-intention", violation.pk),
        {
            "voornemen-instrument": str(instrument("last-onder-dwangsom").pk),
            "voornemen-sent_on": "2026-03-05",
            "voornemen-response_until": "",
            "voornemen-repair_until": "",
            "voornemen-deviation_reason": "",
        },
    )
    assert response.status_code == 302
    intention = violation.intentions.get()
    assert intention.response_until == datetime.date(2026, 3, 19)
    html = _html(client.get(_url("violation-detail", violation.pk)))
    assert "last onder dwangsom" in _text(html, "verloop")

    refused = client.post(
        _url("violation-repaired", violation.pk), {"hersteld-on": "2026-03-25", "hersteld-note": ""}
    )
    assert refused.status_code == 422
    assert _text(_html(refused), "id_hersteld-note-fout") == "Noem waaruit het herstel blijkt."

    response = client.post(
        _url("violation-repaired", violation.pk),
        {"hersteld-on": "2026-03-25", "hersteld-note": "Foto van de nieuwe afzuiging"},
    )
    assert response.status_code == 302
    violation.refresh_from_db()
    assert violation.repaired_on == datetime.date(2026, 3, 25)
    html = _html(client.get(_url("violation-detail", violation.pk)))
    assert "hersteld op 25-3-2026" in html
    assert 'id="actie-maatregel"' not in html  # repaired: nothing left to impose

    other = enforcement.violation()
    response = client.post(
        _url("violation-no-enforcement", other.pk),
        {"niet-handhaven-reason": "Bedrijf is per 1 april gesloten"},
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert (other.enforce, other.no_enforcement_reason) == (
        False,
        "Bedrijf is per 1 april gesloten",
    )


def test_the_penalty_maximum_is_read_as_a_dutch_amount(client, enforcement):
    violation = enforcement.violation()
    client.force_login(enforcement.jurist)

    # 12.500 is twelve thousand five hundred: above the jurist's sub-mandate of € 10.000.
    refused = client.post(
        _url("violation-impose", violation.pk),
        _impose_data(
            "last-onder-dwangsom",
            penalty_amount="€ 250",
            penalty_unit="week",
            penalty_maximum="12.500",
        ),
    )
    assert refused.status_code == 409
    assert "10.000" in _text(_html(refused), "mandaat-weigering-reden")
    assert not Measure.objects.exists()

    response = client.post(
        _url("violation-impose", violation.pk),
        _impose_data(
            "last-onder-dwangsom",
            penalty_amount="€ 250",
            penalty_unit="week",
            penalty_maximum="5.000",
        ),
    )

    assert response.status_code == 302
    measure = Measure.objects.get()
    assert (measure.penalty_amount, measure.penalty_maximum) == (
        Decimal("250.00"),
        Decimal("5000.00"),
    )
    html = _html(client.get(_url("measure-detail", measure.pk)))
    assert _text(html, "dwangsom-maximum") == "€ 5.000,00"


def _intention(enforcement, violation):
    return services.intention_send(
        actor=enforcement.jurist,
        violation=violation,
        instrument=instrument("last-onder-dwangsom"),
        sent_on=datetime.date(2026, 3, 5),
    )


def test_a_response_to_a_notice_of_intent_is_recorded_and_shown(client, enforcement):
    violation = enforcement.violation()
    intention = _intention(enforcement, violation)
    key = f"zienswijze-{intention.pk}"
    url = _url("intention-response", intention.pk)
    client.force_login(enforcement.jurist)

    html = _html(client.get(_url("violation-detail", violation.pk)))
    form = re.search(rf'<form[^>]*id="{key}"(.*?)</form>', html, re.S).group(0)
    assert f'action="{url}"' in form
    assert "Zienswijze vastleggen: last onder dwangsom, verzonden op 5 maart 2026" in form
    assert "Samenvatting van de zienswijze" in form
    assert _text(html, f"{key}-vastgelegd") == "nog niet ontvangen; vastleggen"
    audits = AuditRecord.objects.count()

    refused = client.post(url, {f"{key}-received_on": "2026-03-12", f"{key}-summary": ""})
    assert refused.status_code == 422
    html = _html(refused)
    assert _text(html, f"id_{key}-summary-fout") == "Vat de zienswijze samen."
    assert f'href="#{key}"' in html
    refused = client.post(
        url, {f"{key}-received_on": "2026-04-02", f"{key}-summary": "Meer tijd gevraagd"}
    )
    assert refused.status_code == 422
    assert _text(_html(refused), f"id_{key}-received_on-fout") == (
        "De ontvangstdatum ligt in de toekomst."
    )
    intention.refresh_from_db()
    assert (intention.response_received_on, intention.response_summary) == (None, "")
    assert AuditRecord.objects.count() == audits

    response = client.post(
        url,
        {
            f"{key}-received_on": "2026-03-12",
            f"{key}-summary": "Bedrijf vraagt twee weken meer tijd",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == (
        f"{_url('violation-detail', violation.pk)}#voornemen-{intention.pk}"
    )
    intention.refresh_from_db()
    assert (intention.response_received_on, intention.response_summary) == (
        datetime.date(2026, 3, 12),
        "Bedrijf vraagt twee weken meer tijd",
    )
    html = _html(client.get(_url("violation-detail", violation.pk)))
    assert _text(html, f"{key}-vastgelegd") == (
        "ontvangen op 12-3-2026: Bedrijf vraagt twee weken meer tijd"
    )
    assert f'id="{key}"' not in html  # recorded: no form any more


def test_a_participant_user_may_not_record_a_response(client, enforcement):
    violation = enforcement.violation()
    intention = _intention(enforcement, violation)
    key = f"zienswijze-{intention.pk}"
    client.force_login(enforcement.cases.participant_user)

    html = _html(client.get(_url("violation-detail", violation.pk)))
    assert f'id="{key}"' not in html
    assert _text(html, f"{key}-vastgelegd") == "niet ontvangen"
    response = client.post(
        _url("intention-response", intention.pk),
        {f"{key}-received_on": "2026-03-12", f"{key}-summary": "Van de deelnemer"},
    )

    assert response.status_code == 403
    assert Intention.objects.get().response_received_on is None


def test_the_violation_list_filters(client, enforcement):
    open_one = enforcement.violation()
    repaired = enforcement.violation(nature="Afval niet gescheiden")
    services.violation_repaired(
        actor=enforcement.inspector, violation=repaired, on=datetime.date(2026, 3, 10), note="Foto"
    )
    asten = _asten_violation(enforcement)
    client.force_login(enforcement.inspector)

    html = _html(client.get(_url("violation-list")))
    assert "3 overtredingen" in html
    html = _html(client.get(_url("violation-list"), {"open": "ja"}))
    assert "2 overtredingen" in html
    assert repaired.identification not in html
    html = _html(client.get(_url("violation-list"), {"deelnemer": enforcement.cases.asten.pk}))
    assert asten.identification in html
    assert open_one.identification not in html
    html = _html(client.get(_url("violation-list"), {"zoek": "Afval"}))
    assert "1 overtreding" in html
    assert repaired.identification in html


# --- measures ----------------------------------------------------------------------------------


@pytest.fixture
def order(enforcement):
    violation = enforcement.violation()
    return services.measure_impose(
        actor=enforcement.jurist,
        violations=[violation],
        instrument=instrument("last-onder-dwangsom"),
        imposed_on=datetime.date(2026, 3, 5),
        repair_until=datetime.date(2026, 3, 12),
        penalty_amount=Decimal("500"),
        penalty_unit="week",
        penalty_maximum=Decimal("5000"),
    )


def test_penalties_are_forfeited_and_collected_under_mandate(client, enforcement, order):
    client.force_login(enforcement.jurist)
    html = _html(client.get(_url("measure-detail", order.pk)))
    for label in ("Dwangsom verbeurd", "Status wijzigen", "Bezwaar of beroep vastleggen"):
        assert label in html
    assert _text(html, "dwangsom-bedrag") == "€ 500,00"
    assert _text(html, "dwangsom-eenheid") == "per week"

    refused = client.post(
        _url("measure-forfeit", order.pk), {"verbeurd-amount": "1000", "verbeurd-on": "2026-03-10"}
    )
    assert refused.status_code == 422
    assert _text(_html(refused), "id_verbeurd-on-fout") == (
        "Dwangsommen verbeuren pas na de begunstigingstermijn (12 maart 2026)."
    )

    response = client.post(
        _url("measure-forfeit", order.pk),
        {"verbeurd-amount": "1.000,00", "verbeurd-on": "2026-03-27"},
    )
    assert response.status_code == 302
    response = client.post(
        _url("measure-collect", order.pk),
        {
            "invorderen-amount": "1000",
            "invorderen-decision_date": "2026-03-30",
            "invorderen-summary": "",
        },
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.forfeited_amount, order.collected_amount) == (Decimal("1000"), Decimal("1000"))
    assert order.collection_decision.decision_type.code == "invordering-dwangsom"
    html = _html(client.get(_url("measure-detail", order.pk)))
    assert _text(html, "dwangsom-ingevorderd") == "€ 1.000,00"
    assert 'id="invorderingsbesluit"' in html


def test_appeals_are_lodged_and_decided_and_the_status_changes(client, enforcement, order):
    client.force_login(enforcement.jurist)
    response = client.post(
        _url("measure-appeal-lodge", order.pk),
        {"beroep-stage": "bezwaar", "beroep-lodged_on": "2026-03-20", "beroep-reference": "B-12"},
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    key = f"uitspraak-{appeal.pk}"
    refused = client.post(
        _url("appeal-decide", appeal.pk),
        {f"{key}-decided_on": "2026-03-19", f"{key}-outcome": "in_stand", f"{key}-note": ""},
    )
    assert refused.status_code == 422
    assert "De uitspraak volgt op het indienen." in _html(refused)
    response = client.post(
        _url("appeal-decide", appeal.pk),
        {f"{key}-decided_on": "2026-03-30", f"{key}-outcome": "in_stand", f"{key}-note": ""},
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.outcome == "in_stand"

    refused = client.post(
        _url("measure-status", order.pk),
        {"status-status": "ingetrokken", "status-on": "2026-03-30", "status-reason": ""},
    )
    assert refused.status_code == 422
    assert _text(_html(refused), "id_status-reason-fout") == "Een intrekking heeft een reden."
    response = client.post(
        _url("measure-status", order.pk),
        {"status-status": "uitgevoerd", "status-on": "2026-03-30", "status-reason": ""},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == "uitgevoerd"


def test_the_measure_list_filters(client, enforcement, order):
    warning = _warning(enforcement, enforcement.violation())
    client.force_login(enforcement.inspector)
    html = _html(client.get(_url("measure-list")))
    assert "2 maatregelen" in html
    html = _html(client.get(_url("measure-list"), {"instrument": "waarschuwing"}))
    assert "1 maatregel" in html
    assert warning.identification in html
    assert order.identification not in html


# --- tenancy -----------------------------------------------------------------------------------


def test_a_participant_reads_its_own_and_gets_404_for_another_participants(client, enforcement):
    own = enforcement.violation()
    own_measure = _warning(enforcement, own)
    asten = _asten_violation(enforcement)
    asten_measure = _warning(enforcement, asten)
    client.force_login(enforcement.cases.participant_user)

    for name, pk in (
        ("inspection-detail", own.inspection.pk),
        ("violation-detail", own.pk),
        ("measure-detail", own_measure.pk),
    ):
        response = client.get(_url(name, pk))
        assert response.status_code == 200, name
        assert 'method="post" action="/toezicht/' not in _html(response)  # read only
    for name, pk in (
        ("inspection-detail", asten.inspection.pk),
        ("violation-detail", asten.pk),
        ("measure-detail", asten_measure.pk),
    ):
        assert client.get(_url(name, pk)).status_code == 404, name
    listed = _html(client.get(_url("violation-list")))
    assert own.identification in listed
    assert asten.identification not in listed

    finding = own.inspection.findings.first()
    assert client.post(_url("finding-record", finding.pk), {}).status_code == 403
    assert client.post(_url("violation-impose", own.pk), {}).status_code == 403


# --- the strategy ------------------------------------------------------------------------------


def test_the_strategy_grid_has_sixteen_cells_and_an_adopted_one_cannot_be_edited(
    client, enforcement
):
    strategy = StrategyVersion.objects.get(version="grip-1")
    client.force_login(enforcement.cases.beheerder)

    html = _html(client.get(_url("strategy-detail", strategy.pk)))

    matrix = re.search(
        r'<table class="utrecht-table grip-matrix" id="matrix">(.*?)</table>', html, re.S
    ).group(1)
    cells = re.findall(r'id="cel-(\d[A-D])"', matrix)
    assert cells == [f"{c}{b}" for c in "4321" for b in "ABCD"]
    assert matrix.count('scope="row"') == 4
    assert matrix.count('scope="col"') == 4
    cell_2b = re.search(r'id="cel-2B">(.*?)</td>', matrix, re.S).group(1)
    assert "<strong>waarschuwing</strong>" in cell_2b
    assert "Hersteltermijn 21 dagen" in cell_2b
    assert "OM: afstemmen" in re.search(r'id="cel-2D">(.*?)</td>', matrix, re.S).group(1)
    assert "wijzigen</a>" not in matrix  # adopted: no edit links
    assert "Nieuwe versie" in html
    assert "Vaststellen" not in html

    cell = StrategyCell.objects.get(strategy=strategy, consequence=2, behaviour="B")
    data = {
        "cel-instruments": [instrument("eis").pk],
        "cel-default_instrument": instrument("eis").pk,
        "cel-repair_term_days": "14",
        "cel-prosecutor_consultation": "",
        "cel-guidance": "",
    }
    refused = client.post(_url("strategy-cell-update", strategy.pk, "2B"), data)
    assert refused.status_code == 409
    assert "Een vastgestelde strategie verandert niet meer" in _html(refused)
    cell.refresh_from_db()
    assert (cell.default_instrument.code, cell.repair_term_days) == ("waarschuwing", 21)


def test_a_beheerder_makes_a_draft_edits_a_cell_and_adopts_it(client, enforcement):
    strategy = StrategyVersion.objects.get(version="grip-1")
    client.force_login(enforcement.cases.beheerder)

    response = client.post(
        _url("strategy-draft-create", strategy.pk),
        {"nieuwe-versie-name": "Strategie 2027", "nieuwe-versie-version": "2027-1"},
    )
    draft = StrategyVersion.objects.get(version="2027-1")
    assert response.status_code == 302
    assert response["Location"].startswith(_url("strategy-detail", draft.pk))
    html = _html(client.get(_url("strategy-detail", draft.pk)))
    assert html.count("wijzigen</a>") == 16
    assert "Vaststellen" in html

    url = _url("strategy-cell-update", draft.pk, "2B")
    form = _html(client.get(url))
    assert "Toegestane interventies" in form
    assert "Afstemmen met het Openbaar Ministerie" in form
    data = {
        "cel-instruments": [instrument("eis").pk, instrument("last-onder-dwangsom").pk],
        "cel-default_instrument": instrument("waarschuwing").pk,
        "cel-repair_term_days": "14",
        "cel-guidance": "",
    }
    refused = client.post(url, data)
    assert refused.status_code == 422
    assert _text(_html(refused), "id_cel-default_instrument-fout") == (
        "De eerste interventie is een van de toegestane."
    )
    response = client.post(url, {**data, "cel-default_instrument": instrument("eis").pk})
    assert response.status_code == 302
    cell = StrategyCell.objects.get(strategy=draft, consequence=2, behaviour="B")
    assert (cell.default_instrument.code, cell.repair_term_days) == ("eis", 14)

    response = client.post(
        _url("strategy-adopt", draft.pk),
        {
            "vaststellen-adopted_on": "2026-03-31",
            "vaststellen-valid_from": "2026-05-01",
            "vaststellen-decision_reference": "AB 2026/12",
            "vaststellen-framework_version": "",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.valid_from == datetime.date(2026, 5, 1)


def test_only_a_beheerder_may_change_the_strategy(client, enforcement):
    strategy = StrategyVersion.objects.get(version="grip-1")
    client.force_login(enforcement.inspector)
    html = _html(client.get(_url("strategy-detail", strategy.pk)))
    assert "Nieuwe versie" not in html
    assert 'method="post"' not in html.split("</header>")[1]
    assert client.get(_url("strategy-list")).status_code == 200
    response = client.post(
        _url("strategy-draft-create", strategy.pk),
        {"nieuwe-versie-name": "X", "nieuwe-versie-version": "x-1"},
    )
    assert response.status_code == 403
    assert client.post(_url("strategy-cell-update", strategy.pk, "2B"), {}).status_code == 403
    assert StrategyVersion.objects.count() == 1


# --- the site's and the case's pages -----------------------------------------------------------


def test_the_site_page_shows_its_inspections_and_violations(client, enforcement):
    violation = enforcement.violation()
    enforcement.performed()
    client.force_login(enforcement.inspector)
    html = _html(client.get(_url("site-detail", enforcement.site.pk)))
    assert "Controles en overtredingen" in html
    history = re.search(r'id="controlehistorie">(.*?)</table>', html, re.S).group(1)
    assert history.count("<tr") == 3  # the header and two inspections
    assert "overtreding(en) geconstateerd" in history
    assert "in orde" in history
    assert violation.identification in re.search(
        r'id="overtredingen">(.*?)</table>', html, re.S
    ).group(1)


def test_the_case_page_lists_its_inspections(client, enforcement):
    violation = enforcement.violation()
    _warning(enforcement, violation)
    case = violation.inspection.case
    client.force_login(enforcement.inspector)
    html = _html(client.get(_url("case-detail", case.pk)))
    listed = re.search(r'id="zaakcontroles">(.*?)</ul>', html, re.S).group(1)
    assert violation.inspection.identification in listed
    assert f"hercontrole van {violation.identification}" in listed


# --- query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["inspection-list", "violation-list", "measure-list"])
def test_a_list_costs_the_same_queries_for_more_rows(client, enforcement, name):
    def count():
        client.force_login(enforcement.inspector)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(name)).status_code == 200
        return len(queries)

    _warning(enforcement, enforcement.violation())
    one = count()
    for _ in range(3):
        _warning(enforcement, enforcement.violation())
    assert count() == one


def test_the_worklist_costs_the_same_queries_for_more_inspections(client, enforcement):
    def count():
        client.force_login(enforcement.inspector)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url("enforcement-worklist")).status_code == 200
        return len(queries)

    _warning(enforcement, enforcement.violation())
    one = count()
    for _ in range(3):
        _warning(enforcement, enforcement.violation())
        _planned(enforcement)
    assert count() == one
