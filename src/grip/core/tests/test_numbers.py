from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grip.core.numbers import format_euros, hours, money, to_decimal


def test_money_rounds_half_up_to_cents():
    assert money("2.345") == Decimal("2.35")
    assert money("2.344") == Decimal("2.34")
    assert money(7) == Decimal("7.00")
    assert hours("1.005") == Decimal("1.01")


def test_floats_are_refused():
    with pytest.raises(TypeError, match="never floats"):
        money(0.1)


@pytest.mark.parametrize("value", ["abc", "NaN", "Infinity"])
def test_what_is_not_a_finite_number_is_refused(value):
    with pytest.raises(ValueError, match="number"):
        to_decimal(value)


def test_dutch_notation():
    assert format_euros(Decimal("1234567.891")) == "€ 1.234.567,89"
    assert format_euros(Decimal("0")) == "€ 0,00"


@given(st.lists(st.decimals(min_value=-(10**9), max_value=10**9, places=2), max_size=50))
def test_sums_of_cents_stay_exact(amounts):
    assert money(sum(amounts, Decimal(0))) == sum((money(a) for a in amounts), Decimal(0))
