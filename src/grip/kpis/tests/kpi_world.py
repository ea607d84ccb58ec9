"""Hand-countable worlds for the indicator tests: Eindhoven, Asten and Helmond (which has
nothing), in the first quarter of 2026 (64 of the year's 261 working days).

Each builder adds the data of one or a few indicators through the domain services, and its
docstring says what there is to count. Decisions are recorded through the cases app's
``decision_record`` (the mandates' signing service would refuse Asten, which has no mandate
register here); everything else goes through the usual services.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from grip.cases import services as case_services
from grip.cases.constants import CaseStatus
from grip.cases.models import Case
from grip.cases.tests.factories import START as MANDATES_FROM
from grip.cases.tests.factories import CaseHandlers, decision_type
from grip.enforcement import services as enforcement_services
from grip.enforcement.constants import AppealOutcome, AppealStage, FindingResult, PenaltyUnit
from grip.enforcement.models import Inspection, Measure, Violation
from grip.enforcement.tests.factories import EnforcementWorld, instrument
from grip.finance.tests.factories import book, book_year
from grip.hours.constants import TargetKind
from grip.hours.models import BookingTarget
from grip.hours.tests.factories import HoursWorld
from grip.kpis.registry import Context
from grip.mandates import services as mandate_services
from grip.organisation.models import Function
from grip.organisation.tests.factories import EmployeeFactory
from grip.participants.models import Participant
from grip.participants.tests.factories import participant_user
from grip.programmes import services as programme_services
from grip.programmes.models import ProgrammeVersion
from grip.programmes.tests.factories import ProgrammeWorld

D = datetime.date
Q1_START, Q1_END = D(2026, 1, 1), D(2026, 3, 31)
PERMIT = "aanvraag-omgevingsvergunning"  # regular procedure, eight weeks, product VV-01

_DECISION_TYPES = {
    PERMIT: "omgevingsvergunning-verlenen",
    "melding-bal": "maatwerkvoorschrift-stellen",
}


def helmond() -> Participant:
    """A participant with no data at all: its shares have no value."""
    return Participant.objects.get(code="GM0794")


def context(
    eindhoven: Participant,
    asten: Participant,
    start: datetime.date = Q1_START,
    end: datetime.date = Q1_END,
) -> Context:
    return Context(participants=[eindhoven, asten, helmond()], start=start, end=end)


# --- cases ---------------------------------------------------------------------------------------


def decide(world: CaseHandlers, case: Case, on: datetime.date) -> Case:
    with transaction.atomic():
        case_services.decision_record(
            actor=world.officer,
            case=case,
            decision_type=decision_type(_DECISION_TYPES[case.case_type.code]),
            decision_date=on,
            summary="Besloten.",
            signer_function=Function.objects.get(code="vergunningverlener"),
            namens="Namens het college,",
        )
    case.refresh_from_db()
    return case


def close(world: CaseHandlers, case: Case, on: datetime.date) -> Case:
    case_services.status_change(
        actor=world.officer, case=case, to_status=CaseStatus.AFGEHANDELD, on=on
    )
    case.refresh_from_db()
    return case


def permit(
    world: CaseHandlers,
    received_on: datetime.date,
    decided_on: datetime.date | None = None,
    *,
    participant: Participant | None = None,
    **kwargs: Any,
) -> Case:
    case = world.case(code=PERMIT, received_on=received_on, participant=participant, **kwargs)
    return decide(world, case, decided_on) if decided_on else case


def noticed_permit(
    world: CaseHandlers,
    notice: datetime.date,
    decided_on: datetime.date,
    *,
    participant: Participant | None = None,
) -> Case:
    """A permit received Monday 5 January 2026 (due Monday 2 March) with a notice of default."""
    case = permit(world, D(2026, 1, 5), participant=participant)
    case_services.notice_of_default_record(actor=world.officer, case=case, received_on=notice)
    return decide(world, case, decided_on)


def decisions(world: CaseHandlers) -> None:
    """Q1 decisions on permits received Monday 5 January 2026 (due Monday 2 March).

    Eindhoven: 20 Feb, 2 Mar (in time), 3 Mar (late), and a permit of 1 Dec 2025 decided
    10 Jan (due 26 Jan): 3 of 4 in time. Asten: 10 Mar (late): 0 of 1. Not counted: a
    decision in April and a melding (no statutory term).
    """
    for day in (D(2026, 2, 20), D(2026, 3, 2), D(2026, 3, 3)):
        permit(world, D(2026, 1, 5), day)
    permit(world, D(2025, 12, 1), D(2026, 1, 10))
    permit(world, D(2026, 3, 2), D(2026, 4, 1))
    decide(world, world.case(code="melding-bal", received_on=D(2026, 2, 2)), D(2026, 3, 25))
    permit(world, D(2026, 1, 5), D(2026, 3, 10), participant=world.asten)


def penalties(world: CaseHandlers) -> None:
    """Q1 permit decisions and penalties (Awb 4:17: decided more than 15 days after a notice
    received after the term).

    Eindhoven: notice 4 Mar, decided 20 Mar (penalty); notice 4 Mar, decided 19 Mar (grace);
    premature notice 2 Mar, decided 30 Mar: 1 of 3. Asten: notice 9 Mar, decided 31 Mar
    (penalty): 1 of 1.
    """
    noticed_permit(world, D(2026, 3, 4), D(2026, 3, 20))
    noticed_permit(world, D(2026, 3, 4), D(2026, 3, 19))
    noticed_permit(world, D(2026, 3, 2), D(2026, 3, 30))
    noticed_permit(world, D(2026, 3, 9), D(2026, 3, 31), participant=world.asten)


def complaints(world: CaseHandlers) -> None:
    """Complaints closed in Q1. Eindhoven: conduct (Awb 9:11, six weeks) received 5 Jan, closed
    16 Feb (in time) and 17 Feb (late); environmental (two weeks) received 2 Mar, closed 10 Mar
    (in time): 2 of 3. Asten: environmental received 2 Mar, closed 20 Mar (late): 0 of 1."""
    for day in (D(2026, 2, 16), D(2026, 2, 17)):
        close(world, world.case(code="klacht-gedraging", received_on=D(2026, 1, 5)), day)
    close(world, world.case(code="milieuklacht", received_on=D(2026, 3, 2)), D(2026, 3, 10))
    asten = world.case(code="milieuklacht", received_on=D(2026, 3, 2), participant=world.asten)
    close(world, asten, D(2026, 3, 20))


def lead_times(world: CaseHandlers) -> None:
    """Cases ended in Q1. Eindhoven: permits of 1 Dec 2025 decided 10 Jan (40 days) and of
    5 Jan decided 3 Mar (57 days); an environmental complaint of 2 Mar closed 10 Mar (8 days).
    Asten: a permit of 5 Jan decided 27 Feb (53 days). Open cases do not count."""
    permit(world, D(2025, 12, 1), D(2026, 1, 10))
    permit(world, D(2026, 1, 5), D(2026, 3, 3))
    permit(world, D(2026, 2, 2))
    close(world, world.case(code="milieuklacht", received_on=D(2026, 3, 2)), D(2026, 3, 10))
    permit(world, D(2026, 1, 5), D(2026, 2, 27), participant=world.asten)


def deliveries(world: CaseHandlers) -> None:
    """Cases of ordered products ended in Q1. Eindhoven: two meldingen (VV-04) and an advice
    (AD-01); a permit (VV-01, not ordered) and a melding decided in April do not count.
    Asten: two inspection cases (TH-01) closed."""
    for day in (D(2026, 2, 10), D(2026, 3, 12)):
        decide(world, world.case(code="melding-bal", received_on=D(2026, 2, 2)), day)
    decide(world, world.case(code="melding-bal", received_on=D(2026, 3, 2)), D(2026, 4, 2))
    close(world, world.case(code="adviesverzoek", received_on=D(2026, 3, 2)), D(2026, 3, 9))
    permit(world, D(2026, 1, 5), D(2026, 2, 20))
    for day in (D(2026, 2, 3), D(2026, 3, 3)):
        controle = world.case(code="controle", received_on=day, participant=world.asten)
        close(world, controle, day)


# --- programmes and hours ------------------------------------------------------------------------


def adopt(
    world: ProgrammeWorld,
    participant: Participant,
    lines: dict[str, int],
    related: dict[str, str] | None = None,
) -> ProgrammeVersion:
    """Adopt ``participant``'s 2026 programme (Eindhoven's account manager and user are the
    world's; any other participant gets its own)."""
    if participant.pk == world.participant.pk:
        manager, user = world.account_manager, world.participant_user
    else:
        employee: Any = EmployeeFactory(user__role="accountmanager")
        participant.account_manager = employee
        participant.save()
        manager, user = employee.user, participant_user(participant)
    version = programme_services.programme_create(
        actor=manager, participant=participant, year=world.year
    )
    for code, quantity in lines.items():
        programme_services.line_set(
            actor=manager, version=version, product=world.products[code], quantity=quantity
        )
    for kind, planned_hours in (related or {}).items():
        programme_services.related_work_set(
            actor=manager, version=version, kind=kind, basis="uren", planned_hours=planned_hours
        )
    programme_services.version_submit(actor=manager, version=version)
    return programme_services.version_adopt(
        actor=user, version=version, adopted_on=D(2026, 1, 2), decision_reference="B&W 2026-01"
    )


