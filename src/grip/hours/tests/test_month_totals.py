"""The month totals the database keeps, and the hours per month read from them.

The triggers run on both engines CI uses (SQLite here, PostgreSQL in .ci/run), so these tests
check each kind of write against a plain sum over the entries.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grip.hours.models import BookingTarget, HourEntry, MonthTotal, WeekSheet
from grip.hours.selectors import hours_by_month, targets_with_participant, week_start_of
from grip.organisation.models import Employee

D = datetime.date


def _entry(
    user: Any, day: datetime.date, hours: str, target: BookingTarget, **extra: Any
) -> HourEntry:
    employee = Employee.objects.get(user=user)
    sheet, _ = WeekSheet.objects.get_or_create(employee=employee, week_start=week_start_of(day))
    return HourEntry.objects.create(
        employee=employee, date=day, hours=Decimal(hours), target=target, week=sheet, **extra
    )


def _totals() -> dict[tuple[int, datetime.date], Decimal]:
    return {
        (row.target_id, row.month): row.hours
        for row in MonthTotal.objects.all()
        if row.entries or row.hours
    }


def _from_entries() -> dict[tuple[int, datetime.date], Decimal]:
    sums: dict[tuple[int, datetime.date], Decimal] = {}
    for entry in HourEntry.objects.all():
        key = (entry.target_id, entry.date.replace(day=1))
        sums[key] = sums.get(key, Decimal(0)) + entry.hours
    return {key: value for key, value in sums.items() if value}


@pytest.mark.django_db
def test_every_kind_of_write_keeps_the_month_totals_equal_to_the_entries(hours):
    first = _entry(hours.employee, D(2026, 3, 2), "2.5", hours.inspection)
    second = _entry(hours.employee, D(2026, 3, 31), "1.25", hours.inspection)
    third = _entry(hours.colleague, D(2026, 4, 1), "8", hours.related)
    assert _totals() == {
        (hours.inspection.pk, D(2026, 3, 1)): Decimal("3.75"),
        (hours.related.pk, D(2026, 4, 1)): Decimal("8.00"),
    }

    # A change of hours, of date (into another month) and of target moves the hours along.
    HourEntry.objects.filter(pk=first.pk).update(hours=Decimal("4"))
    second.date = D(2026, 5, 4)
    second.save()
    HourEntry.objects.filter(pk=first.pk).update(target=hours.leave)
    assert _totals() == {
        (hours.leave.pk, D(2026, 3, 1)): Decimal("4.00"),
        (hours.inspection.pk, D(2026, 5, 1)): Decimal("1.25"),
        (hours.related.pk, D(2026, 4, 1)): Decimal("8.00"),
    }
    assert MonthTotal.objects.get(target=hours.inspection, month=D(2026, 3, 1)).entries == 0

    # A deletion and a counter-entry (negative hours) subtract.
    HourEntry.objects.filter(pk=first.pk).delete()
    _entry(hours.colleague, D(2026, 4, 2), "-3", hours.related, corrects=third)
    assert (
        _totals()
        == _from_entries()
        == {
            (hours.inspection.pk, D(2026, 5, 1)): Decimal("1.25"),
            (hours.related.pk, D(2026, 4, 1)): Decimal("5.00"),
        }
    )


@pytest.mark.django_db
def test_a_bulk_load_keeps_the_totals_too(hours):
    employee = Employee.objects.get(user=hours.employee)
    sheet = WeekSheet.objects.create(employee=employee, week_start=D(2026, 6, 1))
    HourEntry.objects.bulk_create(
        HourEntry(
            employee=employee,
            date=D(2026, 6, 1) + datetime.timedelta(days=day % 5),
            hours=Decimal("0.75"),
            target=hours.inspection,
            week=sheet,
        )
        for day in range(40)
    )
    total = MonthTotal.objects.get(target=hours.inspection, month=D(2026, 6, 1))
    assert (total.hours, total.entries) == (Decimal("30.00"), 40)


@pytest.mark.django_db
def test_hours_by_month_adds_whole_months_and_the_pieces_at_either_end(hours):
    for day, amount in (
        (D(2026, 1, 31), "1"),  # before the range
        (D(2026, 2, 14), "2"),  # partial first month, outside
        (D(2026, 2, 15), "3"),  # partial first month, inside
        (D(2026, 3, 10), "4"),  # a whole month
        (D(2026, 4, 20), "5"),  # partial last month, inside
        (D(2026, 4, 21), "6"),  # partial last month, outside
    ):
        _entry(hours.employee, day, amount, hours.inspection)
    _entry(hours.employee, D(2026, 3, 11), "7", hours.leave)

    by_target = hours_by_month(start=D(2026, 2, 15), end=D(2026, 4, 20))
    assert by_target == {
        (hours.inspection.pk, D(2026, 2, 1)): Decimal("3.00"),
        (hours.inspection.pk, D(2026, 3, 1)): Decimal("4.00"),
        (hours.inspection.pk, D(2026, 4, 1)): Decimal("5.00"),
        (hours.leave.pk, D(2026, 3, 1)): Decimal("7.00"),
    }
    participant = hours.programmes.participant.pk
    assert hours_by_month(start=D(2026, 2, 15), end=D(2026, 4, 20), by="participant") == {
        (participant, D(2026, 2, 1)): Decimal("3.00"),
        (participant, D(2026, 3, 1)): Decimal("4.00"),
        (participant, D(2026, 4, 1)): Decimal("5.00"),
    }
    # Within one month, and limited to some targets.
    assert (
        hours_by_month(start=D(2026, 4, 1), end=D(2026, 4, 20), target_ids=[hours.leave.pk]) == {}
    )
    assert targets_with_participant([hours.inspection.pk, hours.leave.pk]) == {hours.inspection.pk}
    with pytest.raises(ValueError, match="target or participant"):
        hours_by_month(start=D(2026, 1, 1), end=D(2026, 1, 2), by="employee")


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    days=st.lists(st.integers(min_value=0, max_value=364), min_size=1, max_size=12),
    start=st.integers(min_value=0, max_value=364),
    length=st.integers(min_value=0, max_value=200),
)
def test_hours_by_month_equals_a_plain_sum_over_any_range(hours, days, start, length):
    HourEntry.objects.all().delete()
    for index, day in enumerate(days):
        _entry(
            hours.employee,
            D(2026, 1, 1) + datetime.timedelta(days=day),
            str(Decimal("0.25") * (index + 1)),
            hours.inspection,
        )
    first = D(2026, 1, 1) + datetime.timedelta(days=start)
    last = min(first + datetime.timedelta(days=length), D(2026, 12, 31))
    expected = HourEntry.objects.filter(date__range=(first, last)).aggregate(total=Sum("hours"))[
        "total"
    ] or Decimal(0)
    result = hours_by_month(start=first, end=last)
    assert sum(result.values(), Decimal(0)) == expected
    assert all(first.replace(day=1) <= month <= last for _target, month in result)
