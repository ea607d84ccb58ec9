"""Reads on supervision and enforcement.

Every participant-owned query goes through the tenancy scope; another participant's object
answers 404. The decision support reads rows here and hands plain values to
:mod:`grip.enforcement.proposals`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from grip.core.models import User
from grip.core.tenancy import scope_to_user
from grip.enforcement import proposals
from grip.enforcement.constants import (
    COMPLIANT_RESULTS,
    COURT_STAGES,
    AppealOutcome,
    FindingResult,
    InspectionStatus,
    InspectionType,
    MeasureStatus,
    Rung,
)
from grip.enforcement.models import (
    Appeal,
    Checklist,
    Finding,
    Inspection,
    InspectionSubject,
    Instrument,
    Intention,
    Measure,
    StrategyCell,
    StrategyVersion,
    Violation,
)
from grip.sites.models import Site

# --- reference data and the strategy ------------------------------------------------------------


def instrument_list(*, on: datetime.date | None = None) -> QuerySet[Instrument]:
    queryset = Instrument.objects.select_related("decision_type")
    return queryset.valid_on(on) if on else queryset


def subject_list(*, on: datetime.date | None = None) -> QuerySet[InspectionSubject]:
    queryset = InspectionSubject.objects.all()
    return queryset.valid_on(on) if on else queryset


def checklist_list(*, active_only: bool = True) -> QuerySet[Checklist]:
    queryset = Checklist.objects.prefetch_related("points__subject")
    return queryset.filter(active=True) if active_only else queryset


def strategy_list() -> QuerySet[StrategyVersion]:
    return StrategyVersion.objects.select_related("framework_version")


def strategy_detail(*, pk: int) -> StrategyVersion:
    try:
        return strategy_list().get(pk=pk)
    except StrategyVersion.DoesNotExist:
        raise Http404 from None


def strategy_in_force(*, on: datetime.date) -> StrategyVersion | None:
    """The adopted strategy that applies to violations established on ``on``."""
    return (
        StrategyVersion.objects.valid_on(on)
        .filter(adopted_on__isnull=False)
        .order_by("-valid_from", "-id")
        .first()
    )


def cells_of(strategy: StrategyVersion) -> QuerySet[StrategyCell]:
    # A fresh query, not ``strategy.cells``: that may already hold a prefetched result.
    cells = StrategyCell.objects.filter(strategy_id=strategy.pk)
    return cells.select_related("default_instrument", "strategy").prefetch_related(
        Prefetch("instruments", queryset=Instrument.objects.order_by("severity", "name"))
    )


@dataclass(frozen=True)
class MatrixRow:
    consequence: int
    label: str
    cells: tuple[StrategyCell, ...]


def matrix_of(strategy: StrategyVersion) -> tuple[MatrixRow, ...]:
    """The 4 × 4 grid, worst consequence on top as in the LHSO, behaviour A-D left to right."""
    cells = {(cell.consequence, cell.behaviour): cell for cell in cells_of(strategy)}
    rows = []
    for consequence in (4, 3, 2, 1):
        row = tuple(cells[(consequence, b)] for b in "ABCD" if (consequence, b) in cells)
        label = row[0].get_consequence_display() if row else str(consequence)
        rows.append(MatrixRow(consequence, str(label), row))
    return tuple(rows)


def cell_for(*, strategy: StrategyVersion, consequence: int, behaviour: str) -> StrategyCell:
    return cells_of(strategy).get(consequence=consequence, behaviour=behaviour)


def instrument_ref(instrument: Instrument) -> proposals.InstrumentRef:
    return proposals.InstrumentRef(
        code=instrument.code,
        name=instrument.name,
        severity=instrument.severity,
        track=instrument.track,
        is_decision=instrument.decision_type_id is not None,
        has_penalty=instrument.has_penalty,
    )


def cell_rule(cell: StrategyCell) -> proposals.CellRule:
    return proposals.CellRule(
        code=cell.code,
        default=instrument_ref(cell.default_instrument),
        allowed=tuple(instrument_ref(i) for i in cell.instruments.all()),
        repair_term_days=cell.repair_term_days,
        prosecutor_consultation=cell.prosecutor_consultation,
        strategy_label=str(cell.strategy),
    )


def violation_cell(violation: Violation) -> StrategyCell:
    return cell_for(
        strategy=violation.strategy,
        consequence=violation.consequence,
        behaviour=violation.behaviour,
    )


# --- inspections --------------------------------------------------------------------------------


def inspection_list_for(
    *,
    user: User,
    participant_id: int | None = None,
    inspector_id: int | None = None,
    status: str | None = None,
    inspection_type: str | None = None,
    site_id: int | None = None,
    query: str = "",
) -> QuerySet[Inspection]:
    queryset = scope_to_user(
        Inspection.objects.select_related(
            "participant", "site", "case", "inspector", "cause_violation"
        ),
        user=user,
        participant_field="participant",
    )
    if participant_id:
        queryset = queryset.filter(participant_id=participant_id)
    if inspector_id:
        queryset = queryset.filter(inspector_id=inspector_id)
    if status:
        queryset = queryset.filter(status=status)
    if inspection_type:
        queryset = queryset.filter(inspection_type=inspection_type)
    if site_id:
        queryset = queryset.filter(site_id=site_id)
    if query.strip():
        text = query.strip()
        queryset = queryset.filter(
            Q(identification__icontains=text)
            | Q(site__name__icontains=text)
            | Q(site__identification__icontains=text)
        )
    return queryset


def inspection_detail_for(*, user: User, pk: int) -> Inspection:
    try:
        return inspection_list_for(user=user).get(pk=pk)
    except Inspection.DoesNotExist:
        raise Http404 from None


def findings_of(inspection: Inspection) -> QuerySet[Finding]:
    return inspection.findings.select_related("subject").prefetch_related("violations")


def finding_list_for(*, user: User) -> QuerySet[Finding]:
    """Findings of the inspections the user may see."""
    return Finding.objects.filter(inspection__in=inspection_list_for(user=user)).select_related(
        "inspection", "subject"
    )


def finding_detail_for(*, user: User, pk: int) -> Finding:
    try:
        return finding_list_for(user=user).get(pk=pk)
    except Finding.DoesNotExist:
        raise Http404 from None


def unrecorded_findings(inspection: Inspection) -> QuerySet[Finding]:
    """Findings not met that no violation covers yet: the inspector still has to decide."""
    return inspection.findings.filter(
        result=FindingResult.NIET_AKKOORD, violations__isnull=True
    ).select_related("subject")


# --- violations and measures --------------------------------------------------------------------


def violation_list_for(
    *,
    user: User,
    participant_id: int | None = None,
    site_id: int | None = None,
    open_only: bool = False,
    inspector_id: int | None = None,
    query: str = "",
) -> QuerySet[Violation]:
    queryset = scope_to_user(
        Violation.objects.select_related(
            "participant", "site", "inspection", "inspection__inspector", "strategy"
        ),
        user=user,
        participant_field="participant",
    )
    if participant_id:
        queryset = queryset.filter(participant_id=participant_id)
    if site_id:
        queryset = queryset.filter(site_id=site_id)
    if open_only:
        queryset = queryset.filter(repaired_on__isnull=True, enforce=True)
    if inspector_id:
        queryset = queryset.filter(inspection__inspector_id=inspector_id)
    if query.strip():
        text = query.strip()
        queryset = queryset.filter(
            Q(identification__icontains=text)
            | Q(site__name__icontains=text)
            | Q(rule__icontains=text)
            | Q(nature__icontains=text)
        )
    return queryset


def violation_detail_for(*, user: User, pk: int) -> Violation:
    try:
        return violation_list_for(user=user).get(pk=pk)
    except Violation.DoesNotExist:
        raise Http404 from None


def prior_violations(
    *, site_id: int, rule_key: str, before: datetime.date, exclude_pk: int | None = None
) -> list[proposals.PriorViolation]:
    """The object's earlier violations of the same rule (any age; the advice applies the
    strategy's period)."""
    rows = Violation.objects.filter(site_id=site_id, rule_key=rule_key, observed_on__lt=before)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return [
        proposals.PriorViolation(identification, observed_on, behaviour)
        for identification, observed_on, behaviour in rows.values_list(
            "identification", "observed_on", "behaviour"
        )
    ]


