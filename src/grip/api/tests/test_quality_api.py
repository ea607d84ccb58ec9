"""The data quality API: checks (CRUD per permission, run/), results (read-only, filters) and
incidents (read, acknowledge/assign/resolve)."""

from __future__ import annotations

from typing import Any

import pytest

from grip.dataplatform import checks, harvest, quality
from grip.dataplatform.models import Check, CheckResult, Dataset, Incident
from grip.organisation.tests.factories import EmployeeFactory
from grip.sites.tests.factories import SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shipped() -> None:
    harvest.harvest_models()
    checks.sync_shipped_checks()


@pytest.fixture
def failing() -> Check:
    SiteFactory(bag_id="")
    check = Check.objects.get(code="toezichtobject-bag-id")
    quality.run_check(check)
    return check


def test_a_participant_user_gets_403(api_as: Any, eindhoven: Any, make_user: Any) -> None:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(make_user(participant=eindhoven))
    for url in ("/api/v1/quality-checks/", "/api/v1/check-results/", "/api/v1/incidents/"):
        assert client.get(url).status_code == 403, url


def test_staff_read_checks_and_filter_results(api_as: Any, failing: Check) -> None:
    client = api_as("medewerker")
    listing = client.get("/api/v1/quality-checks/", {"dataset": failing.dataset_id})
    assert listing.status_code == 200
    codes = {row["code"] for row in listing.json()["results"]}
    assert "toezichtobject-bag-id" in codes
    assert all(row["dataset"] == failing.dataset_id for row in listing.json()["results"])
    results = client.get("/api/v1/check-results/", {"check": failing.pk, "passed": "false"})
    rows = results.json()["results"]
    assert [(row["rows_checked"], row["rows_failed"]) for row in rows] == [(1, 1)]
    assert (
        client.get("/api/v1/check-results/", {"passed": "true", "check": failing.pk}).json()[
            "results"
        ]
        == []
    )
    # Results are write-once and written only by runs.
    assert client.post("/api/v1/check-results/", {}).status_code == 403
    assert CheckResult.objects.count() == 1


def test_create_and_update_checks_per_permission(api_as: Any) -> None:
    dataset = Dataset.objects.get(identifier="sites.site")
    body = {
        "code": "plaats",
        "name": "Plaats gevuld",
        "dataset": dataset.pk,
        "kind": "not_null",
        "columns": ["city"],
    }
    assert (
        api_as("medewerker").post("/api/v1/quality-checks/", body, format="json").status_code == 403
    )
    kis = api_as("kis")
    created = kis.post("/api/v1/quality-checks/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["dimension"] == "volledigheid"
    bad = kis.post(
        "/api/v1/quality-checks/", {**body, "code": "x", "columns": ["nope"]}, format="json"
    )
    assert bad.status_code == 400
    sql = {**body, "code": "sql", "kind": "sql", "columns": [], "params": {"sql": "SELECT 1"}}
    assert kis.post("/api/v1/quality-checks/", sql, format="json").status_code == 403
    assert (
        api_as("beheerder").post("/api/v1/quality-checks/", sql, format="json").status_code == 201
    )
    shipped = Check.objects.get(code="zaak-aantal-rijen")
    refused = kis.patch(f"/api/v1/quality-checks/{shipped.pk}/", {"params": {}}, format="json")
    assert refused.status_code == 400
    changed = kis.patch(
        f"/api/v1/quality-checks/{shipped.pk}/", {"threshold": "0.1"}, format="json"
    )
    assert changed.status_code == 200
    assert changed.json()["threshold"] == "0.1000"


def test_run_a_check(api_as: Any, failing: Check) -> None:
    url = f"/api/v1/quality-checks/{failing.pk}/run/"
    assert api_as("medewerker").post(url).status_code == 403
    response = api_as("kis").post(url)
    assert response.status_code == 200
    assert response.json()["queued"] == 1
    assert response.json()["latest"]["rows_failed"] == 1
    assert CheckResult.objects.filter(check_rule=failing).count() == 2


def test_incident_moves(api_as: Any, failing: Check) -> None:
    incident = Incident.objects.get(check_rule=failing)
    base = f"/api/v1/incidents/{incident.pk}/"
    staff = api_as("medewerker")
    assert staff.get("/api/v1/incidents/", {"status": "open"}).json()["count"] == 1
    assert staff.post(base + "acknowledge/", {}, format="json").status_code == 403
    kis = api_as("kis")
    assert kis.post(base + "acknowledge/", {}, format="json").json()["status"] == "erkend"
    assert kis.post(base + "acknowledge/", {}, format="json").status_code == 409
    assignee: Any = EmployeeFactory()
    assigned = kis.post(base + "assign/", {"assignee": assignee.pk}, format="json")
    assert (assigned.json()["status"], assigned.json()["assignee"]) == ("toegewezen", assignee.pk)
    assert kis.post(base + "resolve/", {"reason": ""}, format="json").status_code == 400
    resolved = kis.post(base + "resolve/", {"reason": "Aangevuld."}, format="json")
    assert resolved.json()["status"] == "opgelost"
    assert [e["to_status"] for e in resolved.json()["events"]] == [
        "nieuw",
        "erkend",
        "toegewezen",
        "opgelost",
    ]
    assert staff.get("/api/v1/incidents/", {"status": "open"}).json()["count"] == 0
    assert kis.post("/api/v1/incidents/", {}, format="json").status_code == 405
