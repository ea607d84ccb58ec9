from __future__ import annotations

import datetime
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grip.core.periods import Quarter, quarters_of, quarters_to_date, year_end, year_start


def test_quarter_bounds():
    assert Quarter(2025, 1).start == datetime.date(2025, 1, 1)
    assert Quarter(2025, 1).end == datetime.date(2025, 3, 31)
    assert Quarter(2024, 4).end == datetime.date(2024, 12, 31)
    assert Quarter(2024, 4).next() == Quarter(2025, 1)
    assert Quarter(2025, 1).previous() == Quarter(2024, 4)
    assert Quarter(2025, 2).next() == Quarter(2025, 3)
    assert Quarter(2025, 3).previous() == Quarter(2025, 2)


@pytest.mark.parametrize(
    ("text", "expected"), [("2025-Q3", Quarter(2025, 3)), ("2026q1", Quarter(2026, 1))]
)
def test_parse(text, expected):
    assert Quarter.parse(text) == expected
    assert str(expected) in {"2025-Q3", "2026-Q1"}


@pytest.mark.parametrize("text", ["2025-Q5", "Q3", "2025-3", ""])
def test_parse_refuses_what_is_not_a_quarter(text):
    with pytest.raises(ValueError, match="is not a quarter"):
        Quarter.parse(text)


def test_invalid_quarters_are_refused():
    with pytest.raises(ValueError, match="numbered 1 to 4"):
        Quarter(2025, 0)
    with pytest.raises(ValueError, match="plausible year"):
        Quarter(12, 1)


def test_year_helpers():
    assert year_start(2026) == datetime.date(2026, 1, 1)
    assert year_end(2026) == datetime.date(2026, 12, 31)
    assert [str(q) for q in quarters_of(2026)] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert quarters_to_date(datetime.date(2026, 8, 15)) == [
        Quarter(2026, 1),
        Quarter(2026, 2),
        Quarter(2026, 3),
    ]


@given(st.dates(min_value=datetime.date(1901, 1, 1), max_value=datetime.date(2998, 12, 31)))
def test_every_day_lies_in_exactly_its_own_quarter(day):
    quarter = Quarter.of(day)
    assert quarter.contains(day)
    assert not quarter.next().contains(day)
    assert not quarter.previous().contains(day)
    assert quarter.start <= day <= quarter.end


@given(st.integers(min_value=1901, max_value=2998))
def test_the_quarters_of_a_year_cover_it_without_gaps(year):
    quarters = quarters_of(year)
    assert quarters[0].start == year_start(year)
    assert quarters[-1].end == year_end(year)
    for earlier, later in itertools.pairwise(quarters):
        assert later.start - earlier.end == datetime.timedelta(days=1)
