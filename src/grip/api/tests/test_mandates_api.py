"""The mandate register through the API: the beheerder keeps it, a participant reads its own,
and the register is published as data and as CSV."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from grip.cases.tests.factories import case_type, decision_type
from grip.mandates import services
from grip.mandates.models import MandateDecision, MandateLine, SubMandateDecision, SubMandateLine
from grip.mandates.tests.factories import CaseWorld
from grip.organisation.models import Function
from grip.participants.models import Participant

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"
START = datetime.date(2024, 1, 1)


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def post(client: APIClient, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, format="json")


def function(code: str) -> Function:
    return Function.objects.get(code=code)


def asten_mandate(world: CaseWorld) -> MandateDecision:
    decision = services.mandate_decision_create(
        actor=world.beheerder,
        participant=world.asten,
        mandator="het college van burgemeester en wethouders van Asten",
        title="Mandaatbesluit Asten 2024",
        decision_date=datetime.date(2023, 12, 1),
        valid_from=START,
    )
    services.mandate_line_add(
        actor=world.beheerder,
        decision=decision,
        power="Meldingen",
        function=function("directeur"),
        decision_types=[decision_type("maatwerkvoorschrift-stellen")],
    )
    return decision


def counts() -> tuple[int, ...]:
    return (
        MandateDecision.objects.count(),
        MandateLine.objects.count(),
        SubMandateDecision.objects.count(),
        SubMandateLine.objects.count(),
    )


def test_the_beheerder_keeps_the_register_through_the_api(cases: CaseWorld) -> None:
    beheerder = client_for(cases.beheerder)

    created = post(
        beheerder,
        "/api/v1/mandate-decisions/",
        {
            "participant": cases.asten.pk,
            "mandator": "het college van burgemeester en wethouders van Asten",
            "title": "Mandaatbesluit Asten 2024",
            "decision_date": "2023-12-01",
            "valid_from": "2024-01-01",
            "publication_reference": "Gemeenteblad 2023, 999",
        },
    )
    assert created.status_code == 201, created.content
    decision = created.json()
    assert (decision["participant_name"], decision["in_force"], decision["lines"]) == (
        "Asten",
        True,
        [],
    )

    line = post(
        beheerder,
        "/api/v1/mandate-lines/",
        {
            "decision": decision["id"],
            "power": "Handhavingsverzoeken",
            "function": function("directeur").pk,
            "case_types": [case_type("handhavingsverzoek").pk],
            "excluded_decision_types": [decision_type("bestuurlijke-boete").pk],
            "sub_mandate_allowed": True,
            "max_amount": "25000.00",
            "legal_basis": "Awb art. 4:13",
        },
    )
    assert line.status_code == 201, line.content
    body = line.json()
    assert [row["code"] for row in body["case_types"]] == ["handhavingsverzoek"]
    assert [row["code"] for row in body["excluded_decision_types"]] == ["bestuurlijke-boete"]
    assert (body["function_name"], body["max_amount"], body["sub_mandate_allowed"]) == (
        "Directeur",
        "25000.00",
        True,
    )
    without_power = post(
        beheerder,
        "/api/v1/mandate-lines/",
        {"decision": decision["id"], "power": "Niets", "function": function("directeur").pk},
    )
    assert without_power.status_code == 400
    assert without_power.json()["code"] == "required"

    detail = beheerder.get(f"/api/v1/mandate-decisions/{decision['id']}/").json()
    assert [row["power"] for row in detail["lines"]] == ["Handhavingsverzoeken"]
    by_participant = beheerder.get(f"/api/v1/mandate-lines/?participant={cases.asten.pk}").json()
    assert [row["id"] for row in by_participant["results"]] == [body["id"]]
    assert (
        beheerder.get(f"/api/v1/mandate-decisions/?participant={cases.asten.pk}").json()["count"]
        == 1
    )

    # Revoked from a date it stays in the register, not in force; once only; no new lines.
    today = timezone.localdate()
    revoked = post(
        beheerder,
        f"/api/v1/mandate-decisions/{decision['id']}/revoke/",
        {"on": today.isoformat(), "reason": "Vervangen door het besluit van 2026"},
    )
    assert revoked.status_code == 200, revoked.content
    assert (revoked.json()["revoked_on"], revoked.json()["in_force"]) == (
        today.isoformat(),
        False,
    )
    twice = post(
        beheerder,
        f"/api/v1/mandate-decisions/{decision['id']}/revoke/",
        {"on": today.isoformat(), "reason": "Nog eens"},
    )
    assert twice.status_code == 409
    assert twice.json()["code"] == "already_revoked"
    late_line = post(
        beheerder,
        "/api/v1/mandate-lines/",
        {
            "decision": decision["id"],
            "power": "Meer",
            "function": function("directeur").pk,
            "decision_types": [decision_type("last-onder-dwangsom").pk],
        },
    )
    assert late_line.status_code == 409
    assert late_line.json()["code"] == "revoked"

    # The director's sub-mandate decision, with a line for Asten only.
    sub = post(
        beheerder,
        "/api/v1/sub-mandate-decisions/",
        {
            "title": "Ondermandaat handhaving 2026",
            "decision_date": "2025-12-15",
            "mandator_function": function("directeur").pk,
            "valid_from": "2026-01-01",
            "reference": "ODZOB/2025/77",
        },
    )
    assert sub.status_code == 201, sub.content
    sub_line = post(
        beheerder,
        "/api/v1/sub-mandate-lines/",
        {
            "decision": sub.json()["id"],
            "power": "Lasten onder dwangsom",
            "function": function("jurist").pk,
            "decision_types": [decision_type("last-onder-dwangsom").pk],
            "participants": [cases.asten.pk],
            "max_amount": "10000",
        },
    )
    assert sub_line.status_code == 201, sub_line.content
    assert [row["code"] for row in sub_line.json()["participants"]] == ["GM0743"]
    sub_detail = beheerder.get(f"/api/v1/sub-mandate-decisions/{sub.json()['id']}/").json()
    assert (sub_detail["mandator_function_name"], len(sub_detail["lines"])) == ("Directeur", 1)
    sub_revoked = post(
        beheerder,
        f"/api/v1/sub-mandate-decisions/{sub.json()['id']}/revoke/",
        {"on": "2026-06-01", "reason": "Nieuwe organisatie"},
    )
    assert sub_revoked.status_code == 200, sub_revoked.content
    assert sub_revoked.json()["in_force"] is (today < datetime.date(2026, 6, 1))


@pytest.mark.parametrize("role", ["medewerker", "bestuur", "deelnemer"])
def test_only_the_beheerder_writes_the_register(
    cases: CaseWorld, api_as: Any, make_user: Any, role: str
) -> None:
    client = (
        client_for(make_user(participant=cases.eindhoven)) if role == "deelnemer" else api_as(role)
    )
    before = counts()
    attempts = [
        post(
            client,
            "/api/v1/mandate-decisions/",
            {
                "participant": cases.eindhoven.pk,
                "mandator": "x",
                "title": "x",
                "decision_date": "2024-01-01",
                "valid_from": "2024-01-01",
            },
        ),
        post(
            client,
            "/api/v1/mandate-lines/",
            {
                "decision": cases.mandate.pk,
                "power": "x",
                "function": function("toezichthouder").pk,
                "decision_types": [decision_type("last-onder-dwangsom").pk],
            },
        ),
        post(
            client,
            f"/api/v1/mandate-decisions/{cases.mandate.pk}/revoke/",
            {"on": "2026-01-01", "reason": "x"},
        ),
        post(
            client,
            "/api/v1/sub-mandate-decisions/",
            {
                "title": "x",
                "decision_date": "2024-01-01",
                "mandator_function": function("directeur").pk,
                "valid_from": "2024-01-01",
            },
        ),
        post(
            client,
            "/api/v1/sub-mandate-lines/",
            {
                "decision": cases.sub_mandate.pk,
                "power": "x",
                "function": function("toezichthouder").pk,
                "decision_types": [decision_type("last-onder-dwangsom").pk],
            },
        ),
        post(
            client,
            f"/api/v1/sub-mandate-decisions/{cases.sub_mandate.pk}/revoke/",
            {"on": "2026-01-01", "reason": "x"},
        ),
    ]
    assert [response.status_code for response in attempts] == [403] * len(attempts)
    assert all(response["Content-Type"] == PROBLEM for response in attempts)
    assert counts() == before
    cases.mandate.refresh_from_db()
    assert cases.mandate.revoked_on is None


def test_a_user_of_asten_sees_only_its_own_register(cases: CaseWorld, make_user: Any) -> None:
    asten = asten_mandate(cases)
    only_eindhoven = services.sub_mandate_line_add(
        actor=cases.beheerder,
        decision=cases.sub_mandate,
        power="Alleen voor Eindhoven",
        function=function("toezichthouder"),
        decision_types=[decision_type("last-onder-bestuursdwang")],
        participants=[cases.eindhoven],
    )
    client = client_for(make_user(participant=cases.asten))

    listing = client.get("/api/v1/mandate-decisions/").json()
    assert [row["id"] for row in listing["results"]] == [asten.pk]
    lines = client.get("/api/v1/mandate-lines/").json()
    assert {row["decision"] for row in lines["results"]} == {asten.pk}
    for url in [
        f"/api/v1/mandate-decisions/{cases.mandate.pk}/",
        f"/api/v1/mandate-lines/{cases.permit_line.pk}/",
        f"/api/v1/mandate-register/?participant={cases.eindhoven.pk}",
        f"/api/v1/mandate-register.csv?participant={cases.eindhoven.pk}",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == PROBLEM
        assert "Eindhoven" not in response.content.decode()
    for url in [
        f"/api/v1/mandate-decisions/?participant={cases.eindhoven.pk}",
        f"/api/v1/mandate-lines/?decision={cases.mandate.pk}",
    ]:
        assert client.get(url).json()["count"] == 0, url

    # The director's sub-mandates: the lines for every participant, not Eindhoven's own.
    sub = client.get(f"/api/v1/sub-mandate-decisions/{cases.sub_mandate.pk}/").json()
    assert only_eindhoven.pk not in [row["id"] for row in sub["lines"]]
    assert len(sub["lines"]) == 2
    eindhoven_view = client_for(cases.participant_user).get(
        f"/api/v1/sub-mandate-decisions/{cases.sub_mandate.pk}/"
    )
    assert len(eindhoven_view.json()["lines"]) == 3

    own = client.get("/api/v1/mandate-register/").json()
    assert own["participant"]["code"] == "GM0743"
    assert [row["id"] for row in own["decisions"]] == [asten.pk]
    assert [len(row["lines"]) for row in own["sub_mandates"]] == [2]


def test_the_register_as_data_and_as_csv(cases: CaseWorld, api_as: Any) -> None:
    client = client_for(cases.participant_user)

    register = client.get("/api/v1/mandate-register/")
    assert register.status_code == 200, register.content
    body = register.json()
    assert (body["participant"]["code"], body["as_of"]) == (
        "GM0772",
        timezone.localdate().isoformat(),
    )
    [decision] = body["decisions"]
    assert (decision["title"], decision["publication_reference"], decision["in_force"]) == (
        "Mandaatbesluit VTH Eindhoven 2024",
        "Gemeenteblad 2023, 12345",
        True,
    )
    assert [line["power"] for line in decision["lines"]] == [
        "Beslissen op aanvragen om een omgevingsvergunning",
        "Handhavingsbesluiten en beslissen op handhavingsverzoeken",
        "Bestuurlijke boetes en besluiten op bezwaar",
    ]
    [sub] = body["sub_mandates"]
    assert [line["function_name"] for line in sub["lines"]] == ["Vergunningverlener", "Jurist"]
    before = client.get("/api/v1/mandate-register/?geldig_op=2023-12-31").json()
    assert before["decisions"][0]["in_force"] is False
    assert before["as_of"] == "2023-12-31"

    # Staff name the participant; without one the answer says so.
    staff = api_as("bestuur")
    missing = staff.get("/api/v1/mandate-register/")
    assert missing.status_code == 400
    assert missing.json()["invalid_params"][0]["name"] == "participant"
    assert staff.get(f"/api/v1/mandate-register/?participant={cases.eindhoven.pk}").json() == body

    # The CSV export: one row per register line, Dutch headers, for a Dutch spreadsheet.
    services.mandate_decision_revoke(
        actor=cases.beheerder,
        decision=cases.mandate,
        on=datetime.date(2026, 1, 1),
        reason="Vervangen",
    )
    export = client.get("/api/v1/mandate-register.csv?geldig_op=2025-06-30")
    assert export.status_code == 200, export.content
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    assert export["Content-Disposition"] == (
        'attachment; filename="mandaatregister-GM0772-2025-06-30.csv"'
    )
    text = export.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    header, *data = rows
    assert header[:3] == ["Soort", "Besluit", "Besluitdatum"]
    assert header[7] == "Geldt op 2025-06-30"
    assert [(row[0], row[9]) for row in data] == [
        ("mandaat", "Beslissen op aanvragen om een omgevingsvergunning"),
        ("mandaat", "Handhavingsbesluiten en beslissen op handhavingsverzoeken"),
        ("mandaat", "Bestuurlijke boetes en besluiten op bezwaar"),
        ("ondermandaat", "Omgevingsvergunningen verlenen en weigeren"),
        ("ondermandaat", "Lasten onder dwangsom en handhavingsverzoeken"),
    ]
    enforcement = dict(zip(header, data[1], strict=True))
    assert enforcement == {
        "Soort": "mandaat",
        "Besluit": "Mandaatbesluit VTH Eindhoven 2024",
        "Besluitdatum": "2023-12-12",
        "Vindplaats of kenmerk": "Gemeenteblad 2023, 12345",
        "Geldig vanaf": "2024-01-01",
        "Geldig tot en met": "",
        "Ingetrokken per": "2026-01-01",
        "Geldt op 2025-06-30": "ja",
        "Mandaatgever": "het college van burgemeester en wethouders van Eindhoven",
        "Bevoegdheid": "Handhavingsbesluiten en beslissen op handhavingsverzoeken",
        "Wettelijke grondslag": "",
        "Besluittypen": "",
        "Zaaktypen": "Verzoek om handhaving",
        "Uitgezonderde besluittypen": "Bestuurlijke boete opleggen",
        "Functie": "Directeur",
        "Ondermandaat toegestaan": "ja",
        "Maximumbedrag (euro)": "50000,00",
        "Voorwaarden": "",
    }
    jurist = dict(zip(header, data[4], strict=True))
    assert (jurist["Mandaatgever"], jurist["Functie"], jurist["Maximumbedrag (euro)"]) == (
        "Directeur",
        "Jurist",
        "10000,00",
    )
    today_export = client.get("/api/v1/mandate-register.csv").content.decode("utf-8")
    today_rows = list(csv.reader(io.StringIO(today_export.removeprefix("\ufeff")), delimiter=";"))
    assert today_rows[1][7] == "nee"  # revoked since 1 January 2026


def test_the_register_lists_cost_the_same_queries_for_one_decision_as_for_several(
    cases: CaseWorld,
) -> None:
    client = client_for(cases.beheerder)
    urls = [
        "/api/v1/mandate-decisions/",
        "/api/v1/mandate-lines/",
        "/api/v1/sub-mandate-decisions/",
    ]
    for url in urls:
        client.get(url)  # warm the permission cache

    def queries() -> dict[str, int]:
        result = {}
        for url in urls:
            with CaptureQueriesContext(connection) as context:
                assert client.get(url).status_code == 200
            result[url] = len(context.captured_queries)
        return result

    one = queries()
    for participant in Participant.objects.exclude(pk=cases.eindhoven.pk)[:3]:
        decision = services.mandate_decision_create(
            actor=cases.beheerder,
            participant=participant,
            mandator=f"het college van {participant.name}",
            title=f"Mandaatbesluit {participant.name}",
            decision_date=START,
            valid_from=START,
        )
        services.mandate_line_add(
            actor=cases.beheerder,
            decision=decision,
            power="Vergunningen",
            function=function("directeur"),
            decision_types=[decision_type("omgevingsvergunning-verlenen")],
            max_amount=Decimal("1000"),
        )
    assert queries() == one


def test_a_bad_register_filter_is_a_400_naming_it(api_as: Any) -> None:
    client = api_as("bestuur")
    for url, name in [
        ("/api/v1/mandate-lines/?decision=x", "decision"),
        ("/api/v1/mandate-decisions/?participant=x", "participant"),
        ("/api/v1/mandate-register/?participant=1&geldig_op=morgen", "geldig_op"),
    ]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.json()["invalid_params"][0]["name"] == name
