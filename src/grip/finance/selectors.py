"""Realisation against the work programmes, the year-end forecast, declarable share, settlement.

Plan: the participant's adopted programme version of the year (its lines and related work).
Realised: hour entries booked on the participant's booking targets (counter-entries count with
their negative hours), in euros at the year's hourly tariff. The spread of the plan over the
year and the forecast follow ``grip.finance.calculation``.

Every figure comes from one loader that reads any number of participants in a fixed number of
grouped queries (the hours summed per booking target and month, mapped to products and kinds in
Python through the preloaded targets), so the regional dashboard costs the same handful of
queries for 22 participants as for one. Callers pass a participant they obtained through a
tenancy-scoped selector; the regional reads scope themselves.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.core.numbers import hours as to_hours
from grip.core.numbers import money
from grip.core.periods import year_end, year_start
from grip.core.tenancy import User, scope_to_user
from grip.finance import calculation as calc
from grip.finance.periods import Period
from grip.frameworks import selectors as framework_selectors
from grip.frameworks.constants import Settlement, TaskKind, Unit
from grip.hours.constants import TargetKind
from grip.hours.models import BookingTarget, HourEntry
from grip.hours.selectors import hours_by_month
from grip.organisation.models import Employee, Team
from grip.participants.models import Participant
from grip.programmes import selectors as programme_selectors
from grip.programmes.constants import RelatedWorkKind, VersionStatus
from grip.programmes.models import ProgrammeLine, ProgrammeVersion, RelatedWorkLine

ZERO = calc.ZERO


def warning_percent() -> Decimal:
    return Decimal(int(settings.GRIP_FORECAST_WARNING_PERCENT))


def default_as_of(year: int, today: datetime.date | None = None) -> datetime.date:
    """Today, held within ``year``: a past year is seen from its last day."""
    today = today or timezone.localdate()
    return (
        min(today, year_end(year))
        if today >= year_start(year)
        else year_start(year) - (datetime.timedelta(days=1))
    )


# --- what is loaded ---------------------------------------------------------------------------


@dataclass
class _Product:
    pk: int
    code: str
    name: str
    task_kind: str
    settlement: str
    unit: str
    norm_hours: Decimal


@dataclass
class _PlanLine:
    product: _Product
    quantity: Decimal
    hours: Decimal
    amount: Decimal


@dataclass
class _Data:
    """One participant's plan and hours of one year, as read by :func:`_load`."""

    version: ProgrammeVersion | None = None
    lines: dict[int, _PlanLine] = field(default_factory=dict)
    related: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    # realised hours by key ("product", pk) / ("related", kind) / ("project", target pk)
    in_period: dict[tuple[str, int | str], Decimal] = field(default_factory=dict)
    to_date_by_month: list[Decimal] = field(default_factory=lambda: [ZERO] * 12)
    previous_year_by_month: list[Decimal] = field(default_factory=lambda: [ZERO] * 12)
    products: dict[int, _Product] = field(default_factory=dict)
    project_names: dict[int, str] = field(default_factory=dict)

    @property
    def plan_hours(self) -> Decimal:
        return sum((line.hours for line in self.lines.values()), ZERO) + sum(
            (h for h, _ in self.related.values()), ZERO
        )

    @property
    def plan_amount(self) -> Decimal:
        return sum((line.amount for line in self.lines.values()), ZERO) + sum(
            (a for _, a in self.related.values()), ZERO
        )


_PRODUCT_FIELDS = ("code", "name", "task_kind", "settlement", "unit", "norm_hours")


def _product(row: dict[str, object], prefix: str) -> _Product:
    values = {name: row[f"{prefix}{name}"] for name in ("id", *_PRODUCT_FIELDS)}
    return _Product(
        pk=int(values["id"]),  # type: ignore[call-overload]
        code=str(values["code"]),
        name=str(values["name"]),
        task_kind=str(values["task_kind"]),
        settlement=str(values["settlement"]),
        unit=str(values["unit"]),
        norm_hours=Decimal(str(values["norm_hours"])),
    )


