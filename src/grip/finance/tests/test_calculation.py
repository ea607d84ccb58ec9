"""Properties of the realisation arithmetic."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from grip.finance import calculation as calc

hours = st.decimals(min_value=0, max_value=100_000, places=2)
shares = st.decimals(min_value=Decimal("0.01"), max_value=1, places=4)
days = st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2026, 12, 31))
profiles = st.lists(st.decimals(min_value=0, max_value=500, places=2), min_size=12, max_size=12)


@given(realised=hours, share=shares)
def test_forecast_reproduces_the_hours_so_far_at_the_share_elapsed(realised, share):
    forecast = calc.forecast_hours(realised, share)

    assert forecast is not None
    assert forecast >= realised
    # Rounded to cents: the forecast times the share is the realised hours within half a cent.
    assert abs(forecast * share - realised) <= Decimal("0.005") * share + Decimal("1e-20")


@given(realised=hours)
def test_at_the_year_end_the_forecast_is_what_was_realised(realised):
    assert calc.forecast_hours(realised, Decimal("1")) == realised


def test_no_forecast_before_any_work_is_due():
    assert calc.forecast_hours(Decimal("5"), Decimal("0")) is None


@given(plan=st.decimals(min_value=1, max_value=10_000, places=2), threshold=st.integers(0, 50))
def test_the_warning_is_symmetric_and_starts_just_past_the_threshold(plan, threshold):
    edge = plan * threshold / 100
    assert not calc.is_warning(plan + edge, plan, Decimal(threshold))
    assert not calc.is_warning(plan - edge, plan, Decimal(threshold))
    assert calc.is_warning(plan + edge + Decimal("0.01"), plan, Decimal(threshold))
    assert calc.is_warning(plan - edge - Decimal("0.01"), plan, Decimal(threshold))


def test_work_without_a_plan_warns():
    assert calc.is_warning(Decimal("3"), Decimal("0"), Decimal("10"))
    assert not calc.is_warning(Decimal("0"), Decimal("0"), Decimal("10"))


@given(profile=profiles, first=days, second=days)
def test_shares_of_adjacent_periods_add_up(profile, first, second):
    start, end = sorted((first, second))
    year_start, year_end = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    before = calc.period_share(profile, 2026, year_start, start - datetime.timedelta(days=1))
    during = calc.period_share(profile, 2026, start, end)
    after = calc.period_share(profile, 2026, end + datetime.timedelta(days=1), year_end)

    whole = calc.period_share(profile, 2026, year_start, year_end)
    assert abs(before + during + after - whole) < Decimal("1e-20")
    assert Decimal("0") <= during <= 1


def test_the_even_profile_follows_working_days():
    profile = calc.working_day_profile(2026)
    assert sum(profile) == 261
    january = calc.period_share(
        profile, 2026, datetime.date(2026, 1, 1), datetime.date(2026, 1, 31)
    )
    assert january == Decimal(22) / 261


@given(realised=hours, norm=st.decimals(min_value=Decimal("0.25"), max_value=100, places=2))
def test_whole_pieces_never_pay_for_hours_not_spent(realised, norm):
    pieces = calc.realised_quantity(realised, norm, whole_pieces=True)
    assert pieces == int(pieces)
    assert pieces * norm <= realised < (pieces + 1) * norm


def test_a_seasonal_profile_needs_hours():
    assert calc.profile_from_hours([Decimal("0")] * 12, 2026) == calc.working_day_profile(2026)
    seasonal = calc.profile_from_hours([Decimal("-1"), *[Decimal("2")] * 11], 2026)
    assert seasonal[0] == 0