def recidivism_for(
    *,
    site_id: int,
    rule: str,
    behaviour: str,
    observed_on: datetime.date,
    strategy: StrategyVersion,
    exclude_pk: int | None = None,
) -> proposals.RecidivismAdvice | None:
    return proposals.recidivism_advice(
        behaviour=behaviour,
        prior=prior_violations(
            site_id=site_id,
            rule_key=proposals.rule_key(rule),
            before=observed_on,
            exclude_pk=exclude_pk,
        ),
        observed_on=observed_on,
        months=strategy.recidivism_months,
    )


def intentions_of(violation: Violation) -> QuerySet[Intention]:
    return violation.intentions.select_related("instrument").order_by("sent_on", "id")


def measures_of(violation: Violation) -> QuerySet[Measure]:
    return violation.measures.select_related("instrument", "decision").order_by("imposed_on", "id")


def reinspections_of(violation: Violation) -> QuerySet[Inspection]:
    return violation.reinspections.select_related("inspector").order_by("planned_on", "id")


def reinspection_repaired(inspection: Inspection, violation: Violation) -> bool:
    """A performed re-inspection found the violation repaired unless one of its findings not
    met was linked to the violation (CIM: such findings are related to the violation)."""
    return not violation.findings.filter(
        inspection=inspection, result=FindingResult.NIET_AKKOORD
    ).exists()


