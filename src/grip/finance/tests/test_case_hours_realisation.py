"""Hours booked on a case count in the realisation of the product its case type realises."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from grip.finance import selectors as finance_selectors
from grip.finance.periods import Period
from grip.hours import services as hours_services
from grip.mandates.tests.factories import CaseWorld

pytestmark = pytest.mark.django_db


def test_case_hours_count_in_the_realisation_of_the_product(cases: CaseWorld, world: Any) -> None:
    year = Period.whole_year(2026)
    before = finance_selectors.realisation(
        participant=cases.eindhoven, period=year, as_of=datetime.date(2026, 12, 31)
    )
    case = cases.case()
    hours_services.case_entry_create(
        actor=cases.officer, case=case, day=datetime.date(2026, 3, 3), hours="3"
    )

    after = finance_selectors.realisation(
        participant=cases.eindhoven, period=year, as_of=datetime.date(2026, 12, 31)
    )

    def vv01(realisation: Any) -> Decimal:
        return next(
            (row.realised_hours for row in realisation.by_product if row.key == "VV-01"),
            Decimal(0),
        )

    assert vv01(after) - vv01(before) == Decimal(3)
