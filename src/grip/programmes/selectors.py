"""Reads of work programmes: lists through the tenancy scope, totals, comparisons, overview.

The totals come from grouped queries over the stored line figures, so that the regional
overview costs the same handful of queries for 22 programmes as for one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum

from grip.core.numbers import hours, money
from grip.core.tenancy import User, scope_to_user
from grip.participants.models import Participant
from grip.programmes.calculation import ZERO, Totals, distribute
from grip.programmes.constants import OPEN_STATUSES, VersionStatus
from grip.programmes.models import (
    DistributionKey,
    ExtraWork,
    Programme,
    ProgrammeLine,
    ProgrammeVersion,
    RelatedWorkLine,
    VersionTransition,
)


def programme_list_for(*, user: User, year: int | None = None) -> QuerySet[Programme]:
    programmes = Programme.objects.select_related("participant")
    if year is not None:
        programmes = programmes.filter(year=year)
    return scope_to_user(programmes, user=user)


def version_list_for(*, user: User) -> QuerySet[ProgrammeVersion]:
    return scope_to_user(
        ProgrammeVersion.objects.select_related("programme__participant", "based_on"),
        user=user,
        participant_field="programme__participant",
    )


def line_list_for(*, user: User) -> QuerySet[ProgrammeLine]:
    return scope_to_user(
        ProgrammeLine.objects.select_related("product", "version__programme"),
        user=user,
        participant_field="version__programme__participant",
    ).order_by("version_id", "product__code")


def related_work_list_for(*, user: User) -> QuerySet[RelatedWorkLine]:
    return scope_to_user(
        RelatedWorkLine.objects.select_related("version__programme"),
        user=user,
        participant_field="version__programme__participant",
    ).order_by("version_id", "kind")


def extra_work_list_for(*, user: User) -> QuerySet[ExtraWork]:
    return scope_to_user(
        ExtraWork.objects.select_related("participant", "product", "requested_by", "decided_by"),
        user=user,
    )


def programme_years() -> list[int]:
    return list(Programme.objects.order_by("-year").values_list("year", flat=True).distinct())


def versions_of(programme: Programme) -> list[ProgrammeVersion]:
    return list(
        programme.versions.select_related("adopted_by", "based_on")
        .prefetch_related(
            Prefetch("transitions", queryset=VersionTransition.objects.select_related("actor"))
        )
        .order_by("number")
    )


def adopted_version(programme: Programme) -> ProgrammeVersion | None:
    return programme.versions.filter(status=VersionStatus.ADOPTED).first()


def open_version(programme: Programme) -> ProgrammeVersion | None:
    return programme.versions.filter(status__in=OPEN_STATUSES).first()


def lines_of(version: ProgrammeVersion) -> QuerySet[ProgrammeLine]:
    return version.lines.select_related("product__module").order_by("product__code")


def related_work_of(version: ProgrammeVersion) -> QuerySet[RelatedWorkLine]:
    return version.related_work.order_by("kind")


def totals_for(version_ids: Iterable[int]) -> dict[int, Totals]:
    """Totals per version in two grouped queries, whatever the number of versions.

    The sums are rounded to cents again: SQLite returns a decimal sum with twelve places.
    """
    ids = list(version_ids)
    result = {version_id: Totals() for version_id in ids}
    if not ids:
        return result
    rows = (
        ProgrammeLine.objects.filter(version_id__in=ids)
        .values("version_id", "product__task_kind")
        .annotate(hours=Sum("hours"), amount=Sum("amount"))
        .order_by()
    )
    for row in rows:
        result[row["version_id"]].add_line(
            row["product__task_kind"], hours(row["hours"] or ZERO), money(row["amount"] or ZERO)
        )
    related = (
        RelatedWorkLine.objects.filter(version_id__in=ids)
        .values("version_id")
        .annotate(hours=Sum("hours"), amount=Sum("amount"))
        .order_by()
    )
    for row in related:
        result[row["version_id"]].add_related(
            hours(row["hours"] or ZERO), money(row["amount"] or ZERO)
        )
    return result


def version_totals(version: ProgrammeVersion) -> Totals:
    return totals_for([version.pk])[version.pk]


def previous_year_version(programme: Programme) -> ProgrammeVersion | None:
    """Last year's adopted version of the same participant, to compare with."""
    if programme.participant_id is None:
        return None
    return (
        ProgrammeVersion.objects.filter(
            programme__participant_id=programme.participant_id,
            programme__year=programme.year - 1,
            status=VersionStatus.ADOPTED,
        )
        .select_related("programme__participant")
        .first()
    )