def ladder_steps(violation: Violation) -> list[proposals.Step]:
    steps: list[proposals.Step] = []
    for intention in intentions_of(violation):
        steps.append(
            proposals.Step(
                Rung.VOORNEMEN,
                intention.sent_on,
                max(intention.repair_until, intention.response_until),
                str(intention.instrument.name),
            )
        )
    for measure in measures_of(violation).exclude(status=MeasureStatus.INGETROKKEN):
        rung = proposals.rung_of(instrument_ref(measure.instrument))
        if rung is None:
            continue
        steps.append(
            proposals.Step(rung, measure.imposed_on, measure.repair_until, measure.instrument.name)
        )
        if measure.collected_amount or measure.forfeited_amount:
            on = measure.forfeited_on or measure.imposed_on
            steps.append(proposals.Step(Rung.INVORDERING, on, None, measure.instrument.name))
        elif measure.status == MeasureStatus.UITGEVOERD and not measure.instrument.has_penalty:
            on = measure.completed_on or measure.imposed_on
            steps.append(proposals.Step(Rung.INVORDERING, on, None, measure.instrument.name))
    return steps


def ladder_state(violation: Violation) -> proposals.LadderState:
    checks = []
    planned: datetime.date | None = None
    for inspection in reinspections_of(violation):
        if inspection.status == InspectionStatus.UITGEVOERD and inspection.performed_on:
            checks.append(
                proposals.Check(
                    inspection.performed_on, reinspection_repaired(inspection, violation)
                )
            )
        elif inspection.status == InspectionStatus.GEPLAND:
            planned = inspection.planned_on
    return proposals.LadderState(
        cell=cell_rule(violation_cell(violation)),
        observed_on=violation.observed_on,
        steps=tuple(ladder_steps(violation)),
        checks=tuple(checks),
        repaired_on=violation.repaired_on,
        enforce=violation.enforce,
        no_enforcement_reason=violation.no_enforcement_reason,
        planned_check_on=planned,
    )


@dataclass(frozen=True)
class ViolationAdvice:
    """Everything the violation page shows to decide the next intervention."""

    cell: StrategyCell
    proposal: proposals.Proposal
    recidivism: proposals.RecidivismAdvice | None
    next_step: proposals.NextStep
    ladder: tuple[proposals.RungView, ...]


def violation_advice(
    violation: Violation, *, today: datetime.date | None = None
) -> ViolationAdvice:
    today = today or timezone.localdate()
    cell = violation_cell(violation)
    rule = cell_rule(cell)
    state = ladder_state(violation)
    return ViolationAdvice(
        cell=cell,
        proposal=proposals.propose(rule, observed_on=violation.observed_on),
        recidivism=recidivism_for(
            site_id=violation.site_id,
            rule=violation.rule,
            behaviour=violation.behaviour,
            observed_on=violation.observed_on,
            strategy=violation.strategy,
            exclude_pk=violation.pk,
        ),
        next_step=proposals.next_step(state, today=today),
        ladder=proposals.ladder(state, today=today),
    )


def measure_list_for(
    *,
    user: User,
    participant_id: int | None = None,
    status: str | None = None,
    instrument_code: str | None = None,
) -> QuerySet[Measure]:
    queryset = scope_to_user(
        Measure.objects.select_related("participant", "instrument", "case", "decision"),
        user=user,
        participant_field="participant",
    )
    if participant_id:
        queryset = queryset.filter(participant_id=participant_id)
    if status:
        queryset = queryset.filter(status=status)
    if instrument_code:
        queryset = queryset.filter(instrument__code=instrument_code)
    return queryset


