"""Supervision and enforcement through the API: an inspection recorded to a violation with its
proposed interventions, a measure outside the cell refused without a reason, an order under
mandate (and refused without one), the strategy frozen once adopted, and tenancy."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from grip.cases.models import Decision
from grip.core.models import AuditRecord
from grip.enforcement import services
from grip.enforcement.constants import FindingResult
from grip.enforcement.models import (
    Appeal,
    Inspection,
    Intention,
    Measure,
    StrategyVersion,
    Violation,
)
from grip.enforcement.tests.factories import INSPECTED_ON, EnforcementWorld, checklist, instrument

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"
API = "/api/v1/enforcement"


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def post(client: APIClient, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, body or {}, format="json")


def written() -> tuple[int, ...]:
    """What a refused write must leave as it was."""
    return (
        Inspection.objects.count(),
        Violation.objects.count(),
        Intention.objects.count(),
        Measure.objects.count(),
        Appeal.objects.count(),
        Decision.objects.count(),
        AuditRecord.objects.count(),
    )


def invalid_names(response: Any) -> list[str]:
    return [param["name"] for param in response.json().get("invalid_params", [])]


def order_body(violation: Violation, **changes: Any) -> dict[str, Any]:
    """A last onder dwangsom against ``violation``, inside cell 2B, within the jurist's € 10.000."""
    return {
        "violations": [violation.pk],
        "instrument": "last-onder-dwangsom",
        "imposed_on": "2026-03-04",
        "penalty_amount": "500.00",
        "penalty_unit": "week",
        "penalty_maximum": "5000.00",
        **changes,
    }


def asten_rows(enforcement: EnforcementWorld) -> tuple[Inspection, Violation, Measure]:
    """An inspection, a violation and a warning (no decision, so no mandate) in Asten."""
    inspection = enforcement.performed(not_met={1: "2B"}, site=enforcement.asten_site)
    violation = services.violation_record(
        actor=enforcement.inspector,
        inspection=inspection,
        findings=list(inspection.findings.filter(result=FindingResult.NIET_AKKOORD)),
        nature="Stof waait over de erfgrens",
    )
    measure = services.measure_impose(
        actor=enforcement.inspector,
        violations=[violation],
        instrument=instrument("waarschuwing"),
        imposed_on=datetime.date(2026, 3, 3),
    )
    return inspection, violation, measure


# --- reference lists and the strategy -----------------------------------------------------------


def test_the_reference_lists_and_the_default_strategy_are_read(
    enforcement: EnforcementWorld,
) -> None:
    client = client_for(enforcement.inspector)

    instruments = client.get(f"{API}/instruments/").json()
    assert instruments["count"] == 14
    order = [row["code"] for row in instruments["results"]]
    lod = next(row for row in instruments["results"] if row["code"] == "last-onder-dwangsom")
    assert (lod["track"], lod["has_penalty"], lod["decision_type_code"]) == (
        "herstel",
        True,
        "last-onder-dwangsom",
    )
    assert order.index("waarschuwing") < order.index("last-onder-dwangsom")  # lightest first
    assert client.get(f"{API}/inspection-subjects/").json()["count"] == 12

    checklists = client.get(f"{API}/checklists/").json()["results"]
    general = next(row for row in checklists if row["code"] == "milieu-algemeen")
    assert len(general["points"]) == 8
    assert general["points"][0] == {
        "position": 1,
        "subject": general["points"][0]["subject"],
        "subject_code": "zorgplicht",
        "subject_name": "zorgplicht",
        "point": "Maatregelen tegen nadelige gevolgen zijn getroffen",
        "rule": "Bal art. 2.11",
    }

    strategies = client.get(f"{API}/strategies/").json()["results"]
    assert [row["version"] for row in strategies] == ["grip-1"]
    strategy = client.get(f"{API}/strategies/{strategies[0]['id']}/").json()
    assert (strategy["strategy_kind"], strategy["is_draft"], strategy["recidivism_months"]) == (
        "LHSO",
        False,
        24,
    )
    assert [cell["code"] for cell in strategy["cells"]][:5] == ["4A", "4B", "4C", "4D", "3A"]
    assert len(strategy["cells"]) == 16
    cell = next(cell for cell in strategy["cells"] if cell["code"] == "2B")
    assert cell == {
        "code": "2B",
        "consequence": 2,
        "behaviour": "B",
        "instruments": [
            "waarschuwing",
            "eis",
            "last-onder-dwangsom",
            "last-onder-bestuursdwang",
        ],
        "default_instrument": "waarschuwing",
        "repair_term_days": 21,
        "prosecutor_consultation": False,
        "guidance": "",
    }
    one = client.get(f"{API}/strategies/{strategy['id']}/cells/4d/").json()
    assert (one["code"], one["prosecutor_consultation"]) == ("4D", True)