def _load(
    participant_ids: list[int], *, year: int, period: Period, as_of: datetime.date
) -> dict[int, _Data]:
    """Plans and hours of these participants: six queries, whatever their number."""
    data = {pk: _Data() for pk in participant_ids}
    if not participant_ids:
        return data
    versions = {
        version.pk: version
        for version in ProgrammeVersion.objects.filter(
            programme__participant_id__in=participant_ids,
            programme__year=year,
            status=VersionStatus.ADOPTED,
        ).select_related("programme")
    }
    for version in versions.values():
        data[version.programme.participant_id].version = version  # type: ignore[index]
    product_prefix = "product__"
    for row in ProgrammeLine.objects.filter(version_id__in=versions).values(
        "version_id",
        "quantity",
        "hours",
        "amount",
        *(f"{product_prefix}{name}" for name in ("id", *_PRODUCT_FIELDS)),
    ):
        participant_data = data[versions[row["version_id"]].programme.participant_id]  # type: ignore[index]
        product = _product(row, product_prefix)
        participant_data.products[product.pk] = product
        participant_data.lines[product.pk] = _PlanLine(
            product=product, quantity=row["quantity"], hours=row["hours"], amount=row["amount"]
        )
    for row in (
        RelatedWorkLine.objects.filter(version_id__in=versions)
        .values("version_id", "kind")
        .annotate(hours=Sum("hours"), amount=Sum("amount"))
        .order_by()
    ):
        participant_data = data[versions[row["version_id"]].programme.participant_id]  # type: ignore[index]
        participant_data.related[row["kind"]] = (
            to_hours(row["hours"] or ZERO),
            money(row["amount"] or ZERO),
        )
    # The booking targets, preloaded so that the hours can be summed per target id alone.
    targets: dict[int, tuple[int, str, int | str]] = {}
    for row in (
        BookingTarget.objects.filter(participant_id__in=participant_ids)
        .filter(Q(year=year) | Q(year__isnull=True))
        .values(
            "id",
            "participant_id",
            "kind",
            "name",
            "related_work_kind",
            *(f"{product_prefix}{name}" for name in ("id", *_PRODUCT_FIELDS)),
        )
    ):
        participant_data = data[row["participant_id"]]
        key: int | str
        # Hours on a case count for the product its case type realises (hours.case_target).
        if row["kind"] in (TargetKind.PRODUCT, TargetKind.CASE) and row["product__id"] is not None:
            participant_data.products.setdefault(row["product__id"], _product(row, product_prefix))
            kind, key = "product", row["product__id"]
        elif row["kind"] == TargetKind.RELATED_WORK:
            kind, key = "related", row["related_work_kind"]
        else:
            kind, key = "project", row["id"]
            participant_data.project_names[row["id"]] = row["name"]
        targets[row["id"]] = (row["participant_id"], kind, key)
    # Hours come from the month totals the database keeps; only partial months are summed
    # from the entries (hours.selectors.hours_by_month).
    if targets:
        target_ids = list(targets)
        in_range = (max(period.start, year_start(year)), min(period.end, year_end(year)))
        to_date_range = (year_start(year), min(as_of, year_end(year)))
        in_period = hours_by_month(start=in_range[0], end=in_range[1], target_ids=target_ids)
        # The year to date is mostly the period itself: then one read serves both.
        if to_date_range == in_range:
            to_date = in_period
        elif to_date_range[1] >= to_date_range[0]:
            to_date = hours_by_month(
                start=to_date_range[0], end=to_date_range[1], target_ids=target_ids
            )
        else:
            to_date = {}
        for (target_id, _month), booked in in_period.items():
            participant_id, kind, key = targets[target_id]
            participant_data = data[participant_id]
            slot = (kind, key)
            participant_data.in_period[slot] = participant_data.in_period.get(slot, ZERO) + booked
        for (target_id, month), booked in to_date.items():
            data[targets[target_id][0]].to_date_by_month[month.month - 1] += booked
    previous = year - 1
    for (participant_id, month), booked in hours_by_month(
        start=year_start(previous),
        end=year_end(previous),
        participant_ids=participant_ids,
        by="participant",
    ).items():
        data[participant_id].previous_year_by_month[month.month - 1] += booked
    return data


