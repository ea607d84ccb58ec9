"""The arithmetic of realisation, forecast and settlement, as pure functions over Decimals.

Kept apart from the selectors so that property tests can state the rules directly.

Spreading a year's plan over the year: a *profile* is twelve monthly weights. The default
profile is the number of working days (Monday to Friday; public holidays are ignored) of each
month, so an even spread over working days. When the participant booked hours in the previous
year, those monthly hours are the profile instead (a seasonal profile). The share of a period is
the sum, over the months it touches, of the month's weight times the part of the month's working
days that lie in the period, divided by the sum of the weights.

Plan to date = the year's plan × the period's share; the forecast for the year end is the run
rate: hours realised so far ÷ the share of the year elapsed.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal

from grip.core.numbers import hours, money

ZERO = Decimal("0")
ONE_PLACE = Decimal("0.1")
MONTHS = range(1, 13)


def working_days(start: datetime.date, end: datetime.date) -> int:
    """Monday-to-Friday days from ``start`` to ``end`` inclusive; 0 when ``end`` < ``start``."""
    if end < start:
        return 0
    days = (end - start).days + 1
    whole_weeks, rest = divmod(days, 7)
    count = whole_weeks * 5
    for offset in range(rest):
        if (start.weekday() + offset) % 7 < 5:
            count += 1
    return count


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, 1), datetime.date(year, month, last)


def working_day_profile(year: int) -> tuple[Decimal, ...]:
    """The even profile: each month weighs its number of working days."""
    return tuple(Decimal(working_days(*month_bounds(year, month))) for month in MONTHS)


def profile_from_hours(monthly_hours: Sequence[Decimal], year: int) -> tuple[Decimal, ...]:
    """A seasonal profile from twelve months of booked hours; the even one if they sum to ≤ 0.

    Negative months (more corrections than bookings) weigh nothing.
    """
    weights = tuple(max(value, ZERO) for value in monthly_hours)
    if len(weights) != 12 or sum(weights, ZERO) <= 0:
        return working_day_profile(year)
    return weights


def period_share(
    profile: Sequence[Decimal], year: int, start: datetime.date, end: datetime.date
) -> Decimal:
    """The part (0 to 1) of a year's work that falls from ``start`` to ``end`` by ``profile``."""
    total = sum(profile, ZERO)
    if total <= 0:
        return ZERO
    share = ZERO
    for month in MONTHS:
        month_start, month_end = month_bounds(year, month)
        overlap = working_days(max(start, month_start), min(end, month_end))
        if overlap:
            share += profile[month - 1] * overlap / working_days(month_start, month_end)
    return share / total


def plan_to_date(year_plan: Decimal, share: Decimal) -> Decimal:
    return hours(year_plan * share)


def amount_to_date(year_amount: Decimal, share: Decimal) -> Decimal:
    return money(year_amount * share)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to one decimal; None when there is no whole."""
    if whole <= 0:
        return None
    return (part * 100 / whole).quantize(ONE_PLACE)


def forecast_hours(realised_to_date: Decimal, share_elapsed: Decimal) -> Decimal | None:
    """Year-end hours at the run rate; None before any of the year's work is due."""
    if share_elapsed <= 0:
        return None
    return hours(realised_to_date / share_elapsed)


def deviation_percent(forecast: Decimal | None, plan: Decimal) -> Decimal | None:
    if forecast is None:
        return None
    return percent(forecast - plan, plan)


def is_warning(forecast: Decimal | None, plan: Decimal, threshold_percent: Decimal) -> bool:
    """The forecast deviates from the plan by more than the threshold, either way.

    Compared exactly (not on the rounded percentage). Without a plan, any forecast hours are a
    warning: work is being done that nobody ordered.
    """
    if forecast is None:
        return False
    if plan <= 0:
        return forecast > 0
    return abs(forecast - plan) * 100 > threshold_percent * plan


def realised_quantity(
    realised_hours: Decimal, norm_hours: Decimal, *, whole_pieces: bool
) -> Decimal:
    """How many units the realised hours stand for: hours ÷ norm hours.

    Per-piece products count whole pieces only (rounded down: a piece is paid when its norm
    hours are all spent), per-hour products keep two decimals. A product without norm hours, or
    negative hours, counts nothing.
    """
    if norm_hours <= 0 or realised_hours <= 0:
        return ZERO
    quantity = realised_hours / norm_hours
    if whole_pieces:
        return quantity.quantize(Decimal("1"), rounding=ROUND_DOWN)
    return quantity.quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def unit_price(norm_hours: Decimal, tariff: Decimal) -> Decimal:
    return money(norm_hours * tariff)


def hours_amount(realised_hours: Decimal, tariff: Decimal) -> Decimal:
    return money(realised_hours * tariff)


def year_share(year: int, start: datetime.date, end: datetime.date) -> Decimal:
    """The part of a year a period covers, by working days (for the declarable norm)."""
    return period_share(working_day_profile(year), year, start, end)
