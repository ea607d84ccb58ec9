"""Reading what a user typed: numbers and euro amounts the Dutch way or the international
way, as the text the services parse."""

from __future__ import annotations

import pytest

from grip.web.feedback import dutch_amount, dutch_number


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("5.000", "5000"),
        ("5.000,50", "5000.50"),
        ("€ 250", "250"),
        ("€250,75", "250.75"),
        ("1.250.000", "1250000"),
        (" 12.345 ", "12345"),
        ("5\u00a0000", "5000"),
        ("250", "250"),
        ("250,5", "250.5"),
        ("1234.56", "1234.56"),  # two decimals: a decimal point, not thousands
        ("12.5", "12.5"),
        ("", ""),
    ],
)
def test_an_amount_is_read_with_dots_as_thousands(typed, read):
    assert dutch_amount(typed) == read


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1.5", "1.5"),  # hours and quantities: a dot without a comma stays a decimal point
        ("1.234,5", "1234.5"),
        ("5.000", "5.000"),  # unlike an amount: five, with three decimals
        ("7,25", "7.25"),
        (" 8 ", "8"),
    ],
)
def test_a_number_is_read_as_before(typed, read):
    assert dutch_number(typed) == read