def _product_ids(data: _Data) -> list[int]:
    """Products planned or booked on, by code."""
    booked = {key for kind, key in data.in_period if kind == "product" and isinstance(key, int)}
    return sorted(set(data.lines) | booked, key=lambda pk: data.products[pk].code)


def _tariff(year: int) -> Decimal | None:
    record = framework_selectors.tariff_record(year=year)
    return record.amount if record is not None else None


# --- realisation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """Plan to date and realised of one task kind, product, related-work kind or project."""

    key: str
    label: str
    planned_hours: Decimal
    planned_amount: Decimal
    realised_hours: Decimal
    realised_amount: Decimal

    @property
    def percent(self) -> Decimal | None:
        return calc.percent(self.realised_hours, self.planned_hours)


@dataclass(frozen=True)
class Month:
    month: int
    planned_cumulative: Decimal  # plan to the end of the month
    realised_cumulative: Decimal | None  # None for months after the as-of date


@dataclass(frozen=True)
class Forecast:
    year: int
    as_of: datetime.date
    plan_hours: Decimal
    plan_amount: Decimal
    realised_hours: Decimal  # to date
    share_elapsed: Decimal  # of the year's work by the profile, 0 to 1
    hours: Decimal | None
    amount: Decimal | None
    deviation_percent: Decimal | None
    warning: bool
    threshold_percent: Decimal


@dataclass(frozen=True)
class Realisation:
    participant: Participant
    period: Period
    as_of: datetime.date
    version: ProgrammeVersion | None  # the adopted version the plan comes from
    tariff: Decimal | None
    seasonal: bool  # the profile comes from last year's hours (else working days)
    share: Decimal  # of the year's plan due in the period
    plan_year_hours: Decimal
    plan_year_amount: Decimal
    planned_hours: Decimal  # in the period
    planned_amount: Decimal
    realised_hours: Decimal
    realised_amount: Decimal
    by_task_kind: list[Row]
    by_product: list[Row]
    related_work: list[Row]
    projects: list[Row]
    months: list[Month]
    forecast: Forecast

    @property
    def percent(self) -> Decimal | None:
        return calc.percent(self.realised_hours, self.planned_hours)

    @property
    def related_hours(self) -> Decimal:
        return sum((row.realised_hours for row in self.related_work), ZERO)

    @property
    def related_share(self) -> Decimal | None:
        """Related work as a percentage of all realised hours."""
        return calc.percent(self.related_hours, self.realised_hours)


def _profile(data: _Data, year: int) -> tuple[tuple[Decimal, ...], bool]:
    profile = calc.profile_from_hours(data.previous_year_by_month, year)
    return profile, sum(data.previous_year_by_month, ZERO) > 0


def _forecast(data: _Data, *, year: int, as_of: datetime.date, tariff: Decimal | None) -> Forecast:
    profile, _ = _profile(data, year)
    elapsed = calc.period_share(profile, year, year_start(year), as_of)
    realised = sum(data.to_date_by_month, ZERO)
    plan = data.plan_hours
    hours = calc.forecast_hours(realised, elapsed)
    threshold = warning_percent()
    return Forecast(
        year=year,
        as_of=as_of,
        plan_hours=plan,
        plan_amount=data.plan_amount,
        realised_hours=realised,
        share_elapsed=elapsed,
        hours=hours,
        amount=calc.hours_amount(hours, tariff) if hours is not None and tariff else None,
        deviation_percent=calc.deviation_percent(hours, plan),
        warning=calc.is_warning(hours, plan, threshold),
        threshold_percent=threshold,
    )


