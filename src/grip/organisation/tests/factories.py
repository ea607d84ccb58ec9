from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from grip.core.tests.factories import UserFactory
from grip.organisation.models import Employee, Function, Team


class TeamFactory(factory.django.DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = Team

    code = factory.Sequence(lambda number: f"team-{number}")
    name = factory.Sequence(lambda number: f"Team {number}")
    kind = "vth"


class FunctionFactory(factory.django.DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = Function

    code = factory.Sequence(lambda number: f"functie-{number}")
    name = factory.Sequence(lambda number: f"Functie {number}")


class EmployeeFactory(factory.django.DjangoModelFactory):  # type: ignore[type-arg]
    """An employee with a user account; ``EmployeeFactory(user__role="accountmanager")``."""

    class Meta:
        model = Employee

    user = factory.SubFactory(UserFactory)
    employee_number = factory.Sequence(lambda number: f"T{number:05d}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    team = factory.LazyFunction(lambda: Team.objects.get(code="toezicht-handhaving"))
    function = factory.LazyFunction(lambda: Function.objects.get(code="toezichthouder"))
    contract_hours_per_week = Decimal("36.00")
    start_date = datetime.date(2020, 1, 1)
