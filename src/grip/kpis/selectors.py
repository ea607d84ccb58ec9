"""Reads of indicators: live figures, targets, frozen snapshots, trends and the BIG-8 cycle.

Who sees what: staff and the board see every participant and the region; a participant user
sees only its own participant, never another's and not the region's totals (which are made
of the others' figures). Every read goes through :func:`visible_participants`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import Http404

from grip.core.tenancy import User, sees_all_participants
from grip.kpis import registry
from grip.kpis.constants import BIG8_STEPS, Comparison, SnapshotKind
from grip.kpis.models import Cycle, CycleStep, Snapshot, SnapshotValue, Target
from grip.kpis.registry import REGION, Context, Indicator, Measurement
from grip.participants.models import Participant
from grip.participants.selectors import participant_list_for


def visible_participants(*, user: User) -> list[Participant]:
    return list(participant_list_for(user=user).order_by("kind", "name"))


def sees_region(*, user: User) -> bool:
    """The region's figures are the sum of everyone's: only for those who see everyone."""
    return sees_all_participants(user)


def participant_for(*, user: User, pk: int) -> Participant:
    try:
        return participant_list_for(user=user).get(pk=pk)
    except Participant.DoesNotExist:
        raise Http404 from None


# --- targets ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Norm:
    """The target that applies to one figure, and where it came from."""

    value: Decimal
    comparison: str
    source: str  # "deelnemer", "regio" or "norm" (the registry's default)

    @property
    def label(self) -> str:
        return f"{Comparison(self.comparison).label} {self.value}"

    def met_by(self, value: Decimal | None) -> bool | None:
        if value is None:
            return None
        return {
            Comparison.AT_LEAST: value >= self.value,
            Comparison.MORE_THAN: value > self.value,
            Comparison.AT_MOST: value <= self.value,
            Comparison.LESS_THAN: value < self.value,
        }[Comparison(self.comparison)]


class TargetBook:
    """The targets of a year, loaded once: participant's own, else the year's, else the norm."""

    def __init__(self, year: int) -> None:
        self.year = year
        self._rows = {
            (row.indicator_code, row.participant_id): row
            for row in Target.objects.filter(year=year)
        }

    def norm(self, indicator: Indicator, participant_id: int | None) -> Norm | None:
        for key, source in (
            ((indicator.code, participant_id), "deelnemer"),
            ((indicator.code, None), "regio"),
        ):
            row = self._rows.get(key)
            if row is not None and (participant_id is not None or source == "regio"):
                return Norm(row.value, row.comparison, source)
        if indicator.target is None:
            return None
        return Norm(indicator.target, indicator.comparison, "norm")


def target_list_for(*, user: User, year: int | None = None) -> QuerySet[Target]:
    """The year-wide targets and those of the participants ``user`` sees."""
    queryset = Target.objects.select_related("participant")
    if not sees_all_participants(user):
        queryset = queryset.filter(
            Q(participant__isnull=True) | Q(participant__in=participant_list_for(user=user))
        )
    if year is not None:
        queryset = queryset.filter(year=year)
    return queryset


def target_detail_for(*, user: User, pk: int) -> Target:
    try:
        return target_list_for(user=user).get(pk=pk)
    except Target.DoesNotExist:
        raise Http404 from None


# --- figures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One indicator's value for one participant (None: the region), with its target."""

    indicator: Indicator
    participant_id: int | None
    measurement: Measurement
    norm: Norm | None

    @property
    def met(self) -> bool | None:
        return self.norm.met_by(self.measurement.value) if self.norm else None


def live_figures(
    *,
    user: User,
    start: datetime.date,
    end: datetime.date,
    participants: list[Participant] | None = None,
    indicators: Iterable[Indicator] = registry.INDICATORS,
) -> dict[str, dict[int | None, Figure]]:
    """Today's figures over [start, end] for the participants ``user`` sees (or those given,
    which must come from :func:`visible_participants`), and the region for those who see it."""
    chosen = participants if participants is not None else visible_participants(user=user)
    context = Context(participants=chosen, start=start, end=end)
    book = TargetBook(end.year)
    region = sees_region(user=user)
    result: dict[str, dict[int | None, Figure]] = {}
    for indicator in indicators:
        measured = indicator.measure(context)
        result[indicator.code] = {
            key: Figure(indicator, key, measurement, book.norm(indicator, key))
            for key, measurement in measured.items()
            if key is not REGION or region
        }
    return result


# --- snapshots ----------------------------------------------------------------------------------


def snapshot_list() -> QuerySet[Snapshot]:
    """Snapshots are periods, not participant data: everyone who reads indicators sees them."""
    return Snapshot.objects.select_related("frozen_by")


def snapshot_detail(*, pk: int) -> Snapshot:
    try:
        return snapshot_list().get(pk=pk)
    except Snapshot.DoesNotExist:
        raise Http404 from None


def snapshot_values_for(
    *, user: User, snapshot: Snapshot | None = None, participant_id: int | None = None
) -> QuerySet[SnapshotValue]:
    """Frozen values ``user`` may read: own participant only, or all with the region."""
    queryset = SnapshotValue.objects.select_related("snapshot", "participant")
    if snapshot is not None:
        queryset = queryset.filter(snapshot=snapshot)
    if not sees_region(user=user):
        queryset = queryset.filter(participant__in=participant_list_for(user=user))
    if participant_id is not None:
        queryset = queryset.filter(participant_id=participant_id)
    return queryset


