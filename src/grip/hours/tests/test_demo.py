"""The demo's hours: consistent with the programmes, within the booking rules, with absence.

The demo is loaded once for the class (setUpTestData) at scale small; every test reads it in
its own savepoint.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.db.models import Count, F, Max, Min, Sum
from django.test import TestCase

from grip.core.demodata import Progress, load_demo
from grip.hours.constants import QUARTER, NonDeclarable, WeekStatus
from grip.hours.demo import realised_hours, year_fraction
from grip.hours.models import BookingTarget, HourEntry, MonthClosing, WeekSheet
from grip.participants.models import Participant
from grip.programmes import selectors
from grip.programmes.constants import VersionStatus
from grip.programmes.models import ProgrammeVersion

YEAR = 2025  # a past year: a whole year of entries, whatever the day the tests run
SEED = 7


def _load(*, reset: bool = False) -> None:
    load_demo(scale="small", seed=SEED, year=YEAR, reset=reset, progress=Progress(io.StringIO()))


def _totals() -> list[tuple[str, Decimal]]:
    return sorted(realised_hours(YEAR).items()) + sorted(realised_hours(YEAR - 1).items())


class DemoHoursTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        _load()

    def test_every_participant_realises_between_80_and_115_percent_of_its_plan_to_date(self):
        last = HourEntry.objects.filter(date__year=YEAR).aggregate(last=Max("date"))["last"]
        fraction = Decimal(year_fraction(YEAR, last))
        versions = ProgrammeVersion.objects.filter(
            status=VersionStatus.ADOPTED,
            programme__year=YEAR,
            programme__participant__isnull=False,
        ).select_related("programme__participant")
        totals = selectors.totals_for([version.pk for version in versions])
        realised = realised_hours(YEAR)
        assert len(realised) == Participant.objects.count()
        for version in versions:
            code = version.programme.participant.code
            plan = totals[version.pk].total_hours * fraction
            with self.subTest(participant=code):
                assert realised[code] >= plan * Decimal("0.80")
                assert realised[code] <= plan * Decimal("1.15")

    def test_nobody_books_more_than_24_hours_a_day(self):
        busiest = (
            HourEntry.objects.values("employee_id", "date")
            .annotate(total=Sum("hours"))
            .aggregate(most=Max("total"))["most"]
        )
        assert busiest <= Decimal("24")

    def test_hours_are_quarters_on_working_days(self):
        hours = set(HourEntry.objects.values_list("hours", flat=True).distinct())
        assert all(value > 0 and value % QUARTER == 0 for value in hours)
        weekend = HourEntry.objects.filter(date__week_day__in=(1, 7))  # Sunday, Saturday
        assert not weekend.exists()

    def test_leave_sickness_and_training_are_booked(self):
        by_category = dict(
            HourEntry.objects.filter(target__category__gt="", date__year=YEAR)
            .values_list("target__category")
            .annotate(total=Sum("hours"))
            .order_by()
        )
        everything = HourEntry.objects.filter(date__year=YEAR).aggregate(total=Sum("hours"))
        # internal hours are the rest of a day; at scale small there is none (see demo.py)
        for category in (NonDeclarable.LEAVE, NonDeclarable.SICKNESS, NonDeclarable.TRAINING):
            assert by_category.get(category, 0) > 0, category
        sick_share = by_category[NonDeclarable.SICKNESS] / everything["total"]
        assert sick_share > Decimal("0.02")
        assert sick_share < Decimal("0.08")

    def test_leave_peaks_in_the_summer(self):
        leave = dict(
            HourEntry.objects.filter(target__category=NonDeclarable.LEAVE, date__year=YEAR)
            .values_list("date__month")
            .annotate(total=Sum("hours"))
            .order_by()
        )
        assert leave[7] + leave[8] > 2 * (leave[3] + leave[9])

    def test_every_entry_lies_in_its_week_and_the_targets_year(self):
        assert (
            not HourEntry.objects.filter(target__year__isnull=False)
            .exclude(date__year=F("target__year"))
            .exists()
        )
        sample = HourEntry.objects.select_related("week")[:500]
        for entry in sample:
            assert entry.week.employee_id == entry.employee_id
            monday = entry.date - datetime.timedelta(days=entry.date.weekday())
            assert entry.week.week_start == monday

    def test_a_past_year_is_approved_and_closed(self):
        statuses = set(WeekSheet.objects.values_list("status", flat=True))
        assert statuses == {WeekStatus.APPROVED}
        assert MonthClosing.objects.filter(year=YEAR).count() == 12
        assert not WeekSheet.objects.filter(decided_by__isnull=True).exists()

    def test_targets_exist_for_both_years(self):
        years = set(BookingTarget.objects.exclude(year=None).values_list("year", flat=True))
        assert years == {YEAR - 1, YEAR}
        per_day = (
            HourEntry.objects.values("employee_id", "date", "target_id")
            .annotate(n=Count("id"))
            .aggregate(most=Max("n"))["most"]
        )
        assert per_day == 1  # one entry per target a day

    def test_the_same_seed_gives_the_same_totals(self):
        before = _totals()
        first = HourEntry.objects.aggregate(first=Min("date"), total=Sum("hours"))
        _load(reset=True)
        assert _totals() == before
        assert HourEntry.objects.aggregate(first=Min("date"), total=Sum("hours")) == first


class DemoHoursThisYearTest(TestCase):
    """The demo year is the current year: entries stop today, recent weeks are still open."""

    today: datetime.date

    @classmethod
    def setUpTestData(cls) -> None:
        cls.today = datetime.date.today()
        load_demo(scale="small", seed=SEED, year=cls.today.year, progress=Progress(io.StringIO()))

    def test_no_entries_after_today(self):
        last = HourEntry.objects.aggregate(last=Max("date"))["last"]
        assert last <= self.today

    def test_approved_weeks_come_before_the_open_ones(self):
        approved = WeekSheet.objects.filter(status=WeekStatus.APPROVED).aggregate(
            last=Max("week_start")
        )["last"]
        pending = WeekSheet.objects.exclude(status=WeekStatus.APPROVED).aggregate(
            first=Min("week_start")
        )["first"]
        if pending is not None and approved is not None:
            assert approved < pending
        this_week = self.today - datetime.timedelta(days=self.today.weekday())
        assert not WeekSheet.objects.filter(
            status=WeekStatus.APPROVED, week_start__gt=this_week - datetime.timedelta(14)
        ).exists()

    def test_months_before_last_month_are_closed(self):
        last_month = (self.today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        closed = {(c.year, c.month) for c in MonthClosing.objects.all()}
        for year, month in closed:
            assert datetime.date(year, month, 1) < last_month
        assert (self.today.year - 1, 12) in closed
