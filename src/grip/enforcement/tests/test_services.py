"""Inspections, findings, violations, interventions and re-inspections through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from grip.cases.constants import CaseStatus
from grip.cases.models import Case, Decision
from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.models import AuditRecord
from grip.enforcement import selectors, services
from grip.enforcement.constants import (
    AppealOutcome,
    AppealStage,
    FindingResult,
    InspectionCause,
    InspectionStatus,
    InspectionType,
    MeasureStatus,
    PenaltyUnit,
    PositioningReason,
    Rung,
)
from grip.enforcement.models import Inspection, Intention, Measure, Violation
from grip.enforcement.tests.factories import INSPECTED_ON, EnforcementWorld, instrument
from grip.mandates.services import MandateRefused

pytestmark = pytest.mark.django_db


# --- inspections --------------------------------------------------------------------------------


def test_an_inspection_is_carried_out_in_a_new_inspection_case(
    enforcement: EnforcementWorld,
) -> None:
    inspection = enforcement.inspection()
    assert inspection.identification == "C-2026-000001"
    assert inspection.status == InspectionStatus.GEPLAND
    assert inspection.participant == enforcement.cases.eindhoven
    case = inspection.case
    assert case.case_type.code == "controle"
    assert (case.site, case.participant) == (enforcement.site, enforcement.cases.eindhoven)
    assert case.assigned_to == enforcement.inspector.employee
    # The checklist's eight points became findings without a result.
    assert list(inspection.findings.values_list("number", "result")) == [
        (n, "") for n in range(1, 9)
    ]


def test_an_inspection_for_an_enforcement_request_follows_on_from_it(
    enforcement: EnforcementWorld,
) -> None:
    request = enforcement.cases.case(
        code="handhavingsverzoek", site=enforcement.site, location_description=""
    )
    inspection = enforcement.inspection(
        cause=InspectionCause.HANDHAVINGSVERZOEK, cause_case=request
    )
    assert inspection.cause_case == request
    assert request in [other for _kind, other in _related(enforcement, inspection.case)]


def _related(enforcement: EnforcementWorld, case: Case) -> list[tuple[str, Case]]:
    from grip.cases.selectors import related_cases_for

    return related_cases_for(user=enforcement.inspector, case=case)


def test_an_inspection_refuses_a_case_of_another_participant(
    enforcement: EnforcementWorld,
) -> None:
    asten_case = enforcement.cases.case(participant=enforcement.cases.asten)
    before = Inspection.objects.count()
    with pytest.raises(DomainError) as refused:
        enforcement.inspection(case=asten_case)
    assert refused.value.code == "other_participant"
    assert Inspection.objects.count() == before


def test_a_participant_user_does_not_inspect(enforcement: EnforcementWorld) -> None:
    with pytest.raises(NotAllowed):
        services.inspection_create(
            actor=enforcement.cases.participant_user,
            site=enforcement.site,
            inspection_type=InspectionType.PERIODIEK,
            planned_on=INSPECTED_ON,
            inspector=enforcement.inspector.employee,
        )


def test_a_finding_not_met_needs_its_position(enforcement: EnforcementWorld) -> None:
    finding = enforcement.inspection().findings.get(number=1)
    with pytest.raises(DomainError) as refused:
        services.finding_record(
            actor=enforcement.inspector, finding=finding, result=FindingResult.NIET_AKKOORD
        )
    assert refused.value.field == "consequence"
    recorded = services.finding_record(
        actor=enforcement.inspector,
        finding=finding,
        result=FindingResult.NAGELEEFD,
        consequence=3,
        behaviour="C",
    )
    assert (recorded.consequence, recorded.behaviour) == (None, "")  # no position when met


def test_an_inspection_completes_only_with_every_result(enforcement: EnforcementWorld) -> None:
    inspection = enforcement.inspection()
    services.finding_record(
        actor=enforcement.inspector,
        finding=inspection.findings.get(number=1),
        result=FindingResult.NAGELEEFD,
    )
    with pytest.raises(DomainError) as refused:
        services.inspection_complete(
            actor=enforcement.inspector, inspection=inspection, performed_on=INSPECTED_ON
        )
    assert "2, 3, 4, 5, 6, 7, 8" in refused.value.message
    assert Inspection.objects.get(pk=inspection.pk).status == InspectionStatus.GEPLAND


def test_a_compliant_inspection_closes_its_case(enforcement: EnforcementWorld) -> None:
    inspection = enforcement.performed()
    assert inspection.status == InspectionStatus.UITGEVOERD
    assert inspection.performed_on == INSPECTED_ON
    case = Case.objects.get(pk=inspection.case_id)
    assert case.status == CaseStatus.AFGEHANDELD
    assert case.closed_on == INSPECTED_ON
    assert list(case.status_history.values_list("status", flat=True)) == [
        CaseStatus.ONTVANGEN,
        CaseStatus.IN_BEHANDELING,
        CaseStatus.AFGEHANDELD,
    ]


def test_the_case_stays_open_until_the_violation_is_repaired(
    enforcement: EnforcementWorld,
) -> None:
    inspection = enforcement.performed(not_met={1: "2B"})
    case = inspection.case
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_BEHANDELING  # a finding waits for its violation
    violation = services.violation_record(
        actor=enforcement.inspector,
        inspection=inspection,
        findings=list(inspection.findings.filter(number=1)),
        nature="Stof",
    )
    enforcement.warn(violation)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_BEHANDELING
    enforcement.reinspect(violation, repaired=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.AFGEHANDELD
    assert case.closed_on == datetime.date(2026, 3, 24)


def test_a_performed_inspection_is_not_in_the_future(enforcement: EnforcementWorld) -> None:
    inspection = enforcement.inspection(checklist_code="agrarisch")
    for finding in inspection.findings.all():
        services.finding_record(
            actor=enforcement.inspector, finding=finding, result=FindingResult.NAGELEEFD
        )
    with pytest.raises(DomainError) as refused:
        services.inspection_complete(
            actor=enforcement.inspector,
            inspection=inspection,
            performed_on=datetime.date(2099, 1, 1),
        )
    assert refused.value.code == "future_date"


# --- violations ---------------------------------------------------------------------------------


def test_a_violation_takes_the_position_of_its_findings(enforcement: EnforcementWorld) -> None:
    inspection = enforcement.performed(not_met={1: "2A", 3: "1C"})
    violation = services.violation_record(
        actor=enforcement.inspector,
        inspection=inspection,
        findings=list(inspection.findings.filter(number__in=[1, 3])),
        nature="Stofverspreiding en lekbak ontbreekt",
    )
    # The worst of both axes: consequence 2, behaviour C.
    assert violation.position == "2C"
    assert violation.rule == "Bal art. 2.11"  # the first finding's rule
    assert violation.strategy.version == "grip-1"
    assert violation.strategy_kind == "LHSO"
    assert violation.identification == "O-2026-000001"


def test_a_different_position_needs_a_reason(enforcement: EnforcementWorld) -> None:
    inspection = enforcement.performed(not_met={1: "2A"})
    findings = list(inspection.findings.filter(number=1))
    with pytest.raises(DomainError) as refused:
        services.violation_record(
            actor=enforcement.inspector,
            inspection=inspection,
            findings=findings,
            nature="Stof",
            behaviour="C",
        )
    assert refused.value.code == "positioning_reason_required"
    assert not Violation.objects.exists()
    violation = services.violation_record(
        actor=enforcement.inspector,
        inspection=inspection,
        findings=findings,
        nature="Stof",
        behaviour="C",
        positioning_reason=PositioningReason.FINANCIEEL_VOORDEEL,
        positioning_explanation="Het bedrag bespaart de filters al twee jaar.",
    )
    assert violation.position == "2C"
    assert violation.findings.get().position == "2A"  # the finding keeps its own


def test_a_finding_carries_one_violation(enforcement: EnforcementWorld) -> None:
    violation = enforcement.violation()
    with pytest.raises(Conflict):
        services.violation_record(
            actor=enforcement.inspector,
            inspection=violation.inspection,
            findings=list(violation.findings.all()),
            nature="Nog eens",
        )
    assert Violation.objects.count() == 1


def test_no_enforcement_needs_a_reason(enforcement: EnforcementWorld) -> None:
    inspection = enforcement.performed(not_met={2: "1A"})
    with pytest.raises(DomainError):
        services.violation_record(
            actor=enforcement.inspector,
            inspection=inspection,
            findings=list(inspection.findings.filter(number=2)),
            nature="Kleine lekkage",
            enforce=False,
        )
    violation = services.violation_record(
        actor=enforcement.inspector,
        inspection=inspection,
        findings=list(inspection.findings.filter(number=2)),
        nature="Kleine lekkage",
        enforce=False,
        no_enforcement_reason="Ter plekke hersteld.",
    )
    advice = selectors.violation_advice(violation, today=INSPECTED_ON)
    assert advice.next_step.rung is None
    assert "Ter plekke hersteld." in advice.next_step.explanation


def test_recidivism_links_the_earlier_violation_and_proposes_a_heavier_behaviour(
    enforcement: EnforcementWorld,
) -> None:
    first = enforcement.violation(position="2A", performed_on=datetime.date(2025, 5, 6))
    again = enforcement.violation(position="2A", performed_on=datetime.date(2026, 3, 2))
    assert again.recidivism_of == first
    advice = selectors.violation_advice(again, today=datetime.date(2026, 3, 2))
    assert advice.recidivism is not None
    assert (advice.recidivism.behaviour_from, advice.recidivism.behaviour_to) == ("A", "B")
    assert first.identification in advice.recidivism.explanation
    # Accepting the advice is a repositioning with recidivism as the reason.
    moved = services.violation_reposition(
        actor=enforcement.inspector,
        violation=again,
        consequence=2,
        behaviour="B",
        positioning_reason=PositioningReason.RECIDIVE,
        positioning_explanation=advice.recidivism.explanation,
    )
    assert moved.position == "2B"


def test_recidivism_is_per_object_rule_and_period(enforcement: EnforcementWorld) -> None:
    enforcement.violation(position="2A", performed_on=datetime.date(2023, 5, 6))  # too old
    other_rule = enforcement.performed(not_met={2: "2A"}, performed_on=datetime.date(2025, 5, 6))
    services.violation_record(
        actor=enforcement.inspector,
        inspection=other_rule,
        findings=list(other_rule.findings.filter(number=2)),
        nature="Bodem",
    )
    again = enforcement.violation(position="2A", performed_on=datetime.date(2026, 3, 2))
    assert again.recidivism_of is None
    assert selectors.violation_advice(again).recidivism is None


# --- interventions ------------------------------------------------------------------------------


def test_a_warning_plans_the_reinspection_at_the_repair_date(
    enforcement: EnforcementWorld,
) -> None:
    violation = enforcement.violation(position="2B")
    warning = enforcement.warn(violation)
    assert warning.decision is None  # a warning is a letter, not a decision
    assert warning.repair_until == datetime.date(2026, 3, 24)  # cell 2B: 21 days
    planned = violation.reinspections.get()
    assert planned.inspection_type == InspectionType.HERCONTROLE
    assert planned.planned_on == datetime.date(2026, 3, 24)
    assert planned.inspector == enforcement.inspector.employee
    assert planned.case == violation.inspection.case
    # The re-inspection checks what the violation's finding found.
    assert list(planned.findings.values_list("rule", flat=True)) == ["Bal art. 2.11"]
    violation.refresh_from_db()
    assert violation.repair_due_on == datetime.date(2026, 3, 24)
    work = selectors.worklist_for(
        user=enforcement.inspector,
        inspector_id=enforcement.inspector.employee.pk,
        today=datetime.date(2026, 3, 25),
    )
    assert [(item.inspection, item.overdue) for item in work.inspections] == [(planned, True)]


def test_a_later_term_moves_the_planned_reinspection(enforcement: EnforcementWorld) -> None:
    violation = enforcement.violation(position="2B")
    enforcement.warn(violation)
    services.intention_send(
        actor=enforcement.jurist,
        violation=violation,
        instrument=instrument("last-onder-dwangsom"),
        sent_on=datetime.date(2026, 3, 10),
        response_until=datetime.date(2026, 3, 24),
        repair_until=datetime.date(2026, 4, 7),
    )
    planned = violation.reinspections.get()
    assert planned.planned_on == datetime.date(2026, 4, 7)


def test_an_intervention_outside_the_cell_without_reason_writes_nothing(
    enforcement: EnforcementWorld,
) -> None:
    violation = enforcement.violation(position="1A")
    counts = (Measure.objects.count(), Decision.objects.count(), Inspection.objects.count())
    audits = AuditRecord.objects.count()
    with pytest.raises(DomainError) as refused:
        services.measure_impose(
            actor=enforcement.jurist,
            violations=[violation],
            instrument=instrument("last-onder-dwangsom"),
            imposed_on=datetime.date(2026, 3, 3),
            penalty_amount=Decimal("250"),
            penalty_unit=PenaltyUnit.PER_DAG,
            penalty_maximum=Decimal("5000"),
        )
    assert refused.value.code == "deviation_reason_required"
    assert "1A" in refused.value.message
    after = (Measure.objects.count(), Decision.objects.count(), Inspection.objects.count())
    assert after == counts
    assert AuditRecord.objects.count() == audits
    measure = services.measure_impose(
        actor=enforcement.jurist,
        violations=[violation],
        instrument=instrument("last-onder-dwangsom"),
        imposed_on=datetime.date(2026, 3, 3),
        penalty_amount=Decimal("250"),
        penalty_unit=PenaltyUnit.PER_DAG,
        penalty_maximum=Decimal("5000"),
        deviation_reason="Het bedrijf negeerde eerdere afspraken.",
    )
    assert not measure.within_cell
    assert measure.deviation_reason == "Het bedrijf negeerde eerdere afspraken."


def test_an_order_is_signed_under_mandate(enforcement: EnforcementWorld) -> None:
    violation = enforcement.violation(position="2C")
    measure = services.measure_impose(
        actor=enforcement.jurist,
        violations=[violation],
        instrument=instrument("last-onder-dwangsom"),
        imposed_on=datetime.date(2026, 3, 4),
        penalty_amount=Decimal("500"),
        penalty_unit=PenaltyUnit.PER_WEEK,
        penalty_maximum=Decimal("5000"),
    )
    assert measure.identification == "H-2026-000001"
    assert measure.within_cell
    assert measure.status == MeasureStatus.OPGELEGD
    decision = measure.decision
    assert decision is not None
    assert decision.case == violation.inspection.case
    assert decision.decision_type.code == "last-onder-dwangsom"
    assert decision.amount == Decimal("5000")
    assert "burgemeester en wethouders van Eindhoven" in decision.namens
    assert measure.repair_until == datetime.date(2026, 3, 18)  # cell 2C: 14 days
    assert violation.reinspections.get().planned_on == datetime.date(2026, 3, 18)


def test_without_mandate_the_order_is_refused_and_nothing_written(
    enforcement: EnforcementWorld,
) -> None:
    violation = enforcement.violation(position="2C")
    with pytest.raises(MandateRefused):
        services.measure_impose(
            actor=enforcement.inspector,  # a toezichthouder holds no mandate for orders
            violations=[violation],
            instrument=instrument("last-onder-dwangsom"),
            imposed_on=datetime.date(2026, 3, 4),
            penalty_amount=Decimal("500"),
            penalty_unit=PenaltyUnit.PER_WEEK,
            penalty_maximum=Decimal("5000"),
        )
    assert not Measure.objects.exists()
    assert not Decision.objects.exists()
    assert not violation.reinspections.exists()


def test_above_the_sub_mandate_amount_the_jurist_may_not_sign(
    enforcement: EnforcementWorld,
) -> None:
    violation = enforcement.violation(position="2C")
    with pytest.raises(MandateRefused):
        services.measure_impose(
            actor=enforcement.jurist,
            violations=[violation],
            instrument=instrument("last-onder-dwangsom"),
            imposed_on=datetime.date(2026, 3, 4),
            penalty_amount=Decimal("5000"),
            penalty_unit=PenaltyUnit.PER_WEEK,
            penalty_maximum=Decimal("25000"),
        )
    assert not Measure.objects.exists()


def test_a_penalty_order_names_amount_unit_and_maximum(enforcement: EnforcementWorld) -> None:
    violation = enforcement.violation(position="2C")
    with pytest.raises(DomainError) as refused:
        services.measure_impose(
            actor=enforcement.jurist,
            violations=[violation],
            instrument=instrument("last-onder-dwangsom"),
            imposed_on=datetime.date(2026, 3, 4),
        )
    assert refused.value.code == "penalty_required"


def test_the_escalation_from_warning_to_collection(enforcement: EnforcementWorld) -> None:
    """The 'done when' path: warning, re-inspection not repaired, notice of intent,
    re-inspection, order under mandate, re-inspection, penalties forfeited and collected."""
    jurist, today = enforcement.jurist, datetime.date(2026, 9, 1)
    violation = enforcement.violation(position="2B")

    def next_rung() -> Rung | None:
        violation.refresh_from_db()
        return selectors.violation_advice(violation, today=today).next_step.rung

    assert next_rung() == Rung.WAARSCHUWING
    enforcement.warn(violation)
    assert next_rung() == Rung.HERCONTROLE
    enforcement.reinspect(violation, repaired=False)
    assert next_rung() == Rung.VOORNEMEN
    intention = services.intention_send(
        actor=jurist,
        violation=violation,
        instrument=instrument("last-onder-dwangsom"),
        sent_on=datetime.date(2026, 3, 25),
    )
    assert intention.response_until == datetime.date(2026, 4, 8)
    assert intention.repair_until == datetime.date(2026, 4, 15)  # 21 days
    services.intention_response_record(
        actor=jurist,
        intention=intention,
        received_on=datetime.date(2026, 4, 3),
        summary="Het filter is besteld.",
    )
    assert next_rung() == Rung.HERCONTROLE
    enforcement.reinspect(violation, repaired=False)
    assert next_rung() == Rung.LAST
    order = services.measure_impose(
        actor=jurist,
        violations=[violation],
        instrument=instrument("last-onder-dwangsom"),
        imposed_on=datetime.date(2026, 4, 20),
        penalty_amount=Decimal("1000"),
        penalty_unit=PenaltyUnit.PER_WEEK,
        penalty_maximum=Decimal("4000"),
    )
    assert next_rung() == Rung.HERCONTROLE
    enforcement.reinspect(violation, repaired=False)
    assert next_rung() == Rung.INVORDERING
    with pytest.raises(DomainError):  # not within the grace period
        services.penalty_forfeit(
            actor=jurist, measure=order, amount=Decimal("1000"), on=datetime.date(2026, 5, 11)
        )
    order = services.penalty_forfeit(
        actor=jurist, measure=order, amount=Decimal("3000"), on=datetime.date(2026, 6, 1)
    )
    with pytest.raises(DomainError):
        services.penalty_forfeit(
            actor=jurist, measure=order, amount=Decimal("2000"), on=datetime.date(2026, 6, 8)
        )
    order = services.penalty_forfeit(
        actor=jurist, measure=order, amount=Decimal("1000"), on=datetime.date(2026, 6, 8)
    )
    assert order.status == MeasureStatus.UITGEWERKT
    order = services.penalty_collect(
        actor=jurist,
        measure=order,
        amount=Decimal("4000"),
        decision_date=datetime.date(2026, 6, 15),
    )
    assert order.collected_amount == Decimal("4000")
    assert order.collection_decision is not None
    assert order.collection_decision.decision_type.code == "invordering-dwangsom"
    assert order.status == MeasureStatus.UITGEWERKT  # collecting does not undo "ran full"
    ladder = selectors.violation_advice(violation, today=today).ladder
    # Every rung was taken; after collecting, the next step is to check again.
    assert [view.state for view in ladder] == [
        "gedaan",
        "gedaan",
        "volgende",
        "gedaan",
        "gedaan",
    ]
    assert next_rung() == Rung.HERCONTROLE


def test_a_repaired_reinspection_closes_the_violation(enforcement: EnforcementWorld) -> None:
    violation = enforcement.violation(position="2B")
    enforcement.warn(violation)
    enforcement.reinspect(violation, repaired=True, on=datetime.date(2026, 3, 24))
    violation.refresh_from_db()
    assert violation.repaired_on == datetime.date(2026, 3, 24)
    assert selectors.violation_advice(violation).next_step.rung is None
    with pytest.raises(Conflict):
        services.intention_send(
            actor=enforcement.jurist,
            violation=violation,
            instrument=instrument("last-onder-dwangsom"),
            sent_on=datetime.date(2026, 3, 25),
        )
    # A re-inspection is no occasion for a new violation (CIM).
    reinspection = violation.reinspections.get()
    with pytest.raises(Conflict):
        services.violation_record(
            actor=enforcement.inspector, inspection=reinspection, findings=[], nature="x"
        )


def test_repaired_otherwise_drops_the_planned_reinspection(enforcement: EnforcementWorld) -> None:
    violation = enforcement.violation(position="2B")
    enforcement.warn(violation)
    services.violation_repaired(
        actor=enforcement.inspector,
        violation=violation,
        on=datetime.date(2026, 3, 10),
        note="Foto's van het geplaatste filter ontvangen.",
    )
    assert violation.reinspections.get().status == InspectionStatus.VERVALLEN


def test_appeals_against_an_order(enforcement: EnforcementWorld) -> None:
    violation = enforcement.violation(position="2C")
    measure = services.measure_impose(
        actor=enforcement.jurist,
        violations=[violation],
        instrument=instrument("last-onder-dwangsom"),
        imposed_on=datetime.date(2026, 3, 4),
        penalty_amount=Decimal("500"),
        penalty_unit=PenaltyUnit.PER_WEEK,
        penalty_maximum=Decimal("5000"),
    )
    objection = services.appeal_lodge(
        actor=enforcement.jurist,
        measure=measure,
        stage=AppealStage.BEZWAAR,
        lodged_on=datetime.date(2026, 3, 20),
    )
    decided = services.appeal_decide(
        actor=enforcement.jurist,
        appeal=objection,
        decided_on=datetime.date(2026, 6, 1),
        outcome=AppealOutcome.IN_STAND,
    )
    assert decided.outcome == AppealOutcome.IN_STAND
    appeal = services.appeal_lodge(
        actor=enforcement.jurist,
        measure=measure,
        stage=AppealStage.BEROEP,
        lodged_on=datetime.date(2026, 6, 20),
    )
    services.appeal_decide(
        actor=enforcement.jurist,
        appeal=appeal,
        decided_on=datetime.date(2026, 10, 1),
        outcome=AppealOutcome.GEDEELTELIJK,
    )
    court = selectors.court_figures(
        user=enforcement.cases.participant_user,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
    )
    # The objection is no court ruling; the partial annulment is ruled but not upheld.
    assert (court.rulings, court.upheld, court.partly_upheld) == (1, 0, 1)
    assert court.upheld_rate == 0.0
    with pytest.raises(Conflict):
        services.appeal_decide(
            actor=enforcement.jurist,
            appeal=decided,
            decided_on=datetime.date(2026, 6, 2),
            outcome=AppealOutcome.VERNIETIGD,
        )
    warning_violation = enforcement.violation(position="1A")
    warning = services.measure_impose(
        actor=enforcement.inspector,
        violations=[warning_violation],
        instrument=instrument("waarschuwing"),
        imposed_on=datetime.date(2026, 3, 4),
    )
    with pytest.raises(Conflict):  # a warning is no decision: nothing to appeal
        services.appeal_lodge(
            actor=enforcement.jurist,
            measure=warning,
            stage=AppealStage.BEZWAAR,
            lodged_on=datetime.date(2026, 3, 20),
        )


def test_measure_status_follows_the_cim_transitions(enforcement: EnforcementWorld) -> None:
    violation = enforcement.violation(position="2B")
    warning = enforcement.warn(violation)
    with pytest.raises(DomainError):
        services.measure_status_change(
            actor=enforcement.inspector,
            measure=warning,
            status=MeasureStatus.INGETROKKEN,
            on=datetime.date(2026, 3, 4),
        )
    withdrawn = services.measure_status_change(
        actor=enforcement.inspector,
        measure=warning,
        status=MeasureStatus.INGETROKKEN,
        on=datetime.date(2026, 3, 4),
        reason="Verkeerd adres.",
    )
    assert withdrawn.completed_on == datetime.date(2026, 3, 4)
    with pytest.raises(Conflict):
        services.measure_status_change(
            actor=enforcement.inspector,
            measure=withdrawn,
            status=MeasureStatus.UITGEVOERD,
            on=datetime.date(2026, 3, 5),
        )
    # A withdrawn warning is no step on the ladder.
    violation.refresh_from_db()
    assert selectors.violation_advice(violation).next_step.rung == Rung.WAARSCHUWING


# --- tenancy and figures ------------------------------------------------------------------------


def test_a_participant_user_sees_only_its_own(enforcement: EnforcementWorld) -> None:
    own = enforcement.violation()
    asten_inspection = enforcement.performed(site=enforcement.asten_site, not_met={1: "1A"})
    asten = services.violation_record(
        actor=enforcement.inspector,
        inspection=asten_inspection,
        findings=list(asten_inspection.findings.filter(number=1)),
        nature="Mest naast de plaat",
    )
    user = enforcement.cases.participant_user
    assert list(selectors.violation_list_for(user=user)) == [own]
    assert set(selectors.inspection_list_for(user=user)) == {own.inspection}
    with pytest.raises(Http404):
        selectors.violation_detail_for(user=user, pk=asten.pk)
    with pytest.raises(Http404):
        selectors.inspection_detail_for(user=user, pk=asten_inspection.pk)
    with pytest.raises(Http404):
        selectors.finding_detail_for(user=user, pk=asten_inspection.findings.get(number=1).pk)
    staff = enforcement.inspector
    assert selectors.violation_list_for(user=staff).count() == 2


def test_compliance_figures(enforcement: EnforcementWorld) -> None:
    enforcement.performed()  # compliant
    enforcement.performed(checklist_code="agrarisch")  # compliant
    repaired = enforcement.violation(position="1A")
    unrepaired = enforcement.violation(position="1A")
    for violation in (repaired, unrepaired):
        enforcement.warn(violation)
    enforcement.reinspect(repaired, repaired=True)
    enforcement.reinspect(unrepaired, repaired=False)
    figures = selectors.compliance_figures(
        user=enforcement.inspector,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
    )
    assert (figures.first_inspections, figures.first_compliant) == (4, 2)
    assert (figures.reinspected_violations, figures.repaired_at_first_reinspection) == (2, 1)
    assert figures.first_compliance_rate == 0.5
    assert figures.repair_rate == 0.5
    nobody = selectors.compliance_figures(
        user=enforcement.inspector,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
        participant_ids=[enforcement.cases.asten.pk],
    )
    assert nobody.first_compliance_rate is None
    assert nobody.repair_rate is None


def test_intentions_only_announce_decisions(enforcement: EnforcementWorld) -> None:
    violation = enforcement.violation(position="2B")
    with pytest.raises(DomainError) as refused:
        services.intention_send(
            actor=enforcement.jurist,
            violation=violation,
            instrument=instrument("waarschuwing"),
            sent_on=datetime.date(2026, 3, 3),
        )
    assert refused.value.code == "not_a_decision"
    assert not Intention.objects.exists()


def test_a_planned_inspection_moves_forward_only(enforcement: EnforcementWorld) -> None:
    inspection = enforcement.inspection(planned_on=datetime.date(2026, 3, 2))
    with pytest.raises(DomainError) as refused:
        services.inspection_reschedule(
            actor=enforcement.inspector, inspection=inspection, planned_on=datetime.date(2026, 3, 9)
        )
    assert refused.value.code == "past_date"
    future = datetime.date.today() + datetime.timedelta(days=7)
    moved = services.inspection_reschedule(
        actor=enforcement.inspector, inspection=inspection, planned_on=future
    )
    assert moved.planned_on == future


def test_a_response_to_a_notice_is_recorded_once(enforcement: EnforcementWorld) -> None:
    violation = enforcement.violation(position="2B")
    intention = services.intention_send(
        actor=enforcement.jurist,
        violation=violation,
        instrument=instrument("last-onder-dwangsom"),
        sent_on=datetime.date(2026, 3, 10),
    )
    with pytest.raises(DomainError):
        services.intention_response_record(
            actor=enforcement.jurist,
            intention=intention,
            received_on=datetime.date(2026, 3, 9),
            summary="Te vroeg.",
        )
    services.intention_response_record(
        actor=enforcement.jurist,
        intention=intention,
        received_on=datetime.date(2026, 3, 20),
        summary="Het filter is besteld.",
    )
    with pytest.raises(Conflict):
        services.intention_response_record(
            actor=enforcement.jurist,
            intention=intention,
            received_on=datetime.date(2026, 3, 21),
            summary="Nog een.",
        )
    assert Intention.objects.get(pk=intention.pk).response_summary == "Het filter is besteld."