def baselines(
    *, participant_ids: Iterable[int | None], codes: Iterable[str] | None = None
) -> dict[tuple[str, int | None], SnapshotValue]:
    """The baseline (*nulmeting*) of each (indicator, participant): its earliest baseline value.

    A later baseline only fills in indicators that had none (one added later)."""
    ids = list(participant_ids)
    queryset = SnapshotValue.objects.select_related("snapshot").filter(
        snapshot__kind=SnapshotKind.BASELINE
    )
    with_region = None in ids
    named = [pk for pk in ids if pk is not None]
    if with_region:
        queryset = queryset.filter(Q(participant_id__in=named) | Q(participant__isnull=True))
    else:
        queryset = queryset.filter(participant_id__in=named)
    if codes is not None:
        queryset = queryset.filter(indicator_code__in=list(codes))
    result: dict[tuple[str, int | None], SnapshotValue] = {}
    for value in queryset.order_by("snapshot__frozen_at", "snapshot_id"):
        result.setdefault((value.indicator_code, value.participant_id), value)
    return result


def quarter_values(
    *, participant_ids: Iterable[int | None], year: int, up_to_quarter: int = 4
) -> dict[tuple[str, int | None], list[SnapshotValue]]:
    """The frozen quarterly values of a year, per (indicator, participant), oldest first."""
    ids = list(participant_ids)
    named = [pk for pk in ids if pk is not None]
    where = Q(participant_id__in=named)
    if None in ids:
        where |= Q(participant__isnull=True)
    result: dict[tuple[str, int | None], list[SnapshotValue]] = {}
    for value in (
        SnapshotValue.objects.select_related("snapshot")
        .filter(where, snapshot__kind=SnapshotKind.QUARTER, snapshot__year=year)
        .filter(snapshot__quarter__lte=up_to_quarter)
        .order_by("snapshot__quarter")
    ):
        result.setdefault((value.indicator_code, value.participant_id), []).append(value)
    return result


@dataclass(frozen=True)
class Difference:
    """Where today's data gives another figure than the frozen one."""

    indicator_code: str
    indicator_name: str
    participant_id: int | None
    participant_name: str
    frozen: Decimal | None
    now: Decimal | None
    frozen_counts: tuple[Decimal | None, Decimal | None]
    now_counts: tuple[Decimal | None, Decimal | None]
    definition_changed: bool


def differences(*, user: User, snapshot: Snapshot) -> list[Difference]:
    """Recompute the snapshot's period from today's data and list every figure that differs
    (value or counts) from what was frozen, for the participants ``user`` sees."""
    participants = visible_participants(user=user)
    names = {participant.pk: participant.name for participant in participants}
    frozen = {
        (value.indicator_code, value.participant_id): value
        for value in snapshot_values_for(user=user, snapshot=snapshot)
    }
    indicators = [
        indicator
        for indicator in registry.INDICATORS
        if any(code == indicator.code for code, _pk in frozen)
    ]
    context = Context(participants=participants, start=snapshot.start, end=snapshot.end)
    result = []
    for indicator in indicators:
        for key, now in indicator.measure(context).items():
            old = frozen.get((indicator.code, key))
            if old is None:
                continue
            old_counts = (old.numerator, old.denominator)
            new_counts = (_two(now.numerator), _two(now.denominator))
            if old.value == now.value and old_counts == new_counts:
                continue
            result.append(
                Difference(
                    indicator_code=indicator.code,
                    indicator_name=str(indicator.name),
                    participant_id=key,
                    participant_name=names.get(key, "") if key is not None else "regio",
                    frozen=old.value,
                    now=now.value,
                    frozen_counts=old_counts,
                    now_counts=new_counts,
                    definition_changed=old.definition_version != indicator.version,
                )
            )
    return result


def _two(value: Decimal | None) -> Decimal | None:
    return value.quantize(Decimal("0.01")) if value is not None else None


# --- the BIG-8 cycle ----------------------------------------------------------------------------


def cycle_list_for(*, user: User, year: int | None = None) -> QuerySet[Cycle]:
    queryset = Cycle.objects.select_related("participant").prefetch_related(
        "steps__owner", "steps__documents"
    )
    if not sees_all_participants(user):
        queryset = queryset.filter(participant__in=participant_list_for(user=user))
    if year is not None:
        queryset = queryset.filter(year=year)
    return queryset


def cycle_detail_for(*, user: User, pk: int) -> Cycle:
    try:
        return cycle_list_for(user=user).get(pk=pk)
    except Cycle.DoesNotExist:
        raise Http404 from None


def step_detail_for(*, user: User, pk: int) -> CycleStep:
    try:
        return CycleStep.objects.select_related("cycle__participant").get(
            pk=pk, cycle__in=cycle_list_for(user=user)
        )
    except CycleStep.DoesNotExist:
        raise Http404 from None


def step_names() -> dict[int, str]:
    return {number: str(name) for number, _loop, name in BIG8_STEPS}