# --- comparison ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparedRow:
    """One product (by code) or related-work kind in two versions; None where it is absent."""

    key: str
    label: str
    quantity_a: Decimal | None
    quantity_b: Decimal | None
    hours_a: Decimal
    hours_b: Decimal
    amount_a: Decimal
    amount_b: Decimal

    @property
    def hours_difference(self) -> Decimal:
        return self.hours_b - self.hours_a

    @property
    def amount_difference(self) -> Decimal:
        return self.amount_b - self.amount_a

    @property
    def change(self) -> str:
        if self.quantity_a is None and self.hours_a == 0 and self.hours_b:
            return "nieuw"
        if self.quantity_b is None and self.hours_b == 0 and self.hours_a:
            return "vervallen"
        if (self.quantity_a, self.hours_a, self.amount_a) != (
            self.quantity_b,
            self.hours_b,
            self.amount_b,
        ):
            return "gewijzigd"
        return "gelijk"


@dataclass
class Comparison:
    a: ProgrammeVersion
    b: ProgrammeVersion
    lines: list[ComparedRow] = field(default_factory=list)
    related_work: list[ComparedRow] = field(default_factory=list)
    totals_a: Totals = field(default_factory=Totals)
    totals_b: Totals = field(default_factory=Totals)

    @property
    def changed_lines(self) -> list[ComparedRow]:
        return [row for row in self.lines if row.change != "gelijk"]


def compare(a: ProgrammeVersion, b: ProgrammeVersion) -> Comparison:
    """Line by line, products matched by code so that versions of different years compare."""
    lines_a = {line.product.code: line for line in lines_of(a)}
    lines_b = {line.product.code: line for line in lines_of(b)}
    comparison = Comparison(a=a, b=b)
    for code in sorted(lines_a.keys() | lines_b.keys()):
        line_a, line_b = lines_a.get(code), lines_b.get(code)
        label = (line_b or line_a).product.name  # type: ignore[union-attr]
        comparison.lines.append(
            ComparedRow(
                key=code,
                label=label,
                quantity_a=line_a.quantity if line_a else None,
                quantity_b=line_b.quantity if line_b else None,
                hours_a=line_a.hours if line_a else ZERO,
                hours_b=line_b.hours if line_b else ZERO,
                amount_a=line_a.amount if line_a else ZERO,
                amount_b=line_b.amount if line_b else ZERO,
            )
        )
    related_a = {item.kind: item for item in related_work_of(a)}
    related_b = {item.kind: item for item in related_work_of(b)}
    for kind in sorted(related_a.keys() | related_b.keys()):
        item_a, item_b = related_a.get(kind), related_b.get(kind)
        label = (item_b or item_a).get_kind_display()  # type: ignore[union-attr]
        comparison.related_work.append(
            ComparedRow(
                key=kind,
                label=str(label),
                quantity_a=None,
                quantity_b=None,
                hours_a=item_a.hours if item_a else ZERO,
                hours_b=item_b.hours if item_b else ZERO,
                amount_a=item_a.amount if item_a else ZERO,
                amount_b=item_b.amount if item_b else ZERO,
            )
        )
    totals = totals_for([a.pk, b.pk])
    comparison.totals_a, comparison.totals_b = totals[a.pk], totals[b.pk]
    return comparison


# --- collective programme and its distribution ------------------------------------------------


@dataclass(frozen=True)
class CollectiveShare:
    participant: Participant
    weight: Decimal
    share_percent: Decimal
    amount: Decimal


def collective_version(year: int) -> ProgrammeVersion | None:
    """The adopted collective programme of a year, or else the one being drafted."""
    versions = ProgrammeVersion.objects.filter(
        programme__year=year, programme__participant__isnull=True
    ).exclude(status=VersionStatus.SUPERSEDED)
    return versions.filter(status=VersionStatus.ADOPTED).first() or versions.first()


def distribution_key(year: int) -> DistributionKey | None:
    return DistributionKey.objects.filter(year=year).first()


