"""Properties of the programme arithmetic, over many generated programmes (hypothesis)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grip.core.numbers import money
from grip.programmes import calculation, selectors, services
from grip.programmes.constants import RelatedWorkKind

pytestmark = pytest.mark.django_db

CENT = Decimal("0.01")  # hours and euros are rounded half up to two places

CODES = ("VV-01", "VV-04", "TH-01", "TH-02", "HH-01", "AD-01")
PIECES = st.integers(min_value=0, max_value=5000).map(Decimal)
HOURS = st.decimals(min_value=0, max_value=10000, places=2)
PERCENT = st.decimals(min_value=0, max_value=100, places=2)

programmes = st.fixed_dictionaries(
    {
        "lines": st.dictionaries(st.sampled_from(CODES), PIECES, max_size=len(CODES)),
        "related": st.dictionaries(
            st.sampled_from(RelatedWorkKind.values),
            st.one_of(
                st.tuples(st.just("percentage"), PERCENT, st.none()),
                st.tuples(st.just("uren"), st.none(), HOURS),
            ),
            max_size=5,
        ),
    }
)


@pytest.fixture
def version(world):
    return services.programme_create(
        actor=world.account_manager, participant=world.participant, year=world.year
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(programme=programmes)
def test_totals_are_the_sum_of_lines_at_the_years_tariff(world, version, programme):
    services.version_replace_content(
        actor=world.account_manager,
        version=version,
        lines={
            world.products[code]: (
                quantity if world.products[code].unit == "stuk" else quantity / 4,
                "",
            )
            for code, quantity in programme["lines"].items()
        },
        related_work={
            kind: (basis, percentage, planned, "")
            for kind, (basis, percentage, planned) in programme["related"].items()
        },
    )
    tariff = Decimal("101.65")
    lines = list(version.lines.select_related("product"))
    related = list(version.related_work.all())
    totals = selectors.version_totals(version)

    direct_hours = sum((line.hours for line in lines), Decimal("0"))
    for line in lines:
        assert line.hours == (line.quantity * line.product.norm_hours).quantize(CENT, ROUND_HALF_UP)
        assert line.amount == money(line.hours * tariff)  # euros = hours x the year's tariff
    for item in related:
        expected = (
            (direct_hours * item.percentage / 100).quantize(CENT, ROUND_HALF_UP)
            if item.basis == "percentage"
            else item.planned_hours
        )
        assert item.hours == expected  # related work follows its percentage
        assert item.amount == money(item.hours * tariff)
    assert totals.direct.hours == direct_hours
    assert totals.direct.amount == sum((line.amount for line in lines), Decimal("0"))
    assert totals.related.hours == sum((item.hours for item in related), Decimal("0"))
    assert totals.total_amount == sum((item.amount for item in [*lines, *related]), Decimal("0"))
    assert sum((f.hours for f in totals.by_task_kind.values()), Decimal("0")) == direct_hours


@given(
    total=st.decimals(min_value=0, max_value=10_000_000, places=2),
    weights=st.lists(
        st.decimals(min_value=0, max_value=1_000_000, places=4), min_size=1, max_size=30
    ).filter(lambda values: sum(values) > 0),
)
def test_a_collective_cost_is_spread_to_the_cent(total, weights):
    parts = calculation.distribute(total, dict(enumerate(weights)))
    assert sum(parts.values()) == total
    assert all(part >= 0 for part in parts.values())
    weight_sum = sum(weights)
    for key, weight in enumerate(weights):
        # Each part is within a cent of its exact proportional share.
        assert abs(parts[key] - total * weight / weight_sum) < Decimal("0.01")


def test_nothing_to_spread_gives_zero_parts():
    assert calculation.distribute(Decimal("100"), {"a": Decimal("0")}) == {"a": Decimal("0")}