def measure_detail_for(*, user: User, pk: int) -> Measure:
    try:
        return measure_list_for(user=user).get(pk=pk)
    except Measure.DoesNotExist:
        raise Http404 from None


def intention_list_for(*, user: User) -> QuerySet[Intention]:
    """Notices of intent on the violations the user may see."""
    return Intention.objects.filter(violation__in=violation_list_for(user=user)).select_related(
        "violation", "instrument"
    )


def intention_detail_for(*, user: User, pk: int) -> Intention:
    try:
        return intention_list_for(user=user).get(pk=pk)
    except Intention.DoesNotExist:
        raise Http404 from None


def appeal_list_for(*, user: User, measure: Measure | None = None) -> QuerySet[Appeal]:
    queryset = Appeal.objects.filter(measure__in=measure_list_for(user=user)).select_related(
        "measure"
    )
    return queryset.filter(measure=measure) if measure is not None else queryset


def appeal_detail_for(*, user: User, pk: int) -> Appeal:
    try:
        return appeal_list_for(user=user).get(pk=pk)
    except Appeal.DoesNotExist:
        raise Http404 from None


# --- the inspector's work list ------------------------------------------------------------------


@dataclass(frozen=True)
class WorkItem:
    inspection: Inspection
    overdue: bool


@dataclass(frozen=True)
class Worklist:
    today: datetime.date
    inspections: tuple[WorkItem, ...]
    to_record: tuple[Inspection, ...]
    open_violations: int


def worklist_for(
    *, user: User, inspector_id: int | None, today: datetime.date | None = None
) -> Worklist:
    """An inspector's planned inspections and re-inspections in date order (overdue first),
    the performed inspections whose findings not met still need a violation or a decision,
    and how many of their violations are still open."""
    today = today or timezone.localdate()
    planned = inspection_list_for(
        user=user, inspector_id=inspector_id, status=InspectionStatus.GEPLAND
    ).order_by("planned_on", "id")
    if inspector_id is None:
        planned = planned.none()
    pending = Finding.objects.filter(
        inspection=OuterRef("pk"), result=FindingResult.NIET_AKKOORD, violations__isnull=True
    )
    to_record = (
        inspection_list_for(
            user=user, inspector_id=inspector_id, status=InspectionStatus.UITGEVOERD
        )
        .filter(Exists(pending))
        .exclude(inspection_type=InspectionType.HERCONTROLE)
        .order_by("performed_on", "id")
    )
    if inspector_id is None:
        to_record = to_record.none()
    open_violations = (
        violation_list_for(user=user, inspector_id=inspector_id, open_only=True).count()
        if inspector_id
        else 0
    )
    return Worklist(
        today=today,
        inspections=tuple(WorkItem(i, i.planned_on < today) for i in planned[:500]),
        to_record=tuple(to_record[:200]),
        open_violations=open_violations,
    )


# --- figures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComplianceFigures:
    """The counts behind the province's enforcement indicators, for a set of participants."""

    first_inspections: int
    first_compliant: int
    reinspected_violations: int
    repaired_at_first_reinspection: int

    @property
    def first_compliance_rate(self) -> float | None:
        if not self.first_inspections:
            return None
        return self.first_compliant / self.first_inspections

    @property
    def repair_rate(self) -> float | None:
        if not self.reinspected_violations:
            return None
        return self.repaired_at_first_reinspection / self.reinspected_violations


