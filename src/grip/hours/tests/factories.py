"""A small world for hour tests: two employees of one team, their team leader, targets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grip.hours.constants import NonDeclarable, TargetKind
from grip.hours.models import BookingTarget
from grip.organisation.tests.factories import EmployeeFactory
from grip.programmes.tests.factories import ProgrammeWorld


@dataclass
class HoursWorld:
    programmes: ProgrammeWorld
    employee: Any  # a medewerker with an employee record in team toezicht-handhaving
    colleague: Any  # another medewerker of the same team
    leader: Any  # the teamleider of that team
    inspection: BookingTarget  # Eindhoven 2026, TH-01
    related: BookingTarget  # Eindhoven 2026, planning
    leave: BookingTarget


def hours_world(world: ProgrammeWorld) -> HoursWorld:
    employee: Any = EmployeeFactory(user__role="medewerker")
    colleague: Any = EmployeeFactory(user__role="medewerker")
    leader: Any = EmployeeFactory(user__role="teamleider")
    participant = world.participant
    return HoursWorld(
        programmes=world,
        employee=employee.user,
        colleague=colleague.user,
        leader=leader.user,
        inspection=BookingTarget.objects.create(
            code=f"{participant.code}-2026-TH-01",
            name="Periodieke controle",
            kind=TargetKind.PRODUCT,
            participant=participant,
            year=2026,
            product=world.products["TH-01"],
        ),
        related=BookingTarget.objects.create(
            code=f"{participant.code}-2026-GW-planning",
            name="Planning",
            kind=TargetKind.RELATED_WORK,
            participant=participant,
            year=2026,
            related_work_kind="planning",
        ),
        leave=BookingTarget.objects.create(
            code="INDIRECT-VERLOF",
            name="Verlof",
            kind=TargetKind.NON_DECLARABLE,
            category=NonDeclarable.LEAVE,
        ),
    )