def _build(
    participant: Participant,
    data: _Data,
    *,
    period: Period,
    as_of: datetime.date,
    tariff: Decimal | None,
) -> Realisation:
    year = period.year
    profile, seasonal = _profile(data, year)
    share = calc.period_share(profile, year, period.start, period.end)
    rate = tariff or ZERO

    def row(key: str, label: str, plan: tuple[Decimal, Decimal], realised: Decimal) -> Row:
        return Row(
            key=key,
            label=label,
            planned_hours=calc.plan_to_date(plan[0], share),
            planned_amount=calc.amount_to_date(plan[1], share),
            realised_hours=realised,
            realised_amount=calc.hours_amount(realised, rate),
        )

    realised = data.in_period
    product_ids = _product_ids(data)
    by_product = []
    for pk in product_ids:
        product = data.products[pk]
        line = data.lines.get(pk)
        by_product.append(
            row(
                product.code,
                product.name,
                (line.hours, line.amount) if line else (ZERO, ZERO),
                realised.get(("product", pk), ZERO),
            )
        )
    kind_labels = dict(RelatedWorkKind.choices)
    related_kinds = sorted(set(data.related) | {str(k) for c, k in realised if c == "related"})
    related_work = [
        row(
            kind,
            str(kind_labels.get(kind, kind)),
            data.related.get(kind, (ZERO, ZERO)),
            realised.get(("related", kind), ZERO),
        )
        for kind in related_kinds
    ]
    projects = [
        row(str(pk), name, (ZERO, ZERO), realised.get(("project", pk), ZERO))
        for pk, name in sorted(data.project_names.items(), key=lambda item: item[1])
        if realised.get(("project", pk))
    ]
    # By task kind: products by their catalogue task kind, related work and projects apart.
    task_plan: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    task_realised: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for pk in product_ids:
        kind = data.products[pk].task_kind
        line = data.lines.get(pk)
        if line:
            task_plan[kind][0] += line.hours
            task_plan[kind][1] += line.amount
        task_realised[kind] += realised.get(("product", pk), ZERO)
    for related_hours, related_amount in data.related.values():
        task_plan[TaskKind.RELATED_WORK][0] += related_hours
        task_plan[TaskKind.RELATED_WORK][1] += related_amount
    for item in related_work:
        task_realised[TaskKind.RELATED_WORK] += item.realised_hours
    for item in projects:
        task_realised[TaskKind.PROJECT] += item.realised_hours
    task_labels = dict(TaskKind.choices)
    order = [value for value, _ in TaskKind.choices]
    by_task_kind = [
        row(kind, str(task_labels.get(kind, kind)), (plan[0], plan[1]), task_realised[kind])
        for kind in sorted(
            set(task_plan) | {k for k, v in task_realised.items() if v},
            key=lambda k: order.index(k) if k in order else len(order),
        )
        for plan in [task_plan[kind]]
    ]
    plan_hours, plan_amount = data.plan_hours, data.plan_amount
    realised_hours = sum(realised.values(), ZERO)
    months = []
    cumulative = ZERO
    for month in calc.MONTHS:
        month_start, month_end = calc.month_bounds(year, month)
        cumulative += data.to_date_by_month[month - 1]
        months.append(
            Month(
                month=month,
                planned_cumulative=calc.plan_to_date(
                    plan_hours, calc.period_share(profile, year, year_start(year), month_end)
                ),
                realised_cumulative=cumulative if month_start <= as_of else None,
            )
        )
    return Realisation(
        participant=participant,
        period=period,
        as_of=as_of,
        version=data.version,
        tariff=tariff,
        seasonal=seasonal,
        share=share,
        plan_year_hours=plan_hours,
        plan_year_amount=plan_amount,
        planned_hours=calc.plan_to_date(plan_hours, share),
        planned_amount=calc.amount_to_date(plan_amount, share),
        realised_hours=realised_hours,
        realised_amount=calc.hours_amount(realised_hours, rate),
        by_task_kind=by_task_kind,
        by_product=by_product,
        related_work=related_work,
        projects=projects,
        months=months,
        forecast=_forecast(data, year=year, as_of=as_of, tariff=tariff),
    )


