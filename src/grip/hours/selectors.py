"""Reads of hour registration: the week grid, what may be booked on, weeks to approve, entries.

Who sees which entries (``entry_list_for``): everybody sees their own; users with
``hours.view_hourentry`` see the declarable entries of the participants they may see (through
the tenancy scope); non-declarable entries of someone else (leave, sickness) only their own team
leader sees. The week grid and the approval summary each cost a fixed handful of queries,
however many targets and entries a week holds.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from grip.cases.models import Case
from grip.core.numbers import hours as to_hours
from grip.core.tenancy import User, scope_to_user
from grip.hours.constants import EDITABLE_WEEK, EntrySource, WeekStatus
from grip.hours.models import BookingTarget, HourEntry, MonthClosing, MonthTotal, WeekSheet
from grip.organisation.models import Employee

ZERO = Decimal("0")
WORKDAYS = 5  # contract hours are spread over Monday to Friday


def employee_of(user: User) -> Employee | None:
    """The employee record of a user, or None (participant users, some administrators)."""
    if not user.is_authenticated:
        return None
    return Employee.objects.select_related("team").filter(user_id=user.pk).first()


def week_start_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def week_days(week_start: datetime.date) -> list[datetime.date]:
    start = week_start_of(week_start)
    return [start + datetime.timedelta(days=offset) for offset in range(7)]


def contract_hours_on(employee: Employee, day: datetime.date) -> Decimal:
    """The hours the contract expects on a day: a fifth of the week on weekdays."""
    if day.weekday() >= WORKDAYS:
        return ZERO
    return (Decimal(employee.contract_hours_per_week) / WORKDAYS).quantize(Decimal("0.01"))


# --- the week grid ------------------------------------------------------------------------------


@dataclass
class Cell:
    """One target on one day: its hours, and whether the grid may change them."""

    day: datetime.date
    hours: Decimal | None = None
    entry: HourEntry | None = None  # the one manual entry behind an editable cell
    count: int = 0
    locked: bool = False  # imported, corrected, several entries, or a closed month

    def add(self, entry: HourEntry) -> None:
        self.hours = (self.hours or ZERO) + entry.hours
        self.count += 1
        self.entry = entry if self.count == 1 else None
        if entry.source != EntrySource.MANUAL or entry.corrects_id is not None:
            self.locked = True
        if self.count > 1:
            self.locked = True


@dataclass
class WeekRow:
    target: BookingTarget
    cells: list[Cell]

    @property
    def total(self) -> Decimal:
        return sum((cell.hours or ZERO for cell in self.cells), ZERO)


@dataclass(frozen=True)
class DayTotal:
    day: datetime.date
    hours: Decimal
    contract: Decimal
    is_closed: bool

    @property
    def difference(self) -> Decimal:
        return self.hours - self.contract


@dataclass
class WeekGrid:
    employee: Employee
    week_start: datetime.date
    days: list[datetime.date]
    sheet: WeekSheet | None
    rows: list[WeekRow]
    day_totals: list[DayTotal]
    closed_days: frozenset[datetime.date] = field(default_factory=frozenset)

    @property
    def status(self) -> str:
        return self.sheet.status if self.sheet is not None else WeekStatus.OPEN

    @property
    def status_label(self) -> str:
        return str(WeekStatus(self.status).label)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_WEEK

    @property
    def total(self) -> Decimal:
        return sum((day.hours for day in self.day_totals), ZERO)

    @property
    def contract_total(self) -> Decimal:
        return sum((day.contract for day in self.day_totals), ZERO)

    @property
    def difference(self) -> Decimal:
        return self.total - self.contract_total

    @property
    def target_ids(self) -> set[int]:
        return {row.target.pk for row in self.rows}

    def row_for(self, target_id: int) -> WeekRow | None:
        return next((row for row in self.rows if row.target.pk == target_id), None)


def _closed_days(days: list[datetime.date]) -> frozenset[datetime.date]:
    months = {(day.year, day.month) for day in days}
    query = Q()
    for year, month in months:
        query |= Q(year=year, month=month)
    closed = set(MonthClosing.objects.filter(query).values_list("year", "month"))
    return frozenset(day for day in days if (day.year, day.month) in closed)


def week_for(
    *,
    employee: Employee,
    week_start: datetime.date,
    extra_targets: Collection[BookingTarget] = (),
) -> WeekGrid:
    """The employee's week as a grid: one row per target booked (and per extra target asked
    for), seven day cells, day totals against the contract hours. Three queries."""
    days = week_days(week_start)
    start = days[0]
    sheet = WeekSheet.objects.filter(employee=employee, week_start=start).first()
    entries = (
        HourEntry.objects.filter(employee=employee, date__gte=start, date__lte=days[-1])
        .select_related("target__participant")
        .order_by("date", "pk")
    )
    closed = _closed_days(days)
    rows: dict[int, WeekRow] = {}

    def row_of(target: BookingTarget) -> WeekRow:
        if target.pk not in rows:
            rows[target.pk] = WeekRow(
                target=target, cells=[Cell(day=day, locked=day in closed) for day in days]
            )
        return rows[target.pk]

    totals: dict[datetime.date, Decimal] = defaultdict(lambda: ZERO)
    for entry in entries:
        row_of(entry.target).cells[(entry.date - start).days].add(entry)
        totals[entry.date] += entry.hours
    for target in extra_targets:
        row_of(target)
    ordered = sorted(
        rows.values(),
        key=lambda row: (not row.target.is_declarable, row.target.code),
    )
    return WeekGrid(
        employee=employee,
        week_start=start,
        days=days,
        sheet=sheet,
        rows=ordered,
        day_totals=[
            DayTotal(
                day=day,
                hours=totals[day],
                contract=contract_hours_on(employee, day),
                is_closed=day in closed,
            )
            for day in days
        ],
        closed_days=closed,
    )


def bookable_targets(*, employee: Employee, years: Collection[int]) -> QuerySet[BookingTarget]:
    """Active targets the employee may book on in these years: the year's participant targets
    and the targets without a year. Participants first (by name), the non-declarable last."""
    return (
        BookingTarget.objects.filter(active=True)
        .filter(Q(year__in=list(years)) | Q(year__isnull=True))
        .select_related("participant")
        .order_by("participant__name", "code")
    )


# --- approval -----------------------------------------------------------------------------------


def team_sheets_for(leader_user: User) -> QuerySet[WeekSheet]:
    """The week sheets of the leader's team, the leader's own excluded: what they may decide."""
    leader = employee_of(leader_user)
    if leader is None or not leader_user.has_perm("hours.approve_weeksheet"):
        return WeekSheet.objects.none()
    return (
        WeekSheet.objects.filter(employee__team_id=leader.team_id)
        .exclude(employee_id=leader.pk)
        .select_related("employee")
    )


@dataclass(frozen=True)
class TargetHours:
    target: BookingTarget
    days: list[Decimal]
    total: Decimal


@dataclass
class SheetSummary:
    sheet: WeekSheet
    days: list[datetime.date]
    targets: list[TargetHours]
    day_totals: list[Decimal]
    contract: list[Decimal]
    declarable: Decimal
    non_declarable: Decimal

    @property
    def total(self) -> Decimal:
        return self.declarable + self.non_declarable


def summarise(sheets: list[WeekSheet]) -> list[SheetSummary]:
    """Totals per day and per target of each sheet, declarable and not. Two queries."""
    by_sheet: dict[int, dict[int, list[Decimal]]] = defaultdict(dict)
    targets: dict[int, BookingTarget] = {}
    starts = {sheet.pk: sheet.week_start for sheet in sheets}
    entries = HourEntry.objects.filter(week_id__in=[sheet.pk for sheet in sheets]).select_related(
        "target__participant"
    )
    for entry in entries:
        targets[entry.target_id] = entry.target
        hours = by_sheet[entry.week_id].setdefault(entry.target_id, [ZERO] * 7)
        hours[(entry.date - starts[entry.week_id]).days] += entry.hours
    summaries = []
    for sheet in sheets:
        rows = [
            TargetHours(target=targets[target_id], days=days, total=sum(days, ZERO))
            for target_id, days in by_sheet[sheet.pk].items()
        ]
        rows.sort(key=lambda row: (not row.target.is_declarable, row.target.code))
        days = week_days(sheet.week_start)
        summaries.append(
            SheetSummary(
                sheet=sheet,
                days=days,
                targets=rows,
                day_totals=[sum((row.days[index] for row in rows), ZERO) for index in range(7)],
                contract=[contract_hours_on(sheet.employee, day) for day in days],
                declarable=sum((row.total for row in rows if row.target.is_declarable), ZERO),
                non_declarable=sum(
                    (row.total for row in rows if not row.target.is_declarable), ZERO
                ),
            )
        )
    return summaries


def sheets_to_approve(leader_user: User) -> list[SheetSummary]:
    """Submitted weeks of the leader's team, oldest first, with their totals."""
    sheets = list(
        team_sheets_for(leader_user)
        .filter(status=WeekStatus.SUBMITTED)
        .order_by("week_start", "employee__last_name", "employee__first_name")
    )
    return summarise(sheets)


