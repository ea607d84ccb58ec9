"""A small, hand-countable realisation world on top of the ``hours`` fixture.

Eindhoven 2026, adopted plan (tariff EUR 101.65):
  TH-01 10 × 6 h = 60 h, EUR 6,099.00;  VV-04 5 × 4 h = 20 h, EUR 2,033.00;
  AD-01 12 × 1 h = 12 h, EUR 1,219.80;  related work "planning" 8 h, EUR 813.20.
  Total 100 h, EUR 10,165.00.
Hours booked in 2026 (employee): TH-01 8 (5 Jan) + 7.5 (2 Feb) - 1.5 (counter-entry 3 Feb)
+ 6 (1 Apr); VV-04 4 (2 Mar); planning 2 (6 Jan); leave 8 (7 Jan, not the participant's).
Q1: TH-01 14, VV-04 4, planning 2 = 20 h. Whole year: 26 h.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from grip.hours.constants import TargetKind
from grip.hours.models import BookingTarget, HourEntry, WeekSheet
from grip.hours.services import week_start_of
from grip.hours.tests.factories import HoursWorld
from grip.organisation.models import Employee
from grip.programmes import services as programme_services
from grip.programmes.models import ProgrammeVersion

D = datetime.date


def book(
    user: Any, day: datetime.date, hours: str, target: BookingTarget, **kwargs: Any
) -> HourEntry:
    employee = Employee.objects.get(user=user)
    sheet, _ = WeekSheet.objects.get_or_create(employee=employee, week_start=week_start_of(day))
    return HourEntry.objects.create(
        employee=employee, date=day, hours=Decimal(hours), target=target, week=sheet, **kwargs
    )


def adopt_plan(hours: HoursWorld) -> ProgrammeVersion:
    world = hours.programmes
    manager = world.account_manager
    version = programme_services.programme_create(
        actor=manager, participant=world.participant, year=world.year
    )
    for code, quantity in (("TH-01", 10), ("VV-04", 5), ("AD-01", 12)):
        programme_services.line_set(
            actor=manager, version=version, product=world.products[code], quantity=quantity
        )
    programme_services.related_work_set(
        actor=manager, version=version, kind="planning", basis="uren", planned_hours="8"
    )
    programme_services.version_submit(actor=manager, version=version)
    return programme_services.version_adopt(
        actor=world.participant_user,
        version=version,
        adopted_on=D(2026, 1, 2),
        decision_reference="B&W 2026-01",
    )


@dataclass
class Booked:
    version: ProgrammeVersion
    permits: BookingTarget  # Eindhoven 2026 VV-04


def book_year(hours: HoursWorld) -> Booked:
    version = adopt_plan(hours)
    world = hours.programmes
    permits = BookingTarget.objects.create(
        code=f"{world.participant.code}-2026-VV-04",
        name="Melding",
        kind=TargetKind.PRODUCT,
        participant=world.participant,
        year=2026,
        product=world.products["VV-04"],
    )
    who = hours.employee
    book(who, D(2026, 1, 5), "8", hours.inspection)
    wrong = book(who, D(2026, 2, 2), "7.5", hours.inspection)
    book(who, D(2026, 2, 3), "-1.5", hours.inspection, corrects=wrong)
    book(who, D(2026, 4, 1), "6", hours.inspection)
    book(who, D(2026, 3, 2), "4", permits)
    book(who, D(2026, 1, 6), "2", hours.related)
    book(who, D(2026, 1, 7), "8", hours.leave)
    return Booked(version=version, permits=permits)
