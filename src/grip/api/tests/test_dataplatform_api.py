"""The data catalogue through the API: datasets, columns, roles and the glossary; who may,
what is writable, and the audit trail."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from grip.core.audit import history_of
from grip.core.models import AuditAction
from grip.dataplatform import harvest
from grip.dataplatform.models import Column, Dataset, DatasetKind, DatasetRole, PersonalData
from grip.organisation.tests.factories import EmployeeFactory, TeamFactory

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"
API = "/api/v1"


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def results(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    return list(response.json()["results"])


def identifiers(response: Any) -> set[str]:
    return {row["identifier"] for row in results(response)}


def problem(response: Any, status_code: int) -> dict[str, Any]:
    assert response.status_code == status_code, response.content
    assert response["Content-Type"] == PROBLEM
    return dict(response.json())


def invalid_names(response: Any) -> set[str]:
    return {param["name"] for param in problem(response, 400).get("invalid_params", [])}


@pytest.fixture
def catalogue() -> None:
    harvest.harvest_models()
    harvest.load_glossary()


@pytest.fixture
def case_dataset(catalogue: None) -> Dataset:
    return Dataset.objects.get(identifier="cases.case")


@pytest.fixture
def kis(make_user: Any) -> Any:
    return make_user("kis")


@pytest.fixture
def staff(make_user: Any) -> Any:
    return make_user("medewerker")


def test_list_searches_and_filters(catalogue: None, staff: Any) -> None:
    client = client_for(staff)
    Dataset.objects.filter(kind=DatasetKind.EXTERNAL).delete()  # the sources migrate seeds
    Dataset.objects.create(identifier="extern:bag", kind=DatasetKind.EXTERNAL, title="BAG")

    every = client.get(f"{API}/datasets/", {"page_size": "500"})
    assert "cases.case" in identifiers(every)
    assert "extern:bag" in identifiers(every)

    assert "cases.case" in identifiers(client.get(f"{API}/datasets/", {"q": "zaken"}))
    assert "sites.site" in identifiers(client.get(f"{API}/datasets/", {"q": "house_number"}))
    domain = identifiers(client.get(f"{API}/datasets/", {"domain": "cases", "page_size": "500"}))
    assert "cases.case" in domain
    assert all(identifier.startswith("cases.") for identifier in domain)
    assert identifiers(client.get(f"{API}/datasets/", {"kind": "extern"})) == {"extern:bag"}
    assert "extern:bag" in identifiers(client.get(f"{API}/datasets/", {"present": "true"}))

    Dataset.objects.filter(identifier="cases.case").update(present=False)
    assert identifiers(client.get(f"{API}/datasets/", {"present": "false"})) == {"cases.case"}

    assert invalid_names(client.get(f"{API}/datasets/", {"kind": "tabel"})) == {"kind"}
    assert invalid_names(client.get(f"{API}/datasets/", {"present": "misschien"})) == {"present"}


def test_retrieve_has_columns_roles_of_today_and_term_names(
    case_dataset: Dataset, kis: Any, staff: Any
) -> None:
    earlier: Any = EmployeeFactory()
    DatasetRole.objects.create(
        dataset=case_dataset,
        role="eigenaar",
        employee=earlier,
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2020, 12, 31),
    )
    team: Any = TeamFactory()
    DatasetRole.objects.create(
        dataset=case_dataset, role="steward", team=team, valid_from=datetime.date(2021, 1, 1)
    )
    case_dataset.terms.add(*case_dataset.terms.model.objects.filter(term="deelnemer"))

    body = client_for(staff).get(f"{API}/datasets/{case_dataset.pk}/").json()

    assert body["identifier"] == "cases.case"
    assert body["display_title"] == "zaken"
    status = next(column for column in body["columns"] if column["name"] == "status")
    assert status["data_type"] == "CharField"
    assert status["personal_data"] == PersonalData.NONE
    assert [role["team"] for role in body["roles"]] == [team.pk]  # the past owner is gone
    assert body["roles"][0]["team_name"] == team.name
    assert "deelnemer" in body["terms"]


def test_patch_by_kis_is_saved_and_audited(case_dataset: Dataset, kis: Any) -> None:
    response = client_for(kis).patch(
        f"{API}/datasets/{case_dataset.pk}/",
        {"title": "Zaken", "access_rights": "beperkt", "theme": "ENVI"},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["display_title"] == "Zaken"
    assert "columns" in response.json()
    case_dataset.refresh_from_db()
    assert (case_dataset.title, case_dataset.access_rights) == ("Zaken", "beperkt")
    record = history_of(case_dataset).get()
    assert record.action == AuditAction.UPDATE
    assert record.actor == kis
    assert (record.after or {})["title"] == "Zaken"


def test_patch_by_staff_without_change_permission_is_403(case_dataset: Dataset, staff: Any) -> None:
    response = client_for(staff).patch(
        f"{API}/datasets/{case_dataset.pk}/", {"title": "Zaken"}, format="json"
    )
    problem(response, 403)
    case_dataset.refresh_from_db()
    assert case_dataset.title == ""


def test_a_harvested_field_is_refused_by_name(case_dataset: Dataset, kis: Any) -> None:
    response = client_for(kis).patch(
        f"{API}/datasets/{case_dataset.pk}/",
        {"title": "Zaken", "harvested_title": "iets anders", "domain": "x"},
        format="json",
    )
    assert invalid_names(response) == {"harvested_title", "domain"}
    case_dataset.refresh_from_db()
    assert (case_dataset.title, case_dataset.harvested_title) == ("", "zaken")
    assert not history_of(case_dataset).exists()


def test_columns_list_filter_and_patch(case_dataset: Dataset, kis: Any, staff: Any) -> None:
    column = case_dataset.columns.get(name="status")
    Column.objects.update(personal_data="geen")  # the classes of personal_columns.csv aside
    response = client_for(staff).get(f"{API}/columns/", {"dataset": case_dataset.pk})
    assert {row["dataset"] for row in results(response)} == {case_dataset.pk}

    updated = client_for(kis).patch(
        f"{API}/columns/{column.pk}/",
        {"personal_data": "persoonsgegeven", "description": "De fase van de zaak."},
        format="json",
    )
    assert updated.status_code == 200, updated.content
    assert updated.json()["personal_data"] == "persoonsgegeven"
    assert history_of(column).get().actor == kis

    personal = results(
        client_for(staff).get(f"{API}/columns/", {"personal_data": "persoonsgegeven"})
    )
    assert [row["id"] for row in personal] == [column.pk]
    assert client_for(staff).get(f"{API}/columns/{column.pk}/").json()["name"] == "status"

    assert invalid_names(
        client_for(kis).patch(f"{API}/columns/{column.pk}/", {"data_type": "X"}, format="json")
    ) == {"data_type"}
    problem(
        client_for(staff).patch(f"{API}/columns/{column.pk}/", {"description": "x"}, format="json"),
        403,
    )
    assert Column.objects.get(pk=column.pk).data_type == "CharField"


def test_role_create_hands_over(case_dataset: Dataset, kis: Any, staff: Any) -> None:
    client = client_for(kis)
    first: Any = EmployeeFactory()
    second: Any = TeamFactory()
    today = timezone.localdate()
    start = today - datetime.timedelta(days=30)

    created = client.post(
        f"{API}/dataset-roles/",
        {
            "dataset": case_dataset.pk,
            "role": "eigenaar",
            "employee": first.pk,
            "valid_from": start.isoformat(),
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["employee_name"] == first.full_name

    handover = client.post(
        f"{API}/dataset-roles/",
        {
            "dataset": case_dataset.pk,
            "role": "eigenaar",
            "team": second.pk,
            "valid_from": today.isoformat(),
        },
        format="json",
    )
    assert handover.status_code == 201, handover.content
    rows = results(client_for(staff).get(f"{API}/dataset-roles/", {"dataset": case_dataset.pk}))
    by_holder = {(row["employee"], row["team"]): row for row in rows}
    assert (
        by_holder[(first.pk, None)]["valid_to"] == (today - datetime.timedelta(days=1)).isoformat()
    )
    assert by_holder[(None, second.pk)]["valid_to"] is None
    detail = client_for(staff).get(f"{API}/datasets/{case_dataset.pk}/").json()
    assert [role["team"] for role in detail["roles"]] == [second.pk]

    # Not before the current holder's start; both or neither holder is refused.
    overlap = client.post(
        f"{API}/dataset-roles/",
        {
            "dataset": case_dataset.pk,
            "role": "eigenaar",
            "employee": first.pk,
            "valid_from": start.isoformat(),
        },
        format="json",
    )
    assert invalid_names(overlap) == {"valid_from"}
    assert problem(overlap, 400)["code"] == "role_overlaps"
    both = client.post(
        f"{API}/dataset-roles/",
        {
            "dataset": case_dataset.pk,
            "role": "steward",
            "employee": first.pk,
            "team": second.pk,
            "valid_from": today.isoformat(),
        },
        format="json",
    )
    assert invalid_names(both) == {"employee"}
    problem(
        client_for(staff).post(
            f"{API}/dataset-roles/",
            {
                "dataset": case_dataset.pk,
                "role": "steward",
                "employee": first.pk,
                "valid_from": today.isoformat(),
            },
            format="json",
        ),
        403,
    )


def test_glossary_terms_list_and_retrieve(catalogue: None, staff: Any) -> None:
    client = client_for(staff)
    terms = results(client.get(f"{API}/glossary-terms/", {"page_size": "500"}))
    deelnemer = next(term for term in terms if term["term"] == "deelnemer")
    assert deelnemer["english"] == "participant"
    body = client.get(f"{API}/glossary-terms/{deelnemer['id']}/").json()
    assert "participants.participant" in body["datasets"]


@pytest.mark.parametrize("path", ["datasets/", "columns/", "dataset-roles/", "glossary-terms/"])
def test_a_participant_user_gets_403(
    catalogue: None, make_user: Any, eindhoven: Any, path: str
) -> None:
    user = make_user(participant=eindhoven)
    problem(client_for(user).get(f"{API}/{path}"), 403)
    dataset = Dataset.objects.get(identifier="cases.case")
    problem(client_for(user).get(f"{API}/datasets/{dataset.pk}/"), 403)