def realisation(
    *, participant: Participant, period: Period, as_of: datetime.date | None = None
) -> Realisation:
    """Plan to date and realised of one participant in ``period``, with the year's forecast.

    ``participant`` must come from a tenancy-scoped selector. ``as_of`` (default: today, held
    within the year) is the date the forecast and the cumulative chart are seen from.
    """
    as_of = as_of or default_as_of(period.year)
    data = _load([participant.pk], year=period.year, period=period, as_of=as_of)
    return _build(
        participant, data[participant.pk], period=period, as_of=as_of, tariff=_tariff(period.year)
    )


def forecast(
    *, participant: Participant, year: int, as_of: datetime.date | None = None
) -> Forecast:
    """The year-end forecast of one participant at the run rate."""
    return realisation(
        participant=participant, period=Period.whole_year(year), as_of=as_of
    ).forecast


def realisations(
    *, participants: list[Participant], period: Period, as_of: datetime.date
) -> list[Realisation]:
    """:func:`realisation` of each participant given (in that order), in a fixed number of
    queries. The caller has scoped ``participants`` (the kpis app freezes all of them)."""
    data = _load([p.pk for p in participants], year=period.year, period=period, as_of=as_of)
    tariff = _tariff(period.year)
    return [
        _build(participant, data[participant.pk], period=period, as_of=as_of, tariff=tariff)
        for participant in participants
    ]


@dataclass(frozen=True)
class RegionalRealisation:
    year: int
    period: Period
    as_of: datetime.date
    rows: list[Realisation]
    planned_hours: Decimal
    planned_amount: Decimal
    realised_hours: Decimal
    realised_amount: Decimal
    forecast_hours: Decimal
    plan_year_hours: Decimal

    @property
    def percent(self) -> Decimal | None:
        return calc.percent(self.realised_hours, self.planned_hours)

    @property
    def warnings(self) -> int:
        return sum(1 for row in self.rows if row.forecast.warning)


def regional_realisation(
    *,
    user: User,
    year: int,
    as_of: datetime.date | None = None,
    period: Period | None = None,
) -> RegionalRealisation:
    """Every participant ``user`` may see: a fixed number of queries, whatever their number.

    ``period`` defaults to the year to date as of ``as_of`` (default: today within the year).
    """
    as_of = as_of or default_as_of(year)
    period = period or Period.year_to_date(year, as_of)
    participants = list(
        scope_to_user(Participant.objects.all(), user=user, participant_field="pk").order_by(
            "kind", "name"
        )
    )
    rows = realisations(participants=participants, period=period, as_of=as_of)
    return RegionalRealisation(
        year=year,
        period=period,
        as_of=as_of,
        rows=rows,
        planned_hours=sum((r.planned_hours for r in rows), ZERO),
        planned_amount=sum((r.planned_amount for r in rows), ZERO),
        realised_hours=sum((r.realised_hours for r in rows), ZERO),
        realised_amount=sum((r.realised_amount for r in rows), ZERO),
        forecast_hours=sum((r.forecast.hours or ZERO for r in rows), ZERO),
        plan_year_hours=sum((r.plan_year_hours for r in rows), ZERO),
    )


# --- the entries behind a figure --------------------------------------------------------------


def entry_list_for(
    *,
    user: User,
    participant: Participant,
    period: Period,
    product_code: str | None = None,
    related_kind: str | None = None,
) -> QuerySet[HourEntry]:
    """The hour entries on ``participant``'s targets in ``period`` that ``user`` may see."""
    entries = scope_to_user(
        HourEntry.objects.select_related("employee", "target__product"),
        user=user,
        participant_field="target__participant",
    ).filter(target__participant=participant, date__gte=period.start, date__lte=period.end)
    if product_code:
        entries = entries.filter(target__product__code=product_code)
    if related_kind:
        entries = entries.filter(target__related_work_kind=related_kind)
    return entries.order_by("date", "pk")


