"""Writes on supervision and enforcement.

Every service runs in one transaction, checks the actor's permission and the participant,
and audits what it wrote; a refusal writes nothing. Decisions (orders, fines, collecting
penalties) are signed through :func:`grip.mandates.services.decision_sign`, so a missing
mandate refuses the whole measure. Re-inspections are planned by the services that set a
repair term, at that term.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from grip.cases import services as case_services
from grip.cases.constants import CaseStatus, RelationKind, allowed_next
from grip.cases.models import Case, CaseType
from grip.core.audit import Actor, audit_create, audit_create_many, audit_update, snapshot
from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.models import User
from grip.core.permissions import require_user
from grip.core.tenancy import participant_id_of
from grip.enforcement import proposals, selectors
from grip.enforcement.constants import (
    MEASURE_TRANSITIONS,
    AppealOutcome,
    Behaviour,
    Consequence,
    FindingResult,
    InspectionCause,
    InspectionStatus,
    InspectionType,
    InstrumentTrack,
    MeasureStatus,
    PenaltyUnit,
    PositioningReason,
    StrategyKind,
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
from grip.frameworks.models import FrameworkVersion
from grip.mandates.services import decision_sign
from grip.organisation.models import Employee
from grip.sites.models import Site

INSPECTION_CASE_TYPE = "controle"
COLLECTION_DECISION_TYPE = "invordering-dwangsom"


def _day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


def _require_staff(actor: User) -> None:
    if participant_id_of(actor) is not None:
        raise NotAllowed(_("Alleen medewerkers van de omgevingsdienst houden toezicht."))


def _next_identification(model: type[Inspection | Violation | Measure], prefix: str) -> str:
    """The next number in a year's series, such as C-2026-000041."""
    last = (
        model.objects.filter(identification__startswith=prefix)
        .aggregate(last=Max("identification"))
        .get("last")
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:06d}"


