"""A small world for programme tests: a catalogue, tariffs and the people who draft and adopt."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from grip.frameworks.models import HourlyTariff, Module, Product
from grip.organisation.tests.factories import EmployeeFactory
from grip.participants.models import Participant
from grip.participants.tests.factories import participant_user

YEAR = 2026

# code, task kind, unit, norm hours
PRODUCTS = (
    ("VV-01", "vergunningverlening", "stuk", "40"),
    ("VV-04", "vergunningverlening", "stuk", "4"),
    ("TH-01", "toezicht", "stuk", "6"),
    ("TH-02", "toezicht", "stuk", "12.5"),
    ("HH-01", "handhaving", "stuk", "16"),
    ("AD-01", "advies", "uur", "1"),
    ("GW-01", "gerelateerd", "uur", "1"),
    ("CT-01", "collectief", "uur", "1"),
)


def make_catalogue(year: int, tariff: str) -> dict[str, Product]:
    module = Module.objects.get(code="milieu-basistaken")
    HourlyTariff.objects.create(year=year, amount=Decimal(tariff))
    return {
        code: Product.objects.create(
            year=year,
            code=code,
            name=f"Product {code}",
            module=module,
            task_kind=kind,
            unit=unit,
            settlement="pxq",
            norm_hours=Decimal(hours),
        )
        for code, kind, unit, hours in PRODUCTS
    }


@dataclass
class ProgrammeWorld:
    year: int
    products: dict[str, Product]
    last_year_products: dict[str, Product]
    participant: Participant
    account_manager: Any  # the user who manages ``participant``
    participant_user: Any  # a user of ``participant``


def programme_world(participant: Participant) -> ProgrammeWorld:
    """Catalogues of YEAR - 1 and YEAR, and an account manager and user for ``participant``."""
    last_year = make_catalogue(YEAR - 1, "98.50")
    products = make_catalogue(YEAR, "101.65")
    manager: Any = EmployeeFactory(user__role="accountmanager")
    participant.account_manager = manager
    participant.save()
    return ProgrammeWorld(
        year=YEAR,
        products=products,
        last_year_products=last_year,
        participant=participant,
        account_manager=manager.user,
        participant_user=participant_user(participant),
    )