def collective_distribution(year: int) -> tuple[ProgrammeVersion | None, list[CollectiveShare]]:
    """Each participant's part of the year's collective cost, to the cent."""
    version = collective_version(year)
    key = distribution_key(year)
    if version is None or key is None:
        return version, []
    shares = list(key.shares.select_related("participant").order_by("participant__name"))
    total = version_totals(version).total_amount
    weights = {share.participant: share.weight for share in shares}
    parts = distribute(total, weights)
    weight_sum = sum(weights.values(), ZERO)
    return version, [
        CollectiveShare(
            participant=share.participant,
            weight=share.weight,
            share_percent=(share.weight * 100 / weight_sum).quantize(Decimal("0.01")),
            amount=parts[share.participant],
        )
        for share in shares
    ]


# --- the regional overview --------------------------------------------------------------------


@dataclass(frozen=True)
class OverviewRow:
    participant: Participant
    programme: Programme | None
    adopted: ProgrammeVersion | None
    in_progress: ProgrammeVersion | None
    totals: Totals | None  # of the adopted version, else of the one in progress
    collective_amount: Decimal | None


@dataclass
class Overview:
    year: int
    rows: list[OverviewRow]
    totals: Totals
    collective: ProgrammeVersion | None
    collective_total: Decimal

    @property
    def adopted_count(self) -> int:
        return sum(1 for row in self.rows if row.adopted is not None)


def regional_overview(*, user: User, year: int) -> Overview:
    """All programmes of a year the user may see, with totals: a constant number of queries."""
    participants = list(
        scope_to_user(Participant.objects.all(), user=user, participant_field="pk").order_by(
            "kind", "name"
        )
    )
    programmes = {
        programme.participant_id: programme
        for programme in programme_list_for(user=user, year=year).filter(participant__isnull=False)
    }
    versions = list(
        ProgrammeVersion.objects.filter(programme__in=programmes.values()).exclude(
            status=VersionStatus.SUPERSEDED
        )
    )
    adopted = {v.programme_id: v for v in versions if v.status == VersionStatus.ADOPTED}
    in_progress = {v.programme_id: v for v in versions if v.status in OPEN_STATUSES}
    counted = [adopted.get(p.pk) or in_progress.get(p.pk) for p in programmes.values()]
    totals = totals_for(version.pk for version in counted if version is not None)
    collective, shares = collective_distribution(year)
    collective_by_participant = {share.participant.pk: share.amount for share in shares}
    rows = []
    grand = Totals()
    for participant in participants:
        programme = programmes.get(participant.pk)
        version_adopted = adopted.get(programme.pk) if programme else None
        version_open = in_progress.get(programme.pk) if programme else None
        counted_version = version_adopted or version_open
        row_totals = totals[counted_version.pk] if counted_version else None
        if row_totals is not None:
            for kind, figures in row_totals.by_task_kind.items():
                grand.add_line(kind, figures.hours, figures.amount)
            grand.add_related(row_totals.related.hours, row_totals.related.amount)
        rows.append(
            OverviewRow(
                participant=participant,
                programme=programme,
                adopted=version_adopted,
                in_progress=version_open,
                totals=row_totals,
                collective_amount=collective_by_participant.get(participant.pk),
            )
        )
    # Summed over the rows shown, so that a participant user sees only its own part.
    collective_total = sum((row.collective_amount or ZERO for row in rows), ZERO)
    return Overview(
        year=year,
        rows=rows,
        totals=grand,
        collective=collective,
        collective_total=collective_total,
    )


def adopted_quantities(
    *, participant_ids: Iterable[int], year: int
) -> dict[int, dict[str, tuple[str, Decimal]]]:
    """Per participant: product code -> (product name, quantity ordered) in the year's adopted
    programme. One query; the caller (kpis, reporting) has scoped the participants."""
    result: dict[int, dict[str, tuple[str, Decimal]]] = {}
    rows = (
        ProgrammeLine.objects.filter(
            version__programme__participant_id__in=list(participant_ids),
            version__programme__year=year,
            version__status=VersionStatus.ADOPTED,
        )
        .values("version__programme__participant_id", "product__code", "product__name")
        .annotate(quantity=Sum("quantity"))
        .order_by("version__programme__participant_id", "product__code")
    )
    for row in rows:
        result.setdefault(row["version__programme__participant_id"], {})[row["product__code"]] = (
            row["product__name"],
            row["quantity"] or ZERO,
        )
    return result
