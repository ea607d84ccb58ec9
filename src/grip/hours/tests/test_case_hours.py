"""Hours on a case: a booking target per case and year, counted for the case type's product."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from grip.hours import selectors as hours_selectors
from grip.hours import services as hours_services
from grip.mandates.tests.factories import CaseWorld

pytestmark = pytest.mark.django_db


def test_hours_on_a_case_count_for_its_product(cases: CaseWorld, world: Any) -> None:
    case = cases.case()
    entry = hours_services.case_entry_create(
        actor=cases.officer, case=case, day=datetime.date(2026, 3, 3), hours="2.5", note="Toets"
    )

    assert entry.target.kind == "zaak"
    assert entry.target.product is not None
    assert entry.target.product.code == "VV-01"
    assert entry.target.participant == cases.eindhoven
    booked = hours_selectors.case_hours(user=cases.officer, case=case)
    assert booked.total == Decimal("2.50")
    assert booked.entries == [entry]
    # The participant sees the total, and the declarable entry on its own participant.
    assert hours_selectors.case_hours(user=cases.participant_user, case=case).total == Decimal(
        "2.50"
    )


def test_a_case_gets_one_target_per_year(cases: CaseWorld, world: Any) -> None:
    case = cases.case(received_on=datetime.date(2025, 12, 1))
    december = hours_services.case_entry_create(
        actor=cases.officer, case=case, day=datetime.date(2025, 12, 2), hours="1"
    )
    january = hours_services.case_entry_create(
        actor=cases.officer, case=case, day=datetime.date(2026, 1, 5), hours="1"
    )
    again = hours_services.case_entry_create(
        actor=cases.officer, case=case, day=datetime.date(2026, 1, 6), hours="1"
    )

    assert december.target != january.target
    assert january.target == again.target
    assert (december.target.year, january.target.year) == (2025, 2026)
    assert january.target.code == f"{case.identification}/2026"