def booking_target(
    world: ProgrammeWorld, participant: Participant, *, product: str = "", related: str = ""
) -> BookingTarget:
    return BookingTarget.objects.create(
        code=f"{participant.code}-2026-{product or related}",
        name=product or related,
        kind=TargetKind.PRODUCT if product else TargetKind.RELATED_WORK,
        participant=participant,
        year=2026,
        product=world.products[product] if product else None,
        related_work_kind=related,
    )


def two_programmes(hours: HoursWorld, asten: Participant) -> None:
    """Eindhoven as in ``grip.finance.tests.factories`` (plan TH-01 10, VV-04 5, AD-01 12 and
    8 h planning = 100 h; Q1 booked TH-01 14, VV-04 4, planning 2 = 20 h, and 8 h leave).
    Asten: plan TH-01 5 × 6 h = 30 h; booked by the colleague in Q1 TH-01 12 h and 3 h
    planning (not in its plan) = 15 h. Tariff EUR 101.65; 64/261 of the year is due in Q1."""
    book_year(hours)
    world = hours.programmes
    adopt(world, asten, {"TH-01": 5})
    book(hours.colleague, D(2026, 2, 10), "12", booking_target(world, asten, product="TH-01"))
    book(hours.colleague, D(2026, 2, 11), "3", booking_target(world, asten, related="planning"))


