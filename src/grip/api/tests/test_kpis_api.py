"""Indicators through the API: the registry, today's figures with their targets, targets set and
removed, quarters and the baseline frozen once, frozen values and their differences with today,
the BIG-8 cycle; each with tenancy (another participant's answers 404, a participant user never
sees the region) and query-count guards on the lists."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from grip.core.models import AuditRecord
from grip.finance.tests.factories import D, book, book_year
from grip.hours.tests.factories import HoursWorld
from grip.kpis.constants import SnapshotKind
from grip.kpis.models import Cycle, CycleStep, Snapshot, SnapshotValue, Target
from grip.participants.models import Participant
from grip.reporting import services as reporting_services
from grip.reporting.models import FrozenSection

pytestmark = pytest.mark.django_db
API = "/api/v1"
PROBLEM = "application/problem+json"
TODAY = datetime.date(2026, 5, 1)  # Q1 2026 has ended, Q2 has not


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def queries(client: APIClient, url: str) -> int:
    client.get(url)  # warm the user's permission cache
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def codes(response: Any) -> tuple[int, str]:
    return response.status_code, response.json()["code"]


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> datetime.date:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    return TODAY


@pytest.fixture
def booked(hours: HoursWorld) -> HoursWorld:
    """Eindhoven's adopted 2026 plan and its hours: in Q1 20 of 24.52 planned hours (81.6 %),
    2 of them related work; 8 hours of leave (not declarable)."""
    book_year(hours)
    return hours


@pytest.fixture
def frozen(booked: HoursWorld, make_user: Any) -> Snapshot:
    """Q1 2026 frozen, with its report figures."""
    return reporting_services.quarter_freeze(
        actor=make_user("kis"), year=2026, quarter=1, today=TODAY
    )


# --- the registry -------------------------------------------------------------------------------


def test_the_registry_lists_every_indicator_with_its_definition(world: Any) -> None:
    client = client_for(world.participant_user)

    body = client.get(f"{API}/indicators/").json()

    assert [row["code"] for row in body] == [
        "beslissingen-binnen-termijn",
        "dwangsom-niet-tijdig",
        "handhaving-in-stand",
        "naleving-eerste-controle",
        "herstel-bij-hercontrole",
        "realisatie-uren",
        "realisatie-producten",
        "controles-uitgevoerd",
        "declarabel-aandeel",
        "aandeel-gerelateerd-werk",
        "doorlooptijd",
        "klachten-binnen-termijn",
    ]
    penalty = client.get(f"{API}/indicators/dwangsom-niet-tijdig/").json()
    assert penalty == {
        "code": "dwangsom-niet-tijdig",
        "name": "Vergunningprocedures met een dwangsom wegens niet tijdig beslissen",
        "definition": (
            "Van de aanvragen om een vergunning waarop in de periode is besloten: het deel "
            "waarvoor een dwangsom verschuldigd werd (Awb 4:17: ingebrekestelling na de "
            "termijn en geen besluit binnen twee weken daarna)."
        ),
        "unit": "procent",
        "direction": "lager",
        "scope": "deelnemer",
        "version": 1,
        "target": "1.0",
        "comparison": "lt",
        "numerator_label": "met dwangsom",
        "denominator_label": "vergunningbesluiten",
        "datasets": ["cases.Case", "cases.CaseType", "cases.PenaltyScale"],
    }
    declarable = next(row for row in body if row["code"] == "declarabel-aandeel")
    assert (declarable["scope"], declarable["target"]) == ("organisatie", None)
    missing = client.get(f"{API}/indicators/onbekend/")
    assert (missing.status_code, missing["Content-Type"]) == (404, PROBLEM)
    assert APIClient().get(f"{API}/indicators/").status_code == 401


# --- today's figures ----------------------------------------------------------------------------


def by_key(body: dict[str, Any]) -> dict[tuple[str, int | None], dict[str, Any]]:
    return {(row["indicator"], row["participant"]): row for row in body["values"]}


def test_todays_figures_per_participant_and_for_the_region(
    booked: HoursWorld, eindhoven: Participant, make_user: Any
) -> None:
    Target.objects.create(
        indicator_code="realisatie-uren", year=2026, participant=eindhoven, value=Decimal("90")
    )
    client = client_for(make_user("bestuur"))

    response = client.get(f"{API}/indicator-values/", {"year": 2026, "quarter": 1})

    assert response.status_code == 200
    body = response.json()
    assert (body["start"], body["end"]) == ("2026-01-01", "2026-03-31")
    rows = by_key(body)
    # 11 indicators per participant for 22 participants and the region, 1 for the service.
    assert len(rows) == 11 * 23 + 1
    assert rows["realisatie-uren", eindhoven.pk] == {
        "indicator": "realisatie-uren",
        "participant": eindhoven.pk,
        "participant_name": "Eindhoven",
        "value": "81.6",
        "numerator": "20.00",
        "denominator": "24.52",
        "target": "90.0",
        "comparison": "ge",
        "target_source": "deelnemer",
        "met": False,
        "details": rows["realisatie-uren", eindhoven.pk]["details"],
    }
    assert rows["realisatie-uren", eindhoven.pk]["details"]["realised_amount"] == "2033.00"
    related = rows["aandeel-gerelateerd-werk", None]
    assert (related["participant_name"], related["value"], related["numerator"]) == (
        None,
        "10.0",
        "2.00",
    )
    assert (related["target"], related["met"], related["target_source"]) == (None, None, None)
    # Every hour is the employee's: 20 of 28 hours were booked on a participant.
    declarable = rows["declarabel-aandeel", None]
    assert (declarable["value"], declarable["numerator"], declarable["denominator"]) == (
        "71.4",
        "20.00",
        "28.00",
    )
    decisions = rows["beslissingen-binnen-termijn", eindhoven.pk]
    assert (decisions["value"], decisions["target"], decisions["target_source"]) == (
        None,
        "90.0",
        "norm",
    )
    assert decisions["met"] is None

    same = client.get(f"{API}/indicator-values/", {"start": "2026-01-01", "end": "2026-03-31"})
    assert same.json() == body


def test_one_participant_and_one_indicator(booked: HoursWorld, eindhoven: Participant) -> None:
    client = client_for(booked.programmes.account_manager)

    body = client.get(
        f"{API}/indicator-values/",
        {
            "year": "2026",
            "quarter": "1",
            "participant": str(eindhoven.pk),
            "indicator": "realisatie-uren",
        },
    ).json()

    assert [(row["indicator"], row["participant"], row["value"]) for row in body["values"]] == [
        ("realisatie-uren", eindhoven.pk, "81.6")
    ]


def test_a_participant_user_sees_only_its_own_figures_and_never_the_region(
    booked: HoursWorld, eindhoven: Participant, asten: Participant
) -> None:
    client = client_for(booked.programmes.participant_user)

    body = client.get(f"{API}/indicator-values/", {"year": 2026, "quarter": 1}).json()
    other = client.get(
        f"{API}/indicator-values/", {"year": 2026, "quarter": 1, "participant": asten.pk}
    )

    assert {row["participant"] for row in body["values"]} == {eindhoven.pk}
    assert len(body["values"]) == 11  # not the service-wide declarable share either
    assert by_key(body)["realisatie-uren", eindhoven.pk]["value"] == "81.6"
    assert (other.status_code, other["Content-Type"]) == (404, PROBLEM)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ({}, "start"),
        ({"start": "2026-01-01"}, "end"),
        ({"year": 2026}, "quarter"),
        ({"year": 2026, "quarter": 5}, "quarter"),
        ({"start": "2026-03-01", "end": "2026-01-31"}, "end"),
        ({"year": 2026, "quarter": 1, "indicator": "geluk"}, "indicator"),
        (
            {"year": 2026, "quarter": 1, "start": "2026-01-01", "end": "2026-02-01"},
            "non_field_errors",
        ),
    ],
)
def test_a_period_is_required(world: Any, make_user: Any, query: dict[str, Any], name: str) -> None:
    response = client_for(make_user("kis")).get(f"{API}/indicator-values/", query)

    assert (response.status_code, response["Content-Type"]) == (400, PROBLEM)
    assert [param["name"] for param in response.json()["invalid_params"]] == [name]


def test_todays_figures_cost_the_same_queries_however_many_targets(
    booked: HoursWorld, make_user: Any
) -> None:
    client = client_for(make_user("bestuur"))
    url = f"{API}/indicator-values/?year=2026&quarter=1"
    participants = list(Participant.objects.order_by("pk"))
    for participant in participants[:2]:
        Target.objects.create(
            indicator_code="realisatie-uren", year=2026, participant=participant, value=90
        )
    few = queries(client, url)
    for participant in participants[2:10]:
        Target.objects.create(
            indicator_code="realisatie-uren", year=2026, participant=participant, value=90
        )
    assert Target.objects.count() == 10
    assert queries(client, url) == few


# --- targets ------------------------------------------------------------------------------------


def test_kis_sets_changes_and_removes_a_target(
    world: Any, eindhoven: Participant, make_user: Any
) -> None:
    client = client_for(make_user("kis", first_name="Kees", last_name="Kwaliteit"))
    body = {
        "indicator": "beslissingen-binnen-termijn",
        "year": 2026,
        "participant": eindhoven.pk,
        "value": "95",
    }

    created = client.post(f"{API}/targets/", body, format="json")

    assert created.status_code == 201
    target = Target.objects.get()
    assert created.json() == {
        "id": target.pk,
        "indicator": "beslissingen-binnen-termijn",
        "indicator_name": "Besluiten binnen de wettelijke termijn",
        "year": 2026,
        "participant": eindhoven.pk,
        "participant_name": "Eindhoven",
        "value": "95.0",
        "comparison": "ge",
        "note": "",
        "updated_at": created.json()["updated_at"],
    }

    again = client.post(f"{API}/targets/", {**body, "value": "96.5"}, format="json")
    assert (again.status_code, again.json()["id"], again.json()["value"]) == (
        200,
        target.pk,
        "96.5",
    )
    assert Target.objects.count() == 1

    noted = client.patch(f"{API}/targets/{target.pk}/", {"note": "Afspraak AB"}, format="json")
    assert (noted.status_code, noted.json()["value"], noted.json()["note"]) == (
        200,
        "96.5",
        "Afspraak AB",
    )
    replaced = client.put(
        f"{API}/targets/{target.pk}/", {"value": "80", "comparison": "gt"}, format="json"
    )
    assert (replaced.json()["value"], replaced.json()["comparison"], replaced.json()["note"]) == (
        "80.0",
        "gt",
        "Afspraak AB",
    )
    incomplete = client.put(f"{API}/targets/{target.pk}/", {"note": "x"}, format="json")
    assert incomplete.status_code == 400
    assert [p["name"] for p in incomplete.json()["invalid_params"]] == ["value"]

    assert client.delete(f"{API}/targets/{target.pk}/").status_code == 204
    assert not Target.objects.exists()
    trail = AuditRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(Target), object_id=str(target.pk)
    ).order_by("pk")
    assert [record.action for record in trail] == [
        "create",
        "update",
        "update",
        "update",
        "delete",
    ]


def test_a_year_wide_target_and_the_refusals(
    world: Any, eindhoven: Participant, make_user: Any
) -> None:
    client = client_for(make_user("kis"))

    regional = client.post(
        f"{API}/targets/",
        {"indicator": "doorlooptijd", "year": 2026, "participant": None, "value": "56"},
        format="json",
    )
    organisation = client.post(
        f"{API}/targets/",
        {
            "indicator": "declarabel-aandeel",
            "year": 2026,
            "participant": eindhoven.pk,
            "value": "70",
        },
        format="json",
    )
    unknown = client.post(
        f"{API}/targets/", {"indicator": "geluk", "year": 2026, "value": "7"}, format="json"
    )

    assert regional.status_code == 201
    assert (regional.json()["participant"], regional.json()["comparison"]) == (None, "le")
    assert codes(organisation) == (400, "organisation_indicator")
    assert organisation.json()["invalid_params"][0]["name"] == "participant"
    assert [p["name"] for p in unknown.json()["invalid_params"]] == ["indicator"]
    assert Target.objects.count() == 1


def test_targets_are_scoped_and_only_kis_writes_them(
    world: Any, eindhoven: Participant, asten: Participant, make_user: Any
) -> None:
    own = Target.objects.create(
        indicator_code="doorlooptijd", year=2026, participant=eindhoven, value=50
    )
    other = Target.objects.create(
        indicator_code="doorlooptijd", year=2026, participant=asten, value=60
    )
    everyone = Target.objects.create(indicator_code="doorlooptijd", year=2026, value=56)
    last_year = Target.objects.create(indicator_code="doorlooptijd", year=2025, value=58)
    user = client_for(world.participant_user)
    manager = client_for(world.account_manager)

    listed = user.get(f"{API}/targets/").json()["results"]
    this_year = user.get(f"{API}/targets/", {"year": 2026}).json()["results"]
    hidden = user.get(f"{API}/targets/{other.pk}/")
    refused = user.post(
        f"{API}/targets/",
        {"indicator": "doorlooptijd", "year": 2026, "participant": eindhoven.pk, "value": "1"},
        format="json",
    )

    # Its own participant's targets, never another's. (The year-wide ones, without a
    # participant, are meant to be readable too: see target_list_for.)
    assert own.pk in {row["id"] for row in listed}
    assert other.pk not in {row["id"] for row in listed + this_year}
    assert {everyone.pk, last_year.pk} <= {
        row["id"] for row in manager.get(f"{API}/targets/").json()["results"]
    }
    assert (hidden.status_code, hidden["Content-Type"]) == (404, PROBLEM)
    assert refused.status_code == 403
    assert user.patch(f"{API}/targets/{own.pk}/", {"value": "1"}, format="json").status_code == 403
    assert user.delete(f"{API}/targets/{own.pk}/").status_code == 403
    assert manager.delete(f"{API}/targets/{own.pk}/").status_code == 403
    staff = manager.get(
        f"{API}/targets/", {"participant": str(asten.pk), "indicator": "doorlooptijd"}
    )
    assert [row["id"] for row in staff.json()["results"]] == [other.pk]
    assert Target.objects.get(pk=own.pk).value == Decimal("50.0")


def test_the_target_list_costs_the_same_queries_for_2_and_10_rows(
    world: Any, make_user: Any
) -> None:
    client = client_for(make_user("bestuur"))
    participants = list(Participant.objects.order_by("pk")[:10])
    for participant in participants[:2]:
        Target.objects.create(
            indicator_code="doorlooptijd", year=2026, participant=participant, value=5
        )
    few = queries(client, f"{API}/targets/")
    for participant in participants[2:]:
        Target.objects.create(
            indicator_code="doorlooptijd", year=2026, participant=participant, value=5
        )
    many = queries(client, f"{API}/targets/")

    assert client.get(f"{API}/targets/").json()["count"] == 10
    assert many == few


# --- snapshots ----------------------------------------------------------------------------------


def test_freezing_a_quarter_freezes_indicators_and_report_figures_once(
    booked: HoursWorld, make_user: Any, today: datetime.date
) -> None:
    kis = make_user("kis", first_name="Kim", last_name="Kis")
    client = client_for(kis)

    response = client.post(f"{API}/snapshots/freeze-quarter/", {"year": 2026, "quarter": 1})

    assert response.status_code == 201
    body = response.json()
    snapshot = Snapshot.objects.get()
    assert {key: body[key] for key in body if key not in ("frozen_at", "definitions")} == {
        "id": snapshot.pk,
        "kind": "kwartaal",
        "label": "Q1 2026",
        "year": 2026,
        "quarter": 1,
        "start": "2026-01-01",
        "end": "2026-03-31",
        "note": "",
        "frozen_by": "Kim Kis",
    }
    assert len(body["definitions"]) == 12
    assert body["definitions"]["doorlooptijd"] == {
        "version": 1,
        "name": "Gemiddelde doorlooptijd",
        "definition": (
            "Het gemiddelde aantal kalenderdagen van ontvangst tot besluit (of tot afsluiten, "
            "voor een zaak zonder besluit) van de zaken die in de periode zijn afgerond; per "
            "zaaktype in de toelichting."
        ),
        "unit": "dagen",
        "direction": "lager",
        "scope": "deelnemer",
        "datasets": ["cases.Case", "cases.CaseType"],
    }
    assert SnapshotValue.objects.filter(snapshot=snapshot).count() == 11 * 23 + 1
    assert FrozenSection.objects.filter(snapshot=snapshot).count() == 23

    twice = client.post(f"{API}/snapshots/freeze-quarter/", {"year": 2026, "quarter": 1})
    early = client.post(f"{API}/snapshots/freeze-quarter/", {"year": 2026, "quarter": 2})
    assert codes(twice) == (409, "snapshot_exists")
    assert codes(early) == (400, "quarter_not_ended")
    assert Snapshot.objects.count() == 1


def test_a_participant_user_cannot_freeze(booked: HoursWorld, today: datetime.date) -> None:
    client = client_for(booked.programmes.participant_user)

    quarter = client.post(f"{API}/snapshots/freeze-quarter/", {"year": 2026, "quarter": 1})
    baseline = client.post(
        f"{API}/snapshots/freeze-baseline/", {"start": "2025-01-01", "end": "2025-12-31"}
    )

    assert (quarter.status_code, baseline.status_code) == (403, 403)
    assert not Snapshot.objects.exists()


def test_freezing_the_baseline(booked: HoursWorld, make_user: Any, today: datetime.date) -> None:
    client = client_for(make_user("kis"))

    first = client.post(
        f"{API}/snapshots/freeze-baseline/",
        {
            "start": "2026-01-01",
            "end": "2026-03-31",
            "note": "Nulmeting Q1",
            "indicators": ["realisatie-uren", "doorlooptijd"],
        },
        format="json",
    )
    rest = client.post(
        f"{API}/snapshots/freeze-baseline/",
        {"start": "2026-01-01", "end": "2026-03-31"},
        format="json",
    )
    again = client.post(
        f"{API}/snapshots/freeze-baseline/",
        {"start": "2026-01-01", "end": "2026-03-31"},
        format="json",
    )
    unknown = client.post(
        f"{API}/snapshots/freeze-baseline/",
        {"start": "2026-01-01", "end": "2026-03-31", "indicators": ["geluk"]},
        format="json",
    )

    assert first.status_code == 201
    assert {key: first.json()[key] for key in ("kind", "quarter", "year", "label", "note")} == {
        "kind": "nulmeting",
        "quarter": None,
        "year": 2026,
        "label": "Nulmeting 01-01-2026 t/m 31-03-2026",
        "note": "Nulmeting Q1",
    }
    assert sorted(first.json()["definitions"]) == ["doorlooptijd", "realisatie-uren"]
    assert len(rest.json()["definitions"]) == 10
    assert codes(again) == (409, "baseline_exists")
    assert unknown.status_code == 400
    assert [p["name"] for p in unknown.json()["invalid_params"]] == ["indicators"]


def test_frozen_values_are_scoped(
    frozen: Snapshot, booked: HoursWorld, eindhoven: Participant, asten: Participant, make_user: Any
) -> None:
    staff = client_for(make_user("bestuur"))
    user = client_for(booked.programmes.participant_user)
    url = f"{API}/snapshots/{frozen.pk}/values/"

    everything = staff.get(url).json()
    own = user.get(url).json()
    other = user.get(url, {"participant": asten.pk})
    one = staff.get(url, {"participant": str(eindhoven.pk), "indicator": "realisatie-uren"}).json()

    assert len(everything) == 11 * 23 + 1
    assert any(row["participant"] is None for row in everything)
    assert len(own) == 11
    assert {row["participant"] for row in own} == {eindhoven.pk}
    assert (other.status_code, other["Content-Type"]) == (404, PROBLEM)
    assert one == [
        {
            "indicator": "realisatie-uren",
            "participant": eindhoven.pk,
            "participant_name": "Eindhoven",
            "definition_version": 1,
            "value": "81.6",
            "numerator": "20.00",
            "denominator": "24.52",
            "details": one[0]["details"],
        }
    ]
    assert one[0]["details"]["realised_amount"] == "2033.00"
    # The snapshot itself is readable by everyone who reads indicators.
    assert user.get(f"{API}/snapshots/{frozen.pk}/").json()["label"] == "Q1 2026"
    assert [row["id"] for row in user.get(f"{API}/snapshots/").json()["results"]] == [frozen.pk]


def test_differences_with_todays_data(
    frozen: Snapshot, booked: HoursWorld, eindhoven: Participant, make_user: Any
) -> None:
    # Four more hours on Eindhoven's inspections in March, booked after the freeze.
    book(booked.employee, D(2026, 3, 10), "4", booked.inspection)

    staff = client_for(make_user("bestuur")).get(f"{API}/snapshots/{frozen.pk}/differences/")
    own = client_for(booked.programmes.participant_user).get(
        f"{API}/snapshots/{frozen.pk}/differences/"
    )

    assert staff.status_code == 200
    found = {(row["indicator"], row["participant"]): row for row in staff.json()}
    assert set(found) == {
        ("realisatie-uren", eindhoven.pk),
        ("realisatie-uren", None),
        ("aandeel-gerelateerd-werk", eindhoven.pk),
        ("aandeel-gerelateerd-werk", None),
        ("declarabel-aandeel", None),
    }
    assert found["realisatie-uren", eindhoven.pk] == {
        "indicator": "realisatie-uren",
        "indicator_name": "Programmarealisatie in uren",
        "participant": eindhoven.pk,
        "participant_name": "Eindhoven",
        "frozen": "81.6",
        "now": "97.9",
        "frozen_numerator": "20.00",
        "frozen_denominator": "24.52",
        "now_numerator": "24.00",
        "now_denominator": "24.52",
        "definition_changed": False,
    }
    assert found["declarabel-aandeel", None]["participant_name"] is None
    assert (
        found["declarabel-aandeel", None]["frozen"],
        found["declarabel-aandeel", None]["now"],
    ) == (
        "71.4",
        "75.0",
    )
    assert {(row["indicator"], row["participant"]) for row in own.json()} == {
        ("realisatie-uren", eindhoven.pk),
        ("aandeel-gerelateerd-werk", eindhoven.pk),
    }
    # The frozen figure itself did not move.
    assert SnapshotValue.objects.get(
        snapshot=frozen, participant=eindhoven, indicator_code="realisatie-uren"
    ).value == Decimal("81.6")


def _snapshot(user: Any, year: int) -> Snapshot:
    return Snapshot.objects.create(
        kind=SnapshotKind.BASELINE,
        year=year,
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
        definitions={},
        frozen_by=user,
    )


def test_the_snapshot_lists_cost_the_same_queries_for_2_and_10_rows(
    world: Any, make_user: Any
) -> None:
    kis = make_user("kis")
    client = client_for(kis)
    for year in (2014, 2015):
        _snapshot(kis, year)
    few = queries(client, f"{API}/snapshots/")
    for year in range(2016, 2024):
        _snapshot(kis, year)
    many = queries(client, f"{API}/snapshots/")
    filtered = client.get(f"{API}/snapshots/", {"kind": "nulmeting", "year": "2020"}).json()

    assert client.get(f"{API}/snapshots/").json()["count"] == 10
    assert many == few
    assert [row["year"] for row in filtered["results"]] == [2020]


def test_the_frozen_values_cost_the_same_queries_for_2_and_10_rows(
    world: Any, make_user: Any
) -> None:
    kis = make_user("kis")
    client = client_for(kis)
    snapshot = _snapshot(kis, 2025)
    participants = list(Participant.objects.order_by("pk")[:10])

    def value(participant: Participant) -> SnapshotValue:
        return SnapshotValue(
            snapshot=snapshot,
            participant=participant,
            indicator_code="doorlooptijd",
            definition_version=1,
            value=Decimal("40"),
        )

    SnapshotValue.objects.bulk_create(value(p) for p in participants[:2])
    url = f"{API}/snapshots/{snapshot.pk}/values/"
    few = queries(client, url)
    SnapshotValue.objects.bulk_create(value(p) for p in participants[2:])
    many = queries(client, url)

    assert len(client.get(url).json()) == 10
    assert many == few


# --- the BIG-8 cycle ----------------------------------------------------------------------------


def test_the_account_manager_keeps_the_cycle_of_its_participant(
    world: Any, eindhoven: Participant, asten: Participant, make_user: Any, today: datetime.date
) -> None:
    client = client_for(world.account_manager)

    started = client.post(
        f"{API}/cycles/", {"participant": eindhoven.pk, "year": 2026}, format="json"
    )

    assert started.status_code == 201
    body = started.json()
    cycle = Cycle.objects.get()
    assert (body["id"], body["participant"], body["participant_name"], body["year"]) == (
        cycle.pk,
        eindhoven.pk,
        "Eindhoven",
        2026,
    )
    assert [(step["number"], step["loop"], step["status"]) for step in body["steps"]] == [
        (1, "strategisch", "niet_gestart"),
        (2, "strategisch", "niet_gestart"),
        (3, "strategisch", "niet_gestart"),
        (4, "strategisch", "niet_gestart"),
        (5, "operationeel", "niet_gestart"),
        (6, "operationeel", "niet_gestart"),
        (7, "operationeel", "niet_gestart"),
        (8, "operationeel", "niet_gestart"),
    ]
    first = body["steps"][0]
    assert first == {
        "id": first["id"],
        "cycle": cycle.pk,
        "number": 1,
        "loop": "strategisch",
        "name": "Probleem- en risicoanalyse",
        "status": "niet_gestart",
        "owner": None,
        "owner_name": None,
        "planned_on": None,
        "completed_on": None,
        "notes": "",
        "documents": [],
    }
    assert codes(
        client.post(f"{API}/cycles/", {"participant": eindhoven.pk, "year": 2026}, format="json")
    ) == (409, "cycle_exists")
    assert codes(
        client.post(f"{API}/cycles/", {"participant": asten.pk, "year": 2026}, format="json")
    ) == (403, "not_cycle_keeper")
    assert codes(
        client.post(f"{API}/cycles/", {"participant": None, "year": 2026}, format="json")
    ) == (403, "not_cycle_keeper")

    done = client.patch(
        f"{API}/cycle-steps/{first['id']}/",
        {"status": "gereed", "owner": world.account_manager.pk, "notes": "Analyse vastgesteld"},
        format="json",
    )
    assert done.status_code == 200
    assert {key: done.json()[key] for key in ("status", "owner", "completed_on", "notes")} == {
        "status": "gereed",
        "owner": world.account_manager.pk,
        "completed_on": "2026-05-01",
        "notes": "Analyse vastgesteld",
    }
    assert done.json()["owner_name"] == world.account_manager.get_full_name()

    added = client.post(
        f"{API}/cycle-steps/{first['id']}/documents/",
        {"title": "Risicoanalyse 2026", "url": "https://example.org/risico.pdf"},
        format="json",
    )
    assert added.status_code == 201
    (document,) = added.json()["documents"]
    assert (document["title"], document["url"], document["added_by"]) == (
        "Risicoanalyse 2026",
        "https://example.org/risico.pdf",
        world.account_manager.get_full_name(),
    )
    reread = client.get(f"{API}/cycles/{cycle.pk}/").json()["steps"][0]
    assert (reread["status"], len(reread["documents"])) == ("gereed", 1)
    invalid = client.patch(f"{API}/cycle-steps/{first['id']}/", {"status": "klaar"}, format="json")
    assert invalid.status_code == 400


def test_a_participant_user_reads_only_its_own_cycle(
    world: Any, eindhoven: Participant, asten: Participant, make_user: Any
) -> None:
    from grip.kpis import services

    kis = make_user("kis")
    own = services.cycle_start(actor=kis, participant=eindhoven, year=2026)
    other = services.cycle_start(actor=kis, participant=asten, year=2026)
    region = services.cycle_start(actor=kis, participant=None, year=2026)
    user = client_for(world.participant_user)
    own_step = own.steps.get(number=1)
    other_step = other.steps.get(number=1)

    listed = user.get(f"{API}/cycles/").json()["results"]

    assert [row["id"] for row in listed] == [own.pk]
    assert user.get(f"{API}/cycles/{other.pk}/").status_code == 404
    assert user.get(f"{API}/cycles/{region.pk}/").status_code == 404
    assert user.get(f"{API}/cycle-steps/{other_step.pk}/").status_code == 404
    assert user.get(f"{API}/cycle-steps/{own_step.pk}/").json()["number"] == 1
    refused = user.patch(f"{API}/cycle-steps/{own_step.pk}/", {"status": "bezig"}, format="json")
    assert refused.status_code == 403
    assert (
        user.post(f"{API}/cycles/", {"participant": eindhoven.pk, "year": 2027}).status_code == 403
    )
    assert CycleStep.objects.get(pk=own_step.pk).status == "niet_gestart"
    staff = client_for(make_user("bestuur")).get(f"{API}/cycles/", {"year": 2026}).json()
    assert {row["id"] for row in staff["results"]} == {own.pk, other.pk, region.pk}


def test_the_cycle_list_costs_the_same_queries_for_2_and_10_cycles(
    world: Any, make_user: Any
) -> None:
    from grip.kpis import services

    kis = make_user("kis")
    client = client_for(make_user("bestuur"))

    def start(participant: Participant) -> None:
        cycle = services.cycle_start(actor=kis, participant=participant, year=2026)
        step = cycle.steps.get(number=1)
        services.cycle_step_update(actor=kis, step=step, status="bezig", owner=kis)
        services.cycle_document_add(
            actor=kis, step=step, title="Analyse", url="https://example.org/a"
        )

    participants = list(Participant.objects.order_by("pk")[:10])
    for participant in participants[:2]:
        start(participant)
    few = queries(client, f"{API}/cycles/")
    for participant in participants[2:]:
        start(participant)
    many = queries(client, f"{API}/cycles/")

    assert client.get(f"{API}/cycles/").json()["count"] == 10
    assert many == few
