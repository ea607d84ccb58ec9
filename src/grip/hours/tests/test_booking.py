"""Booking rules, the week's approval, month closing and corrections."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from grip.core.audit import history_of
from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.hours import services
from grip.hours.models import BookingTarget, HourEntry

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 3, 2)


def _book(hours, user=None, day=MONDAY, amount="4", target=None):
    return services.entry_create(
        actor=user or hours.employee, day=day, hours=amount, target=target or hours.inspection
    )


@pytest.mark.parametrize(
    ("amount", "reason"),
    [("0", "meer dan 0"), ("25", "hoogstens 24"), ("1.1", "kwartieren"), ("x", "geen getal")],
)
def test_hours_come_in_quarters_up_to_a_day(hours, amount, reason):
    with pytest.raises(DomainError, match=reason):
        _book(hours, amount=amount)
    assert not HourEntry.objects.exists()


def test_at_most_24_hours_per_person_per_day(hours):
    _book(hours, amount="16")
    with pytest.raises(DomainError, match="boven 24 uur"):
        _book(hours, amount="8.25", target=hours.related)
    _book(hours, amount="8", target=hours.related)
    _book(hours, user=hours.colleague, amount="10")  # another person, another day total
    assert HourEntry.objects.count() == 3


def test_a_target_of_one_year_takes_only_dates_of_that_year(hours):
    with pytest.raises(DomainError, match="hoort bij 2026"):
        _book(hours, day=datetime.date(2025, 12, 31))


def test_declarable_means_booked_on_a_participant(hours):
    assert hours.inspection.is_declarable
    assert not hours.leave.is_declarable


def test_only_staff_with_an_employee_record_book(hours, make_user, eindhoven):
    with pytest.raises(NotAllowed):
        _book(hours, user=make_user(participant=eindhoven))


def test_a_week_is_submitted_and_approved_by_the_own_team_leader(hours, make_user):
    entry = _book(hours)
    services.week_submit(actor=hours.employee, week_start=MONDAY)
    with pytest.raises(Conflict):
        services.entry_update(actor=hours.employee, entry=entry, hours="5")
    with pytest.raises(NotAllowed):
        services.week_decide(actor=make_user("medewerker"), sheet=entry.week, approve=True)
    with pytest.raises(DomainError, match="reden"):
        services.week_decide(actor=hours.leader, sheet=entry.week, approve=False)

    rejected = services.week_decide(
        actor=hours.leader, sheet=entry.week, approve=False, reason="TH-01 is Helmond"
    )
    assert rejected.status == "afgekeurd"
    services.entry_update(actor=hours.employee, entry=entry, hours="5")  # may change again
    services.week_submit(actor=hours.employee, week_start=MONDAY)
    approved = services.week_decide(actor=hours.leader, sheet=entry.week, approve=True)
    assert approved.status == "goedgekeurd"
    assert history_of(approved).count() == 4  # submit, reject, submit, approve


def test_a_team_leader_of_another_team_does_not_decide(hours):
    from grip.organisation.models import Employee, Team

    entry = _book(hours)
    services.week_submit(actor=hours.employee, week_start=MONDAY)
    other_team = Team.objects.exclude(pk=entry.employee.team_id).first()
    Employee.objects.filter(user=hours.leader).update(team=other_team)
    with pytest.raises(NotAllowed, match="eigen team"):
        services.week_decide(actor=hours.leader, sheet=entry.week, approve=True)


def test_copy_last_week_skips_leave_and_needs_an_empty_week(hours):
    _book(hours, amount="6")
    _book(hours, amount="2", target=hours.leave)
    _book(hours, day=MONDAY + datetime.timedelta(days=1), amount="3", target=hours.related)

    copies = services.week_copy_previous(
        actor=hours.employee, week_start=MONDAY + datetime.timedelta(days=7)
    )

    assert sorted((c.date.weekday(), c.hours, c.target.code) for c in copies) == [
        (0, Decimal("6.00"), hours.inspection.code),
        (1, Decimal("3.00"), hours.related.code),
    ]
    with pytest.raises(Conflict):
        services.week_copy_previous(
            actor=hours.employee, week_start=MONDAY + datetime.timedelta(days=7)
        )


def test_a_closed_month_does_not_change_and_is_corrected_by_counter_entries(hours, make_user):
    beheerder = make_user("beheerder")
    entry = _book(hours, amount="8")
    with pytest.raises(Conflict, match="nog niet goedgekeurd"):
        services.month_close(actor=beheerder, year=2026, month=3)
    services.week_submit(actor=hours.employee, week_start=MONDAY)
    services.week_decide(actor=hours.leader, sheet=entry.week, approve=True)
    services.month_close(actor=beheerder, year=2026, month=3)

    with pytest.raises(Conflict, match="afgesloten"):
        _book(hours, day=MONDAY + datetime.timedelta(days=7))  # an open week of March

    counter, moved = services.entry_correct(
        actor=hours.leader,
        entry=entry,
        on=datetime.date(2026, 4, 1),
        reason="Was planning, geen controle",
        replacement=hours.related,
    )
    assert (counter.hours, counter.target, counter.corrects) == (
        Decimal("-8.00"),
        hours.inspection,
        entry,
    )
    assert (moved.hours, moved.target) == (Decimal("8.00"), hours.related)
    assert history_of(counter).get().actor == hours.leader
    entry.refresh_from_db()
    assert entry.hours == Decimal("8.00")  # the closed month's entry itself never changes
    with pytest.raises(Conflict, match="al gecorrigeerd"):
        services.entry_correct(
            actor=hours.leader, entry=entry, on=datetime.date(2026, 4, 1), reason="nog eens"
        )


def test_targets_are_made_from_the_adopted_programmes(hours, make_user):
    from grip.programmes import services as programme_services

    world = hours.programmes
    version = programme_services.programme_create(
        actor=world.account_manager, participant=world.participant, year=2026
    )
    programme_services.line_set(
        actor=world.account_manager, version=version, product=world.products["VV-01"], quantity=2
    )
    programme_services.version_submit(actor=world.account_manager, version=version)
    programme_services.version_adopt(
        actor=world.participant_user,
        version=version,
        adopted_on=datetime.date(2026, 1, 10),
        decision_reference="x",
    )
    beheerder = make_user("beheerder")

    added = services.targets_sync(actor=beheerder, year=2026)

    codes = set(BookingTarget.objects.values_list("code", flat=True))
    assert "GM0772-2026-VV-01" in codes
    assert "GM0772-2026-GW-bestuursinformatie" in codes
    assert "INDIRECT-ZIEKTE" in codes
    assert added == 1 + 4 + 3  # VV-01, four more related kinds, three more categories
    assert services.targets_sync(actor=beheerder, year=2026) == 0


def test_a_timesheet_cell_books_changes_and_removes(hours):
    entry = services.entry_set(actor=hours.employee, day=MONDAY, target=hours.inspection, hours="4")
    assert entry.hours == Decimal("4.00")
    changed = services.entry_set(
        actor=hours.employee, day=MONDAY, target=hours.inspection, hours="6.5"
    )
    assert (changed.pk, changed.hours) == (entry.pk, Decimal("6.50"))
    assert (
        services.entry_set(actor=hours.employee, day=MONDAY, target=hours.inspection, hours="0")
        is None
    )
    assert not HourEntry.objects.exists()


def test_a_cell_with_imported_hours_is_not_changed(hours):
    entry = _book(hours, amount="3")
    HourEntry.objects.filter(pk=entry.pk).update(source="import")
    with pytest.raises(Conflict, match="ingelezen"):
        services.entry_set(actor=hours.employee, day=MONDAY, target=hours.inspection, hours="5")
    entry.refresh_from_db()
    assert entry.hours == Decimal("3.00")
