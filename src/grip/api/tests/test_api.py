"""The API through HTTP: the authorisation matrix, tenancy, problem+json and the schema."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from openapi_spec_validator import validate

from grip.participants.models import ContactPerson
from grip.participants.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def test_anonymous_gets_401_as_problem_json(api_as):
    response = api_as(None).get("/api/v1/participants/")
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(
    ("role", "participants_status", "teams_status"),
    [
        ("beheerder", 200, 200),
        ("accountmanager", 200, 200),
        ("bestuur", 200, 200),
        ("kis", 200, 200),
        ("deelnemer", 200, 403),
        (None, 403, 403),
    ],
)
def test_read_matrix(make_user, eindhoven, api_client, role, participants_status, teams_status):
    user = make_user(role, participant=eindhoven) if role == "deelnemer" else make_user(role)
    api_client.force_authenticate(user)
    assert api_client.get("/api/v1/participants/").status_code == participants_status
    assert api_client.get("/api/v1/teams/").status_code == teams_status


def test_staff_see_all_22_participants(api_as):
    body = api_as("bestuur").get("/api/v1/participants/").json()
    assert body["count"] == 22
    assert {row["code"] for row in body["results"]} >= {"GM0772", "PV30"}


def test_a_participant_user_sees_only_its_own_participant(make_user, api_client, eindhoven, asten):
    api_client.force_authenticate(make_user(participant=asten))

    body = api_client.get("/api/v1/participants/").json()
    assert [row["code"] for row in body["results"]] == ["GM0743"]
    assert api_client.get(f"/api/v1/participants/{asten.pk}/").status_code == 200

    other = api_client.get(f"/api/v1/participants/{eindhoven.pk}/")
    assert other.status_code == 404
    assert other["Content-Type"] == PROBLEM
    assert "Eindhoven" not in other.content.decode()


def test_a_participant_user_cannot_read_or_write_another_participants_contacts(
    make_user, api_client, eindhoven, asten
):
    theirs = ContactFactory(participant=eindhoven, name="Geheime Contactpersoon")
    ours = ContactFactory(participant=asten)
    api_client.force_authenticate(make_user(participant=asten))

    listing = api_client.get("/api/v1/contacts/").json()
    assert [row["id"] for row in listing["results"]] == [ours.pk]
    assert api_client.get(f"/api/v1/contacts/{theirs.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/contacts/?participant={eindhoven.pk}").json()["count"] == 0
    assert api_client.patch(
        f"/api/v1/contacts/{theirs.pk}/", {"name": "X"}, format="json"
    ).status_code in {403, 404}
    theirs.refresh_from_db()
    assert theirs.name == "Geheime Contactpersoon"


@pytest.mark.parametrize(
    ("role", "expected"), [("beheerder", 200), ("bestuur", 403), ("accountmanager", 403)]
)
def test_only_a_beheerder_changes_a_participant(api_as, eindhoven, role, expected):
    response = api_as(role).patch(
        f"/api/v1/participants/{eindhoven.pk}/", {"name": "Gemeente Eindhoven"}, format="json"
    )
    assert response.status_code == expected
    eindhoven.refresh_from_db()
    assert (eindhoven.name == "Gemeente Eindhoven") is (expected == 200)


def test_write_a_team_and_validation_problems_name_the_field(api_as):
    client = api_as("beheerder")
    created = client.post(
        "/api/v1/teams/", {"code": "lucht", "name": "Lucht", "kind": "advice"}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["name"] == "Lucht"

    bad = client.post(
        "/api/v1/teams/", {"code": "lucht", "name": "", "kind": "onbekend"}, format="json"
    )
    assert bad.status_code == 400
    assert bad["Content-Type"] == PROBLEM
    names = {param["name"] for param in bad.json()["invalid_params"]}
    assert names == {"code", "name", "kind"}

    team_id = created.json()["id"]
    assert (
        client.patch(
            f"/api/v1/teams/{team_id}/", {"description": "Luchtkwaliteit"}, format="json"
        ).json()["description"]
        == "Luchtkwaliteit"
    )
    assert client.delete(f"/api/v1/teams/{team_id}/").status_code == 204


def test_a_domain_rule_is_a_problem_with_its_code(api_as, eindhoven):
    import datetime

    from grip.organisation.tests.factories import EmployeeFactory

    gone = EmployeeFactory(end_date=datetime.date(2025, 1, 31))
    response = api_as("beheerder").patch(
        f"/api/v1/participants/{eindhoven.pk}/", {"account_manager": gone.pk}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "employee_inactive"
    assert body["invalid_params"][0]["name"] == "account_manager"


def test_an_account_manager_is_refused_with_403_for_another_participant(
    make_user, api_client, asten
):
    from grip.organisation.tests.factories import EmployeeFactory

    manager = EmployeeFactory(user__role="accountmanager")
    api_client.force_authenticate(manager.user)
    response = api_client.post(
        "/api/v1/contacts/", {"participant": asten.pk, "name": "X", "position": "Y"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "not_account_manager"
    assert not ContactPerson.objects.exists()


def test_employees_and_functions_for_staff(api_as):
    from grip.organisation.tests.factories import EmployeeFactory

    EmployeeFactory(first_name="Anna", last_name="Jansen")
    body = api_as("teamleider").get("/api/v1/employees/").json()
    assert body["results"][0]["fte"] == "1.00"
    assert api_as("teamleider").get("/api/v1/functions/").json()["count"] == 14


def test_token_authentication(make_user, api_client):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=make_user("bestuur"))
    response = api_client.get("/api/v1/participants/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200


def test_the_schema_is_served_valid_and_committed(client, tmp_path):
    served = client.get("/api/v1/schema/")
    assert served.status_code == 200
    schema = yaml.safe_load(served.content)
    validate(schema)
    assert "/api/v1/participants/" in schema["paths"]

    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    committed = Path(__file__).resolve().parents[1] / "openapi.yaml"
    assert generated.read_text() == committed.read_text(), (
        "Run `make schema` and commit the result."
    )


def test_the_api_docs_are_served_without_a_cdn(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assert "swagger-ui" in response.content.decode()
    assert "cdn.jsdelivr" not in response.content.decode()