# --- enforcement ---------------------------------------------------------------------------------


def complete(world: EnforcementWorld, inspection: Inspection, on: datetime.date) -> Inspection:
    """Perform a planned inspection with every finding met."""
    for finding in inspection.findings.all():
        enforcement_services.finding_record(
            actor=world.inspector, finding=finding, result=FindingResult.NAGELEEFD
        )
    return enforcement_services.inspection_complete(
        actor=world.inspector, inspection=inspection, performed_on=on
    )


def asten_violation(world: EnforcementWorld, position: str = "1A", **kwargs: Any) -> Violation:
    inspection = world.performed(site=world.asten_site, not_met={1: position}, **kwargs)
    return enforcement_services.violation_record(
        actor=world.inspector,
        inspection=inspection,
        findings=list(inspection.findings.filter(result=FindingResult.NIET_AKKOORD)),
        nature="Mest naast de plaat",
    )


def compliance(world: EnforcementWorld) -> None:
    """Q1 inspections (all on 2 March unless said otherwise).

    Eindhoven: two compliant inspections and two violations (1A), warned on 3 March; their
    re-inspections (14 April, outside Q1 but counted with their violation): one repaired, one
    not. First inspections 2 of 4 compliant; re-inspected violations 1 of 2 repaired.
    Asten: two compliant inspections and one violation (1A), re-inspected repaired: first
    inspections 2 of 3 compliant, re-inspected violations 1 of 1 repaired.
    """
    world.performed()
    world.performed(checklist_code="agrarisch")
    repaired, unrepaired = world.violation(position="1A"), world.violation(position="1A")
    for violation in (repaired, unrepaired):
        world.warn(violation)
    world.reinspect(repaired, repaired=True)
    world.reinspect(unrepaired, repaired=False)
    world.performed(site=world.asten_site)
    world.performed(site=world.asten_site, performed_on=D(2026, 2, 2))
    asten = asten_violation(world)
    world.warn(asten)
    world.reinspect(asten, repaired=True)


