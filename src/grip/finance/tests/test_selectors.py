"""Realisation, forecast, settlement and declarable share against a fixture counted by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from grip.core.periods import Quarter
from grip.finance import selectors
from grip.finance.periods import Period
from grip.finance.tests.factories import D, book, book_year
from grip.frameworks.models import Product
from grip.hours.constants import TargetKind
from grip.hours.models import BookingTarget
from grip.organisation.models import Employee, Team
from grip.programmes import services as programme_services

Q1 = Period.quarter(Quarter(2026, 1))


def test_realisation_of_a_quarter_matches_the_hand_count(hours):
    book_year(hours)

    result = selectors.realisation(participant=hours.programmes.participant, period=Q1)

    # Q1 holds 64 of 2026's 261 working days: plan 100 h x 64/261, EUR 10,165 x 64/261.
    assert result.plan_year_hours == Decimal("100.00")
    assert result.plan_year_amount == Decimal("10165.00")
    assert (result.planned_hours, result.planned_amount) == (Decimal("24.52"), Decimal("2492.57"))
    # TH-01 8 + 7.5 - 1.5, VV-04 4, planning 2; leave is nobody's.
    assert (result.realised_hours, result.realised_amount) == (Decimal("20.00"), Decimal("2033.00"))
    assert result.percent == Decimal("81.6")
    assert result.related_share == Decimal("10.0")
    assert result.seasonal is False
    by_kind = {row.key: (row.planned_hours, row.realised_hours) for row in result.by_task_kind}
    assert by_kind == {
        "vergunningverlening": (Decimal("4.90"), Decimal("4.00")),
        "toezicht": (Decimal("14.71"), Decimal("14.00")),
        "advies": (Decimal("2.94"), Decimal("0")),
        "gerelateerd": (Decimal("1.96"), Decimal("2.00")),
    }
    by_product = {row.key: (row.realised_hours, row.realised_amount) for row in result.by_product}
    assert by_product == {
        "AD-01": (Decimal("0"), Decimal("0.00")),
        "TH-01": (Decimal("14.00"), Decimal("1423.10")),
        "VV-04": (Decimal("4.00"), Decimal("406.60")),
    }
    assert [(row.key, row.realised_hours) for row in result.related_work] == [
        ("planning", Decimal("2.00"))
    ]


def test_months_and_year_to_date(hours):
    book_year(hours)
    participant = hours.programmes.participant

    april = selectors.realisation(participant=participant, period=Period.month(2026, 4))
    to_date = selectors.realisation(
        participant=participant,
        period=Period.year_to_date(2026, D(2026, 2, 28)),
        as_of=D(2026, 2, 28),
    )

    assert april.realised_hours == Decimal("6.00")
    assert april.planned_hours == Decimal("8.43")  # 100 h x 22/261
    assert to_date.realised_hours == Decimal("16.00")  # January and February
    assert to_date.planned_hours == Decimal("16.09")  # 100 h x 42/261
    cumulative = [(m.month, m.realised_cumulative) for m in to_date.months[:4]]
    assert cumulative == [
        (1, Decimal("10.00")),
        (2, Decimal("16.00")),
        (3, None),
        (4, None),
    ]
    assert to_date.months[-1].planned_cumulative == Decimal("100.00")


def test_a_participant_without_an_adopted_programme_has_no_plan(hours, asten):
    result = selectors.realisation(participant=asten, period=Q1)

    assert (result.version, result.planned_hours, result.realised_hours) == (
        None,
        Decimal("0.00"),
        Decimal("0"),
    )
    assert result.percent is None
    assert result.forecast.warning is False


def test_forecast_runs_at_the_rate_so_far_and_warns_past_the_threshold(hours):
    book_year(hours)
    participant = hours.programmes.participant

    forecast = selectors.forecast(participant=participant, year=2026, as_of=D(2026, 3, 31))

    # 20 h in 64 of 261 working days: 20 x 261 / 64 = 81.5625 h, 18.44 % under the plan.
    assert forecast.realised_hours == Decimal("20.00")
    assert forecast.hours == Decimal("81.56")
    assert forecast.amount == Decimal("8290.57")  # 81.56 h x EUR 101.65
    assert forecast.deviation_percent == Decimal("-18.4")
    assert forecast.warning is True
    with override_settings(GRIP_FORECAST_WARNING_PERCENT=20):
        relaxed = selectors.forecast(participant=participant, year=2026, as_of=D(2026, 3, 31))
    assert relaxed.warning is False


def test_forecast_follows_last_years_season_when_there_is_one(hours):
    book_year(hours)
    world = hours.programmes
    last_year = BookingTarget.objects.create(
        code=f"{world.participant.code}-2025-TH-01",
        name="Periodieke controle 2025",
        kind=TargetKind.PRODUCT,
        participant=world.participant,
        year=2025,
        product=world.last_year_products["TH-01"],
    )
    book(hours.employee, D(2025, 1, 6), "10", last_year)
    book(hours.employee, D(2025, 7, 1), "10", last_year)

    result = selectors.realisation(participant=world.participant, period=Q1, as_of=D(2026, 3, 31))

    # Half of last year's hours fell in Q1: half the plan is due, and the run rate doubles.
    assert result.seasonal is True
    assert result.planned_hours == Decimal("50.00")
    assert result.forecast.hours == Decimal("40.00")


def test_settlement_per_method(hours, make_user, asten):
    booked = book_year(hours)
    world = hours.programmes
    Product.objects.filter(pk=world.products["VV-04"].pk).update(settlement="nacalculatie")
    Product.objects.filter(pk=world.products["AD-01"].pk).update(settlement="lumpsum")
    beheerder = make_user("beheerder")
    collective = programme_services.programme_create(actor=beheerder, participant=None, year=2026)
    programme_services.line_set(
        actor=beheerder, version=collective, product=world.products["CT-01"], quantity=100
    )
    programme_services.distribution_key_set(
        actor=beheerder, year=2026, method="vast", weights={world.participant: 3, asten: 1}
    )

    statement = selectors.settlement(participant=world.participant, year=2026)

    lines = {line.key: line for line in statement.all_lines}
    inspection = lines["TH-01"]  # PxQ per piece: 20 h / 6 h = 3 whole pieces x EUR 609.90
    assert (inspection.method, inspection.realised_hours) == ("pxq", Decimal("20.00"))
    assert (inspection.realised_quantity, inspection.price) == (Decimal("3"), Decimal("609.90"))
    assert inspection.amount == Decimal("1829.70")
    assert lines["VV-04"].amount == Decimal("406.60")  # nacalculatie: 4 h x EUR 101.65
    assert lines["AD-01"].amount == Decimal("1219.80")  # lumpsum: as planned, none realised
    assert lines["planning"].amount == Decimal("203.30")  # related work: 2 h x EUR 101.65
    assert lines["planning"].planned_amount == Decimal("813.20")
    assert lines["collectief"].amount == Decimal("7623.75")  # 3/4 of EUR 10,165.00
    assert statement.amount == Decimal("11283.15")
    assert statement.planned_amount == Decimal("17788.75")
    assert booked.version == statement.version


def test_declarable_share_per_employee_and_team_against_the_norm(hours):
    book_year(hours)
    book(hours.colleague, D(2026, 1, 8), "4", hours.leave)
    employee = Employee.objects.get(user=hours.employee)

    (share,) = selectors.declarable_share(employees=[employee], period=Q1)

    # Booked 28 h in Q1 (8 of them leave), 20 declarable; norm 1,300 x 1.00 FTE x 64/261.
    assert (share.booked_hours, share.declarable_hours) == (Decimal("28.00"), Decimal("20.00"))
    assert share.share_percent == Decimal("71.4")
    assert share.norm_hours == Decimal("318.77")
    assert share.norm_percent == Decimal("6.3")
    team = Team.objects.get(code="toezicht-handhaving")
    members = Employee.objects.filter(team=team).count()
    team_share = selectors.team_declarable_share(team=team, period=Q1)
    assert (team_share.booked_hours, team_share.declarable_hours) == (
        Decimal("32.00"),
        Decimal("20.00"),
    )
    assert team_share.norm_hours == Decimal("318.77") * members
    with override_settings(GRIP_DECLARABLE_NORM_HOURS=1000):
        (lower,) = selectors.declarable_share(employees=[employee], period=Q1)
    assert lower.norm_hours == Decimal("245.21")  # 1,000 x 64/261


def test_regional_realisation_is_scoped_to_the_users_participant(hours, make_user, asten):
    book_year(hours)
    participant = hours.programmes.participant

    staff = selectors.regional_realisation(
        user=make_user("bestuur"), year=2026, as_of=D(2026, 3, 31)
    )
    own = selectors.regional_realisation(user=hours.programmes.participant_user, year=2026)
    other = selectors.regional_realisation(
        user=make_user(participant=asten), year=2026, as_of=D(2026, 3, 31)
    )

    assert len(staff.rows) == 22
    assert staff.realised_hours == Decimal("20.00")
    assert [row.participant for row in own.rows] == [participant]
    assert [row.participant for row in other.rows] == [asten]
    assert other.realised_hours == 0


def _queries(user: Any) -> int:
    with CaptureQueriesContext(connection) as context:
        selectors.regional_realisation(user=user, year=2026, as_of=D(2026, 12, 31))
    return len(context.captured_queries)


@pytest.mark.django_db
def test_regional_realisation_costs_the_same_queries_for_one_or_many(hours, make_user, asten):
    user = make_user("bestuur")
    book_year(hours)
    _queries(user)  # warms the user's permission and participant caches
    one = _queries(user)
    target = BookingTarget.objects.create(
        code=f"{asten.code}-2026-TH-01",
        name="Controle",
        kind=TargetKind.PRODUCT,
        participant=asten,
        year=2026,
        product=hours.programmes.products["TH-01"],
    )
    for day in range(5, 10):
        book(hours.colleague, D(2026, 1, day), "3", target)
    many = _queries(user)

    assert many == one == 8


def test_entries_behind_a_figure_are_scoped(hours, make_user, asten):
    booked = book_year(hours)
    participant = hours.programmes.participant

    staff = selectors.entry_list_for(
        user=make_user("accountmanager"), participant=participant, period=Q1, product_code="TH-01"
    )
    other = selectors.entry_list_for(
        user=make_user(participant=asten), participant=participant, period=Q1
    )

    assert [entry.hours for entry in staff] == [Decimal("8"), Decimal("7.5"), Decimal("-1.5")]
    assert list(other) == []
    assert booked.permits.code.endswith("VV-04")


def test_periods_parse():
    as_of = datetime.date(2026, 5, 15)
    assert Period.parse("q2", year=2026, as_of=as_of).start == D(2026, 4, 1)
    assert Period.parse("M2", year=2026, as_of=as_of).end == D(2026, 2, 28)
    assert Period.parse("ytd", year=2026, as_of=as_of).end == as_of
    assert Period.parse("ytd", year=2025, as_of=as_of).end == D(2025, 12, 31)
    assert Period.parse("jaar", year=2026, as_of=as_of).end == D(2026, 12, 31)
    with pytest.raises(ValueError, match="not a period"):
        Period.parse("Q5", year=2026, as_of=as_of)
