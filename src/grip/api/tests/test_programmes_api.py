"""Work programmes through the API: the life cycle, 409s, who may, tenancy, Excel both ways."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from grip.organisation.tests.factories import EmployeeFactory
from grip.participants.models import Participant
from grip.programmes import excel, services
from grip.programmes.models import (
    DistributionKey,
    ExtraWork,
    Programme,
    ProgrammeLine,
    ProgrammeVersion,
    RelatedWorkLine,
)

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def manager_of(participant):
    """A fresh account manager, assigned to ``participant``; returns the user."""
    employee = EmployeeFactory(user__role="accountmanager")
    participant.account_manager = employee
    participant.save()
    return employee.user


def drafted(world, participant=None, manager=None, year=None):
    """A concept version with TH-01 × 10, VV-01 × 2 and 10 % planning (as the life-cycle tests)."""
    participant = participant or world.participant
    manager = manager or world.account_manager
    year = year or world.year
    products = world.products if year == world.year else world.last_year_products
    version = services.programme_create(actor=manager, participant=participant, year=year)
    services.line_set(actor=manager, version=version, product=products["TH-01"], quantity=10)
    services.line_set(actor=manager, version=version, product=products["VV-01"], quantity=2)
    services.related_work_set(
        actor=manager, version=version, kind="planning", basis="percentage", percentage="10"
    )
    return version


def submitted(world, **kwargs):
    version = drafted(world, **kwargs)
    return services.version_submit(
        actor=kwargs.get("manager") or world.account_manager, version=version
    )


def adopted(world):
    version = submitted(world)
    return services.version_adopt(
        actor=world.participant_user,
        version=version,
        adopted_on=timezone.localdate(),
        decision_reference="B&W 2026-01",
    )


def file_extra_work(world, participant, manager):
    return services.extra_work_request(
        actor=manager,
        participant=participant,
        year=2026,
        product=world.products["AD-01"],
        quantity=4,
        description="Advies",
    )


def lines_of(version_id):
    return [
        (line.product.code, line.quantity, line.note, line.hours, line.amount)
        for line in ProgrammeLine.objects.filter(version_id=version_id).order_by("product__code")
    ]


def related_of(version_id):
    return [
        (item.kind, item.basis, item.percentage, item.planned_hours, item.note, item.hours)
        for item in RelatedWorkLine.objects.filter(version_id=version_id).order_by("kind")
    ]


def upload(data: bytes) -> dict[str, SimpleUploadedFile]:
    return {"file": SimpleUploadedFile("programma.xlsx", data, content_type=excel.CONTENT_TYPE)}


# --- the whole flow ---------------------------------------------------------------------------


def test_draft_submit_adopt_amend_export_and_import_through_the_api(world):
    manager = client_for(world.account_manager)
    participant = client_for(world.participant_user)
    products = world.products

    # Given the account manager starts Eindhoven's programme for 2026,
    created = manager.post(
        "/api/v1/programmes/",
        {"participant": world.participant.pk, "year": 2026, "copy_last_year": False},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["participant"], body["year"], body["is_collective"]) == (
        world.participant.pk,
        2026,
        False,
    )
    assert [(v["number"], v["status"]) for v in body["versions"]] == [(1, "concept")]
    version_id = body["versions"][0]["id"]

    # and orders products and related work,
    line = manager.post(
        "/api/v1/programme-lines/",
        {"version": version_id, "product": products["TH-01"].pk, "quantity": "10"},
        format="json",
    )
    assert line.status_code == 201, line.content
    assert {key: line.json()[key] for key in ("product_code", "norm_hours", "hours", "amount")} == {
        "product_code": "TH-01",
        "norm_hours": "6.00",
        "hours": "60.00",
        "amount": "6099.00",  # 60 h x EUR 101.65
    }
    assert (
        manager.post(
            "/api/v1/programme-lines/",
            {"version": version_id, "product": products["VV-01"].pk, "quantity": "2", "note": "x"},
            format="json",
        ).status_code
        == 201
    )
    related = manager.post(
        "/api/v1/related-work/",
        {"version": version_id, "kind": "planning", "basis": "percentage", "percentage": "10"},
        format="json",
    )
    assert related.status_code == 201, related.content
    assert related.json()["hours"] == "14.00"  # 10 % of 140 direct hours

    # then the version carries its totals,
    detail = manager.get(f"/api/v1/programme-versions/{version_id}/").json()
    totals = detail["totals"]
    assert totals["direct"] == {"hours": "140.00", "amount": "14231.00"}
    assert totals["related"] == {"hours": "14.00", "amount": "1423.10"}
    assert (totals["total_hours"], totals["total_amount"], totals["related_share"]) == (
        "154.00",
        "15654.10",
        "9.1",
    )
    assert totals["by_task_kind"] == [
        {"hours": "80.00", "amount": "8132.00", "task_kind": "vergunningverlening"},
        {"hours": "60.00", "amount": "6099.00", "task_kind": "toezicht"},
    ]

    # When the account manager submits it and the participant adopts it,
    submit = manager.post(
        f"/api/v1/programme-versions/{version_id}/submit/", {"note": "Graag"}, format="json"
    )
    assert submit.status_code == 200, submit.content
    assert submit.json()["status"] == "ingediend"
    today = timezone.localdate()
    adopt = participant.post(
        f"/api/v1/programme-versions/{version_id}/adopt/",
        {"adopted_on": today.isoformat(), "decision_reference": "B&W 2026-01"},
        format="json",
    )
    assert adopt.status_code == 200, adopt.content
    assert (adopt.json()["status"], adopt.json()["decision_reference"]) == (
        "vastgesteld",
        "B&W 2026-01",
    )
    assert [step["to_status"] for step in adopt.json()["history"]] == [
        "concept",
        "ingediend",
        "vastgesteld",
    ]

    # and the account manager amends it,
    amend = manager.post(
        f"/api/v1/programme-versions/{version_id}/amend/",
        {"explanation": "Meer toezicht"},
        format="json",
    )
    assert amend.status_code == 201, amend.content
    amendment = amend.json()
    assert (amendment["number"], amendment["status"], amendment["based_on"]) == (
        2,
        "concept",
        version_id,
    )
    amendment_id = amendment["id"]
    amended_lines = manager.get(f"/api/v1/programme-lines/?version={amendment_id}").json()
    th01 = next(row for row in amended_lines["results"] if row["product_code"] == "TH-01")
    patched = manager.patch(
        f"/api/v1/programme-lines/{th01['id']}/", {"quantity": "20"}, format="json"
    )
    assert patched.status_code == 200, patched.content
    assert (patched.json()["hours"], patched.json()["note"]) == ("120.00", "")

    # then the adopted version is untouched and the two compare line by line.
    assert lines_of(version_id)[0][:2] == ("TH-01", Decimal("10.00"))
    compare = manager.get(f"/api/v1/programme-versions/{amendment_id}/compare/?with={version_id}")
    assert compare.status_code == 200
    rows = {row["key"]: row for row in compare.json()["lines"]}
    assert (rows["TH-01"]["change"], rows["TH-01"]["hours_difference"]) == ("gewijzigd", "60.00")
    assert rows["VV-01"]["change"] == "gelijk"
    assert compare.json()["totals_b"]["direct"]["hours"] == "200.00"
    listing = manager.get(f"/api/v1/programme-versions/?programme={body['id']}").json()
    assert [(row["number"], row["status"]) for row in listing["results"]] == [
        (1, "vastgesteld"),
        (2, "concept"),
    ]
    assert listing["results"][1]["totals"]["direct"]["hours"] == "200.00"

    # Export, change the version, import the export: the lines are as exported again.
    exported = manager.get(f"/api/v1/programme-versions/{amendment_id}/export/")
    assert exported.status_code == 200
    assert exported["Content-Type"] == excel.CONTENT_TYPE
    assert exported["Content-Disposition"].startswith("attachment;")
    assert "werkprogramma-2026-GM0772" in exported["Content-Disposition"]
    data = b"".join(exported.streaming_content) if exported.streaming else exported.content
    lines_before, related_before = lines_of(amendment_id), related_of(amendment_id)

    vv01 = next(row for row in amended_lines["results"] if row["product_code"] == "VV-01")
    assert manager.delete(f"/api/v1/programme-lines/{vv01['id']}/").status_code == 204
    related_id = manager.get(f"/api/v1/related-work/?version={amendment_id}").json()["results"][0][
        "id"
    ]
    assert (
        manager.patch(
            f"/api/v1/related-work/{related_id}/",
            {"basis": "uren", "planned_hours": "3"},
            format="json",
        ).json()["hours"]
        == "3.00"
    )
    assert lines_of(amendment_id) != lines_before

    imported = manager.post(
        f"/api/v1/programme-versions/{amendment_id}/import/", upload(data), format="multipart"
    )
    assert imported.status_code == 200, imported.content
    assert imported.json() == {"changed": True}
    assert lines_of(amendment_id) == lines_before
    assert related_of(amendment_id) == related_before

    again = manager.post(
        f"/api/v1/programme-versions/{amendment_id}/import/", upload(data), format="multipart"
    )
    assert again.json() == {"changed": False}


def test_a_collective_programme_and_its_distribution_key_for_the_beheerder(api_as, world, asten):
    beheerder = api_as("beheerder")

    created = beheerder.post(
        "/api/v1/programmes/", {"participant": None, "year": 2026}, format="json"
    )
    assert created.status_code == 201, created.content
    assert (created.json()["participant"], created.json()["is_collective"]) == (None, True)
    assert created.json()["participant_name"] is None

    shares = [
        {"participant": world.participant.pk, "weight": "243000"},
        {"participant": asten.pk, "weight": "17000"},
    ]
    key = beheerder.post(
        "/api/v1/distribution-keys/",
        {"year": 2026, "method": "inwoners", "source": "CBS 2025", "shares": shares},
        format="json",
    )
    assert key.status_code == 201, key.content
    assert {(row["participant"], row["weight"]) for row in key.json()["shares"]} == {
        (world.participant.pk, "243000.0000"),
        (asten.pk, "17000.0000"),
    }
    replaced = beheerder.post(
        "/api/v1/distribution-keys/",
        {"year": 2026, "method": "vast", "shares": shares[:1]},
        format="json",
    )
    assert replaced.status_code == 200
    assert DistributionKey.objects.get(year=2026).shares.count() == 1

    double = beheerder.post(
        "/api/v1/distribution-keys/",
        {"year": 2026, "method": "vast", "shares": [shares[0], shares[0]]},
        format="json",
    )
    assert double.status_code == 400
    assert double.json()["invalid_params"][0]["name"] == "shares"

    listing = api_as("bestuur").get("/api/v1/distribution-keys/").json()
    assert [row["method"] for row in listing["results"]] == ["vast"]
    refused = api_as("accountmanager").post(
        "/api/v1/distribution-keys/",
        {"year": 2026, "method": "inwoners", "shares": shares},
        format="json",
    )
    assert refused.status_code == 403
    assert DistributionKey.objects.get(year=2026).method == "vast"


def test_extra_work_is_filed_by_the_account_manager_and_decided_by_the_participant(world):
    manager = client_for(world.account_manager)
    participant = client_for(world.participant_user)

    filed = manager.post(
        "/api/v1/extra-work/",
        {
            "participant": world.participant.pk,
            "year": 2026,
            "product": world.products["HH-01"].pk,
            "quantity": "2",
            "description": "Extra handhaving evenementen",
        },
        format="json",
    )
    assert filed.status_code == 201, filed.content
    work = filed.json()
    assert (work["status"], work["hours"], work["amount"]) == ("aangevraagd", "32.00", "3252.80")
    assert manager.get("/api/v1/extra-work/?status=aangevraagd").json()["count"] == 1

    # The account manager does not decide it; the participant does, and only once.
    assert manager.post(f"/api/v1/extra-work/{work['id']}/approve/").status_code == 403
    without_reason = participant.post(f"/api/v1/extra-work/{work['id']}/reject/", {}, format="json")
    assert without_reason.status_code == 400
    assert without_reason.json()["invalid_params"][0]["name"] == "note"
    approved = participant.post(f"/api/v1/extra-work/{work['id']}/approve/", {}, format="json")
    assert approved.status_code == 200
    assert approved.json()["status"] == "goedgekeurd"
    twice = participant.post(
        f"/api/v1/extra-work/{work['id']}/reject/", {"note": "Toch niet"}, format="json"
    )
    assert twice.status_code == 409
    assert twice["Content-Type"] == PROBLEM
    assert ExtraWork.objects.get().status == "goedgekeurd"
    assert participant.get("/api/v1/extra-work/?status=goedgekeurd&year=2026").json()["count"] == 1


def test_return_discard_and_compare_with_last_year(world):
    manager = client_for(world.account_manager)
    participant = client_for(world.participant_user)
    last_year = submitted(world, year=2025)
    services.version_adopt(
        actor=world.participant_user,
        version=last_year,
        adopted_on=timezone.localdate(),
        decision_reference="B&W 2025-01",
    )
    created = manager.post(
        "/api/v1/programmes/",
        {"participant": world.participant.pk, "year": 2026, "copy_last_year": True},
        format="json",
    ).json()
    version_id = created["versions"][0]["id"]
    assert [row[0] for row in lines_of(version_id)] == ["TH-01", "VV-01"]

    against = manager.get(f"/api/v1/programme-versions/{version_id}/compare-last-year/").json()
    assert (against["a"]["year"], against["b"]["year"]) == (2025, 2026)
    th01 = next(row for row in against["lines"] if row["key"] == "TH-01")
    # Same hours, the 2026 tariff: EUR 6099.00 against 60 h x EUR 98.50.
    assert (th01["hours_difference"], th01["amount_a"], th01["amount_b"]) == (
        "0.00",
        "5910.00",
        "6099.00",
    )
    first = manager.get(f"/api/v1/programme-versions/{last_year.pk}/compare-last-year/")
    assert first.status_code == 404
    assert first["Content-Type"] == PROBLEM

    manager.post(f"/api/v1/programme-versions/{version_id}/submit/", {}, format="json")
    no_reason = participant.post(
        f"/api/v1/programme-versions/{version_id}/return/", {}, format="json"
    )
    assert no_reason.status_code == 400
    returned = participant.post(
        f"/api/v1/programme-versions/{version_id}/return/",
        {"note": "Minder vergunningen"},
        format="json",
    )
    assert returned.status_code == 200
    assert returned.json()["status"] == "concept"
    assert returned.json()["history"][-1]["note"] == "Minder vergunningen"

    # Discarding is for a concept amendment only.
    refused = manager.delete(f"/api/v1/programme-versions/{version_id}/")
    assert refused.status_code == 409
    assert ProgrammeVersion.objects.filter(pk=version_id).exists()
    amendment = manager.post(
        f"/api/v1/programme-versions/{last_year.pk}/amend/", {"explanation": "Bodem"}, format="json"
    )
    assert amendment.status_code == 201
    assert (
        manager.delete(f"/api/v1/programme-versions/{amendment.json()['id']}/").status_code == 204
    )
    assert not ProgrammeVersion.objects.filter(pk=amendment.json()["id"]).exists()


# --- 409: only a concept version changes ----------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "status_word"), [("submitted", "ingediend"), ("adopted", "vastgesteld")]
)
def test_changing_a_version_that_is_not_a_concept_is_a_409_that_says_why(world, stage, status_word):
    version = submitted(world) if stage == "submitted" else adopted(world)
    manager = client_for(world.account_manager)
    line = ProgrammeLine.objects.get(version=version, product__code="TH-01")
    item = RelatedWorkLine.objects.get(version=version)
    before_lines, before_related = lines_of(version.pk), related_of(version.pk)

    attempts = [
        manager.patch(f"/api/v1/programme-lines/{line.pk}/", {"quantity": "99"}, format="json"),
        manager.post(
            "/api/v1/programme-lines/",
            {"version": version.pk, "product": world.products["HH-01"].pk, "quantity": "1"},
            format="json",
        ),
        manager.delete(f"/api/v1/programme-lines/{line.pk}/"),
        manager.patch(f"/api/v1/related-work/{item.pk}/", {"percentage": "50"}, format="json"),
        manager.delete(f"/api/v1/related-work/{item.pk}/"),
    ]
    for response in attempts:
        assert response.status_code == 409, response.content
        assert response["Content-Type"] == PROBLEM
        problem = response.json()
        assert problem["code"] == "version_not_editable"
        assert problem["status"] == 409
        assert status_word in problem["detail"]
        assert "concept" in problem["detail"]
    assert lines_of(version.pk) == before_lines
    assert related_of(version.pk) == before_related

    exported = manager.get(f"/api/v1/programme-versions/{version.pk}/export/").content
    refused_import = manager.post(
        f"/api/v1/programme-versions/{version.pk}/import/", upload(exported), format="multipart"
    )
    assert refused_import.status_code == 409
    assert refused_import.json()["code"] == "version_not_editable"


def test_an_illegal_transition_is_a_409(world):
    version = adopted(world)
    response = client_for(world.account_manager).post(
        f"/api/v1/programme-versions/{version.pk}/submit/", {}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    version.refresh_from_db()
    assert version.status == "vastgesteld"


# --- who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("other_account_manager", "not_account_manager"),
        ("bestuur", "permission_denied"),
        ("medewerker", "permission_denied"),
        ("beheerder", "permission_denied"),  # keeps only the collective programme
        ("own_participant_user", "permission_denied"),
    ],
)
def test_only_the_participants_own_account_manager_drafts(world, make_user, who, code):
    version = drafted(world)
    user = {
        "other_account_manager": lambda: EmployeeFactory(user__role="accountmanager").user,
        "own_participant_user": lambda: world.participant_user,
    }.get(who, lambda: make_user(who))()
    client = client_for(user)
    line = ProgrammeLine.objects.get(version=version, product__code="TH-01")
    before = lines_of(version.pk)

    attempts = [
        client.post(
            "/api/v1/programme-lines/",
            {"version": version.pk, "product": world.products["HH-01"].pk, "quantity": "1"},
            format="json",
        ),
        client.patch(f"/api/v1/programme-lines/{line.pk}/", {"quantity": "99"}, format="json"),
        client.delete(f"/api/v1/programme-lines/{line.pk}/"),
        client.post(f"/api/v1/programme-versions/{version.pk}/submit/", {}, format="json"),
    ]
    for response in attempts:
        assert response.status_code == 403, response.content
        assert response["Content-Type"] == PROBLEM
    assert attempts[0].json()["code"] == code
    assert lines_of(version.pk) == before
    version.refresh_from_db()
    assert version.status == "concept"


def test_another_account_manager_cannot_start_or_amend_the_programme(world):
    other = client_for(EmployeeFactory(user__role="accountmanager").user)
    response = other.post(
        "/api/v1/programmes/", {"participant": world.participant.pk, "year": 2026}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "not_account_manager"
    assert not Programme.objects.exists()

    version = adopted(world)
    refused = other.post(
        f"/api/v1/programme-versions/{version.pk}/amend/", {"explanation": "X"}, format="json"
    )
    assert refused.status_code == 403
    assert ProgrammeVersion.objects.count() == 1


def test_the_account_manager_does_not_adopt_and_another_participant_cannot_see_to(
    world, asten, make_user
):
    version = submitted(world)
    body = {"adopted_on": timezone.localdate().isoformat(), "decision_reference": "X"}

    by_manager = client_for(world.account_manager).post(
        f"/api/v1/programme-versions/{version.pk}/adopt/", body, format="json"
    )
    assert by_manager.status_code == 403
    by_asten = client_for(make_user(participant=asten)).post(
        f"/api/v1/programme-versions/{version.pk}/adopt/", body, format="json"
    )
    assert by_asten.status_code == 404
    version.refresh_from_db()
    assert version.status == "ingediend"


def test_bestuur_reads_everything_and_writes_nothing(world, api_as):
    version = drafted(world)
    file_extra_work(world, world.participant, world.account_manager)
    bestuur = api_as("bestuur")
    for url, count in [
        ("/api/v1/programmes/", 1),
        ("/api/v1/programme-versions/", 1),
        ("/api/v1/programme-lines/", 2),
        ("/api/v1/related-work/", 1),
        ("/api/v1/extra-work/", 1),
        ("/api/v1/distribution-keys/", 0),
    ]:
        response = bestuur.get(url)
        assert response.status_code == 200, url
        assert response.json()["count"] == count, url
    assert bestuur.get(f"/api/v1/programme-versions/{version.pk}/export/").status_code == 200

    work = ExtraWork.objects.get()
    writes = [
        bestuur.post("/api/v1/programmes/", {"participant": None, "year": 2025}, format="json"),
        bestuur.post(
            "/api/v1/programme-lines/",
            {"version": version.pk, "product": world.products["HH-01"].pk, "quantity": "1"},
            format="json",
        ),
        bestuur.post(f"/api/v1/programme-versions/{version.pk}/submit/", {}, format="json"),
        bestuur.delete(f"/api/v1/programme-versions/{version.pk}/"),
        bestuur.post(f"/api/v1/extra-work/{work.pk}/approve/", {}, format="json"),
        bestuur.post(
            "/api/v1/distribution-keys/",
            {"year": 2026, "method": "vast", "shares": []},
            format="json",
        ),
    ]
    assert [response.status_code for response in writes] == [403] * len(writes)
    assert Programme.objects.count() == 1
    assert ProgrammeLine.objects.count() == 2
    assert ExtraWork.objects.get().status == "aangevraagd"
    version.refresh_from_db()
    assert version.status == "concept"


def test_anonymous_gets_401(api_as, world):
    response = api_as(None).get("/api/v1/programmes/")
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM


# --- tenancy ----------------------------------------------------------------------------------


def test_a_user_of_asten_sees_nothing_of_eindhoven(world, asten, make_user):
    eindhoven_version = drafted(world)
    file_extra_work(world, world.participant, world.account_manager)
    asten_version = drafted(world, participant=asten, manager=manager_of(asten))
    line = ProgrammeLine.objects.filter(version=eindhoven_version).first()
    item = RelatedWorkLine.objects.get(version=eindhoven_version)
    work = ExtraWork.objects.get()
    e = world.participant.pk
    client = client_for(make_user(participant=asten))

    hidden = [
        f"/api/v1/programmes/{eindhoven_version.programme_id}/",
        f"/api/v1/programme-versions/{eindhoven_version.pk}/",
        f"/api/v1/programme-versions/{eindhoven_version.pk}/export/",
        f"/api/v1/programme-versions/{eindhoven_version.pk}/compare/?with={asten_version.pk}",
        f"/api/v1/programme-versions/{asten_version.pk}/compare/?with={eindhoven_version.pk}",
        f"/api/v1/programme-versions/{eindhoven_version.pk}/compare-last-year/",
        f"/api/v1/programme-lines/{line.pk}/",
        f"/api/v1/related-work/{item.pk}/",
        f"/api/v1/extra-work/{work.pk}/",
    ]
    for url in hidden:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == PROBLEM
        assert "Eindhoven" not in response.content.decode()
    assert client.get(f"/api/v1/programme-versions/{asten_version.pk}/").status_code == 200

    empty = [
        f"/api/v1/programmes/?participant={e}",
        f"/api/v1/programmes/?year=2026&participant={e}",
        f"/api/v1/programme-versions/?programme={eindhoven_version.programme_id}",
        f"/api/v1/programme-lines/?version={eindhoven_version.pk}",
        f"/api/v1/related-work/?version={eindhoven_version.pk}",
        f"/api/v1/extra-work/?participant={e}",
    ]
    for url in empty:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.json()["count"] == 0, url
    own = client.get("/api/v1/programme-versions/?year=2026").json()
    assert [row["id"] for row in own["results"]] == [asten_version.pk]

    # Writes to Eindhoven's objects: not found, and nothing changes.
    for response in [
        client.post(f"/api/v1/programme-versions/{eindhoven_version.pk}/return/", {"note": "x"}),
        client.post(f"/api/v1/extra-work/{work.pk}/approve/", {}),
    ]:
        assert response.status_code == 404
    assert ExtraWork.objects.get().status == "aangevraagd"


def test_a_version_of_another_participant_cannot_be_named_even_with_a_write_permission(
    world, asten, make_user
):
    """Defence in depth: input fields choose only from what the user may see."""
    eindhoven_version = drafted(world)
    user = make_user(participant=asten)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="programmes", codename="change_programme")
    )
    response = client_for(user).post(
        "/api/v1/programme-lines/",
        {"version": eindhoven_version.pk, "product": world.products["HH-01"].pk, "quantity": "1"},
        format="json",
    )
    missing = client_for(user).post(
        "/api/v1/programme-lines/",
        {"version": 999999, "product": world.products["HH-01"].pk, "quantity": "1"},
        format="json",
    )
    assert response.status_code == missing.status_code == 400
    [seen] = response.json()["invalid_params"]
    [unknown] = missing.json()["invalid_params"]
    assert (
        (seen["name"], seen["code"])
        == (unknown["name"], unknown["code"])
        == (
            "version",
            "does_not_exist",
        )
    )
    assert seen["reason"].replace(f'"{eindhoven_version.pk}"', '"N"') == unknown["reason"].replace(
        '"999999"', '"N"'
    )
    assert ProgrammeLine.objects.filter(version=eindhoven_version).count() == 2


# --- import problems and filters --------------------------------------------------------------


def test_a_bad_import_lists_every_problem_and_writes_nothing(world):
    version = drafted(world)
    manager = client_for(world.account_manager)
    data = manager.get(f"/api/v1/programme-versions/{version.pk}/export/").content
    workbook = load_workbook(io.BytesIO(data))
    workbook["Samenvatting"]["B4"] = 2025  # the year of another programme
    lines = workbook["Regels"]
    assert [lines["A2"].value, lines["A3"].value] == ["TH-01", "VV-01"]
    lines["E2"] = -1  # negative
    lines["E3"] = "veel"  # not a number
    lines.append(["XX-99", None, None, None, 1])  # unknown product, row 4
    lines.append(["TH-01", None, None, None, 3])  # duplicate, row 5
    lines.append(["TH-02", None, None, None, 1.5])  # counted per piece, row 6
    related = workbook["Gerelateerd werk"]
    related["D2"] = 150  # a percentage above 100
    related.append(["onbekend", None, "percentage", 5])  # unknown kind, row 3
    output = io.BytesIO()
    workbook.save(output)
    before_lines, before_related = lines_of(version.pk), related_of(version.pk)

    response = manager.post(
        f"/api/v1/programme-versions/{version.pk}/import/",
        upload(output.getvalue()),
        format="multipart",
    )

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["code"] == "import_rejected"
    assert "8" in problem["detail"]
    assert sorted(param["name"] for param in problem["invalid_params"]) == sorted(
        [
            "Samenvatting!B4",
            "Regels!E2",
            "Regels!E3",
            "Regels!A4",
            "Regels!A5",
            "Regels!E6",
            "Gerelateerd werk!D2",
            "Gerelateerd werk!A3",
        ]
    )
    assert all(param["reason"] for param in problem["invalid_params"])
    assert lines_of(version.pk) == before_lines
    assert related_of(version.pk) == before_related


def test_an_import_without_a_file_or_with_junk(world):
    version = drafted(world)
    manager = client_for(world.account_manager)
    url = f"/api/v1/programme-versions/{version.pk}/import/"

    no_file = manager.post(url, {}, format="multipart")
    assert no_file.status_code == 400
    assert no_file.json()["invalid_params"][0]["name"] == "file"

    junk = manager.post(url, upload(b"dit is geen werkmap"), format="multipart")
    assert junk.status_code == 400
    assert junk.json()["code"] == "import_rejected"
    assert len(junk.json()["invalid_params"]) == 1


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/programme-versions/?status=klaar", "status"),
        ("/api/v1/programme-versions/?year=volgend", "year"),
        ("/api/v1/extra-work/?status=klaar", "status"),
        ("/api/v1/programme-lines/?version=x", "version"),
        ("/api/v1/programmes/?participant=eindhoven", "participant"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(api_as, url, name):
    response = api_as("bestuur").get(url)
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == name


def test_compare_needs_a_visible_other_version(world):
    version = drafted(world)
    manager = client_for(world.account_manager)
    assert manager.get(f"/api/v1/programme-versions/{version.pk}/compare/").status_code == 400
    assert (
        manager.get(f"/api/v1/programme-versions/{version.pk}/compare/?with=999999").status_code
        == 404
    )


def test_starting_a_programme_twice_is_a_409(world):
    manager = client_for(world.account_manager)
    body = {"participant": world.participant.pk, "year": 2026}
    assert manager.post("/api/v1/programmes/", body, format="json").status_code == 201
    again = manager.post("/api/v1/programmes/", body, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "programme_exists"
    assert Programme.objects.count() == 1


LISTS = (
    "/api/v1/programmes/",
    "/api/v1/programme-versions/",
    "/api/v1/programme-lines/",
    "/api/v1/related-work/",
    "/api/v1/extra-work/",
)


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_a_list_costs_the_same_queries_for_one_programme_as_for_several(world, asten, api_as):
    drafted(world)
    file_extra_work(world, world.participant, world.account_manager)
    client = api_as("bestuur")
    for url in LISTS:
        client.get(url)  # warm the user's permission cache
    one = {url: _queries(client, url) for url in LISTS}

    others = Participant.objects.exclude(pk__in=[world.participant.pk, asten.pk])[:2]
    for participant in [asten, *others]:
        manager = manager_of(participant)
        drafted(world, participant=participant, manager=manager)
        file_extra_work(world, participant, manager)
    several = {url: _queries(client, url) for url in LISTS}

    assert several == one, (one, several)
    assert client.get("/api/v1/programme-versions/").json()["count"] == 4