def test_the_beheerder_drafts_edits_and_adopts_a_strategy_and_then_it_is_frozen(
    enforcement: EnforcementWorld,
) -> None:
    beheerder = client_for(enforcement.cases.beheerder)
    current = StrategyVersion.objects.get(version="grip-1")

    # An adopted version's cell does not change: 409, and nothing written.
    before = written()
    frozen = beheerder.put(
        f"{API}/strategies/{current.pk}/cells/3B/",
        {
            "instruments": ["waarschuwing", "last-onder-dwangsom"],
            "default_instrument": "waarschuwing",
            "repair_term_days": 14,
            "prosecutor_consultation": False,
        },
        format="json",
    )
    assert frozen.status_code == 409, frozen.content
    assert frozen["Content-Type"] == PROBLEM
    assert frozen.json()["code"] == "strategy_adopted"
    assert written() == before
    assert current.cells.get(consequence=3, behaviour="B").default_instrument.code == (
        "last-onder-dwangsom"
    )

    # An inspector does not draft strategies.
    refused = post(
        client_for(enforcement.inspector),
        f"{API}/strategies/",
        {"based_on": current.pk, "name": "Strategie 2027", "version": "2027"},
    )
    assert refused.status_code == 403

    created = post(
        beheerder,
        f"{API}/strategies/",
        {"based_on": current.pk, "name": "Strategie 2027", "version": "2027"},
    )
    assert created.status_code == 201, created.content
    draft = created.json()
    assert (draft["is_draft"], draft["adopted_on"], len(draft["cells"])) == (True, None, 16)

    changed = beheerder.patch(
        f"{API}/strategies/{draft['id']}/cells/3B/",
        {"default_instrument": "waarschuwing", "repair_term_days": 28},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["default_instrument"], changed.json()["repair_term_days"]) == (
        "waarschuwing",
        28,
    )
    outside = beheerder.patch(
        f"{API}/strategies/{draft['id']}/cells/3B/",
        {"default_instrument": "strafrechtelijk", "instruments": ["waarschuwing"]},
        format="json",
    )
    assert outside.status_code == 400
    assert invalid_names(outside) == ["default_instrument"]

    renamed = beheerder.patch(
        f"{API}/strategies/{draft['id']}/",
        {"name": "Handhavingsstrategie 2027", "recidivism_months": 36},
        format="json",
    )
    assert renamed.status_code == 200, renamed.content
    assert (renamed.json()["name"], renamed.json()["recidivism_months"]) == (
        "Handhavingsstrategie 2027",
        36,
    )

    adopted = post(
        beheerder,
        f"{API}/strategies/{draft['id']}/adopt/",
        {
            "adopted_on": "2026-06-01",
            "valid_from": "2026-07-01",
            "decision_reference": "AB 2026/12",
        },
    )
    assert adopted.status_code == 200, adopted.content
    assert (adopted.json()["is_draft"], adopted.json()["valid_from"]) == (False, "2026-07-01")
    current.refresh_from_db()
    assert current.valid_to == datetime.date(2026, 6, 30)
    again = beheerder.patch(
        f"{API}/strategies/{draft['id']}/cells/3B/", {"repair_term_days": 7}, format="json"
    )
    assert again.status_code == 409
    assert again.json()["code"] == "strategy_adopted"


# --- an inspection to a violation ---------------------------------------------------------------


