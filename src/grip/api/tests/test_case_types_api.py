"""Case types and equated days through the API: the beheerder keeps them, others read."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from grip.cases.models import CaseType, EquatedDay
from grip.mandates.tests.factories import CaseWorld

pytestmark = pytest.mark.django_db


def _as(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_beheerder_makes_a_new_version_and_others_may_not(cases: CaseWorld) -> None:
    current = CaseType.objects.get(code="melding-bal", version=1)
    body = {"valid_from": "2026-07-01", "term_weeks": 5}

    refused = _as(cases.officer).post(f"/api/v1/case-types/{current.pk}/new-version/", body)
    answer = _as(cases.beheerder).post(
        f"/api/v1/case-types/{current.pk}/new-version/", body, format="json"
    )

    assert refused.status_code == 403
    assert answer.status_code == 201, answer.content
    assert answer.json()["version"] == 2
    assert answer.json()["term_weeks"] == 5
    listed = _as(cases.officer).get("/api/v1/case-types/?geldig_op=2026-08-01").json()
    melding = [row for row in listed["results"] if row["code"] == "melding-bal"]
    assert [row["version"] for row in melding] == [2]


def test_a_new_case_type_is_created_and_a_duplicate_code_is_refused(cases: CaseWorld) -> None:
    body = {
        "code": "aanvraag-ontheffing",
        "valid_from": "2026-01-01",
        "name": "Aanvraag ontheffing",
        "cim_object": "verzoek",
        "plichttype": "aanvraag_vergunning",
        "procedure": "regulier",
        "term_weeks": 8,
        "max_extension_weeks": 6,
    }
    client = _as(cases.beheerder)

    assert client.post("/api/v1/case-types/", body, format="json").status_code == 201
    again = client.post("/api/v1/case-types/", body, format="json")
    assert again.status_code == 409
    assert "bestaat al" in again.json()["detail"]


def test_equated_days_are_added_by_the_beheerder(cases: CaseWorld) -> None:
    body = {"date": "2026-05-15", "name": "Vrijdag na Hemelvaart", "decree_reference": "test"}

    assert _as(cases.officer).post("/api/v1/equated-days/", body).status_code == 403
    assert _as(cases.beheerder).post("/api/v1/equated-days/", body).status_code == 201
    assert EquatedDay.objects.get().name == "Vrijdag na Hemelvaart"
    # The calendar is public knowledge: a participant user reads it too.
    listed = _as(cases.participant_user).get("/api/v1/equated-days/")
    assert [row["date"] for row in listed.json()["results"]] == ["2026-05-15"]