def compliance_figures(
    *,
    user: User,
    start: datetime.date,
    end: datetime.date,
    participant_ids: Iterable[int] | None = None,
) -> ComplianceFigures:
    """Compliance at first inspection (no finding 'niet akkoord') over the inspections other
    than re-inspections performed in [start, end]; and of the violations established then
    that were re-inspected, how many the first re-inspection found repaired."""
    inspections = inspection_list_for(user=user).filter(
        status=InspectionStatus.UITGEVOERD, performed_on__range=(start, end)
    )
    violations = violation_list_for(user=user).filter(observed_on__range=(start, end))
    if participant_ids is not None:
        ids = list(participant_ids)
        inspections = inspections.filter(participant_id__in=ids)
        violations = violations.filter(participant_id__in=ids)
    first = inspections.exclude(inspection_type=InspectionType.HERCONTROLE)
    not_met = Finding.objects.filter(inspection=OuterRef("pk"), result=FindingResult.NIET_AKKOORD)
    first_counts = first.aggregate(
        total=Count("pk"), compliant=Count("pk", filter=~Q(Exists(not_met)))
    )
    reinspected = 0
    repaired = 0
    performed = Inspection.objects.filter(
        status=InspectionStatus.UITGEVOERD, cause_violation__in=violations
    ).order_by("cause_violation_id", "performed_on", "id")
    first_check: dict[int, Inspection] = {}
    for inspection in performed:
        first_check.setdefault(inspection.cause_violation_id or 0, inspection)
    failed = set(
        Finding.objects.filter(
            inspection__in=[i.pk for i in first_check.values()],
            result=FindingResult.NIET_AKKOORD,
        ).values_list("inspection_id", flat=True)
    )
    for inspection in first_check.values():
        reinspected += 1
        repaired += inspection.pk not in failed
    return ComplianceFigures(
        first_inspections=int(first_counts["total"] or 0),
        first_compliant=int(first_counts["compliant"] or 0),
        reinspected_violations=reinspected,
        repaired_at_first_reinspection=repaired,
    )


def site_compliance_history(*, user: User, site: Site) -> QuerySet[Inspection]:
    """A site's performed inspections, newest first, with how many findings were not met."""
    return (
        inspection_list_for(user=user, site_id=site.pk, status=InspectionStatus.UITGEVOERD)
        .annotate(
            not_met=Count("findings", filter=Q(findings__result=FindingResult.NIET_AKKOORD)),
            met=Count("findings", filter=Q(findings__result__in=list(COMPLIANT_RESULTS))),
        )
        .order_by("-performed_on", "-id")
    )


@dataclass(frozen=True)
class CourtFigures:
    """Court rulings on enforcement decisions: the counts behind "upheld in court"."""

    rulings: int
    upheld: int
    partly_upheld: int

    @property
    def upheld_rate(self) -> float | None:
        return self.upheld / self.rulings if self.rulings else None


def court_figures(
    *,
    user: User,
    start: datetime.date,
    end: datetime.date,
    participant_ids: Iterable[int] | None = None,
) -> CourtFigures:
    """Rulings of a court (not objections) decided in [start, end] on measures' decisions.
    A ruling that annuls only part of the decision counts as ruled, not as upheld."""
    appeals = appeal_list_for(user=user).filter(
        stage__in=list(COURT_STAGES), decided_on__range=(start, end)
    )
    if participant_ids is not None:
        appeals = appeals.filter(measure__participant_id__in=list(participant_ids))
    counts = appeals.aggregate(
        rulings=Count("pk"),
        upheld=Count("pk", filter=Q(outcome=AppealOutcome.IN_STAND)),
        partly=Count("pk", filter=Q(outcome=AppealOutcome.GEDEELTELIJK)),
    )
    return CourtFigures(
        rulings=int(counts["rulings"] or 0),
        upheld=int(counts["upheld"] or 0),
        partly_upheld=int(counts["partly"] or 0),
    )


# --- figures for the indicators (kpis), per participant -----------------------------------------
# Each answers for a list of participant ids in a fixed number of queries; the kpis app decides
# who may see which participant.


def compliance_by_participant(
    *, participant_ids: list[int], start: datetime.date, end: datetime.date
) -> dict[int, ComplianceFigures]:
    """:func:`compliance_figures` per participant, over the participants' own inspections."""
    not_met = Finding.objects.filter(inspection=OuterRef("pk"), result=FindingResult.NIET_AKKOORD)
    first = {
        row["participant_id"]: row
        for row in Inspection.objects.filter(
            participant_id__in=participant_ids,
            status=InspectionStatus.UITGEVOERD,
            performed_on__range=(start, end),
        )
        .exclude(inspection_type=InspectionType.HERCONTROLE)
        .values("participant_id")
        .annotate(total=Count("pk"), compliant=Count("pk", filter=~Q(Exists(not_met))))
        .order_by()
    }
    # The first performed re-inspection of each violation established in the period.
    first_check: dict[int, tuple[int, int]] = {}  # violation id -> (participant id, inspection)
    for inspection_id, violation_id, participant_id in (
        Inspection.objects.filter(
            status=InspectionStatus.UITGEVOERD,
            cause_violation__participant_id__in=participant_ids,
            cause_violation__observed_on__range=(start, end),
        )
        .order_by("cause_violation_id", "performed_on", "id")
        .values_list("pk", "cause_violation_id", "cause_violation__participant_id")
    ):
        first_check.setdefault(violation_id, (participant_id, inspection_id))
    failed = set(
        Finding.objects.filter(
            inspection__in=[pk for _participant, pk in first_check.values()],
            result=FindingResult.NIET_AKKOORD,
        ).values_list("inspection_id", flat=True)
    )
    rechecked: dict[int, list[int]] = {}
    for participant_id, inspection_id in first_check.values():
        counts = rechecked.setdefault(participant_id, [0, 0])
        counts[0] += 1
        counts[1] += inspection_id not in failed
    return {
        pk: ComplianceFigures(
            first_inspections=int(first.get(pk, {}).get("total", 0)),
            first_compliant=int(first.get(pk, {}).get("compliant", 0)),
            reinspected_violations=rechecked.get(pk, [0, 0])[0],
            repaired_at_first_reinspection=rechecked.get(pk, [0, 0])[1],
        )
        for pk in participant_ids
    }


