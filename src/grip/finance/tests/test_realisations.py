"""``realisations``: the realisation of many participants at once, as one participant's."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grip.core.periods import Quarter
from grip.finance import selectors
from grip.finance.periods import Period
from grip.finance.tests.factories import D, book, book_year
from grip.hours.constants import TargetKind
from grip.hours.models import BookingTarget
from grip.hours.tests.factories import HoursWorld
from grip.organisation.tests.factories import EmployeeFactory
from grip.participants.models import Participant
from grip.participants.tests.factories import participant_user
from grip.programmes import services as programme_services

pytestmark = pytest.mark.django_db

Q1 = Period.quarter(Quarter(2026, 1))
AS_OF = D(2026, 3, 31)


def asten_plan(hours: HoursWorld, asten: Participant) -> None:
    """Asten 2026: TH-01 5 × 6 h = 30 h adopted; 12 h booked on it on 10 February."""
    world = hours.programmes
    manager: Any = EmployeeFactory(user__role="accountmanager")
    asten.account_manager = manager
    asten.save()
    version = programme_services.programme_create(actor=manager.user, participant=asten, year=2026)
    programme_services.line_set(
        actor=manager.user, version=version, product=world.products["TH-01"], quantity=5
    )
    programme_services.version_submit(actor=manager.user, version=version)
    programme_services.version_adopt(
        actor=participant_user(asten),
        version=version,
        adopted_on=D(2026, 1, 2),
        decision_reference="B&W Asten 2026-01",
    )
    target = BookingTarget.objects.create(
        code=f"{asten.code}-2026-TH-01",
        name="Periodieke controle",
        kind=TargetKind.PRODUCT,
        participant=asten,
        year=2026,
        product=world.products["TH-01"],
    )
    book(hours.colleague, D(2026, 2, 10), "12", target)


@pytest.fixture
def two(hours: HoursWorld, asten: Participant) -> list[Participant]:
    book_year(hours)
    asten_plan(hours, asten)
    return [hours.programmes.participant, asten]


def test_realisations_equal_the_realisation_of_each_participant(
    two: list[Participant],
) -> None:
    helmond = Participant.objects.get(code="GM0794")  # no programme, no hours
    participants = [*two, helmond]

    rows = selectors.realisations(participants=participants, period=Q1, as_of=AS_OF)

    assert rows == [
        selectors.realisation(participant=participant, period=Q1, as_of=AS_OF)
        for participant in participants
    ]
    eindhoven, asten, nobody = rows
    assert [row.participant for row in rows] == participants
    # Eindhoven as counted in test_selectors; Asten 30 h × 64/261 due, 12 h realised.
    assert (eindhoven.planned_hours, eindhoven.realised_hours) == (
        Decimal("24.52"),
        Decimal("20.00"),
    )
    assert (asten.plan_year_hours, asten.planned_hours, asten.realised_hours) == (
        Decimal("30.00"),
        Decimal("7.36"),
        Decimal("12.00"),
    )
    assert asten.percent == Decimal("163.0")
    assert (nobody.version, nobody.planned_hours, nobody.percent) == (None, Decimal("0.00"), None)


def test_realisations_keep_the_order_given(two: list[Participant]) -> None:
    backwards = list(reversed(two))

    rows = selectors.realisations(participants=backwards, period=Q1, as_of=AS_OF)

    assert [row.participant for row in rows] == backwards
    assert selectors.realisations(participants=[], period=Q1, as_of=AS_OF) == []


def test_realisations_cost_the_same_queries_for_one_participant_as_for_all(
    two: list[Participant],
) -> None:
    everyone = list(Participant.objects.order_by("kind", "name"))

    with CaptureQueriesContext(connection) as one:
        selectors.realisations(participants=two[:1], period=Q1, as_of=AS_OF)
    with CaptureQueriesContext(connection) as both:
        selectors.realisations(participants=two, period=Q1, as_of=AS_OF)
    with CaptureQueriesContext(connection) as all_of_them:
        rows = selectors.realisations(participants=everyone, period=Q1, as_of=AS_OF)

    assert len(rows) == 22
    assert len(one) == len(both) == len(all_of_them)
    assert len(one) <= 8
