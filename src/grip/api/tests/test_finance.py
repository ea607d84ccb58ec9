"""The realisation and settlement API: figures, parameters, authorisation and tenancy."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grip.finance.tests.factories import D, book, book_year
from grip.organisation.models import Employee

pytestmark = pytest.mark.django_db


def test_regional_realisation(api_as, hours):
    book_year(hours)

    response = api_as("bestuur").get(
        reverse("api:realisation-regional"), {"year": 2026, "period": "Q1"}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["period"] == {
        "code": "Q1",
        "year": 2026,
        "start": "2026-01-01",
        "end": "2026-03-31",
    }
    assert (body["planned_hours"], body["realised_hours"], body["percent"]) == (
        "24.52",
        "20.00",
        "81.6",
    )
    assert len(body["rows"]) == 22
    eindhoven = next(row for row in body["rows"] if row["participant"]["code"] == "GM0772")
    assert eindhoven["realised_amount"] == "2033.00"
    assert eindhoven["plan_year_hours"] == "100.00"


def test_participant_realisation(api_as, hours):
    book_year(hours)
    participant = hours.programmes.participant

    response = api_as("accountmanager").get(
        reverse("api:realisation-participant", args=[participant.pk]),
        {"year": 2026, "period": "q1"},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["realised_hours"] == "20.00"
    assert body["related_share"] == "10.0"
    assert {row["key"]: row["realised_hours"] for row in body["by_product"]} == {
        "AD-01": "0.00",
        "TH-01": "14.00",
        "VV-04": "4.00",
    }
    assert len(body["months"]) == 12
    assert body["forecast"]["plan_hours"] == "100.00"


def test_settlement(api_as, hours):
    book_year(hours)
    participant = hours.programmes.participant

    response = api_as("kis").get(
        reverse("api:settlement-participant", args=[participant.pk]), {"year": 2026}
    )

    assert response.status_code == 200
    body = response.json()
    inspection = next(line for line in body["lines"] if line["key"] == "TH-01")
    assert (inspection["settlement"], inspection["realised_quantity"], inspection["amount"]) == (
        "pxq",
        "3.00",
        "1829.70",
    )
    assert body["collective"] is None


def test_a_participant_user_sees_only_its_own_figures(api_client, hours, asten, make_user):
    book_year(hours)
    participant = hours.programmes.participant
    api_client.force_authenticate(make_user(participant=asten))

    regional = api_client.get(reverse("api:realisation-regional"), {"year": 2026})
    other = api_client.get(reverse("api:realisation-participant", args=[participant.pk]))
    other_settlement = api_client.get(reverse("api:settlement-participant", args=[participant.pk]))
    own = api_client.get(reverse("api:realisation-participant", args=[asten.pk]))

    assert [row["participant"]["code"] for row in regional.json()["rows"]] == ["GM0743"]
    assert (other.status_code, other_settlement.status_code, own.status_code) == (404, 404, 200)


@pytest.mark.parametrize(("role", "status"), [(None, 401), ("medewerker", 200), ("bestuur", 200)])
def test_authorisation(api_as, hours, role, status):
    response = api_as(role).get(reverse("api:realisation-regional"), {"year": 2026})

    assert response.status_code == status


def test_a_bad_period_is_a_problem(api_as, hours):
    response = api_as("bestuur").get(reverse("api:realisation-regional"), {"period": "Q5"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")


def test_declarable_share(api_as, hours):
    book(hours.employee, D(2026, 1, 5), "6", hours.inspection)  # declarable
    book(hours.employee, D(2026, 1, 6), "2", hours.leave)  # not declarable
    employee = Employee.objects.get(user=hours.employee)
    members = Employee.objects.filter(team=employee.team).count()

    response = api_as("bestuur").get(
        reverse("api:declarable-share"),
        {"year": 2026, "period": "jaar", "team": employee.team.pk},
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["year"], body["period"]["code"], body["norm_hours_per_fte"]) == (
        2026,
        "jaar",
        1300,
    )
    team = next(row for row in body["teams"] if row["id"] == employee.team.pk)
    assert team["fte"] == f"{members}.00"
    assert (team["booked_hours"], team["declarable_hours"], team["share_percent"]) == (
        "8.00",
        "6.00",
        "75.0",
    )
    assert team["norm_hours"] == f"{1300 * members}.00"
    own = next(row for row in body["employees"] if row["id"] == employee.pk)
    assert (own["share_percent"], own["norm_hours"], own["norm_percent"]) == (
        "75.0",
        "1300.00",
        "0.5",
    )
    assert body["team"] == employee.team.pk
    without_team = api_as("bestuur").get(reverse("api:declarable-share"), {"year": 2026})
    assert without_team.json()["employees"] == []


@pytest.mark.parametrize(
    ("role", "status"), [(None, 401), ("medewerker", 403), ("deelnemer", 403), ("bestuur", 200)]
)
def test_declarable_share_authorisation(api_as, hours, role, status):
    kwargs = {"participant": hours.programmes.participant} if role == "deelnemer" else {}

    response = api_as(role, **kwargs).get(reverse("api:declarable-share"), {"year": 2026})

    assert response.status_code == status


def test_declarable_share_for_an_unknown_team_is_not_found(api_as, hours):
    response = api_as("bestuur").get(reverse("api:declarable-share"), {"team": 999999})

    assert response.status_code == 404