def _not_in_future(day: datetime.date, *, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise DomainError(
            _("%(what)s ligt in de toekomst.") % {"what": what}, field=field, code="future_date"
        )


# --- inspections --------------------------------------------------------------------------------


def _inspection_case(
    *,
    actor: User,
    site: Site,
    inspector: Employee,
    planned_on: datetime.date,
    cause_case: Case | None,
) -> Case:
    """A new case 'Controle uitvoeren' for the inspection, following on from its cause."""
    received_on = min(planned_on, timezone.localdate())
    case_type = (
        CaseType.objects.valid_on(received_on)
        .filter(code=INSPECTION_CASE_TYPE)
        .order_by("-version")
        .first()
    )
    if case_type is None:
        raise DomainError(
            _("Er is geen geldig zaaktype 'controle' op %(day)s.") % {"day": _day(received_on)},
            code="no_inspection_case_type",
        )
    case = case_services.case_create(
        actor=actor,
        participant=site.participant,
        case_type=case_type,
        subject=_("Controle %(site)s") % {"site": site.name},
        received_on=received_on,
        site=site,
        establishment=site.establishment,
        assigned_to=inspector,
        team=inspector.team,
    )
    if cause_case is not None:
        case_services.relate(actor=actor, case=case, other=cause_case, kind=RelationKind.VERVOLG)
    return case


def _copy_points(
    *, actor: User, inspection: Inspection, checklist: Checklist | None, violation: Violation | None
) -> None:
    if checklist is not None:
        points = [(p.subject_id, p.point, p.rule) for p in checklist.points.order_by("position")]
    elif violation is not None:
        # A re-inspection checks what the violation's findings found not met.
        points = [
            (f.subject_id, f.point, f.rule)
            for f in violation.findings.filter(inspection_id=violation.inspection_id).order_by(
                "number"
            )
        ]
    else:
        points = []
    findings = Finding.objects.bulk_create(
        Finding(inspection=inspection, number=number, subject_id=subject, point=point, rule=rule)
        for number, (subject, point, rule) in enumerate(points, start=1)
    )
    audit_create_many(actor=actor, instances=findings)


def inspection_create(
    *,
    actor: Actor,
    site: Site,
    inspection_type: str,
    planned_on: datetime.date,
    inspector: Employee,
    cause: str = InspectionCause.PROGRAMMA,
    cause_case: Case | None = None,
    cause_violation: Violation | None = None,
    checklist: Checklist | None = None,
    case: Case | None = None,
    notes: str = "",
) -> Inspection:
    """Plan an inspection of a site, in a case: the given one, the violation's for a
    re-inspection, or a new case 'Controle uitvoeren'. The checklist's points become its
    findings, still without a result."""
    user = require_user(actor, "enforcement.add_inspection")
    _require_staff(user)
    if inspection_type not in InspectionType.values:
        raise DomainError(_("Onbekend controletype."), field="inspection_type", code="invalid")
    if cause not in InspectionCause.values:
        raise DomainError(_("Onbekende aanleiding."), field="cause", code="invalid")
    if inspector.end_date is not None and inspector.end_date < planned_on:
        raise DomainError(
            _("%(name)s is op %(day)s niet meer in dienst.")
            % {"name": inspector, "day": _day(planned_on)},
            field="inspector",
            code="inspector_left",
        )
    if (inspection_type == InspectionType.HERCONTROLE) != (cause_violation is not None):
        raise DomainError(
            _("Een hercontrole hoort bij een overtreding, en alleen een hercontrole."),
            field="cause_violation",
            code="reinspection_needs_violation",
        )
    if cause_violation is not None:
        cause = InspectionCause.OVERTREDING
        if cause_violation.site_id != site.pk:
            raise DomainError(
                _("De overtreding hoort bij een ander toezichtobject."),
                field="cause_violation",
                code="other_site",
            )
        case = case or cause_violation.inspection.case
    for name, other in (("cause_case", cause_case), ("case", case)):
        if other is not None and other.participant_id != site.participant_id:
            raise DomainError(
                _("De zaak hoort bij een andere deelnemer dan het toezichtobject."),
                field=name,
                code="other_participant",
            )
    if cause_case is not None and cause == InspectionCause.PROGRAMMA:
        raise DomainError(
            _("Geef de aanleiding bij een aanleidende zaak."), field="cause", code="required"
        )
    with transaction.atomic():
        if case is None:
            case = _inspection_case(
                actor=user,
                site=site,
                inspector=inspector,
                planned_on=planned_on,
                cause_case=cause_case,
            )
        inspection = Inspection(
            identification=_next_identification(Inspection, f"C-{planned_on.year}-"),
            participant_id=site.participant_id,
            site=site,
            case=case,
            inspection_type=inspection_type,
            cause=cause,
            cause_case=cause_case,
            cause_violation=cause_violation,
            inspector=inspector,
            checklist=checklist,
            planned_on=planned_on,
            notes=notes,
            created_by=user,
        )
        inspection.full_clean()
        inspection.save()
        _copy_points(
            actor=user, inspection=inspection, checklist=checklist, violation=cause_violation
        )
        audit_create(actor=user, instance=inspection)
    return inspection


def _open(inspection: Inspection) -> Inspection:
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if locked.status == InspectionStatus.VERVALLEN:
        raise Conflict(_("Deze controle is vervallen."), code="inspection_cancelled")
    return locked


def inspection_reschedule(
    *,
    actor: Actor,
    inspection: Inspection,
    planned_on: datetime.date,
    inspector: Employee | None = None,
) -> Inspection:
    user = require_user(actor, "enforcement.change_inspection")
    _require_staff(user)
    if planned_on < timezone.localdate():
        raise DomainError(
            _("Een controle wordt niet naar een dag in het verleden verplaatst."),
            field="planned_on",
            code="past_date",
        )
    who = inspector or inspection.inspector
    if who.end_date is not None and who.end_date < planned_on:
        raise DomainError(
            _("%(name)s is op %(day)s niet meer in dienst.")
            % {"name": who, "day": _day(planned_on)},
            field="inspector",
            code="inspector_left",
        )
    with transaction.atomic():
        locked = _open(inspection)
        if locked.status != InspectionStatus.GEPLAND:
            raise Conflict(_("Alleen een geplande controle wordt verplaatst."), code="not_planned")
        before = snapshot(locked)
        locked.planned_on = planned_on
        if inspector is not None:
            locked.inspector = inspector
        locked.save(update_fields=["planned_on", "inspector", "updated_at"])
        audit_update(actor=user, instance=locked, before=before)
    return locked


def inspection_cancel(*, actor: Actor, inspection: Inspection, reason: str) -> Inspection:
    user = require_user(actor, "enforcement.change_inspection")
    _require_staff(user)
    if not reason.strip():
        raise DomainError(_("Geef de reden."), field="reason", code="required")
    with transaction.atomic():
        locked = _open(inspection)
        if locked.status != InspectionStatus.GEPLAND:
            raise Conflict(_("Een uitgevoerde controle vervalt niet."), code="inspection_performed")
        before = snapshot(locked)
        locked.status = InspectionStatus.VERVALLEN
        locked.notes = f"{locked.notes}\n{reason}".strip()
        locked.save(update_fields=["status", "notes", "updated_at"])
        audit_update(actor=user, instance=locked, before=before)
    return locked


def finding_add(
    *,
    actor: Actor,
    inspection: Inspection,
    subject: InspectionSubject,
    point: str = "",
    rule: str = "",
) -> Finding:
    """Add a point to an inspection that its checklist did not have."""
    user = require_user(actor, "enforcement.change_inspection")
    _require_staff(user)
    with transaction.atomic():
        locked = _open(inspection)
        number = (locked.findings.aggregate(last=Max("number"))["last"] or 0) + 1
        finding = Finding(inspection=locked, number=number, subject=subject, point=point, rule=rule)
        finding.full_clean()
        finding.save()
        audit_create(actor=user, instance=finding)
    return finding


def finding_record(
    *,
    actor: Actor,
    finding: Finding,
    result: str,
    remarks: str = "",
    consequence: int | None = None,
    behaviour: str = "",
) -> Finding:
    """Record a finding's result; a finding not met is placed on the matrix
    (*bevindingoordeel*), any other result has no position."""
    user = require_user(actor, "enforcement.change_inspection")
    _require_staff(user)
    if result not in FindingResult.values:
        raise DomainError(_("Kies een resultaat."), field="result", code="invalid")
    if result == FindingResult.NIET_AKKOORD:
        if consequence not in Consequence.values:
            raise DomainError(
                _("Een bevinding 'niet akkoord' krijgt een gevolg (1-4)."),
                field="consequence",
                code="position_required",
            )
        if behaviour not in Behaviour.values:
            raise DomainError(
                _("Een bevinding 'niet akkoord' krijgt een gedrag (A-D)."),
                field="behaviour",
                code="position_required",
            )
    else:
        consequence, behaviour = None, ""
    with transaction.atomic():
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        if locked.violations.exists():
            raise Conflict(
                _("Op deze bevinding is al een overtreding vastgesteld; die blijft zoals hij is."),
                code="finding_has_violation",
            )
        before = snapshot(locked)
        locked.result = result
        locked.remarks = remarks
        locked.consequence = consequence
        locked.behaviour = behaviour
        locked.save(update_fields=["result", "remarks", "consequence", "behaviour"])
        audit_update(actor=user, instance=locked, before=before)
    return locked


def inspection_complete(
    *, actor: Actor, inspection: Inspection, performed_on: datetime.date, notes: str | None = None
) -> Inspection:
    """Mark an inspection performed. Every finding needs a result. A re-inspection decides
    its violation: repaired when no finding is 'niet akkoord'; otherwise those findings are
    linked to the violation (CIM: no new violation arises)."""
    user = require_user(actor, "enforcement.change_inspection")
    _require_staff(user)
    _not_in_future(performed_on, field="performed_on", what=_("De controledatum"))
    with transaction.atomic():
        locked = _open(inspection)
        if locked.status == InspectionStatus.UITGEVOERD:
            raise Conflict(_("Deze controle is al uitgevoerd."), code="inspection_performed")
        findings = list(locked.findings.all())
        if not findings:
            raise DomainError(
                _("Leg minstens één bevinding vast."), field="findings", code="no_findings"
            )
        open_numbers = [str(f.number) for f in findings if not f.result]
        if open_numbers:
            raise DomainError(
                _("Bevinding %(numbers)s heeft nog geen resultaat.")
                % {"numbers": ", ".join(open_numbers)},
                field="findings",
                code="finding_without_result",
            )
        if performed_on < locked.case.received_on:
            raise DomainError(
                _("De controledatum ligt vóór de start van de zaak (%(day)s).")
                % {"day": _day(locked.case.received_on)},
                field="performed_on",
                code="before_case",
            )
        before = snapshot(locked)
        locked.status = InspectionStatus.UITGEVOERD
        locked.performed_on = performed_on
        if notes is not None:
            locked.notes = notes
        locked.save(update_fields=["status", "performed_on", "notes", "updated_at"])
        audit_update(actor=user, instance=locked, before=before)
        case = locked.case
        if case.status == CaseStatus.ONTVANGEN:
            case_services.status_change(
                actor=user, case=case, to_status=CaseStatus.IN_BEHANDELING, on=performed_on
            )
        if locked.cause_violation_id is not None:
            _decide_by_reinspection(actor=user, inspection=locked, findings=findings)
        _settle_case(actor=user, case=case, on=performed_on)
    return locked


def _settle_case(*, actor: User, case: Case, on: datetime.date) -> None:
    """Close an inspection case once nothing is left to do in it: no planned inspection, no
    finding not met still waiting for a violation, no violation still open. Cases of other
    types (an enforcement request) end with their own decision and are left alone."""
    case = Case.objects.select_related("case_type").get(pk=case.pk)
    if case.case_type.code != INSPECTION_CASE_TYPE or case.closed_on is not None:
        return
    inspections = Inspection.objects.filter(case=case)
    if inspections.filter(status=InspectionStatus.GEPLAND).exists():
        return
    if Finding.objects.filter(
        inspection__in=inspections, result=FindingResult.NIET_AKKOORD, violations__isnull=True
    ).exists():
        return
    if Violation.objects.filter(
        inspection__in=inspections, repaired_on__isnull=True, enforce=True
    ).exists():
        return
    if CaseStatus.AFGEHANDELD not in allowed_next(case.case_type.procedure, case.status):
        return
    case_services.status_change(
        actor=actor,
        case=case,
        to_status=CaseStatus.AFGEHANDELD,
        on=max(on, case.received_on),
        note=_("Controle afgerond; geen openstaande overtredingen."),
    )


def _decide_by_reinspection(
    *, actor: User, inspection: Inspection, findings: list[Finding]
) -> None:
    violation = Violation.objects.select_for_update().get(pk=inspection.cause_violation_id or 0)
    not_met = [f for f in findings if f.result == FindingResult.NIET_AKKOORD]
    if not_met:
        violation.findings.add(*not_met)
        return
    if violation.repaired_on is None and inspection.performed_on is not None:
        before = snapshot(violation)
        violation.repaired_on = inspection.performed_on
        violation.save(update_fields=["repaired_on", "updated_at"])
        audit_update(actor=actor, instance=violation, before=before)


# --- violations ---------------------------------------------------------------------------------


def violation_record(
    *,
    actor: Actor,
    inspection: Inspection,
    findings: Sequence[Finding],
    nature: str,
    rule: str = "",
    observed_on: datetime.date | None = None,
    consequence: int | None = None,
    behaviour: str = "",
    positioning_reason: str = "",
    positioning_explanation: str = "",
    enforce: bool = True,
    no_enforcement_reason: str = "",
    strategy_kind: str = "",
) -> Violation:
    """Establish a violation from findings not met in a performed inspection.

    The position defaults to the findings' (the worst of them); a different position needs
    the reason and its explanation. The strategy in force on the day of the violation is
    fixed on it. An earlier violation of the same rule on the same object within the
    strategy's period is linked as recidivism (the page proposes the heavier behaviour).
    """
    user = require_user(actor, "enforcement.add_violation")
    _require_staff(user)
    if not nature.strip():
        raise DomainError(
            _("Beschrijf de aard van de overtreding."), field="nature", code="required"
        )
    if inspection.status != InspectionStatus.UITGEVOERD or inspection.performed_on is None:
        raise Conflict(
            _("Leg de controle eerst vast als uitgevoerd."), code="inspection_not_performed"
        )
    if inspection.inspection_type == InspectionType.HERCONTROLE:
        raise Conflict(
            _(
                "Bij een hercontrole ontstaat geen nieuwe overtreding: de bevindingen horen bij "
                "de overtreding die wordt gecontroleerd."
            ),
            code="reinspection_no_new_violation",
        )
    if not findings:
        raise DomainError(
            _("Een overtreding rust op minstens één bevinding."),
            field="findings",
            code="no_findings",
        )
    for finding in findings:
        if finding.inspection_id != inspection.pk:
            raise DomainError(
                _("Bevinding %(number)s hoort niet bij deze controle.")
                % {"number": finding.number},
                field="findings",
                code="other_inspection",
            )
        if finding.result != FindingResult.NIET_AKKOORD:
            raise DomainError(
                _("Bevinding %(number)s is niet 'niet akkoord'.") % {"number": finding.number},
                field="findings",
                code="finding_met",
            )
    observed_on = observed_on or inspection.performed_on
    _not_in_future(observed_on, field="observed_on", what=_("De overtredingsdatum"))
    rule = rule.strip() or findings[0].rule
    if not rule:
        raise DomainError(_("Noem de overtreden regel."), field="rule", code="required")
    found_consequence, found_behaviour = proposals.worst_position(
        [(f.consequence or 0, f.behaviour) for f in findings]
    )
    consequence = consequence or found_consequence
    behaviour = behaviour or found_behaviour
    if consequence not in Consequence.values or behaviour not in Behaviour.values:
        raise DomainError(_("Kies een cel van de matrix."), field="consequence", code="invalid")
    differs = (consequence, behaviour) != (found_consequence, found_behaviour)
    if differs and (
        positioning_reason not in PositioningReason.values or not positioning_explanation.strip()
    ):
        raise DomainError(
            _(
                "De positie %(new)s wijkt af van de bevinding (%(found)s): geef de reden en "
                "licht die toe."
            )
            % {
                "new": f"{consequence}{behaviour}",
                "found": f"{found_consequence}{found_behaviour}",
            },
            field="positioning_reason",
            code="positioning_reason_required",
        )
    if not differs:
        positioning_reason, positioning_explanation = "", ""
    if not enforce and not no_enforcement_reason.strip():
        raise DomainError(
            _("Geef de reden waarom niet wordt gehandhaafd."),
            field="no_enforcement_reason",
            code="required",
        )
    strategy = selectors.strategy_in_force(on=observed_on)
    if strategy is None:
        raise DomainError(
            _("Er is op %(day)s geen vastgestelde handhavingsstrategie.")
            % {"day": _day(observed_on)},
            field="observed_on",
            code="no_strategy",
        )
    if strategy_kind and strategy_kind not in StrategyKind.values:
        raise DomainError(_("Onbekende strategie."), field="strategy_kind", code="invalid")
    key = proposals.rule_key(rule)
    with transaction.atomic():
        taken = Finding.objects.filter(
            pk__in=[f.pk for f in findings], violations__isnull=False
        ).values_list("number", flat=True)
        if taken:
            raise Conflict(
                _("Op bevinding %(numbers)s is al een overtreding vastgesteld.")
                % {"numbers": ", ".join(str(n) for n in taken)},
                code="finding_has_violation",
            )
        advice = selectors.recidivism_for(
            site_id=inspection.site_id,
            rule=rule,
            behaviour=behaviour,
            observed_on=observed_on,
            strategy=strategy,
        )
        recidivism_of = (
            Violation.objects.get(identification=advice.prior.identification) if advice else None
        )
        violation = Violation(
            identification=_next_identification(Violation, f"O-{observed_on.year}-"),
            participant_id=inspection.participant_id,
            site_id=inspection.site_id,
            inspection=inspection,
            observed_on=observed_on,
            nature=nature.strip(),
            rule=rule,
            rule_key=key,
            strategy_kind=strategy_kind or strategy.kind,
            strategy=strategy,
            consequence=consequence,
            behaviour=behaviour,
            positioning_reason=positioning_reason,
            positioning_explanation=positioning_explanation.strip(),
            recidivism_of=recidivism_of,
            enforce=enforce,
            no_enforcement_reason=no_enforcement_reason.strip() if not enforce else "",
            created_by=user,
        )
        violation.full_clean()
        violation.save()
        violation.findings.set(findings)
        audit_create(actor=user, instance=violation)
    return violation


def violation_reposition(
    *,
    actor: Actor,
    violation: Violation,
    consequence: int,
    behaviour: str,
    positioning_reason: str,
    positioning_explanation: str,
) -> Violation:
    """Move a violation on the matrix before any step was taken, with the reason."""
    user = require_user(actor, "enforcement.change_violation")
    _require_staff(user)
    if consequence not in Consequence.values or behaviour not in Behaviour.values:
        raise DomainError(_("Kies een cel van de matrix."), field="consequence", code="invalid")
    if positioning_reason not in PositioningReason.values or not positioning_explanation.strip():
        raise DomainError(
            _("Geef de reden van de positionering en licht die toe."),
            field="positioning_reason",
            code="positioning_reason_required",
        )
    with transaction.atomic():
        locked = Violation.objects.select_for_update().get(pk=violation.pk)
        if locked.measures.exists() or locked.intentions.exists():
            raise Conflict(
                _("Er is al een interventie; de positie ligt daarmee vast."),
                code="violation_has_steps",
            )
        before = snapshot(locked)
        locked.consequence = consequence
        locked.behaviour = behaviour
        locked.positioning_reason = positioning_reason
        locked.positioning_explanation = positioning_explanation.strip()
        locked.save()
        audit_update(actor=user, instance=locked, before=before)
    return locked


def violation_no_enforcement(*, actor: Actor, violation: Violation, reason: str) -> Violation:
    """Decide not to enforce (CIM *Indicatie handhaving* false), with the reason."""
    user = require_user(actor, "enforcement.change_violation")
    _require_staff(user)
    if not reason.strip():
        raise DomainError(
            _("Geef de reden waarom niet wordt gehandhaafd."), field="reason", code="required"
        )
    with transaction.atomic():
        locked = Violation.objects.select_for_update().get(pk=violation.pk)
        before = snapshot(locked)
        locked.enforce = False
        locked.no_enforcement_reason = reason.strip()
        locked.save(update_fields=["enforce", "no_enforcement_reason", "updated_at"])
        _drop_planned_reinspections(actor=user, violation=locked, reason=reason)
        audit_update(actor=user, instance=locked, before=before)
        _settle_case(actor=user, case=locked.inspection.case, on=timezone.localdate())
    return locked


def violation_repaired(
    *, actor: Actor, violation: Violation, on: datetime.date, note: str
) -> Violation:
    """Record that the violation was repaired, established otherwise than by re-inspection
    (a photo, an invoice of the repair); the reason is stored in the audit trail."""
    user = require_user(actor, "enforcement.change_violation")
    _require_staff(user)
    _not_in_future(on, field="on", what=_("De hersteldatum"))
    if not note.strip():
        raise DomainError(_("Noem waaruit het herstel blijkt."), field="note", code="required")
    with transaction.atomic():
        locked = Violation.objects.select_for_update().get(pk=violation.pk)
        if locked.repaired_on is not None:
            raise Conflict(_("Deze overtreding is al hersteld."), code="already_repaired")
        if on < locked.observed_on:
            raise DomainError(
                _("Herstel ligt niet vóór de overtreding."), field="on", code="before_violation"
            )
        before = snapshot(locked)
        locked.repaired_on = on
        locked.save(update_fields=["repaired_on", "updated_at"])
        _drop_planned_reinspections(actor=user, violation=locked, reason=note)
        audit_update(actor=user, instance=locked, before=before)
        _settle_case(actor=user, case=locked.inspection.case, on=on)
    return locked


# --- re-inspections -----------------------------------------------------------------------------


def _drop_planned_reinspections(*, actor: User, violation: Violation, reason: str) -> None:
    for planned in Inspection.objects.filter(
        cause_violation=violation, status=InspectionStatus.GEPLAND
    ):
        before = snapshot(planned)
        planned.status = InspectionStatus.VERVALLEN
        planned.notes = f"{planned.notes}\n{reason}".strip()
        planned.save(update_fields=["status", "notes", "updated_at"])
        audit_update(actor=actor, instance=planned, before=before)


def schedule_reinspection(*, actor: User, violation: Violation, on: datetime.date) -> Inspection:
    """Plan the violation's re-inspection at ``on``: move the one already planned, or plan a
    new one for the inspector who established the violation."""
    if violation.repair_due_on != on:
        before_violation = snapshot(violation)
        violation.repair_due_on = on
        violation.save(update_fields=["repair_due_on", "updated_at"])
        audit_update(actor=actor, instance=violation, before=before_violation)
    planned = (
        Inspection.objects.select_for_update()
        .filter(cause_violation=violation, status=InspectionStatus.GEPLAND)
        .order_by("planned_on", "id")
        .first()
    )
    if planned is not None:
        if planned.planned_on != on:
            before = snapshot(planned)
            planned.planned_on = on
            planned.save(update_fields=["planned_on", "updated_at"])
            audit_update(actor=actor, instance=planned, before=before)
        return planned
    inspector = violation.inspection.inspector
    if inspector.end_date is not None and inspector.end_date < on:
        # The inspector has left by then: the team leader reassigns it from the work list.
        inspector = (
            Employee.objects.filter(team_id=inspector.team_id, function_id=inspector.function_id)
            .exclude(end_date__lt=on)
            .order_by("employee_number")
            .first()
            or inspector
        )
    return inspection_create(
        actor=actor,
        site=violation.site,
        inspection_type=InspectionType.HERCONTROLE,
        planned_on=on,
        inspector=inspector,
        cause_violation=violation,
    )


# --- interventions ------------------------------------------------------------------------------


def _check_open(violation: Violation) -> None:
    if violation.repaired_on is not None:
        raise Conflict(
            _("Overtreding %(id)s is al hersteld.") % {"id": violation.identification},
            code="already_repaired",
        )
    if not violation.enforce:
        raise Conflict(
            _("Bij overtreding %(id)s is besloten niet te handhaven.")
            % {"id": violation.identification},
            code="not_enforced",
        )


def _check_cell(*, violation: Violation, instrument: Instrument, reason: str) -> bool:
    """Whether the instrument is inside the violation's cell; outside it needs a reason."""
    rule = selectors.cell_rule(selectors.violation_cell(violation))
    refusal = proposals.deviation_refusal(
        rule, instrument=selectors.instrument_ref(instrument), reason=reason
    )
    if refusal:
        raise DomainError(refusal, field="deviation_reason", code="deviation_reason_required")
    return rule.allows(instrument.code)


def _default_repair_until(violation: Violation, start: datetime.date) -> datetime.date | None:
    days = selectors.violation_cell(violation).repair_term_days
    return start + datetime.timedelta(days=days) if days else None


def intention_send(
    *,
    actor: Actor,
    violation: Violation,
    instrument: Instrument,
    sent_on: datetime.date,
    response_until: datetime.date | None = None,
    repair_until: datetime.date | None = None,
    deviation_reason: str = "",
) -> Intention:
    """Send a notice of intent to impose ``instrument``: a term to respond (Awb 4:8) and a
    term to repair, after which the re-inspection is planned."""
    user = require_user(actor, "enforcement.add_intention")
    _require_staff(user)
    _not_in_future(sent_on, field="sent_on", what=_("De verzenddatum"))
    _check_open(violation)
    if instrument.decision_type_id is None:
        raise DomainError(
            _("Een voornemen kondigt een besluit aan, zoals een last onder dwangsom."),
            field="instrument",
            code="not_a_decision",
        )
    within = _check_cell(violation=violation, instrument=instrument, reason=deviation_reason)
    response_until = response_until or sent_on + datetime.timedelta(
        days=proposals.DEFAULT_RESPONSE_DAYS
    )
    repair_until = repair_until or max(
        _default_repair_until(violation, sent_on) or response_until, response_until
    )
    if response_until < sent_on or repair_until < sent_on:
        raise DomainError(
            _("Een termijn eindigt niet vóór de verzenddatum."),
            field="response_until",
            code="term_before_start",
        )
    with transaction.atomic():
        intention = Intention(
            violation=violation,
            instrument=instrument,
            sent_on=sent_on,
            response_until=response_until,
            repair_until=repair_until,
            deviation_reason="" if within else deviation_reason.strip(),
            created_by=user,
        )
        intention.full_clean()
        intention.save()
        audit_create(actor=user, instance=intention)
        schedule_reinspection(actor=user, violation=violation, on=max(repair_until, response_until))
    return intention


def intention_response_record(
    *, actor: Actor, intention: Intention, received_on: datetime.date, summary: str
) -> Intention:
    user = require_user(actor, "enforcement.change_intention")
    _require_staff(user)
    _not_in_future(received_on, field="received_on", what=_("De ontvangstdatum"))
    if not summary.strip():
        raise DomainError(_("Vat de zienswijze samen."), field="summary", code="required")
    with transaction.atomic():
        locked = Intention.objects.select_for_update().get(pk=intention.pk)
        if locked.response_received_on is not None:
            raise Conflict(
                _("De zienswijze op dit voornemen is al vastgelegd."), code="response_recorded"
            )
        if received_on < locked.sent_on:
            raise DomainError(
                _("Een zienswijze volgt op het voornemen."),
                field="received_on",
                code="before_intention",
            )
        before = snapshot(locked)
        locked.response_received_on = received_on
        locked.response_summary = summary.strip()
        locked.save(update_fields=["response_received_on", "response_summary"])
        audit_update(actor=user, instance=locked, before=before)
    return locked


def measure_impose(
    *,
    actor: Actor,
    violations: Sequence[Violation],
    instrument: Instrument,
    imposed_on: datetime.date,
    summary: str = "",
    repair_until: datetime.date | None = None,
    deviation_reason: str = "",
    penalty_amount: Decimal | None = None,
    penalty_unit: str = "",
    penalty_maximum: Decimal | None = None,
    fine_amount: Decimal | None = None,
) -> Measure:
    """Impose a measure against violations of one participant, established in one case.

    An instrument outside a violation's cell needs a reason. An instrument that is a decision
    is signed in that case under the participant's mandate: when the mandate refuses, nothing
    is written. A corrective measure with a grace period plans the re-inspection at its end.
    """
    user = require_user(actor, "enforcement.add_measure")
    _require_staff(user)
    if not violations:
        raise DomainError(
            _("Een maatregel richt zich op minstens één overtreding."),
            field="violations",
            code="no_violations",
        )
    _not_in_future(imposed_on, field="imposed_on", what=_("De datum van opleggen"))
    first = violations[0]
    for violation in violations:
        _check_open(violation)
        if violation.inspection.case_id != first.inspection.case_id:
            raise DomainError(
                _("De overtredingen horen bij verschillende zaken; leg per zaak een maatregel op."),
                field="violations",
                code="other_case",
            )
        if imposed_on < violation.observed_on:
            raise DomainError(
                _("Een maatregel gaat niet vooraf aan de overtreding."),
                field="imposed_on",
                code="before_violation",
            )
    within = all(
        _check_cell(violation=v, instrument=instrument, reason=deviation_reason) for v in violations
    )
    if instrument.has_penalty:
        if not (penalty_amount and penalty_unit in PenaltyUnit.values and penalty_maximum):
            raise DomainError(
                _(
                    "Een last onder dwangsom noemt het bedrag, de eenheid en het maximum "
                    "(Awb 5:32b)."
                ),
                field="penalty_amount",
                code="penalty_required",
            )
        if penalty_maximum < penalty_amount:
            raise DomainError(
                _("Het maximum is lager dan één dwangsom."),
                field="penalty_maximum",
                code="maximum_below_amount",
            )
    else:
        penalty_amount, penalty_unit, penalty_maximum = None, "", None
    corrective = instrument.track == InstrumentTrack.HERSTEL
    if corrective and repair_until is None:
        repair_until = _default_repair_until(first, imposed_on)
    if not corrective:
        repair_until = None
    if repair_until is not None and repair_until < imposed_on:
        raise DomainError(
            _("De begunstigingstermijn eindigt vóór het opleggen."),
            field="repair_until",
            code="term_before_start",
        )
    case = first.inspection.case
    with transaction.atomic():
        decision = None
        if instrument.decision_type is not None:
            text = summary.strip() or _("%(instrument)s wegens %(violations)s") % {
                "instrument": instrument.name,
                "violations": ", ".join(f"{v.identification} ({v.rule})" for v in violations),
            }
            decision = decision_sign(
                actor=user,
                case=case,
                decision_type=instrument.decision_type,
                decision_date=imposed_on,
                summary=text,
                amount=fine_amount if fine_amount is not None else penalty_maximum,
            )
        measure = Measure(
            identification=_next_identification(Measure, f"H-{imposed_on.year}-"),
            participant_id=first.participant_id,
            instrument=instrument,
            case=case,
            decision=decision,
            imposed_on=imposed_on,
            repair_until=repair_until,
            within_cell=within,
            deviation_reason="" if within else deviation_reason.strip(),
            penalty_amount=penalty_amount,
            penalty_unit=penalty_unit,
            penalty_maximum=penalty_maximum,
            created_by=user,
        )
        measure.full_clean()
        measure.save()
        measure.violations.set(violations)
        audit_create(actor=user, instance=measure)
        if repair_until is not None:
            for violation in violations:
                schedule_reinspection(actor=user, violation=violation, on=repair_until)
    return measure


def _locked_measure(measure: Measure) -> Measure:
    return Measure.objects.select_for_update().select_related("instrument").get(pk=measure.pk)


def penalty_forfeit(
    *, actor: Actor, measure: Measure, amount: Decimal, on: datetime.date
) -> Measure:
    """Record penalties forfeited by operation of law (Awb 5:33) after the grace period; at the
    maximum the order has run its course (*uitgewerkt*)."""
    user = require_user(actor, "enforcement.change_measure")
    _require_staff(user)
    _not_in_future(on, field="on", what=_("De datum"))
    if amount <= 0:
        raise DomainError(_("Het bedrag is groter dan nul."), field="amount", code="invalid")
    with transaction.atomic():
        locked = _locked_measure(measure)
        if not locked.instrument.has_penalty:
            raise Conflict(_("Deze maatregel heeft geen dwangsom."), code="no_penalty")
        if locked.status in (MeasureStatus.INGETROKKEN, MeasureStatus.UITGEVOERD):
            raise Conflict(_("Deze maatregel is afgerond."), code="measure_final")
        if locked.repair_until is not None and on <= locked.repair_until:
            raise DomainError(
                _("Dwangsommen verbeuren pas na de begunstigingstermijn (%(day)s).")
                % {"day": _day(locked.repair_until)},
                field="on",
                code="within_grace_period",
            )
        maximum = locked.penalty_maximum or Decimal(0)
        total = locked.forfeited_amount + amount
        if total > maximum:
            raise DomainError(
                _("Samen %(total)s is meer dan het maximum van %(maximum)s.")
                % {"total": total, "maximum": locked.penalty_maximum},
                field="amount",
                code="above_maximum",
            )
        before = snapshot(locked)
        locked.forfeited_amount = total
        locked.forfeited_on = on
        if total == maximum:
            locked.status = MeasureStatus.UITGEWERKT
        locked.save()
        audit_update(actor=user, instance=locked, before=before)
    return locked


def penalty_collect(
    *,
    actor: Actor,
    measure: Measure,
    amount: Decimal,
    decision_date: datetime.date,
    summary: str = "",
) -> Measure:
    """Decide to collect forfeited penalties (Awb 5:37), signed under mandate."""
    user = require_user(actor, "enforcement.change_measure")
    _require_staff(user)
    if amount <= 0:
        raise DomainError(_("Het bedrag is groter dan nul."), field="amount", code="invalid")
    with transaction.atomic():
        locked = _locked_measure(measure)
        if locked.collection_decision_id is not None:
            raise Conflict(_("Er is al een invorderingsbesluit."), code="already_collected")
        if locked.collected_amount + amount > locked.forfeited_amount:
            raise DomainError(
                _("Er kan niet meer worden ingevorderd dan er is verbeurd (%(forfeited)s).")
                % {"forfeited": locked.forfeited_amount},
                field="amount",
                code="above_forfeited",
            )
        decision_type = locked.case.case_type.decision_types.filter(
            code=COLLECTION_DECISION_TYPE
        ).first()
        if decision_type is None:
            raise DomainError(
                _("Het zaaktype van deze zaak kent geen invorderingsbesluit."),
                code="no_collection_decision_type",
            )
        decision = decision_sign(
            actor=user,
            case=locked.case,
            decision_type=decision_type,
            decision_date=decision_date,
            summary=summary.strip()
            or _("Invordering van verbeurde dwangsommen, %(id)s") % {"id": locked.identification},
            amount=amount,
        )
        before = snapshot(locked)
        locked.collected_amount += amount
        locked.collection_decision = decision
        if locked.status == MeasureStatus.OPGELEGD:
            locked.status = MeasureStatus.IN_UITVOERING
        locked.save()
        audit_update(actor=user, instance=locked, before=before)
    return locked


def measure_status_change(
    *, actor: Actor, measure: Measure, status: str, on: datetime.date, reason: str = ""
) -> Measure:
    user = require_user(actor, "enforcement.change_measure")
    _require_staff(user)
    _not_in_future(on, field="on", what=_("De datum"))
    with transaction.atomic():
        locked = _locked_measure(measure)
        if status not in MEASURE_TRANSITIONS.get(locked.status, frozenset()):
            raise Conflict(
                _("Een maatregel met status '%(from)s' gaat niet naar '%(to)s'.")
                % {"from": locked.get_status_display(), "to": status},
                field="status",
                code="illegal_transition",
            )
        if status == MeasureStatus.INGETROKKEN and not reason.strip():
            raise DomainError(_("Een intrekking heeft een reden."), field="reason", code="required")
        if on < locked.imposed_on:
            raise DomainError(
                _("De datum ligt vóór het opleggen."), field="on", code="before_imposed"
            )
        before = snapshot(locked)
        locked.status = status
        if status in (MeasureStatus.UITGEVOERD, MeasureStatus.INGETROKKEN):
            locked.completed_on = on
        if status == MeasureStatus.INGETROKKEN:
            locked.withdrawal_reason = reason.strip()
        locked.save()
        audit_update(actor=user, instance=locked, before=before)
    return locked


def appeal_lodge(
    *,
    actor: Actor,
    measure: Measure,
    stage: str,
    lodged_on: datetime.date,
    reference: str = "",
) -> Appeal:
    user = require_user(actor, "enforcement.add_appeal")
    _require_staff(user)
    _not_in_future(lodged_on, field="lodged_on", what=_("De indieningsdatum"))
    if measure.decision_id is None:
        raise Conflict(
            _("Tegen deze maatregel staat geen bezwaar of beroep open: het is geen besluit."),
            code="not_a_decision",
        )
    if lodged_on < measure.imposed_on:
        raise DomainError(
            _("Bezwaar of beroep volgt op het besluit."), field="lodged_on", code="before_decision"
        )
    with transaction.atomic():
        appeal = Appeal(
            measure=measure, stage=stage, lodged_on=lodged_on, reference=reference, created_by=user
        )
        appeal.full_clean()
        appeal.save()
        audit_create(actor=user, instance=appeal)
    return appeal


def appeal_decide(
    *, actor: Actor, appeal: Appeal, decided_on: datetime.date, outcome: str, note: str = ""
) -> Appeal:
    user = require_user(actor, "enforcement.change_appeal")
    _require_staff(user)
    _not_in_future(decided_on, field="decided_on", what=_("De uitspraakdatum"))
    if outcome not in AppealOutcome.values or outcome == AppealOutcome.LOPEND:
        raise DomainError(_("Kies de uitkomst."), field="outcome", code="invalid")
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if locked.outcome != AppealOutcome.LOPEND:
            raise Conflict(_("Hierop is al beslist."), code="already_decided")
        if decided_on < locked.lodged_on:
            raise DomainError(
                _("De uitspraak volgt op het indienen."), field="decided_on", code="before_lodged"
            )
        before = snapshot(locked)
        locked.decided_on = decided_on
        locked.outcome = outcome
        locked.note = note
        locked.save()
        audit_update(actor=user, instance=locked, before=before)
    return locked


# --- the strategy -------------------------------------------------------------------------------


def _draft(strategy: StrategyVersion) -> StrategyVersion:
    locked = StrategyVersion.objects.select_for_update().get(pk=strategy.pk)
    if not locked.is_draft:
        raise Conflict(
            _(
                "Een vastgestelde strategie verandert niet meer; maak een nieuwe versie en stel "
                "die vast."
            ),
            code="strategy_adopted",
        )
    return locked


def strategy_draft_create(
    *, actor: Actor, based_on: StrategyVersion, name: str, version: str
) -> StrategyVersion:
    """A new draft version with a copy of ``based_on``'s sixteen cells, to edit and adopt."""
    user = require_user(actor, "enforcement.add_strategyversion")
    if not name.strip() or not version.strip():
        raise DomainError(_("Geef naam en versie."), field="version", code="required")
    with transaction.atomic():
        draft = StrategyVersion(
            name=name.strip(),
            version=version.strip(),
            kind=based_on.kind,
            recidivism_months=based_on.recidivism_months,
            source=based_on.source,
        )
        draft.full_clean()
        try:
            with transaction.atomic():
                draft.save()
        except IntegrityError:
            raise Conflict(
                _("Versie '%(version)s' bestaat al.") % {"version": version},
                field="version",
                code="duplicate_version",
            ) from None
        for cell in selectors.cells_of(based_on):
            copy = StrategyCell.objects.create(
                strategy=draft,
                consequence=cell.consequence,
                behaviour=cell.behaviour,
                default_instrument=cell.default_instrument,
                repair_term_days=cell.repair_term_days,
                prosecutor_consultation=cell.prosecutor_consultation,
                guidance=cell.guidance,
            )
            copy.instruments.set(cell.instruments.all())
        audit_create(actor=user, instance=draft)
    return draft


def strategy_update(
    *,
    actor: Actor,
    strategy: StrategyVersion,
    name: str,
    kind: str,
    recidivism_months: int,
    source: str,
) -> StrategyVersion:
    user = require_user(actor, "enforcement.change_strategyversion")
    with transaction.atomic():
        locked = _draft(strategy)
        before = snapshot(locked)
        locked.name = name.strip()
        locked.kind = kind
        locked.recidivism_months = recidivism_months
        locked.source = source
        locked.full_clean()
        locked.save()
        audit_update(actor=user, instance=locked, before=before)
    return locked


def strategy_cell_update(
    *,
    actor: Actor,
    cell: StrategyCell,
    instruments: Sequence[Instrument],
    default_instrument: Instrument,
    repair_term_days: int,
    prosecutor_consultation: bool,
    guidance: str = "",
) -> StrategyCell:
    """Change one cell of a draft strategy."""
    user = require_user(actor, "enforcement.change_strategyversion")
    if not instruments:
        raise DomainError(
            _("Een cel staat minstens één interventie toe."), field="instruments", code="required"
        )
    if default_instrument not in instruments:
        raise DomainError(
            _("De eerste interventie is een van de toegestane."),
            field="default_instrument",
            code="default_not_allowed",
        )
    if not 0 <= repair_term_days <= 365:
        raise DomainError(
            _("Een hersteltermijn ligt tussen 0 en 365 dagen."),
            field="repair_term_days",
            code="invalid",
        )
    with transaction.atomic():
        _draft(cell.strategy)
        locked = StrategyCell.objects.select_for_update().get(pk=cell.pk)
        before = snapshot(locked)
        locked.default_instrument = default_instrument
        locked.repair_term_days = repair_term_days
        locked.prosecutor_consultation = prosecutor_consultation
        locked.guidance = guidance
        locked.save()
        locked.instruments.set(instruments)
        audit_update(actor=user, instance=locked, before=before)
    return locked


def strategy_adopt(
    *,
    actor: Actor,
    strategy: StrategyVersion,
    adopted_on: datetime.date,
    valid_from: datetime.date,
    decision_reference: str,
    framework_version: FrameworkVersion | None = None,
) -> StrategyVersion:
    """Adopt a draft: it applies to violations established from ``valid_from``; the version
    in force until then ends the day before. Violations already recorded keep their version."""
    user = require_user(actor, "enforcement.adopt_strategyversion")
    if not decision_reference.strip():
        raise DomainError(
            _("Noem het kenmerk van het vaststellingsbesluit."),
            field="decision_reference",
            code="required",
        )
    if valid_from < adopted_on:
        raise DomainError(
            _("Een strategie geldt niet vóór ze is vastgesteld."),
            field="valid_from",
            code="before_adoption",
        )
    with transaction.atomic():
        locked = _draft(strategy)
        if locked.cells.count() != len(Consequence.values) * len(Behaviour.values):
            raise DomainError(_("Een strategie heeft zestien cellen."), code="incomplete_matrix")
        current = selectors.strategy_in_force(on=valid_from)
        if current is not None:
            if current.valid_from is not None and current.valid_from >= valid_from:
                raise Conflict(
                    _("'%(current)s' geldt al vanaf %(day)s; kies een latere ingangsdatum.")
                    % {"current": current, "day": _day(current.valid_from)},
                    field="valid_from",
                    code="overlaps_current",
                )
            if Violation.objects.filter(strategy=current, observed_on__gte=valid_from).exists():
                raise Conflict(
                    _(
                        "Er zijn al overtredingen vanaf %(day)s onder '%(current)s' vastgelegd; "
                        "kies een latere ingangsdatum."
                    )
                    % {"day": _day(valid_from), "current": current},
                    field="valid_from",
                    code="violations_after_start",
                )
            before_current = snapshot(current)
            current.valid_to = valid_from - datetime.timedelta(days=1)
            current.save(update_fields=["valid_to", "updated_at"])
            audit_update(actor=user, instance=current, before=before_current)
        before = snapshot(locked)
        locked.adopted_on = adopted_on
        locked.valid_from = valid_from
        locked.decision_reference = decision_reference.strip()
        locked.framework_version = framework_version
        locked.save()
        audit_update(actor=user, instance=locked, before=before)
    return locked