def test_an_inspector_records_an_inspection_and_a_violation_with_its_proposal(
    enforcement: EnforcementWorld,
) -> None:
    inspector = client_for(enforcement.inspector)

    created = post(
        inspector,
        f"{API}/inspections/",
        {
            "site": enforcement.site.pk,
            "inspection_type": "periodiek",
            "planned_on": INSPECTED_ON.isoformat(),
            "inspector": enforcement.inspector.employee.pk,
            "checklist": checklist().pk,
        },
    )
    assert created.status_code == 201, created.content
    inspection = created.json()
    assert inspection["identification"] == "C-2026-000001"
    assert (inspection["status"], inspection["participant_code"], inspection["site_name"]) == (
        "gepland",
        "GM0772",
        "Metaalbewerking De Vonk",
    )
    assert inspection["case_identification"].startswith("Z-2026-")
    findings = inspection["findings"]
    assert [(f["number"], f["result"], f["position"]) for f in findings] == [
        (n, "", "") for n in range(1, 9)
    ]

    # Completing before every finding has a result is refused, naming what is missing.
    early = post(
        inspector, f"{API}/inspections/{inspection['id']}/complete/", {"performed_on": "2026-03-02"}
    )
    assert early.status_code == 400
    assert (early.json()["code"], invalid_names(early)) == ("finding_without_result", ["findings"])

    # A point the checklist did not have, then every result; the first is not met at 2B.
    extra = post(
        inspector,
        f"{API}/inspections/{inspection['id']}/findings/",
        {
            "subject": findings[0]["subject"],
            "point": "Stofafzuiging werkt",
            "rule": "Bal art. 2.11",
        },
    )
    assert extra.status_code == 201, extra.content
    assert extra.json()["number"] == 9
    for finding in [*findings, extra.json()]:
        body: dict[str, Any] = {"result": "nageleefd"}
        if finding["number"] == 1:
            body = {"result": "niet_akkoord", "consequence": 2, "behaviour": "B", "remarks": "Stof"}
        recorded = inspector.patch(f"{API}/findings/{finding['id']}/", body, format="json")
        assert recorded.status_code == 200, recorded.content
    without_position = inspector.patch(
        f"{API}/findings/{findings[1]['id']}/", {"result": "niet_akkoord"}, format="json"
    )
    assert without_position.status_code == 400
    assert invalid_names(without_position) == ["consequence"]
    remark = inspector.patch(
        f"{API}/findings/{findings[1]['id']}/", {"remarks": "Bodem netjes"}, format="json"
    )
    assert remark.status_code == 200, remark.content
    assert (remark.json()["result"], remark.json()["remarks"]) == ("nageleefd", "Bodem netjes")

    completed = post(
        inspector,
        f"{API}/inspections/{inspection['id']}/complete/",
        {"performed_on": "2026-03-02", "notes": "Rondgang met de bedrijfsleider."},
    )
    assert completed.status_code == 200, completed.content
    done = completed.json()
    assert (done["status"], done["performed_on"]) == ("uitgevoerd", "2026-03-02")
    first = done["findings"][0]
    assert (first["result"], first["position"], first["remarks"]) == ("niet_akkoord", "2B", "Stof")

    recorded = post(
        inspector,
        f"{API}/violations/",
        {
            "inspection": inspection["id"],
            "findings": [first["id"]],
            "nature": "Geen maatregelen tegen verspreiding van stof",
        },
    )
    assert recorded.status_code == 201, recorded.content
    violation = recorded.json()
    assert violation["identification"] == "O-2026-000001"
    assert (violation["position"], violation["rule"], violation["strategy_version"]) == (
        "2B",
        "Bal art. 2.11",
        "grip-1",
    )
    assert (violation["observed_on"], violation["strategy_kind"]) == ("2026-03-02", "LHSO")
    assert violation["findings"] == [first["id"]]

    # The decision support: cell 2B proposes a warning with 21 days to repair.
    advice = violation["advice"]
    proposal = advice["proposal"]
    assert (proposal["cell"], proposal["default_instrument"]["code"]) == ("2B", "waarschuwing")
    assert [i["code"] for i in proposal["administrative"]] == [
        "waarschuwing",
        "eis",
        "last-onder-dwangsom",
        "last-onder-bestuursdwang",
    ]
    assert proposal["criminal"] == []
    assert (proposal["repair_term_days"], proposal["repair_until"]) == (21, "2026-03-23")
    assert proposal["prosecutor_consultation"] is False
    assert proposal["explanation"][0].startswith("Cel 2B van ")
    assert advice["recidivism"] is None
    assert advice["next_step"]["rung"] == "waarschuwing"
    assert [i["code"] for i in advice["next_step"]["instruments"]] == ["waarschuwing", "eis"]
    assert [(r["rung"], r["state"]) for r in advice["ladder"]] == [
        ("waarschuwing", "volgende"),
        ("voornemen", "open"),
        ("hercontrole", "open"),
        ("last", "open"),
        ("invordering", "open"),
    ]
    assert (violation["measures"], violation["intentions"], violation["reinspections"]) == (
        [],
        [],
        [],
    )

    # The lists find them by their filters.
    performed = inspector.get(f"{API}/inspections/?status=uitgevoerd&site={enforcement.site.pk}")
    assert [row["id"] for row in performed.json()["results"]] == [inspection["id"]]
    assert inspector.get(f"{API}/inspections/?status=gepland").json()["results"] == []
    assert inspector.get(f"{API}/inspections/?status=klaar").status_code == 400
    open_ones = inspector.get(f"{API}/violations/?open=true").json()["results"]
    assert [row["identification"] for row in open_ones] == ["O-2026-000001"]
    assert "advice" not in open_ones[0]  # the list stays lean; the detail advises