def court_by_participant(
    *, participant_ids: list[int], start: datetime.date, end: datetime.date
) -> dict[int, CourtFigures]:
    """:func:`court_figures` per participant."""
    rows = {
        row["measure__participant_id"]: row
        for row in Appeal.objects.filter(
            measure__participant_id__in=participant_ids,
            stage__in=list(COURT_STAGES),
            decided_on__range=(start, end),
        )
        .values("measure__participant_id")
        .annotate(
            rulings=Count("pk"),
            upheld=Count("pk", filter=Q(outcome=AppealOutcome.IN_STAND)),
            partly=Count("pk", filter=Q(outcome=AppealOutcome.GEDEELTELIJK)),
        )
        .order_by()
    }
    return {
        pk: CourtFigures(
            rulings=int(rows.get(pk, {}).get("rulings", 0)),
            upheld=int(rows.get(pk, {}).get("upheld", 0)),
            partly_upheld=int(rows.get(pk, {}).get("partly", 0)),
        )
        for pk in participant_ids
    }


@dataclass(frozen=True)
class EnforcementSummary:
    """What a board report says about supervision: planned and done, violations, measures."""

    planned: int  # inspections planned in the period (cancelled ones included)
    performed_of_planned: int  # of those, performed by the end of the period
    performed: int  # inspections performed in the period, whenever planned
    performed_by_type: dict[str, int]  # inspection type label -> count
    violations: int  # established in the period
    intentions: int  # notices of intent sent in the period
    measures_by_instrument: dict[str, int]  # instrument name -> measures imposed in the period