def planned_inspections(world: EnforcementWorld) -> None:
    """Inspections planned in Q1. Eindhoven: 2 March performed; 20 March not performed;
    25 March cancelled; 30 March performed on 2 April (after Q1): 1 of 4 done.
    Asten: 2 February performed, 16 March not performed: 1 of 2 done."""
    world.performed()
    world.inspection(planned_on=D(2026, 3, 20))
    cancelled = world.inspection(planned_on=D(2026, 3, 25))
    enforcement_services.inspection_cancel(
        actor=world.inspector, inspection=cancelled, reason="Bedrijf gesloten."
    )
    complete(world, world.inspection(planned_on=D(2026, 3, 30)), D(2026, 4, 2))
    world.performed(site=world.asten_site, performed_on=D(2026, 2, 2))
    world.inspection(site=world.asten_site, planned_on=D(2026, 3, 16))


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


def order(world: EnforcementWorld, violation: Violation, on: datetime.date) -> Measure:
    return enforcement_services.measure_impose(
        actor=world.jurist,
        violations=[violation],
        instrument=instrument("last-onder-dwangsom"),
        imposed_on=on,
        penalty_amount=Decimal("500"),
        penalty_unit=PenaltyUnit.PER_WEEK,
        penalty_maximum=Decimal("5000"),
    )


def ruling(
    world: EnforcementWorld,
    measure: Measure,
    stage: str,
    lodged_on: datetime.date,
    decided_on: datetime.date,
    outcome: str,
) -> None:
    appeal = enforcement_services.appeal_lodge(
        actor=world.jurist, measure=measure, stage=stage, lodged_on=lodged_on
    )
    enforcement_services.appeal_decide(
        actor=world.jurist, appeal=appeal, decided_on=decided_on, outcome=outcome
    )


@dataclass
class Court:
    eindhoven: Measure
    asten: Measure


def court(world: EnforcementWorld) -> Court:
    """Orders of 4 March 2026. Eindhoven: an objection upheld (no court ruling), an appeal
    upheld in part (31 Mar) and a higher appeal upheld (30 Mar): 1 of 2 upheld.
    Asten: an appeal upheld (25 Mar): 1 of 1."""
    mandate_asten(world)
    eindhoven = order(world, world.violation(position="2C"), D(2026, 3, 4))
    ruling(
        world, eindhoven, AppealStage.BEZWAAR, D(2026, 3, 5), D(2026, 3, 6), AppealOutcome.IN_STAND
    )
    ruling(
        world,
        eindhoven,
        AppealStage.BEROEP,
        D(2026, 3, 9),
        D(2026, 3, 31),
        AppealOutcome.GEDEELTELIJK,
    )
    ruling(
        world,
        eindhoven,
        AppealStage.HOGER_BEROEP,
        D(2026, 3, 10),
        D(2026, 3, 30),
        AppealOutcome.IN_STAND,
    )
    asten = order(world, asten_violation(world, position="2C"), D(2026, 3, 4))
    ruling(world, asten, AppealStage.BEROEP, D(2026, 3, 9), D(2026, 3, 25), AppealOutcome.IN_STAND)
    return Court(eindhoven=eindhoven, asten=asten)
