"""Account management through the API: interactions, follow-ups, requests, account plans,
satisfaction scores, notifications and the cockpit; who may, tenancy, problems and filters."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from rest_framework.test import APIClient

from grip.core.models import Notification, NotificationKind
from grip.organisation.tests.factories import EmployeeFactory
from grip.participants import services
from grip.participants.models import (
    FollowUpStatus,
    InteractionKind,
    ParticipantRequest,
    RequestKind,
    RequestStatus,
)
from grip.participants.tests.factories import ContactFactory, participant_user
from grip.programmes import services as programme_services

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def today() -> datetime.date:
    return timezone.localdate()


def days(number: int) -> datetime.date:
    return today() + datetime.timedelta(days=number)


def results(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    return list(response.json()["results"])


def ids(response: Any) -> list[int]:
    return [row["id"] for row in results(response)]


def problem(response: Any, status_code: int) -> dict[str, Any]:
    assert response.status_code == status_code, response.content
    assert response["Content-Type"] == PROBLEM
    return dict(response.json())


@pytest.fixture
def manager(asten: Any) -> Any:
    """Asten's account manager (an employee)."""
    employee = EmployeeFactory(user__role="accountmanager")
    asten.account_manager = employee
    asten.save()
    return employee


@pytest.fixture
def colleague() -> Any:
    """A member of staff without account management (reads, owns follow-ups)."""
    return EmployeeFactory(user__role="medewerker")


@pytest.fixture
def stranger() -> Any:
    """Another account manager, of no participant here."""
    return EmployeeFactory(user__role="accountmanager")


@pytest.fixture
def asten_user(asten: Any) -> Any:
    return participant_user(asten)


@pytest.fixture
def eindhoven_user(eindhoven: Any) -> Any:
    return participant_user(eindhoven)


def record(manager: Any, participant: Any, **kwargs: Any) -> Any:
    values = {
        "occurred_on": today(),
        "kind": InteractionKind.MEETING,
        "subject": "Voortgang",
        **kwargs,
    }
    return services.interaction_record(actor=manager.user, participant=participant, **values)


def add_follow_up(manager: Any, participant: Any, owner: Any, due_on: datetime.date) -> Any:
    return services.follow_up_add(
        actor=manager.user,
        participant=participant,
        description="Offerte sturen",
        owner=owner,
        due_on=due_on,
    )


def submit(user: Any, title: str = "Extra controles", year: int | None = None) -> Any:
    return services.request_submit(
        actor=user,
        kind=RequestKind.EXTRA_WORK,
        year=year or today().year,
        title=title,
        description="Graag in het voorjaar.",
    )


# --- interactions -------------------------------------------------------------------------------


