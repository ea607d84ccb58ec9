"""The API registers external datasets (only those) and their columns."""

from __future__ import annotations

import pytest

from grip.dataplatform import harvest
from grip.dataplatform.models import Dataset

pytestmark = pytest.mark.django_db


def test_kis_registers_an_external_dataset_and_its_columns(api_as):
    client = api_as("kis")
    response = client.post(
        "/api/v1/datasets/",
        {
            "identifier_slug": "bag-kopie",
            "title": "BAG",
            "landing_page": "https://www.geobasisregistraties.nl/",
            "theme": "REGI",
            "access_rights": "publiek",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["identifier"] == "extern:bag-kopie"
    assert (body["kind"], body["theme"]) == ("extern", "REGI")
    column = client.post(
        f"/api/v1/datasets/{body['id']}/columns/",
        {"name": "postcode", "data_type": "tekst", "nullable": True},
        format="json",
    )
    assert column.status_code == 201, column.content
    assert (column.json()["name"], column.json()["nullable"]) == ("postcode", True)
    detail = client.get(f"/api/v1/datasets/{body['id']}/").json()
    assert [c["name"] for c in detail["columns"]] == ["postcode"]


def test_a_model_dataset_cannot_be_posted_or_given_columns(api_as):
    harvest.harvest_models()
    client = api_as("kis")
    refused = client.post(
        "/api/v1/datasets/",
        {"identifier_slug": "x", "title": "X", "kind": "model", "model_label": "cases.Case"},
        format="json",
    )
    assert refused.status_code == 400
    problem = str(refused.json())
    assert "kind" in problem
    assert "model_label" in problem
    case = Dataset.objects.get(identifier="cases.case")
    column = client.post(f"/api/v1/datasets/{case.pk}/columns/", {"name": "x"}, format="json")
    assert column.status_code == 400
    assert not case.columns.filter(name="x").exists()


def test_staff_without_the_permission_get_403(api_as):
    response = api_as("medewerker").post(
        "/api/v1/datasets/", {"identifier_slug": "nieuw", "title": "Nieuw"}, format="json"
    )
    assert response.status_code == 403
    assert not Dataset.objects.filter(identifier="extern:nieuw").exists()
