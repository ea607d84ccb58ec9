"""The arithmetic of a work programme, as pure functions over Decimals.

Kept apart from the services so that the property tests can state the rules directly:
hours = quantity × norm hours; euros = hours × the year's tariff; related work follows its
percentage of the direct hours; a collective cost is spread to the cent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import TypeVar

from grip.core.numbers import CENT, hours, money
from grip.programmes.constants import RelatedWorkBasis

_Key = TypeVar("_Key")
ZERO = Decimal("0")


def line_hours(quantity: Decimal, norm_hours: Decimal) -> Decimal:
    return hours(quantity * norm_hours)


def amount_for(line_hours: Decimal, tariff: Decimal) -> Decimal:
    return money(line_hours * tariff)


def related_hours(
    *,
    basis: str,
    percentage: Decimal | None,
    planned_hours: Decimal | None,
    direct_hours: Decimal,
) -> Decimal:
    """Hours of a related-work line: a percentage of the direct hours, or its fixed hours."""
    if basis == RelatedWorkBasis.PERCENTAGE:
        return hours(direct_hours * (percentage or ZERO) / 100)
    return hours(planned_hours or ZERO)


@dataclass
class Figures:
    hours: Decimal = ZERO
    amount: Decimal = ZERO

    def add(self, extra_hours: Decimal, extra_amount: Decimal) -> None:
        self.hours += extra_hours
        self.amount += extra_amount


@dataclass
class Totals:
    """A version's totals: direct work per task kind, related work, and the whole."""

    by_task_kind: dict[str, Figures] = field(default_factory=dict)
    direct: Figures = field(default_factory=Figures)
    related: Figures = field(default_factory=Figures)

    def add_line(self, task_kind: str, line_hours: Decimal, line_amount: Decimal) -> None:
        self.by_task_kind.setdefault(task_kind, Figures()).add(line_hours, line_amount)
        self.direct.add(line_hours, line_amount)

    def add_related(self, line_hours: Decimal, line_amount: Decimal) -> None:
        self.related.add(line_hours, line_amount)

    @property
    def total_hours(self) -> Decimal:
        return self.direct.hours + self.related.hours

    @property
    def total_amount(self) -> Decimal:
        return self.direct.amount + self.related.amount

    @property
    def related_share(self) -> Decimal | None:
        """Related hours as a percentage of all hours; None for an empty programme."""
        if not self.total_hours:
            return None
        return (self.related.hours * 100 / self.total_hours).quantize(Decimal("0.1"))


def distribute(total: Decimal, weights: Mapping[_Key, Decimal]) -> dict[_Key, Decimal]:
    """Spread ``total`` euros over the keys in proportion to their weights, to the cent.

    Largest remainder: every key gets its share rounded down to a cent, and the cents left over
    go to the largest remainders (ties by key order), so the parts always add up to the total.
    """
    total = money(total)
    weight_sum = sum(weights.values(), ZERO)
    if not weights or weight_sum <= 0:
        return dict.fromkeys(weights, ZERO)
    exact = {key: total * weight / weight_sum for key, weight in weights.items()}
    parts = {key: value.quantize(CENT, rounding=ROUND_DOWN) for key, value in exact.items()}
    left_over = int((total - sum(parts.values(), ZERO)) / CENT)
    by_remainder = sorted(exact, key=lambda key: exact[key] - parts[key], reverse=True)
    for key in by_remainder[:left_over]:
        parts[key] += CENT
    return parts


def sum_figures(figures: Iterable[Figures]) -> Figures:
    result = Figures()
    for item in figures:
        result.add(item.hours, item.amount)
    return result