# --- declarable share -------------------------------------------------------------------------


@dataclass(frozen=True)
class DeclarableShare:
    label: str
    fte: Decimal
    booked_hours: Decimal
    declarable_hours: Decimal
    norm_hours: Decimal  # declarable hours expected in the period

    @property
    def share_percent(self) -> Decimal | None:
        """Declarable hours as a percentage of all booked hours."""
        return calc.percent(self.declarable_hours, self.booked_hours)

    @property
    def norm_percent(self) -> Decimal | None:
        """Declarable hours as a percentage of the norm."""
        return calc.percent(self.declarable_hours, self.norm_hours)


def _norm(fte: Decimal, period: Period) -> Decimal:
    """Norm × FTE × the part of the year (by working days) the period covers.

    Not reduced for a start or end of employment within the period.
    """
    norm = Decimal(int(settings.GRIP_DECLARABLE_NORM_HOURS))
    return to_hours(norm * fte * calc.year_share(period.year, period.start, period.end))


def declarable_share(*, employees: Iterable[Employee], period: Period) -> list[DeclarableShare]:
    """Per employee (in the order given): declarable / booked hours, and against the norm."""
    staff = list(employees)
    sums = {
        row["employee_id"]: row
        for row in HourEntry.objects.filter(
            employee__in=staff, date__gte=period.start, date__lte=period.end
        )
        .values("employee_id")
        .annotate(
            booked=Sum("hours", default=ZERO),
            declarable=Sum("hours", filter=Q(target__participant__isnull=False), default=ZERO),
        )
        .order_by()
    }
    result = []
    for employee in staff:
        row = sums.get(employee.pk, {})
        result.append(
            DeclarableShare(
                label=employee.full_name,
                fte=employee.fte,
                booked_hours=to_hours(row.get("booked", ZERO)),
                declarable_hours=to_hours(row.get("declarable", ZERO)),
                norm_hours=_norm(employee.fte, period),
            )
        )
    return result


def team_declarable_share(*, team: Team, period: Period) -> DeclarableShare:
    """The team's employees together: hours and FTE summed, the norm on the summed FTE."""
    members = declarable_share(
        employees=Employee.objects.filter(team=team).order_by("pk"), period=period
    )
    fte = sum((member.fte for member in members), ZERO)
    return DeclarableShare(
        label=team.name,
        fte=fte,
        booked_hours=sum((m.booked_hours for m in members), ZERO),
        declarable_hours=sum((m.declarable_hours for m in members), ZERO),
        norm_hours=sum((m.norm_hours for m in members), ZERO),
    )


# --- settlement -------------------------------------------------------------------------------

RELATED_WORK_METHOD = Settlement.ACTUAL_HOURS  # related work is settled on its realised hours


@dataclass(frozen=True)
class SettlementLine:
    key: str  # product code, related-work kind or "collectief"
    label: str
    method: str  # a Settlement value
    planned_quantity: Decimal | None
    planned_amount: Decimal
    realised_hours: Decimal
    realised_quantity: Decimal | None  # PxQ only
    price: Decimal | None  # PxQ: norm hours × tariff
    amount: Decimal  # settled

    @property
    def method_label(self) -> str:
        return str(dict(Settlement.choices).get(self.method, self.method))

    @property
    def difference(self) -> Decimal:
        return self.amount - self.planned_amount


@dataclass(frozen=True)
class SettlementStatement:
    participant: Participant
    year: int
    version: ProgrammeVersion | None
    tariff: Decimal | None
    lines: list[SettlementLine]
    related_work: list[SettlementLine]
    collective: SettlementLine | None

    @property
    def all_lines(self) -> list[SettlementLine]:
        return [*self.lines, *self.related_work, *([self.collective] if self.collective else [])]

    @property
    def planned_amount(self) -> Decimal:
        return sum((line.planned_amount for line in self.all_lines), ZERO)

    @property
    def amount(self) -> Decimal:
        return sum((line.amount for line in self.all_lines), ZERO)


