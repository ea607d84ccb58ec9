"""The case API's read-only archive fields (ADR 0006 §5)."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from grip.cases import services
from grip.cases.constants import CaseStatus
from grip.cases.tests.factories import decision_type
from grip.mandates.tests.factories import CaseWorld
from grip.organisation.models import Function

pytestmark = pytest.mark.django_db

D = datetime.date


def _refused_permit(cases: CaseWorld):
    case = cases.case(received_on=D(2026, 3, 2))
    with transaction.atomic():
        services.decision_record(
            actor=cases.officer,
            case=case,
            decision_type=decision_type("omgevingsvergunning-weigeren"),
            decision_date=D(2026, 4, 1),
            summary="Geweigerd.",
            signer_function=Function.objects.get(code="vergunningverlener"),
            namens="Namens het college,",
        )
    services.status_change(
        actor=cases.officer, case=case, to_status=CaseStatus.AFGEHANDELD, on=D(2026, 4, 10)
    )
    case.refresh_from_db()
    return case


def test_the_case_api_returns_the_archive_fields(cases: CaseWorld) -> None:
    case = _refused_permit(cases)
    api = APIClient()
    api.force_authenticate(cases.officer)
    data = api.get(f"/api/v1/cases/{case.pk}/").json()
    assert data["result"] == "geweigerd"
    assert data["archive_nomination"] == "vernietigen"
    assert data["archive_source_date"] == "2026-04-10"
    assert data["archive_action_date"] == "2031-04-10"
    assert data["archive_status"] == "nog_te_archiveren"
    assert data["selection_list_result"]["number"] == "11.2"
    assert data["selection_list_result"]["uuid"] == "bcd33d3a-4a34-4143-9569-4d161ea6da6b"
    assert data["selection_list_result"]["retention_term"] == "P5Y"