def enforcement_summary(
    *, participant_ids: list[int], start: datetime.date, end: datetime.date
) -> dict[int, EnforcementSummary]:
    """Per participant: five grouped queries, whatever the number of participants."""
    inspections = Inspection.objects.filter(participant_id__in=participant_ids)
    plan = {
        row["participant_id"]: row
        for row in inspections.filter(planned_on__range=(start, end))
        .values("participant_id")
        .annotate(
            planned=Count("pk"),
            done=Count(
                "pk",
                filter=Q(status=InspectionStatus.UITGEVOERD, performed_on__lte=end),
            ),
        )
        .order_by()
    }
    type_labels = dict(InspectionType.choices)
    by_type: dict[int, dict[str, int]] = {}
    for row in (
        inspections.filter(status=InspectionStatus.UITGEVOERD, performed_on__range=(start, end))
        .values("participant_id", "inspection_type")
        .annotate(n=Count("pk"))
        .order_by("participant_id", "inspection_type")
    ):
        label = str(type_labels.get(row["inspection_type"], row["inspection_type"]))
        by_type.setdefault(row["participant_id"], {})[label] = row["n"]
    violations = dict(
        Violation.objects.filter(
            participant_id__in=participant_ids, observed_on__range=(start, end)
        )
        .values("participant_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("participant_id", "n")
    )
    intentions = dict(
        Intention.objects.filter(
            violation__participant_id__in=participant_ids, sent_on__range=(start, end)
        )
        .values("violation__participant_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("violation__participant_id", "n")
    )
    measures: dict[int, dict[str, int]] = {}
    for row in (
        Measure.objects.filter(participant_id__in=participant_ids, imposed_on__range=(start, end))
        .values("participant_id", "instrument__name", "instrument__severity")
        .annotate(n=Count("pk"))
        .order_by("participant_id", "instrument__severity", "instrument__name")
    ):
        measures.setdefault(row["participant_id"], {})[row["instrument__name"]] = row["n"]
    return {
        pk: EnforcementSummary(
            planned=int(plan.get(pk, {}).get("planned", 0)),
            performed_of_planned=int(plan.get(pk, {}).get("done", 0)),
            performed=sum(by_type.get(pk, {}).values()),
            performed_by_type=by_type.get(pk, {}),
            violations=int(violations.get(pk, 0)),
            intentions=int(intentions.get(pk, 0)),
            measures_by_instrument=measures.get(pk, {}),
        )
        for pk in participant_ids
    }


# --- the compliance history of the sites, for the risk model (planning) -------------------------


@dataclass
class SupervisionHistory:
    """A site's history as the risk model reads it."""

    # Performed inspections other than re-inspections since the look-back start, newest first:
    # (date, in order = no finding "niet akkoord").
    results: list[tuple[datetime.date, bool]]
    last_inspected_on: datetime.date | None  # the latest such inspection, however long ago
    open_violations: int = 0
    repair_due_on: datetime.date | None = None  # the earliest repair date of the open ones
    reinspection_planned: bool = False  # a re-inspection of an open violation is planned
    recidivism: int = 0  # violations since the look-back start that repeat an earlier one
    # The earliest repair date of the open violations without a planned re-inspection: when
    # the next re-inspection still has to be planned.
    unplanned_repair_due_on: datetime.date | None = None


def supervision_histories(
    *, as_of: datetime.date, since: datetime.date, site_ids: Iterable[int] | None = None
) -> dict[int, SupervisionHistory]:
    """:class:`SupervisionHistory` of every site with any, in five queries. Not scoped: the
    caller (the planning services) has checked the actor plans for all participants."""
    inspections = Inspection.objects.filter(
        status=InspectionStatus.UITGEVOERD, performed_on__lte=as_of
    ).exclude(inspection_type=InspectionType.HERCONTROLE)
    violations = Violation.objects.filter(observed_on__lte=as_of)
    if site_ids is not None:
        ids = list(site_ids)
        inspections = inspections.filter(site_id__in=ids)
        violations = violations.filter(site_id__in=ids)
    histories: dict[int, SupervisionHistory] = {}

    def of(site_id: int) -> SupervisionHistory:
        return histories.setdefault(site_id, SupervisionHistory(results=[], last_inspected_on=None))

    for site_id, last in (
        inspections.order_by().values_list("site_id").annotate(last=Max("performed_on"))
    ):
        of(site_id).last_inspected_on = last
    not_met = Finding.objects.filter(inspection=OuterRef("pk"), result=FindingResult.NIET_AKKOORD)
    for site_id, performed_on, failed in (
        inspections.filter(performed_on__gte=since)
        .annotate(failed=Exists(not_met))
        .order_by("site_id", "-performed_on", "-id")
        .values_list("site_id", "performed_on", "failed")
    ):
        if performed_on is not None:  # performed inspections always have their date
            of(site_id).results.append((performed_on, not failed))
    # Open on ``as_of``: not repaired then (a later repair does not count for an earlier day).
    open_violations = violations.filter(
        Q(repaired_on__isnull=True) | Q(repaired_on__gt=as_of), enforce=True
    )
    for site_id, count, due in (
        open_violations.order_by()
        .values_list("site_id")
        .annotate(count=Count("pk"), due=Min("repair_due_on"))
    ):
        history = of(site_id)
        history.open_violations, history.repair_due_on = count, due
    planned = Inspection.objects.filter(
        status=InspectionStatus.GEPLAND, cause_violation=OuterRef("pk")
    )
    for site_id, has_planned, due in (
        open_violations.annotate(has_planned=Exists(planned))
        .order_by()
        .values_list("site_id", "has_planned")
        .annotate(due=Min("repair_due_on"))
    ):
        history = of(site_id)
        if has_planned:
            history.reinspection_planned = True
        elif due is not None:
            history.unplanned_repair_due_on = due
    for site_id, count in (
        violations.filter(observed_on__gte=since, recidivism_of__isnull=False)
        .order_by()
        .values_list("site_id")
        .annotate(count=Count("pk"))
    ):
        of(site_id).recidivism = count
    return histories
