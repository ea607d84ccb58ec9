"""Writes of the kpis app: freezing snapshots and the baseline, targets, the BIG-8 cycle.

Each service checks its actor, validates, writes and records the audit trail in one
transaction. A freeze computes every indicator for every participant and the region, so the
frozen figures do not depend on who froze them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.core.audit import Actor, audit_create, audit_create_many, audit_update, snapshot
from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.periods import Quarter
from grip.core.permissions import require_permission, require_user
from grip.core.services import refuse_unknown_fields
from grip.kpis import registry
from grip.kpis.constants import BIG8_STEPS, Comparison, SnapshotKind, StepStatus
from grip.kpis.models import Cycle, CycleDocument, CycleStep, Snapshot, SnapshotValue, Target
from grip.kpis.registry import Context, Indicator
from grip.participants.models import Participant

FreezeHook = Callable[[Snapshot, Context], None]


def definitions_of(indicators: tuple[Indicator, ...]) -> dict[str, dict[str, Any]]:
    """What each indicator meant when it was frozen: kept with the snapshot."""
    return {
        indicator.code: {
            "version": indicator.version,
            "name": str(indicator.name),
            "definition": str(indicator.definition),
            "unit": indicator.unit.value,
            "direction": indicator.direction.value,
            "scope": indicator.scope.value,
            "datasets": list(indicator.datasets),
        }
        for indicator in indicators
    }


def _json(value: Any) -> Any:
    """Details as JSON: Decimals as strings (exact), the rest as it is."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(key): _json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json(item) for item in value]
    return value


def _freeze(
    *,
    actor: Actor,
    kind: str,
    year: int,
    quarter: int | None,
    start: datetime.date,
    end: datetime.date,
    note: str,
    indicators: tuple[Indicator, ...],
    also: FreezeHook | None = None,
) -> Snapshot:
    user = require_user(actor, "kpis.freeze_snapshot")
    participants = list(Participant.objects.order_by("kind", "name"))
    context = Context(participants=participants, start=start, end=end)
    measured = registry.measure_all(context, indicators)
    with transaction.atomic():
        try:
            frozen = Snapshot.objects.create(
                kind=kind,
                year=year,
                quarter=quarter,
                start=start,
                end=end,
                note=note,
                definitions=definitions_of(indicators),
                frozen_by=user,
            )
        except IntegrityError:
            raise Conflict(
                _("Dit kwartaal is al bevroren; een bevroren meting verandert niet meer."),
                code="snapshot_exists",
            ) from None
        rows = [
            SnapshotValue(
                snapshot=frozen,
                participant_id=key,
                indicator_code=indicator.code,
                definition_version=indicator.version,
                value=measurement.value,
                numerator=measurement.numerator,
                denominator=measurement.denominator,
                details=_json(measurement.details),
            )
            for indicator in indicators
            for key, measurement in measured[indicator.code].items()
        ]
        SnapshotValue.objects.bulk_create(rows)
        if also is not None:
            also(frozen, context)
        audit_create(actor=actor, instance=frozen)
    return frozen


def snapshot_freeze(
    *,
    actor: Actor,
    year: int,
    quarter: int,
    today: datetime.date | None = None,
    also: FreezeHook | None = None,
) -> Snapshot:
    """Freeze the year to the end of ``quarter``: once, and only after the quarter ended.

    ``also`` runs in the same transaction with the new snapshot and the computation's context:
    the reporting app freezes its report figures there, so both stand or fall together."""
    user = require_user(actor, "kpis.freeze_snapshot")
    try:
        period = Quarter(year, quarter)
    except ValueError as error:
        raise DomainError(str(error), field="quarter", code="invalid_quarter") from None
    today = today or timezone.localdate()
    if period.end >= today:
        raise DomainError(
            _("Kwartaal %(quarter)s loopt tot en met %(end)s; bevries het daarna.")
            % {"quarter": f"Q{quarter} {year}", "end": period.end.strftime("%d-%m-%Y")},
            field="quarter",
            code="quarter_not_ended",
        )
    return _freeze(
        actor=user,
        kind=SnapshotKind.QUARTER,
        year=year,
        quarter=quarter,
        start=datetime.date(year, 1, 1),
        end=period.end,
        note="",
        indicators=registry.INDICATORS,
        also=also,
    )


def baseline_freeze(
    *,
    actor: Actor,
    start: datetime.date,
    end: datetime.date,
    note: str = "",
    codes: list[str] | None = None,
    today: datetime.date | None = None,
) -> Snapshot:
    """Freeze a baseline (*nulmeting*) over [start, end] for the indicators given (default:
    those without a baseline yet). An indicator's baseline is its first one; a later baseline
    only adds indicators that had none, so a trend never changes its starting point."""
    user = require_user(actor, "kpis.freeze_snapshot")
    today = today or timezone.localdate()
    if end < start:
        raise DomainError(_("Het einde ligt voor het begin."), field="end", code="period_order")
    if start.year != end.year:
        raise DomainError(
            _("Een nulmeting ligt binnen één jaar, zoals het werkprogramma."),
            field="end",
            code="period_within_year",
        )
    if end >= today:
        raise DomainError(
            _("Een nulmeting gaat over een afgesloten periode: kies een einde voor vandaag."),
            field="end",
            code="period_not_ended",
        )
    have = set(
        SnapshotValue.objects.filter(snapshot__kind=SnapshotKind.BASELINE)
        .values_list("indicator_code", flat=True)
        .distinct()
    )
    if codes:
        unknown = [code for code in codes if code not in registry.BY_CODE]
        if unknown:
            raise DomainError(
                _("Onbekende indicator: %(codes)s.") % {"codes": ", ".join(unknown)},
                field="codes",
                code="unknown_indicator",
            )
        wanted = [registry.BY_CODE[code] for code in codes]
    else:
        wanted = list(registry.INDICATORS)
    indicators = tuple(indicator for indicator in wanted if indicator.code not in have)
    if not indicators:
        raise Conflict(
            _("Deze indicatoren hebben al een nulmeting; die blijft het beginpunt."),
            code="baseline_exists",
        )
    return _freeze(
        actor=user,
        kind=SnapshotKind.BASELINE,
        year=start.year,
        quarter=None,
        start=start,
        end=end,
        note=note,
        indicators=indicators,
    )