def _settle_product(
    product: _Product, line: _PlanLine | None, realised: Decimal, tariff: Decimal
) -> SettlementLine:
    planned_amount = line.amount if line else ZERO
    quantity: Decimal | None = None
    price: Decimal | None = None
    if product.settlement == Settlement.PXQ:
        price = calc.unit_price(product.norm_hours, tariff)
        quantity = calc.realised_quantity(
            realised, product.norm_hours, whole_pieces=product.unit == Unit.PIECE
        )
        amount = money(quantity * price)
    elif product.settlement == Settlement.ACTUAL_HOURS:
        amount = calc.hours_amount(realised, tariff)
    elif product.settlement == Settlement.LUMPSUM:
        amount = planned_amount
    else:  # collective: paid through the distribution key, in the collective line
        amount = ZERO
    return SettlementLine(
        key=product.code,
        label=product.name,
        method=product.settlement,
        planned_quantity=line.quantity if line else None,
        planned_amount=planned_amount,
        realised_hours=realised,
        realised_quantity=quantity,
        price=price,
        amount=amount,
    )


def settlement(*, participant: Participant, year: int) -> SettlementStatement:
    """What ``participant`` owes for ``year``, line by line, by each product's settlement method.

    - PxQ: realised quantity × price, price = norm hours × tariff; the realised quantity is the
      hours realised on the product ÷ its norm hours, rounded down to whole pieces for products
      per piece (two decimals for products per hour). Cases do not exist yet to count.
    - nacalculatie: realised hours × tariff.
    - lumpsum: the planned amount, whatever was realised.
    - collective: the participant's share of the collective programme by the distribution key
      (one line); a programme line of a collectively settled product adds nothing itself.
    - related work: nacalculatie of its realised hours (it supports the products and is not
      ordered in pieces); its planned amount is shown to compare.
    """
    period = Period.whole_year(year)
    data = _load([participant.pk], year=year, period=period, as_of=year_end(year))[participant.pk]
    tariff = _tariff(year)
    rate = tariff or ZERO
    product_ids = _product_ids(data)
    lines = [
        _settle_product(
            data.products[pk], data.lines.get(pk), data.in_period.get(("product", pk), ZERO), rate
        )
        for pk in product_ids
    ]
    kind_labels = dict(RelatedWorkKind.choices)
    kinds = sorted(set(data.related) | {str(k) for c, k in data.in_period if c == "related"})
    related = []
    for kind in kinds:
        realised = data.in_period.get(("related", kind), ZERO)
        related.append(
            SettlementLine(
                key=kind,
                label=str(kind_labels.get(kind, kind)),
                method=RELATED_WORK_METHOD,
                planned_quantity=None,
                planned_amount=data.related.get(kind, (ZERO, ZERO))[1],
                realised_hours=realised,
                realised_quantity=None,
                price=None,
                amount=calc.hours_amount(realised, rate),
            )
        )
    _version, shares = programme_selectors.collective_distribution(year)
    share = next((s for s in shares if s.participant.pk == participant.pk), None)
    collective = (
        SettlementLine(
            key="collectief",
            label=_("Collectieve taken (%(percent)s %% volgens de verdeelsleutel)")
            % {"percent": share.share_percent},
            method=Settlement.COLLECTIVE,
            planned_quantity=None,
            planned_amount=share.amount,
            realised_hours=ZERO,
            realised_quantity=None,
            price=None,
            amount=share.amount,
        )
        if share is not None
        else None
    )
    return SettlementStatement(
        participant=participant,
        year=year,
        version=data.version,
        tariff=tariff,
        lines=lines,
        related_work=related,
        collective=collective,
    )