def test_recidivism_is_shown_with_its_explanation(enforcement: EnforcementWorld) -> None:
    enforcement.violation(performed_on=datetime.date(2025, 6, 2))
    again = enforcement.violation(position="2B")
    advice = client_for(enforcement.inspector).get(f"{API}/violations/{again.pk}/").json()["advice"]
    recidivism = advice["recidivism"]
    assert recidivism is not None
    assert (recidivism["behaviour_from"], recidivism["behaviour_to"], recidivism["raises"]) == (
        "B",
        "C",
        True,
    )
    assert recidivism["prior"]["observed_on"] == "2025-06-02"
    assert recidivism["explanation"].startswith("Recidive: ")


def test_a_violation_is_repositioned_decided_and_sent_a_notice(
    enforcement: EnforcementWorld,
) -> None:
    violation = enforcement.violation()
    inspector = client_for(enforcement.inspector)
    url = f"{API}/violations/{violation.pk}"

    no_reason = post(inspector, f"{url}/reposition/", {"consequence": 3, "behaviour": "B"})
    assert no_reason.status_code == 400
    assert set(invalid_names(no_reason)) == {"positioning_reason", "positioning_explanation"}
    moved = post(
        inspector,
        f"{url}/reposition/",
        {
            "consequence": 3,
            "behaviour": "B",
            "positioning_reason": "verzwarend",
            "positioning_explanation": "Woningen op twintig meter.",
        },
    )
    assert moved.status_code == 200, moved.content
    assert (moved.json()["position"], moved.json()["advice"]["proposal"]["cell"]) == ("3B", "3B")

    notice = post(
        client_for(enforcement.jurist),
        f"{url}/intentions/",
        {"instrument": "last-onder-dwangsom", "sent_on": "2026-03-05"},
    )
    assert notice.status_code == 201, notice.content
    assert (notice.json()["instrument"], notice.json()["response_until"]) == (
        "last-onder-dwangsom",
        "2026-03-19",
    )
    detail = inspector.get(f"{url}/").json()
    assert [row["id"] for row in detail["intentions"]] == [notice.json()["id"]]
    assert [row["inspection_status"] for row in detail["reinspections"]] == ["gepland"]
    assert next(r for r in detail["advice"]["ladder"] if r["rung"] == "voornemen")["state"] == (
        "gedaan"
    )
    response = post(
        inspector,
        f"{API}/intentions/{notice.json()['id']}/response/",
        {"received_on": "2026-03-15", "summary": "Het bedrijf vraagt meer tijd."},
    )
    assert response.status_code == 200, response.content
    assert response.json()["response_received_on"] == "2026-03-15"

    # After a step the position is fixed.
    late = post(
        inspector,
        f"{url}/reposition/",
        {
            "consequence": 2,
            "behaviour": "B",
            "positioning_reason": "verzachtend",
            "positioning_explanation": "Toch minder erg.",
        },
    )
    assert (late.status_code, late.json()["code"]) == (409, "violation_has_steps")

    repaired = post(
        inspector, f"{url}/repaired/", {"on": "2026-03-20", "note": "Foto van de stofafzuiging."}
    )
    assert repaired.status_code == 200, repaired.content
    body = repaired.json()
    assert body["repaired_on"] == "2026-03-20"
    assert body["advice"]["next_step"]["rung"] is None
    assert [row["inspection_status"] for row in body["reinspections"]] == ["vervallen"]

    other = enforcement.violation(position="1A")
    decided = post(inspector, f"{API}/violations/{other.pk}/no-enforcement/", {"reason": "Gedoogd"})
    assert decided.status_code == 200, decided.content
    assert (decided.json()["enforce"], decided.json()["no_enforcement_reason"]) == (
        False,
        "Gedoogd",
    )