# --- targets ------------------------------------------------------------------------------------


def target_set(
    *,
    actor: Actor,
    indicator_code: str,
    year: int,
    value: Decimal,
    comparison: str | None = None,
    participant: Participant | None = None,
    note: str = "",
) -> Target:
    """Set (or change) the target of an indicator for a year: for one participant, or for all."""
    user = require_user(actor, "kpis.change_target")
    try:
        indicator = registry.get(indicator_code)
    except LookupError:
        raise DomainError(
            _("Onbekende indicator: %(code)s.") % {"code": indicator_code},
            field="indicator_code",
            code="unknown_indicator",
        ) from None
    if participant is not None and indicator.scope != "deelnemer":
        raise DomainError(
            _("%(name)s geldt voor de hele omgevingsdienst, niet per deelnemer.")
            % {"name": indicator.name},
            field="participant",
            code="organisation_indicator",
        )
    comparison = comparison or indicator.comparison
    if comparison not in Comparison.values:
        raise DomainError(
            _("Onbekende vergelijking: %(value)s.") % {"value": comparison},
            field="comparison",
            code="invalid_comparison",
        )
    with transaction.atomic():
        # Ordered by pk: the default ordering joins the nullable participant, and PostgreSQL
        # cannot lock the nullable side of an outer join.
        existing = (
            Target.objects.select_for_update()
            .filter(indicator_code=indicator_code, year=year, participant=participant)
            .order_by("pk")
            .first()
        )
        if existing is None:
            target = Target(
                indicator_code=indicator_code,
                year=year,
                participant=participant,
                value=value,
                comparison=comparison,
                note=note,
            )
            target.full_clean()
            target.save()
            audit_create(actor=user, instance=target)
            return target
        before = snapshot(existing)
        existing.value, existing.comparison, existing.note = value, comparison, note
        existing.full_clean()
        existing.save()
        audit_update(actor=user, instance=existing, before=before)
        return existing


def target_delete(*, actor: Actor, target: Target) -> None:
    """Remove a target: the year's target or the norm applies again."""
    from grip.core.audit import audit_delete

    user = require_user(actor, "kpis.delete_target")
    with transaction.atomic():
        audit_delete(actor=user, instance=target)
        target.delete()


# --- the BIG-8 cycle ----------------------------------------------------------------------------


def _require_cycle_keeper(actor: Actor, participant: Participant | None) -> None:
    """KIS keeps every cycle and the region's; an account manager those of their participants."""
    require_permission(actor, "kpis.change_cyclestep")
    if actor is not None and actor.has_perm("kpis.manage_all_cycles"):
        return
    manager = participant.account_manager if participant is not None else None
    if manager is None or manager.user_id is None or manager.user_id != actor.pk:  # type: ignore[union-attr]
        raise NotAllowed(
            _("Alleen de accountmanager van de deelnemer of KIS houdt deze cyclus bij."),
            code="not_cycle_keeper",
        )


def cycle_start(*, actor: Actor, participant: Participant | None, year: int) -> Cycle:
    """Open a year's cycle with its eight steps, not started."""
    _require_cycle_keeper(actor, participant)
    with transaction.atomic():
        try:
            cycle = Cycle.objects.create(participant=participant, year=year)
        except IntegrityError:
            raise Conflict(_("Deze cyclus bestaat al."), code="cycle_exists") from None
        steps = CycleStep.objects.bulk_create(
            CycleStep(cycle=cycle, number=number) for number, _loop, _name in BIG8_STEPS
        )
        audit_create(actor=actor, instance=cycle)
        audit_create_many(actor=actor, instances=steps)
    return cycle


STEP_FIELDS = ("status", "owner", "planned_on", "completed_on", "notes")


def cycle_step_update(*, actor: Actor, step: CycleStep, **changes: Any) -> CycleStep:
    """Change a step's status, owner, dates or notes. Marking it done without a date records
    today; leaving "done" clears the date."""
    _require_cycle_keeper(actor, step.cycle.participant)
    refuse_unknown_fields(changes, STEP_FIELDS)
    with transaction.atomic():
        locked = CycleStep.objects.select_for_update().get(pk=step.pk)
        before = snapshot(locked)
        for name, value in changes.items():
            setattr(locked, name, value)
        if locked.status == StepStatus.DONE and locked.completed_on is None:
            locked.completed_on = timezone.localdate()
        if locked.status != StepStatus.DONE:
            locked.completed_on = None
        locked.full_clean()
        locked.save()
        audit_update(actor=actor, instance=locked, before=before)
    return locked


def cycle_document_add(*, actor: Actor, step: CycleStep, title: str, url: str) -> CycleDocument:
    _require_cycle_keeper(actor, step.cycle.participant)
    user = require_user(actor, "kpis.change_cyclestep")
    document = CycleDocument(step=step, title=title.strip(), url=url.strip(), added_by=user)
    document.full_clean()
    with transaction.atomic():
        document.save()
        audit_create(actor=user, instance=document)
    return document