def test_the_account_manager_records_an_interaction_and_staff_read_it(asten, manager, colleague):
    contact = ContactFactory(participant=asten)
    created = client_for(manager.user).post(
        "/api/v1/interactions/",
        {
            "participant": asten.pk,
            "occurred_on": today().isoformat(),
            "kind": InteractionKind.VISIT,
            "subject": "Werkbezoek",
            "agreements": "Extra controles in het voorjaar.",
            "staff": [manager.pk],
            "contacts": [contact.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["participant_name"] == asten.name
    assert body["staff"] == [manager.pk]
    assert body["contacts"] == [contact.pk]
    assert body["recorded_by"]

    reader = client_for(colleague.user)
    assert reader.get(f"/api/v1/interactions/{body['id']}/").json()["subject"] == "Werkbezoek"
    assert ids(reader.get("/api/v1/interactions/")) == [body["id"]]


def test_interactions_are_filtered_by_participant_and_date(asten, eindhoven, manager, colleague):
    eindhoven.account_manager = manager
    eindhoven.save()
    old = record(manager, asten, occurred_on=days(-30), subject="Oud")
    new = record(manager, asten, occurred_on=days(-1), subject="Nieuw")
    elsewhere = record(manager, eindhoven, subject="Eindhoven")
    reader = client_for(colleague.user)

    assert ids(reader.get(f"/api/v1/interactions/?participant={asten.pk}")) == [new.pk, old.pk]
    since = days(-7).isoformat()
    assert ids(reader.get(f"/api/v1/interactions/?since={since}")) == [elsewhere.pk, new.pk]
    bad = problem(reader.get("/api/v1/interactions/?since=gisteren"), 400)
    assert bad["invalid_params"][0]["name"] == "since"


def test_who_may_record_an_interaction(asten, manager, colleague, stranger):
    payload = {
        "participant": asten.pk,
        "occurred_on": today().isoformat(),
        "kind": InteractionKind.CALL,
        "subject": "Bellen",
    }
    # A reading role is refused before the body is read; another account manager by the service.
    assert client_for(colleague.user).post("/api/v1/interactions/", payload).status_code == 403
    refused = problem(client_for(stranger.user).post("/api/v1/interactions/", payload), 403)
    assert refused["code"] == "not_account_manager"

    future = {**payload, "occurred_on": days(3).isoformat()}
    body = problem(client_for(manager.user).post("/api/v1/interactions/", future), 400)
    assert body["code"] == "date_in_future"
    assert body["invalid_params"][0]["name"] == "occurred_on"


def test_a_contact_of_another_participant_is_a_problem_on_its_field(asten, eindhoven, manager):
    other = ContactFactory(participant=eindhoven)
    response = client_for(manager.user).post(
        "/api/v1/interactions/",
        {
            "participant": asten.pk,
            "occurred_on": today().isoformat(),
            "kind": InteractionKind.CALL,
            "subject": "Bellen",
            "contacts": [other.pk],
        },
        format="json",
    )
    body = problem(response, 400)
    assert body["code"] == "contact_of_other_participant"
    assert body["invalid_params"][0]["name"] == "contacts"


def test_a_participant_user_reads_no_staff_notes(asten, manager, asten_user):
    interaction = record(manager, asten)
    client = client_for(asten_user)
    for path in ("interactions", "follow-ups", "account-plans", "satisfaction-scores"):
        assert client.get(f"/api/v1/{path}/").status_code == 403
    assert client.get(f"/api/v1/interactions/{interaction.pk}/").status_code == 403

    # Even with the permission (a misconfigured role) the selector gives it no row.
    asten_user.user_permissions.add(
        Permission.objects.get(codename="view_interaction", content_type__app_label="participants")
    )
    client = client_for(type(asten_user).objects.get(pk=asten_user.pk))
    assert results(client.get("/api/v1/interactions/")) == []
    assert client.get(f"/api/v1/interactions/{interaction.pk}/").status_code == 404


# --- follow-ups ---------------------------------------------------------------------------------


def test_the_account_manager_adds_a_follow_up_and_its_owner_closes_it(asten, manager, colleague):
    interaction = record(manager, asten)
    created = client_for(manager.user).post(
        "/api/v1/follow-ups/",
        {
            "participant": asten.pk,
            "description": "Offerte sturen",
            "owner": colleague.pk,
            "due_on": days(5).isoformat(),
            "interaction": interaction.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    follow_up = created.json()
    assert follow_up["status"] == FollowUpStatus.OPEN
    assert follow_up["overdue"] is False
    assert follow_up["interaction"] == interaction.pk
    assert follow_up["owner_name"] == colleague.full_name

    owner = client_for(colleague.user)
    url = f"/api/v1/follow-ups/{follow_up['id']}"
    moved = owner.post(f"{url}/reschedule/", {"due_on": days(9).isoformat()}, format="json")
    assert moved.status_code == 200
    assert moved.json()["due_on"] == days(9).isoformat()

    closed = owner.post(f"{url}/close/", {"note": "Verstuurd"}, format="json")
    assert closed.status_code == 200
    assert closed.json()["status"] == FollowUpStatus.DONE
    assert closed.json()["closing_note"] == "Verstuurd"
    assert problem(owner.post(f"{url}/close/", {}), 409)["code"] == "follow_up_closed"


def test_refusals_on_follow_ups(asten, manager, colleague, stranger):
    follow_up = add_follow_up(manager, asten, colleague, days(5))
    url = f"/api/v1/follow-ups/{follow_up.pk}"
    payload = {
        "participant": asten.pk,
        "description": "Bellen",
        "owner": colleague.pk,
        "due_on": days(5).isoformat(),
    }
    # A member of staff may not add one; another account manager not for this participant.
    assert client_for(colleague.user).post("/api/v1/follow-ups/", payload).status_code == 403
    assert problem(client_for(stranger.user).post("/api/v1/follow-ups/", payload), 403)["code"] == (
        "not_account_manager"
    )
    # Neither owner nor account manager: 403 with the service's code.
    other = EmployeeFactory(user__role="medewerker")
    assert problem(client_for(other.user).post(f"{url}/close/", {}), 403)["code"] == "not_owner"
    # Cancelling needs a reason, on the field ``note``.
    cancelled = client_for(manager.user).post(f"{url}/close/", {"done": False}, format="json")
    body = problem(cancelled, 400)
    assert body["code"] == "reason_required"
    assert body["invalid_params"] == [
        {"name": "note", "code": "reason_required", "reason": body["detail"]}
    ]


def test_follow_ups_are_filtered(asten, eindhoven, manager, colleague):
    eindhoven.account_manager = manager
    eindhoven.save()
    late = add_follow_up(manager, asten, colleague, days(-2))
    soon = add_follow_up(manager, asten, manager, days(3))
    done = add_follow_up(manager, eindhoven, colleague, days(-5))
    services.follow_up_close(actor=colleague.user, follow_up=done)
    client = client_for(colleague.user)

    assert ids(client.get("/api/v1/follow-ups/")) == [done.pk, late.pk, soon.pk]
    assert ids(client.get(f"/api/v1/follow-ups/?participant={asten.pk}")) == [late.pk, soon.pk]
    assert ids(client.get("/api/v1/follow-ups/?status=open")) == [late.pk, soon.pk]
    assert ids(client.get(f"/api/v1/follow-ups/?owner={manager.pk}")) == [soon.pk]
    assert ids(client.get("/api/v1/follow-ups/?mine=true")) == [done.pk, late.pk]
    assert ids(client.get("/api/v1/follow-ups/?mine=true&overdue=true")) == [late.pk]
    assert results(client.get("/api/v1/follow-ups/?overdue=true"))[0]["overdue"] is True
    assert problem(client.get("/api/v1/follow-ups/?status=dicht"), 400)["invalid_params"][0][
        "name"
    ] == ("status")
    assert problem(client.get("/api/v1/follow-ups/?mine=ja"), 400)["invalid_params"][0]["name"] == (
        "mine"
    )


# --- requests -----------------------------------------------------------------------------------


def test_a_participant_user_submits_follows_and_withdraws_its_request(
    asten, manager, asten_user, eindhoven_user
):
    client = client_for(asten_user)
    created = client.post(
        "/api/v1/participant-requests/",
        {
            "kind": RequestKind.NEW_TASK,
            "year": today().year,
            "title": "Toezicht evenementen",
            "description": "Vanaf volgend jaar.",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    request = created.json()
    assert request["participant"] == asten.pk
    assert request["status"] == RequestStatus.SUBMITTED
    assert ids(client.get("/api/v1/participant-requests/")) == [request["id"]]

    # Another participant's user neither lists nor finds it.
    other = client_for(eindhoven_user)
    assert results(other.get("/api/v1/participant-requests/")) == []
    url = f"/api/v1/participant-requests/{request['id']}"
    assert problem(other.get(f"{url}/"), 404)["code"] == "not_found"
    assert other.post(f"{url}/move/", {"to_status": "ingetrokken"}).status_code == 404

    # The participant may not take it up itself, but may withdraw it.
    taken = client.post(f"{url}/move/", {"to_status": RequestStatus.IN_PROGRESS})
    assert problem(taken, 403)["code"] == "permission_denied"
    withdrawn = client.post(f"{url}/move/", {"to_status": RequestStatus.WITHDRAWN})
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "ingetrokken"


def test_only_a_participant_user_submits_and_the_year_is_checked(asten, manager, asten_user):
    payload = {
        "kind": RequestKind.OTHER,
        "year": today().year,
        "title": "Vraag",
        "description": "Toelichting",
    }
    for user in (manager.user, EmployeeFactory(user__role="medewerker").user):
        assert client_for(user).post("/api/v1/participant-requests/", payload).status_code == 403
    late = {**payload, "year": today().year + 5}
    body = problem(client_for(asten_user).post("/api/v1/participant-requests/", late), 400)
    assert body["code"] == "year_out_of_range"
    assert body["invalid_params"][0]["name"] == "year"


def test_the_account_manager_moves_a_request_with_an_answer(asten, manager, asten_user, stranger):
    request = submit(asten_user)
    url = f"/api/v1/participant-requests/{request.pk}/move/"
    am = client_for(manager.user)

    assert problem(client_for(stranger.user).post(url, {"to_status": "in_behandeling"}), 403)[
        "code"
    ] == ("not_account_manager")
    taken = am.post(url, {"to_status": "in_behandeling"})
    assert taken.status_code == 200
    assert taken.json()["status"] == "in_behandeling"
    assert taken.json()["handled_by"]

    body = problem(am.post(url, {"to_status": "afgewezen"}), 400)
    assert body["invalid_params"][0]["name"] == "answer"
    # Into an amendment goes through to-amendment, not move.
    assert problem(am.post(url, {"to_status": "in_wijziging"}), 400)["invalid_params"][0][
        "name"
    ] == ("to_status")
    rejected = am.post(url, {"to_status": "afgewezen", "answer": "Past niet in het budget."})
    assert rejected.status_code == 200
    assert rejected.json()["answer"] == "Past niet in het budget."
    assert problem(am.post(url, {"to_status": "in_behandeling"}), 409)["code"] == (
        "illegal_transition"
    )


def test_requests_are_filtered_by_participant_and_status(asten, eindhoven, manager, colleague):
    first = submit(participant_user(asten), "Eerste")
    second = submit(participant_user(eindhoven), "Tweede")
    services.request_move(actor=manager.user, request=first, to_status=RequestStatus.IN_PROGRESS)
    client = client_for(colleague.user)

    assert set(ids(client.get("/api/v1/participant-requests/"))) == {first.pk, second.pk}
    path = f"/api/v1/participant-requests/?participant={eindhoven.pk}"
    assert ids(client.get(path)) == [second.pk]
    assert ids(client.get("/api/v1/participant-requests/?status=in_behandeling")) == [first.pk]


def _adopted_programme(world: Any) -> Any:
    manager = world.account_manager
    version = programme_services.programme_create(
        actor=manager, participant=world.participant, year=world.year
    )
    programme_services.line_set(
        actor=manager, version=version, product=world.products["TH-01"], quantity=10
    )
    version = programme_services.version_submit(actor=manager, version=version)
    return programme_services.version_adopt(
        actor=world.participant_user,
        version=version,
        adopted_on=today(),
        decision_reference="B&W 2026-01",
    )


def test_a_request_is_taken_into_an_amendment_of_the_programme(world):
    request = submit(world.participant_user, year=world.year)
    url = f"/api/v1/participant-requests/{request.pk}/to-amendment/"
    am = client_for(world.account_manager)

    # Without an adopted programme there is nothing to amend.
    assert problem(am.post(url, {}), 409)["code"] == "no_programme"
    # The participant itself cannot.
    assert client_for(world.participant_user).post(url, {}).status_code == 403

    adopted = _adopted_programme(world)
    response = am.post(url, {"explanation": "Op verzoek van de gemeente"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["programme_version"] != adopted.pk
    assert body["version_number"] == adopted.number + 1
    assert body["version_status"] == "concept"
    assert body["request"]["status"] == RequestStatus.IN_AMENDMENT
    assert (
        ParticipantRequest.objects.get(pk=request.pk).programme_versions.get().pk
        == (body["programme_version"])
    )
    assert problem(am.post(url, {}), 409)["code"] == "illegal_transition"


# --- account plans and satisfaction scores ------------------------------------------------------


def test_the_account_manager_saves_the_account_plan(asten, manager, colleague, stranger):
    am = client_for(manager.user)
    year = today().year
    created = am.post(
        "/api/v1/account-plans/",
        {"participant": asten.pk, "year": year, "goals": "Tevreden deelnemer", "risks": "Budget"},
        format="json",
    )
    assert created.status_code == 201, created.content
    plan = created.json()
    again = am.post(
        "/api/v1/account-plans/",
        {"participant": asten.pk, "year": year, "goals": "Nog tevredener"},
        format="json",
    )
    assert again.status_code == 200
    assert again.json()["id"] == plan["id"]
    assert again.json()["goals"] == "Nog tevredener"
    assert again.json()["risks"] == "Budget"

    changed = am.put(
        f"/api/v1/account-plans/{plan['id']}/", {"agreements": "Kwartaaloverleg"}, format="json"
    )
    assert changed.status_code == 200
    assert changed.json()["agreements"] == "Kwartaaloverleg"
    assert changed.json()["goals"] == "Nog tevredener"

    payload = {"participant": asten.pk, "year": year, "goals": "Niet van mij"}
    assert client_for(colleague.user).post("/api/v1/account-plans/", payload).status_code == 403
    refused = client_for(stranger.user).post("/api/v1/account-plans/", payload)
    assert problem(refused, 403)["code"] == "not_account_manager"
    assert client_for(colleague.user).get(f"/api/v1/account-plans/{plan['id']}/").status_code == (
        200
    )


def test_account_plans_are_filtered_by_participant_and_year(asten, eindhoven, manager, colleague):
    eindhoven.account_manager = manager
    eindhoven.save()
    year = today().year
    plans = {
        (participant.pk, plan_year): services.account_plan_save(
            actor=manager.user, participant=participant, year=plan_year, data={"goals": "Doel"}
        ).pk
        for participant in (asten, eindhoven)
        for plan_year in (year - 1, year)
    }
    client = client_for(colleague.user)
    assert len(ids(client.get("/api/v1/account-plans/"))) == 4
    assert ids(client.get(f"/api/v1/account-plans/?participant={asten.pk}&year={year}")) == [
        plans[(asten.pk, year)]
    ]
    assert set(ids(client.get(f"/api/v1/account-plans/?year={year - 1}"))) == {
        plans[(asten.pk, year - 1)],
        plans[(eindhoven.pk, year - 1)],
    }


def test_the_account_manager_records_the_satisfaction_score(asten, eindhoven, manager, colleague):
    am = client_for(manager.user)
    year = today().year
    respondent = ContactFactory(participant=asten)
    created = am.post(
        "/api/v1/satisfaction-scores/",
        {"participant": asten.pk, "year": year, "score": "7.5", "respondent": respondent.pk},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["score"] == "7.5"
    assert created.json()["respondent_name"] == respondent.name
    corrected = am.post(
        "/api/v1/satisfaction-scores/",
        {"participant": asten.pk, "year": year, "score": "8.0"},
        format="json",
    )
    assert corrected.status_code == 200
    assert corrected.json()["id"] == created.json()["id"]
    assert corrected.json()["respondent"] is None
    by_id = am.put(
        f"/api/v1/satisfaction-scores/{created.json()['id']}/",
        {"score": "8.5", "comments": "Goed overleg"},
        format="json",
    )
    assert by_id.status_code == 200
    assert by_id.json()["comments"] == "Goed overleg"

    too_high = am.post(
        "/api/v1/satisfaction-scores/", {"participant": asten.pk, "year": year, "score": "11"}
    )
    assert problem(too_high, 400)["invalid_params"][0]["name"] == "score"
    future = am.post(
        "/api/v1/satisfaction-scores/", {"participant": asten.pk, "year": year + 1, "score": "7"}
    )
    body = problem(future, 400)
    assert body["code"] == "year_in_future"
    assert body["invalid_params"][0]["name"] == "year"
    other_contact = ContactFactory(participant=eindhoven)
    wrong = am.post(
        "/api/v1/satisfaction-scores/",
        {"participant": asten.pk, "year": year, "score": "7", "respondent": other_contact.pk},
    )
    assert problem(wrong, 400)["code"] == "contact_of_other_participant"
    refused = client_for(colleague.user).post(
        "/api/v1/satisfaction-scores/", {"participant": asten.pk, "year": year, "score": "7"}
    )
    assert refused.status_code == 403

    reader = client_for(colleague.user)
    assert ids(reader.get(f"/api/v1/satisfaction-scores/?year={year}")) == [created.json()["id"]]
    assert results(reader.get(f"/api/v1/satisfaction-scores/?participant={eindhoven.pk}")) == []


# --- notifications ------------------------------------------------------------------------------


def test_a_user_reads_only_their_own_notifications(make_user, api_client):
    mine, theirs = make_user("medewerker"), make_user("medewerker")
    own = Notification.objects.create(
        user=mine, kind=NotificationKind.FOLLOW_UP_DUE, key="a", subject="Actie", body="Tekst"
    )
    other = Notification.objects.create(
        user=theirs, kind=NotificationKind.FOLLOW_UP_DUE, key="a", subject="Actie", body="Tekst"
    )
    client = client_for(mine)
    assert ids(client.get("/api/v1/notifications/")) == [own.pk]
    assert client.get(f"/api/v1/notifications/{other.pk}/").status_code == 404
    assert client.post("/api/v1/notifications/", {}).status_code == 405
    assert api_client.get("/api/v1/notifications/").status_code == 401


def test_a_user_chooses_which_notifications_come_by_mail(make_user, api_client):
    client = client_for(make_user("medewerker"))
    everything = dict.fromkeys(NotificationKind.values, True)
    assert client.get("/api/v1/notification-preferences/").json() == everything

    changed = client.put(
        "/api/v1/notification-preferences/", {"forecast_warning": False}, format="json"
    )
    assert changed.status_code == 200
    assert changed.json() == {**everything, "forecast_warning": False}
    assert client.get("/api/v1/notification-preferences/").json()["forecast_warning"] is False

    bad = client.put("/api/v1/notification-preferences/", {"report_published": "misschien"})
    assert problem(bad, 400)["invalid_params"][0]["name"] == "report_published"
    assert api_client.get("/api/v1/notification-preferences/").status_code == 401


# --- the cockpit --------------------------------------------------------------------------------


def test_the_cockpit_of_an_account_manager_with_one_participant(
    asten, manager, colleague, asten_user
):
    year = today().year
    late = add_follow_up(manager, asten, colleague, days(-1))
    interaction = record(manager, asten, subject="Kwartaaloverleg")
    request = submit(asten_user, "Meer toezicht")
    services.satisfaction_record(actor=manager.user, participant=asten, year=year, score="7.5")

    response = client_for(manager.user).get("/api/v1/cockpit/")
    assert response.status_code == 200, response.content
    [account] = response.json()
    assert account["participant"] == {"id": asten.pk, "code": asten.code, "name": asten.name}
    assert account["is_deputy"] is False
    assert [item["year"] for item in account["programmes"]] == [year, year + 1]
    assert account["programmes"][0] == {
        "year": year,
        "programme": None,
        "adopted_version": None,
        "open_version_status": None,
        "needs_attention": True,
    }
    assert set(account["forecast"]) == {"hours", "plan_hours", "deviation_percent", "warning"}
    assert account["overdue_cases"] == 0
    assert account["open_follow_ups"] == [
        {
            "id": late.pk,
            "description": late.description,
            "due_on": late.due_on.isoformat(),
            "overdue": True,
        }
    ]
    assert account["recent_interactions"] == [
        {
            "id": interaction.pk,
            "occurred_on": interaction.occurred_on.isoformat(),
            "subject": "Kwartaaloverleg",
        }
    ]
    assert account["open_requests"] == [
        {"id": request.pk, "title": "Meer toezicht", "status": RequestStatus.SUBMITTED}
    ]
    assert account["satisfaction"] == {"year": year, "score": "7.5"}
    assert isinstance(account["off_target"], list)
    # Two programme years without one, the overdue follow-up, the new request, and more.
    assert account["warnings"] >= 4
    assert Decimal(account["forecast"]["plan_hours"]) == Decimal("0")


def test_the_cockpit_is_for_account_managers(asten, manager, colleague, asten_user, stranger):
    assert client_for(stranger.user).get("/api/v1/cockpit/").json() == []
    for user in (colleague.user, asten_user):
        assert problem(client_for(user).get("/api/v1/cockpit/"), 403)["code"] == (
            "permission_denied"
        )


def test_the_deputy_sees_the_participant_in_the_cockpit(asten, manager):
    deputy = EmployeeFactory(user__role="accountmanager")
    asten.deputy_account_manager = deputy
    asten.save()
    [account] = client_for(deputy.user).get("/api/v1/cockpit/").json()
    assert account["participant"]["id"] == asten.pk
    assert account["is_deputy"] is True


# --- participants: the deputy and the contacts' role --------------------------------------------


def test_participants_show_the_deputy_and_contacts_their_role(asten, manager, api_as):
    deputy = EmployeeFactory(user__role="accountmanager")
    client = api_as("beheerder")
    changed = client.patch(
        f"/api/v1/participants/{asten.pk}/", {"deputy_account_manager": deputy.pk}, format="json"
    )
    assert changed.status_code == 200, changed.content
    shown = client.get(f"/api/v1/participants/{asten.pk}/").json()
    assert shown["deputy_account_manager"]["id"] == deputy.pk
    assert shown["account_manager"]["id"] == manager.pk

    same = client.patch(
        f"/api/v1/participants/{asten.pk}/", {"deputy_account_manager": manager.pk}, format="json"
    )
    assert problem(same, 400)["invalid_params"][0]["name"] == "deputy_account_manager"

    contact = client_for(manager.user).post(
        "/api/v1/contacts/",
        {
            "participant": asten.pk,
            "name": "J. de Vries",
            "position": "Wethouder",
            "role": "portefeuillehouder",
        },
        format="json",
    )
    assert contact.status_code == 201, contact.content
    assert contact.json()["role"] == "portefeuillehouder"
