"""Lineage edges through the API: staff read them, KIS and the beheerder record and remove
manual ones, derived ones cannot be removed, participant users get 403."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from grip.core.audit import history_of
from grip.core.models import AuditAction
from grip.dataplatform import lineage
from grip.dataplatform.models import Dataset, DatasetKind, LineageEdge, LineageOrigin
from grip.kpis import registry

pytestmark = pytest.mark.django_db
API = "/api/v1/lineage-edges/"
PROBLEM = "application/problem+json"


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def edges() -> None:
    lineage.derive_edges()
    Dataset.objects.get_or_create(
        identifier="extern:vth-export", defaults={"kind": DatasetKind.EXTERNAL}
    )


NEW = {
    "source_kind": "dataset",
    "source_key": "extern:vth-export",
    "target_kind": "dataset",
    "target_key": "cases.case",
    "column_map": [["zaaknummer", "reference"]],
    "note": "Nachtelijke export",
}


def test_staff_list_and_filter_the_edges(edges: None, make_user: Any) -> None:
    client = client_for(make_user("medewerker"))

    response = client.get(API, {"target_key": "beslissingen-binnen-termijn", "origin": "afgeleid"})

    assert response.status_code == 200, response.content
    rows = response.json()["results"]
    expected = {label.lower() for label in registry.get("beslissingen-binnen-termijn").datasets}
    assert {row["source_key"] for row in rows} == expected
    assert {row["origin"] for row in rows} == {"afgeleid"}
    assert client.get(API, {"origin": "anders"}).status_code == 400


def test_kis_creates_and_deletes_a_manual_edge(edges: None, make_user: Any) -> None:
    kis = make_user("kis")
    client = client_for(kis)

    created = client.post(API, NEW, format="json")

    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["origin"], body["column_map"], body["created_by"]) == (
        "handmatig",
        [["zaaknummer", "reference"]],
        kis.pk,
    )
    edge = LineageEdge.objects.get(pk=body["id"])
    assert ("dataset", "extern:vth-export") in lineage.upstream("indicator", "doorlooptijd")
    again = client.post(API, NEW, format="json")
    assert again.status_code == 409
    assert again["Content-Type"] == PROBLEM

    deleted = client.delete(f"{API}{edge.pk}/")

    assert deleted.status_code == 204
    assert [record.action for record in history_of(edge)] == [
        AuditAction.DELETE,
        AuditAction.CREATE,
    ]


def test_unknown_nodes_and_derived_edges_are_refused(edges: None, make_user: Any) -> None:
    client = client_for(make_user("beheerder"))
    derived = LineageEdge.objects.filter(origin=LineageOrigin.DERIVED).earliest("pk")

    unknown = client.post(API, {**NEW, "target_key": "cases.zaak"}, format="json")
    removed = client.delete(f"{API}{derived.pk}/")

    assert unknown.status_code == 400
    assert "target_key" in unknown.content.decode()
    assert removed.status_code == 409
    assert LineageEdge.objects.filter(pk=derived.pk).exists()


def test_others_may_not_write_and_participant_users_not_read(
    edges: None, make_user: Any, eindhoven: Any
) -> None:
    derived = LineageEdge.objects.filter(origin=LineageOrigin.DERIVED).earliest("pk")
    staff = client_for(make_user("teamleider"))
    outsider = client_for(make_user(participant=eindhoven))

    assert staff.post(API, NEW, format="json").status_code == 403
    assert staff.delete(f"{API}{derived.pk}/").status_code == 403
    assert outsider.get(API).status_code == 403
    assert outsider.get(f"{API}{derived.pk}/").status_code == 403
    assert not LineageEdge.objects.filter(origin=LineageOrigin.MANUAL).exists()
