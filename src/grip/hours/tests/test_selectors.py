"""Reads of hours: the week grid, bookable targets, weeks to approve, who sees which entries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from grip.hours import selectors, services
from grip.hours.constants import TargetKind
from grip.hours.models import BookingTarget
from grip.organisation.models import Team
from grip.organisation.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 3, 2)


def _book(user, target, day=MONDAY, amount="4"):
    return services.entry_create(actor=user, day=day, hours=amount, target=target)


def test_the_week_grid_has_a_row_per_target_and_totals_per_day(hours):
    employee = selectors.employee_of(hours.employee)
    _book(hours.employee, hours.inspection, amount="6")
    _book(hours.employee, hours.leave, day=MONDAY + datetime.timedelta(days=1), amount="7.25")
    _book(hours.employee, hours.inspection, day=MONDAY + datetime.timedelta(days=1), amount="1")

    grid = selectors.week_for(employee=employee, week_start=MONDAY + datetime.timedelta(days=3))

    assert grid.week_start == MONDAY
    assert [row.target for row in grid.rows] == [hours.inspection, hours.leave]  # declarable first
    assert [cell.hours for cell in grid.rows[0].cells[:3]] == [Decimal("6"), Decimal("1"), None]
    assert grid.rows[0].total == Decimal("7")
    assert [day.hours for day in grid.day_totals[:3]] == [Decimal("6"), Decimal("8.25"), 0]
    assert [day.contract for day in grid.day_totals] == [Decimal("7.20")] * 5 + [0, 0]
    assert grid.day_totals[1].difference == Decimal("1.05")
    assert (grid.total, grid.contract_total, grid.difference) == (
        Decimal("14.25"),
        Decimal("36.00"),
        Decimal("-21.75"),
    )
    assert grid.is_editable
    assert grid.status == "open"


def test_an_extra_target_gives_an_empty_row(hours):
    employee = selectors.employee_of(hours.employee)
    grid = selectors.week_for(employee=employee, week_start=MONDAY, extra_targets=[hours.related])
    assert [row.target for row in grid.rows] == [hours.related]
    assert all(cell.hours is None and not cell.locked for cell in grid.rows[0].cells)


def test_cells_of_a_closed_month_and_corrections_are_locked(hours, make_user):
    employee = selectors.employee_of(hours.employee)
    entry = _book(hours.employee, hours.inspection, day=datetime.date(2026, 3, 31))
    sheet = services.week_submit(actor=hours.employee, week_start=datetime.date(2026, 3, 30))
    services.week_decide(actor=hours.leader, sheet=sheet, approve=True)
    services.month_close(actor=make_user("beheerder"), year=2026, month=3)
    services.entry_correct(
        actor=hours.leader, entry=entry, on=datetime.date(2026, 4, 1), reason="Verkeerd"
    )

    grid = selectors.week_for(employee=employee, week_start=datetime.date(2026, 3, 30))

    assert grid.closed_days == {datetime.date(2026, 3, 30), datetime.date(2026, 3, 31)}
    cells = grid.rows[0].cells
    assert [cell.locked for cell in cells[:3]] == [True, True, True]  # closed, closed, correction
    assert cells[2].hours == Decimal("-4")
    assert not cells[3].locked


def test_bookable_targets_are_active_and_of_the_year(hours):
    employee = selectors.employee_of(hours.employee)
    BookingTarget.objects.create(
        code="OLD", name="Oud", kind=TargetKind.PROJECT, year=2025, active=True
    )
    BookingTarget.objects.create(code="GONE", name="Weg", kind=TargetKind.PROJECT, active=False)
    codes = set(
        selectors.bookable_targets(employee=employee, years={2026}).values_list("code", flat=True)
    )
    assert codes == {hours.inspection.code, hours.related.code, hours.leave.code}


def test_sheets_to_approve_are_the_submitted_weeks_of_the_own_team(hours):
    _book(hours.employee, hours.inspection, amount="6")
    _book(hours.employee, hours.leave, day=MONDAY + datetime.timedelta(days=4), amount="2")
    sheet = services.week_submit(actor=hours.employee, week_start=MONDAY)
    _book(hours.colleague, hours.inspection, amount="3")  # open, not submitted

    [summary] = selectors.sheets_to_approve(hours.leader)

    assert summary.sheet == sheet
    assert [row.target for row in summary.targets] == [hours.inspection, hours.leave]
    assert summary.day_totals == [Decimal("6"), 0, 0, 0, Decimal("2"), 0, 0]
    assert (summary.declarable, summary.non_declarable) == (Decimal("6"), Decimal("2"))
    other_team = Team.objects.exclude(pk=sheet.employee.team_id).first()
    stranger = EmployeeFactory(user__role="teamleider", team=other_team).user
    assert selectors.sheets_to_approve(stranger) == []
    assert selectors.sheets_to_approve(hours.employee) == []  # no approve permission


def test_who_sees_which_entries(hours, make_user, asten):
    own = _book(hours.employee, hours.inspection)
    leave = _book(hours.employee, hours.leave, day=MONDAY + datetime.timedelta(days=1))
    colleague = _book(hours.colleague, hours.inspection)

    def visible(user):
        return set(selectors.entry_list_for(user=user))

    # A medewerker sees only their own entries, leave included.
    assert visible(hours.employee) == {own, leave}
    # The team leader sees the team's leave and all declarable entries.
    assert visible(hours.leader) == {own, leave, colleague}
    # An account manager sees declarable entries only.
    assert visible(make_user("accountmanager")) == {own, colleague}
    # A participant user sees the declarable entries on its own participant.
    assert visible(make_user(participant=hours.programmes.participant)) == {own, colleague}
    assert visible(make_user(participant=asten)) == set()
    # Another team's leader does not see this team's leave.
    other_team = Team.objects.exclude(pk=own.employee.team_id).first()
    stranger = EmployeeFactory(user__role="teamleider", team=other_team).user
    assert visible(stranger) == {own, colleague}
