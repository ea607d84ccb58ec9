"""The per-participant enforcement figures behind the indicators and the board report."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grip.cases.tests.factories import START as MANDATES_FROM
from grip.cases.tests.factories import decision_type
from grip.enforcement import selectors, services
from grip.enforcement.constants import (
    AppealOutcome,
    AppealStage,
    FindingResult,
    InspectionType,
    PenaltyUnit,
)
from grip.enforcement.models import Inspection, Measure, Violation
from grip.enforcement.tests.factories import EnforcementWorld, instrument
from grip.mandates import services as mandate_services
from grip.organisation.models import Function
from grip.participants.models import Participant

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR_START, YEAR_END = D(2026, 1, 1), D(2026, 12, 31)
Q1_END = D(2026, 3, 31)


def complete(world: EnforcementWorld, inspection: Inspection, on: datetime.date) -> Inspection:
    """Perform a planned inspection with every finding met."""
    for finding in inspection.findings.all():
        services.finding_record(
            actor=world.inspector, finding=finding, result=FindingResult.NAGELEEFD
        )
    return services.inspection_complete(
        actor=world.inspector, inspection=inspection, performed_on=on
    )


def asten_violation(world: EnforcementWorld, position: str = "1A", **kwargs: Any) -> Violation:
    inspection = world.performed(site=world.asten_site, not_met={1: position}, **kwargs)
    return services.violation_record(
        actor=world.inspector,
        inspection=inspection,
        findings=list(inspection.findings.filter(result=FindingResult.NIET_AKKOORD)),
        nature="Mest naast de plaat",
    )


def order(world: EnforcementWorld, violation: Violation, on: datetime.date) -> Measure:
    """An order subject to penalty, signed by the jurist under (sub-)mandate."""
    return services.measure_impose(
        actor=world.jurist,
        violations=[violation],
        instrument=instrument("last-onder-dwangsom"),
        imposed_on=on,
        penalty_amount=Decimal("500"),
        penalty_unit=PenaltyUnit.PER_WEEK,
        penalty_maximum=Decimal("5000"),
    )


def mandate_asten(world: EnforcementWorld) -> None:
    """Asten mandates orders to the director, with sub-mandate (the jurist's is ODZOB-wide)."""
    beheerder = world.cases.beheerder
    decision = mandate_services.mandate_decision_create(
        actor=beheerder,
        participant=world.cases.asten,
        mandator="het college van burgemeester en wethouders van Asten",
        title="Mandaatbesluit VTH Asten 2024",
        decision_date=D(2023, 12, 12),
        valid_from=MANDATES_FROM,
    )
    mandate_services.mandate_line_add(
        actor=beheerder,
        decision=decision,
        power="Herstelsancties",
        function=Function.objects.get(code="directeur"),
        decision_types=[decision_type("last-onder-dwangsom")],
        sub_mandate_allowed=True,
        max_amount=Decimal("50000"),
    )


def appeal(
    world: EnforcementWorld,
    measure: Measure,
    stage: str,
    lodged_on: datetime.date,
    decided: tuple[datetime.date, str] | None = None,
) -> None:
    lodged = services.appeal_lodge(
        actor=world.jurist, measure=measure, stage=stage, lodged_on=lodged_on
    )
    if decided is not None:
        services.appeal_decide(
            actor=world.jurist, appeal=lodged, decided_on=decided[0], outcome=decided[1]
        )


# --- compliance at first inspection and repair at re-inspection ----------------------------------


@pytest.fixture
def compliance(enforcement: EnforcementWorld) -> EnforcementWorld:
    """Eindhoven: two compliant inspections and two violations (1A), warned and re-inspected:
    one repaired, one not; Asten: one compliant inspection and one violation, repaired.
    Outside 2026: an Eindhoven violation of December 2025, re-inspected (repaired) in 2026."""
    world = enforcement
    world.performed()
    world.performed(checklist_code="agrarisch")
    repaired, unrepaired = world.violation(position="1A"), world.violation(position="1A")
    for violation in (repaired, unrepaired):
        world.warn(violation)
    world.reinspect(repaired, repaired=True)
    world.reinspect(unrepaired, repaired=False)
    world.performed(site=world.asten_site)
    asten = asten_violation(world)
    world.warn(asten)
    world.reinspect(asten, repaired=True)
    last_year = world.violation(position="1A", performed_on=D(2025, 12, 15))
    world.warn(last_year, on=D(2025, 12, 16))
    world.reinspect(last_year, repaired=True)  # 42 days on: 27 January 2026
    return world


def test_compliance_by_participant_counts_each_participants_own(
    compliance: EnforcementWorld,
) -> None:
    eindhoven, asten = compliance.cases.eindhoven, compliance.cases.asten
    helmond = Participant.objects.get(code="GM0794")

    figures = selectors.compliance_by_participant(
        participant_ids=[eindhoven.pk, asten.pk, helmond.pk], start=YEAR_START, end=YEAR_END
    )

    # Re-inspections are no first inspections; the 2025 inspection and violation are outside.
    assert figures == {
        eindhoven.pk: selectors.ComplianceFigures(
            first_inspections=4,
            first_compliant=2,
            reinspected_violations=2,
            repaired_at_first_reinspection=1,
        ),
        asten.pk: selectors.ComplianceFigures(
            first_inspections=2,
            first_compliant=1,
            reinspected_violations=1,
            repaired_at_first_reinspection=1,
        ),
        helmond.pk: selectors.ComplianceFigures(0, 0, 0, 0),
    }


def test_compliance_by_participant_matches_compliance_figures_per_participant(
    compliance: EnforcementWorld,
) -> None:
    ids = [compliance.cases.eindhoven.pk, compliance.cases.asten.pk]
    for start, end in ((YEAR_START, YEAR_END), (D(2025, 1, 1), D(2025, 12, 31))):
        grouped = selectors.compliance_by_participant(participant_ids=ids, start=start, end=end)
        for pk in ids:
            one = selectors.compliance_figures(
                user=compliance.inspector, start=start, end=end, participant_ids=[pk]
            )
            assert grouped[pk] == one
    last_year = selectors.compliance_by_participant(
        participant_ids=ids, start=D(2025, 1, 1), end=D(2025, 12, 31)
    )
    # December's violation: its first re-inspection (in 2026) found it repaired.
    assert last_year[compliance.cases.eindhoven.pk] == selectors.ComplianceFigures(1, 0, 1, 1)


def test_only_the_first_reinspection_decides_the_repair(enforcement: EnforcementWorld) -> None:
    violation = enforcement.violation(position="1A")
    enforcement.warn(violation)
    enforcement.reinspect(violation, repaired=False, on=D(2026, 4, 14))
    services.schedule_reinspection(
        actor=enforcement.inspector, violation=violation, on=D(2026, 5, 4)
    )
    enforcement.reinspect(violation, repaired=True, on=D(2026, 5, 4))
    pk = enforcement.cases.eindhoven.pk

    figures = selectors.compliance_by_participant(
        participant_ids=[pk], start=YEAR_START, end=YEAR_END
    )

    assert figures[pk] == selectors.ComplianceFigures(1, 0, 1, 0)


# --- court rulings -------------------------------------------------------------------------------


def test_court_by_participant_counts_court_rulings_of_the_period(
    enforcement: EnforcementWorld,
) -> None:
    world = enforcement
    mandate_asten(world)
    eindhoven, asten = world.cases.eindhoven, world.cases.asten
    measure = order(world, world.violation(position="2C"), D(2026, 3, 4))
    appeal(
        world, measure, AppealStage.BEZWAAR, D(2026, 3, 20), (D(2026, 4, 1), AppealOutcome.IN_STAND)
    )
    appeal(
        world,
        measure,
        AppealStage.BEROEP,
        D(2026, 4, 10),
        (D(2026, 6, 1), AppealOutcome.GEDEELTELIJK),
    )
    appeal(
        world,
        measure,
        AppealStage.HOGER_BEROEP,
        D(2026, 6, 5),
        (D(2026, 6, 30), AppealOutcome.IN_STAND),
    )
    appeal(
        world,
        measure,
        AppealStage.BEROEP,
        D(2026, 5, 1),
        (D(2026, 7, 15), AppealOutcome.VERNIETIGD),
    )
    appeal(world, measure, AppealStage.BEROEP, D(2026, 5, 2))  # still running
    asten_order = order(world, asten_violation(world, position="2C"), D(2026, 3, 4))
    appeal(
        world,
        asten_order,
        AppealStage.BEROEP,
        D(2026, 3, 20),
        (D(2026, 5, 1), AppealOutcome.IN_STAND),
    )
    ids = [eindhoven.pk, asten.pk]

    half_year = selectors.court_by_participant(
        participant_ids=ids, start=YEAR_START, end=D(2026, 6, 30)
    )
    whole_year = selectors.court_by_participant(participant_ids=ids, start=YEAR_START, end=YEAR_END)

    # The objection is no court ruling; the running appeal has no ruling yet.
    assert half_year == {
        eindhoven.pk: selectors.CourtFigures(rulings=2, upheld=1, partly_upheld=1),
        asten.pk: selectors.CourtFigures(rulings=1, upheld=1, partly_upheld=0),
    }
    assert whole_year[eindhoven.pk] == selectors.CourtFigures(3, 1, 1)
    for pk in ids:
        assert whole_year[pk] == selectors.court_figures(
            user=world.jurist, start=YEAR_START, end=YEAR_END, participant_ids=[pk]
        )


# --- the supervision summary ---------------------------------------------------------------------


def test_enforcement_summary_counts_planned_done_violations_and_measures(
    enforcement: EnforcementWorld,
) -> None:
    world = enforcement
    eindhoven, asten = world.cases.eindhoven, world.cases.asten
    helmond = Participant.objects.get(code="GM0794")
    world.performed()  # planned and performed 2 March
    warned = world.violation(position="2B")  # planned and performed 2 March
    world.warn(warned)  # 3 March: re-inspection planned 21 days on, 24 March
    noticed = world.violation(position="2C")  # planned and performed 2 March
    services.intention_send(
        actor=world.jurist,
        violation=noticed,
        instrument=instrument("last-onder-dwangsom"),
        sent_on=D(2026, 3, 10),
    )  # 14 days to respond and to repair: re-inspection planned 24 March
    cancelled = world.inspection(planned_on=D(2026, 3, 25))
    services.inspection_cancel(actor=world.inspector, inspection=cancelled, reason="Bedrijf dicht.")
    complete(world, world.inspection(planned_on=D(2026, 3, 30)), D(2026, 4, 2))
    complete(
        world,
        world.inspection(planned_on=D(2025, 12, 20), inspection_type=InspectionType.THEMACONTROLE),
        D(2026, 1, 8),
    )
    world.performed(site=world.asten_site, performed_on=D(2026, 2, 2))
    reinspections = Inspection.objects.filter(inspection_type=InspectionType.HERCONTROLE)
    assert sorted(reinspections.values_list("planned_on", flat=True)) == [D(2026, 3, 24)] * 2
    labels = dict(InspectionType.choices)

    summary = selectors.enforcement_summary(
        participant_ids=[eindhoven.pk, asten.pk, helmond.pk], start=YEAR_START, end=Q1_END
    )

    assert summary[eindhoven.pk] == selectors.EnforcementSummary(
        # 3 performed on 2 March, 2 re-inspections, the cancelled one and the one of 30 March
        planned=7,
        performed_of_planned=3,
        # the three of 2 March and the theme inspection planned in 2025, performed 8 January
        performed=4,
        performed_by_type={
            str(labels[InspectionType.PERIODIEK]): 3,
            str(labels[InspectionType.THEMACONTROLE]): 1,
        },
        violations=2,
        intentions=1,
        measures_by_instrument={instrument("waarschuwing").name: 1},
    )
    assert summary[asten.pk] == selectors.EnforcementSummary(
        planned=1,
        performed_of_planned=1,
        performed=1,
        performed_by_type={str(labels[InspectionType.PERIODIEK]): 1},
        violations=0,
        intentions=0,
        measures_by_instrument={},
    )
    assert summary[helmond.pk] == selectors.EnforcementSummary(0, 0, 0, {}, 0, 0, {})
    april = selectors.enforcement_summary(
        participant_ids=[eindhoven.pk], start=D(2026, 4, 1), end=D(2026, 4, 30)
    )[eindhoven.pk]
    assert (april.planned, april.performed, april.violations) == (0, 1, 0)


def test_the_grouped_figures_cost_the_same_queries_for_one_participant_as_for_all(
    compliance: EnforcementWorld,
) -> None:
    everyone = list(Participant.objects.values_list("pk", flat=True))

    def queries(ids: list[int]) -> list[int]:
        counts = []
        for figures in (
            selectors.compliance_by_participant,
            selectors.court_by_participant,
            selectors.enforcement_summary,
        ):
            with CaptureQueriesContext(connection) as captured:
                figures(participant_ids=ids, start=YEAR_START, end=YEAR_END)
            counts.append(len(captured))
        return counts

    one = queries([compliance.cases.eindhoven.pk])
    assert one == queries(everyone) == [3, 1, 5]