# --- measures -----------------------------------------------------------------------------------


def test_a_measure_outside_the_cell_without_a_reason_is_refused_and_writes_nothing(
    enforcement: EnforcementWorld,
) -> None:
    violation = enforcement.violation(position="2B")
    before = written()

    refused = post(
        client_for(enforcement.jurist),
        f"{API}/measures/",
        {
            "violations": [violation.pk],
            "instrument": "exploitatieverbod",
            "imposed_on": "2026-03-04",
        },
    )

    assert refused.status_code == 400, refused.content
    assert refused["Content-Type"] == PROBLEM
    problem = refused.json()
    assert problem["code"] == "deviation_reason_required"
    assert invalid_names(refused) == ["deviation_reason"]
    assert "2B" in problem["detail"]
    assert written() == before


def test_the_jurist_imposes_an_order_under_mandate(enforcement: EnforcementWorld) -> None:
    violation = enforcement.violation(position="2B")
    jurist = client_for(enforcement.jurist)

    imposed = post(jurist, f"{API}/measures/", order_body(violation))

    assert imposed.status_code == 201, imposed.content
    measure = imposed.json()
    assert measure["decision"] is not None
    decision = Decision.objects.get(pk=measure["decision"])
    assert (decision.decision_type.code, decision.case_id) == (
        "last-onder-dwangsom",
        violation.inspection.case_id,
    )
    assert (measure["identification"], measure["status"], measure["within_cell"]) == (
        "H-2026-000001",
        "opgelegd",
        True,
    )
    assert (measure["penalty_amount"], measure["penalty_unit"], measure["penalty_maximum"]) == (
        "500.00",
        "week",
        "5000.00",
    )
    assert (measure["repair_until"], measure["violations"]) == ("2026-03-25", [violation.pk])
    # The re-inspection is planned at the end of the grace period.
    detail = jurist.get(f"{API}/violations/{violation.pk}/").json()
    assert [row["identification"] for row in detail["measures"]] == ["H-2026-000001"]
    assert [row["planned_on"] for row in detail["reinspections"]] == ["2026-03-25"]
    assert (
        jurist.get(f"{API}/measures/?instrument=last-onder-dwangsom").json()["results"][0]["id"]
        == measure["id"]
    )
    assert jurist.get(f"{API}/measures/?status=uitgevoerd").json()["results"] == []

    # Penalties forfeit after the grace period; appeals are lodged and decided once.
    url = f"{API}/measures/{measure['id']}"
    early = post(jurist, f"{url}/forfeit/", {"amount": "500.00", "on": "2026-03-20"})
    assert (early.status_code, invalid_names(early)) == (400, ["on"])
    forfeited = post(jurist, f"{url}/forfeit/", {"amount": "500.00", "on": "2026-04-02"})
    assert forfeited.status_code == 200, forfeited.content
    assert (forfeited.json()["forfeited_amount"], forfeited.json()["forfeited_on"]) == (
        "500.00",
        "2026-04-02",
    )
    lodged = post(jurist, f"{url}/appeals/", {"stage": "bezwaar", "lodged_on": "2026-03-20"})
    assert lodged.status_code == 201, lodged.content
    appeal = lodged.json()
    assert (appeal["stage"], appeal["outcome"], appeal["measure"]) == (
        "bezwaar",
        "lopend",
        measure["id"],
    )
    decided = post(
        jurist,
        f"{API}/appeals/{appeal['id']}/decide/",
        {"decided_on": "2026-05-01", "outcome": "in_stand"},
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["outcome"] == "in_stand"
    twice = post(
        jurist,
        f"{API}/appeals/{appeal['id']}/decide/",
        {"decided_on": "2026-05-02", "outcome": "vernietigd"},
    )
    assert (twice.status_code, twice.json()["code"]) == (409, "already_decided")
    assert [row["outcome"] for row in jurist.get(f"{url}/").json()["appeals"]] == ["in_stand"]

    # Withdrawing needs a reason; an illegal step is a 409.
    no_reason = post(jurist, f"{url}/status/", {"to_status": "ingetrokken", "on": "2026-05-02"})
    assert (no_reason.status_code, invalid_names(no_reason)) == (400, ["reason"])
    done = post(jurist, f"{url}/status/", {"to_status": "uitgevoerd", "on": "2026-05-02"})
    assert (done.status_code, done.json()["status"]) == (200, "uitgevoerd")
    after = post(jurist, f"{url}/status/", {"to_status": "in_uitvoering", "on": "2026-05-03"})
    assert (after.status_code, after.json()["code"]) == (409, "illegal_transition")


def test_without_a_mandate_the_order_is_refused_and_nothing_is_written(
    enforcement: EnforcementWorld,
) -> None:
    violation = enforcement.violation(position="2B")
    before = written()

    refused = post(client_for(enforcement.inspector), f"{API}/measures/", order_body(violation))

    assert refused.status_code == 409, refused.content
    assert refused["Content-Type"] == PROBLEM
    assert refused.json()["code"] == "mandate_refused"
    assert refused.json()["detail"]
    assert written() == before


# --- the work list ------------------------------------------------------------------------------


def test_the_re_inspection_appears_on_the_inspectors_work_list(
    enforcement: EnforcementWorld,
) -> None:
    violation = enforcement.violation(position="2B")
    services.measure_impose(
        actor=enforcement.inspector,
        violations=[violation],
        instrument=instrument("waarschuwing"),
        imposed_on=datetime.date(2026, 3, 3),
    )
    planned = violation.reinspections.get()

    mine = client_for(enforcement.inspector).get(f"{API}/worklist/")

    assert mine.status_code == 200, mine.content
    body = mine.json()
    assert body["inspector"] == enforcement.inspector.employee.pk
    assert [(i["inspection"]["id"], i["overdue"]) for i in body["inspections"]] == [
        (planned.pk, True)  # planned on 24 March 2026, before today
    ]
    reinspection = body["inspections"][0]["inspection"]
    assert (reinspection["inspection_type"], reinspection["cause_violation"]) == (
        "hercontrole",
        violation.pk,
    )
    assert body["open_violations"] == 1
    assert body["to_record"] == []
    # Someone else's list, by its inspector's id; a participant user has none of its own.
    jurist = client_for(enforcement.jurist)
    assert jurist.get(f"{API}/worklist/").json()["inspections"] == []
    theirs = jurist.get(f"{API}/worklist/?inspector={enforcement.inspector.employee.pk}").json()
    assert [i["inspection"]["id"] for i in theirs["inspections"]] == [planned.pk]
    participant = client_for(enforcement.cases.participant_user).get(f"{API}/worklist/").json()
    assert (participant["inspector"], participant["inspections"]) == (None, [])


# --- tenancy and authorisation ------------------------------------------------------------------


def test_a_participant_user_sees_only_its_own_supervision(enforcement: EnforcementWorld) -> None:
    eindhoven_violation = enforcement.violation()
    eindhoven_measure = services.measure_impose(
        actor=enforcement.inspector,
        violations=[eindhoven_violation],
        instrument=instrument("waarschuwing"),
        imposed_on=datetime.date(2026, 3, 3),
    )
    asten_inspection, asten_violation, asten_measure = asten_rows(enforcement)
    client = client_for(enforcement.cases.participant_user)  # Eindhoven

    for resource, own, other in (
        ("inspections", eindhoven_violation.inspection_id, asten_inspection.pk),
        ("violations", eindhoven_violation.pk, asten_violation.pk),
        ("measures", eindhoven_measure.pk, asten_measure.pk),
    ):
        assert client.get(f"{API}/{resource}/{own}/").status_code == 200
        hidden = client.get(f"{API}/{resource}/{other}/")
        assert hidden.status_code == 404, resource
        assert hidden["Content-Type"] == PROBLEM
        listed = client.get(f"{API}/{resource}/").json()["results"]
        assert other not in [row["id"] for row in listed], resource
        assert own in [row["id"] for row in listed], resource
        assert {row["participant"] for row in listed} == {enforcement.cases.eindhoven.pk}
        # Asking for Asten's rows by filter answers nothing, not an error.
        by_filter = client.get(f"{API}/{resource}/?participant={enforcement.cases.asten.pk}")
        assert by_filter.json()["results"] == []
    finding = asten_inspection.findings.first()
    assert finding is not None
    assert client.get(f"{API}/findings/{finding.pk}/").status_code == 404
    # Staff see both participants.
    staff = client_for(enforcement.jurist).get(f"{API}/violations/").json()["results"]
    assert {row["id"] for row in staff} == {eindhoven_violation.pk, asten_violation.pk}

    # A participant user reads; it writes nothing, not even for its own participant.
    before = written()
    for url, body in (
        (
            f"{API}/inspections/",
            {
                "site": enforcement.site.pk,
                "inspection_type": "periodiek",
                "planned_on": "2026-03-02",
                "inspector": enforcement.inspector.employee.pk,
            },
        ),
        (f"{API}/measures/", order_body(eindhoven_violation)),
        (f"{API}/violations/{eindhoven_violation.pk}/no-enforcement/", {"reason": "Nee"}),
    ):
        assert post(client, url, body).status_code == 403, url
    assert written() == before


def test_anonymous_is_refused_and_a_finding_of_another_inspection_too(
    enforcement: EnforcementWorld, api_client: APIClient
) -> None:
    for url in (
        f"{API}/inspections/",
        f"{API}/violations/",
        f"{API}/measures/",
        f"{API}/strategies/",
        f"{API}/instruments/",
        f"{API}/worklist/",
    ):
        response = api_client.get(url)
        assert response.status_code in (401, 403), url
        assert response["Content-Type"] == PROBLEM
    assert post(api_client, f"{API}/measures/", {}).status_code == 401

    # A violation naming a finding of another inspection is refused by the service.
    first = enforcement.performed(not_met={1: "2B"})
    second = enforcement.performed(not_met={1: "3C"})
    before = written()
    mixed = post(
        client_for(enforcement.inspector),
        f"{API}/violations/",
        {
            "inspection": first.pk,
            "findings": [second.findings.get(number=1).pk],
            "nature": "Stof",
        },
    )
    assert (mixed.status_code, mixed.json()["code"]) == (400, "other_inspection")
    assert written() == before


def test_a_list_page_costs_the_same_queries_whatever_its_length(
    enforcement: EnforcementWorld,
) -> None:
    client = client_for(enforcement.inspector)

    def queries() -> dict[str, int]:
        counts = {}
        for resource in ("inspections", "violations", "measures"):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(f"{API}/{resource}/").status_code == 200
            counts[resource] = len(captured)
        return counts

    def one_more() -> None:
        violation = enforcement.violation()
        services.measure_impose(
            actor=enforcement.inspector,
            violations=[violation],
            instrument=instrument("waarschuwing"),
            imposed_on=datetime.date(2026, 3, 3),
        )

    one_more()
    few = queries()
    for _ in range(3):
        one_more()
    assert Measure.objects.count() == 4
    assert queries() == few