# --- entries ------------------------------------------------------------------------------------


def entry_list_for(*, user: User) -> QuerySet[HourEntry]:
    """The entries a user may see (see the module's docstring)."""
    if not user.is_authenticated:
        return HourEntry.objects.none()
    entries = HourEntry.objects.select_related("target__participant", "employee", "week")
    visible = entries.filter(employee__user_id=user.pk)
    if user.has_perm("hours.view_hourentry"):
        visible = visible | scope_to_user(
            entries.filter(target__participant__isnull=False),
            user=user,
            participant_field="target__participant",
        )
    if user.has_perm("hours.approve_weeksheet"):
        leader = employee_of(user)
        if leader is not None:
            visible = visible | entries.filter(
                target__participant__isnull=True, employee__team_id=leader.team_id
            )
    return visible.distinct()


def closed_months(year: int) -> dict[int, MonthClosing]:
    """The closed months of a year, by month number."""
    return {
        closing.month: closing
        for closing in MonthClosing.objects.filter(year=year).select_related("closed_by")
    }


@dataclass(frozen=True)
class CaseHours:
    """The hours booked on a case: the total for everyone who sees the case, and the entries
    the user may see one by one (their own, or all with the right to read hour entries)."""

    total: Decimal
    entries: list[HourEntry]


