"""The case-list benchmark's probe really lists cases and counts the overdue ones (no timing)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from grip import bench
from grip.cases.constants import CaseStatus
from grip.cases.models import Case, CaseType


@pytest.mark.django_db
def test_the_probe_lists_the_first_page_and_the_overdue_cases(eindhoven, asten, make_user):
    make_user("bestuur", username=bench.CASE_LIST_USER)
    permit = CaseType.objects.get(code="aanvraag-omgevingsvergunning", version=1)
    today = timezone.localdate()
    for number in range(30):
        overdue = number < 4
        Case.objects.create(
            identification=f"Z-{today.year}-{number + 1:06d}",
            participant=eindhoven if number % 2 else asten,
            case_type=permit,
            subject=f"Aanvraag {number}",
            location_description="Kanaaldijk 12, Eindhoven",
            received_on=today - datetime.timedelta(days=60 if overdue else 10),
            status=CaseStatus.IN_BEHANDELING,
            original_due_on=today - datetime.timedelta(days=4 if overdue else -46),
            due_on=today - datetime.timedelta(days=4 if overdue else -46),
        )

    figures = bench.probe_case_list()

    assert figures["seconds"] > 0
    assert figures["queries"] >= 5
    assert figures["extra"]["cases"] == 30
    assert figures["extra"]["first_page_rows"] == bench.CASE_LIST_PAGE
    assert figures["extra"]["open"] == 30
    assert figures["extra"]["overdue"] == 4
    assert figures["extra"]["overdue_page_rows"] == 4
    assert "case_list_for" in figures["measured"]