def case_hours(*, user: User, case: Case) -> CaseHours:
    on_case = HourEntry.objects.filter(target__case=case)
    total = on_case.aggregate(total=Sum("hours"))["total"] or Decimal("0.00")
    entries = list(entry_list_for(user=user).filter(target__case=case).order_by("date", "pk"))
    return CaseHours(total=total, entries=entries)


# --- hours per month, from the month totals ---------------------------------------------------


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _split_months(
    start: datetime.date, end: datetime.date
) -> tuple[tuple[datetime.date, datetime.date] | None, list[tuple[datetime.date, datetime.date]]]:
    """[start, end] as its whole months (first day, last day; None when there is none) and the
    pieces of months at either end."""
    one_day = datetime.timedelta(days=1)
    first_whole = start if start.day == 1 else _next_month(start)
    last_whole_end = end if (end + one_day).day == 1 else _month_start(end) - one_day
    if first_whole > last_whole_end:
        pieces = []
        cursor = start
        while cursor <= end:
            piece_end = min(end, _next_month(cursor) - one_day)
            pieces.append((cursor, piece_end))
            cursor = piece_end + one_day
        return None, pieces
    pieces = []
    if start < first_whole:
        pieces.append((start, first_whole - one_day))
    if last_whole_end < end:
        pieces.append((last_whole_end + one_day, end))
    return (first_whole, last_whole_end), pieces


def hours_by_month(
    *,
    start: datetime.date,
    end: datetime.date,
    target_ids: Collection[int] | None = None,
    participant_ids: Collection[int] | None = None,
    by: str = "target",
) -> dict[tuple[int, datetime.date], Decimal]:
    """Hours booked in [start, end] per (target or participant id, first day of the month).

    Whole months come from the month totals the database keeps (MonthTotal); only the partial
    months at either end are summed from the entries. ``by`` is "target" or "participant";
    ``target_ids``/``participant_ids`` limit the targets (None: all).
    """
    if by not in ("target", "participant"):
        raise ValueError(f"Group hours by target or participant, not {by!r}.")
    whole, pieces = _split_months(start, end)
    result: dict[tuple[int, datetime.date], Decimal] = defaultdict(Decimal)

    def limit(queryset: QuerySet[Any], prefix: str) -> QuerySet[Any]:
        if target_ids is not None:
            queryset = queryset.filter(**{f"{prefix}target_id__in": list(target_ids)})
        if participant_ids is not None:
            queryset = queryset.filter(
                **{f"{prefix}target__participant_id__in": list(participant_ids)}
            )
        return queryset

    key = "target_id" if by == "target" else "target__participant_id"
    if whole is not None:
        rows = (
            limit(MonthTotal.objects.filter(month__range=whole), "")
            .values(key, "month")
            .annotate(total=Sum("hours"))
            .order_by()
        )
        for row in rows:
            if row[key] is not None and row["total"]:
                result[(row[key], row["month"])] += to_hours(row["total"])
    for piece_start, piece_end in pieces:
        rows = (
            limit(HourEntry.objects.filter(date__range=(piece_start, piece_end)), "")
            .values(key)
            .annotate(total=Sum("hours"))
            .order_by()
        )
        for row in rows:
            if row[key] is not None and row["total"]:
                result[(row[key], _month_start(piece_start))] += to_hours(row["total"])
    return dict(result)


def targets_with_participant(target_ids: Collection[int]) -> frozenset[int]:
    """Of these booking targets, those booked on a participant: their hours are declarable."""
    return frozenset(
        BookingTarget.objects.filter(
            pk__in=list(target_ids), participant__isnull=False
        ).values_list("pk", flat=True)
    )
