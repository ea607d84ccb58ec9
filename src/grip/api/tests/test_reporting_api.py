"""Board reports through the API: a draft with its preview, the notable items, publishing (the
stored content, the PDF and the workbook, byte for byte, with the SHA-256 as ETag), the refusals,
tenancy (another participant's report and its files answer 404), the regional pack with its
progress, and query-count guards on the lists.

The PDF and the workbook are rendered by ``reporting.rendering`` and ``reporting.excel``; here
both are replaced by small fixed bytes, so that a download can be compared exactly and the
tests do not depend on WeasyPrint."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from grip.finance.tests.factories import book_year
from grip.hours.tests.factories import HoursWorld
from grip.kpis.models import Snapshot
from grip.participants.models import Participant
from grip.reporting import excel, rendering
from grip.reporting import services as reporting_services
from grip.reporting.content import ReportContent
from grip.reporting.models import PackRun, Report, ReportFile

pytestmark = pytest.mark.django_db
API = "/api/v1"
PROBLEM = "application/problem+json"
TODAY = datetime.date(2026, 5, 1)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def pdf_bytes(content: ReportContent) -> bytes:
    return b"%PDF-1.7 " + content.title.encode()


def xlsx_bytes(content: ReportContent) -> bytes:
    return b"PK\x03\x04 " + content.participant_name.encode()


@pytest.fixture(autouse=True)
def renderers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rendering, "render_pdf", pdf_bytes, raising=False)
    monkeypatch.setattr(excel, "render_xlsx", xlsx_bytes, raising=False)


@pytest.fixture
def booked(hours: HoursWorld) -> HoursWorld:
    """Eindhoven's adopted 2026 plan; in Q1 20 of 24.52 planned hours realised (81.6 %)."""
    book_year(hours)
    return hours


@pytest.fixture
def kis(make_user: Any) -> Any:
    return make_user("kis", first_name="Kim", last_name="Kis")


@pytest.fixture
def frozen(booked: HoursWorld, kis: Any) -> Snapshot:
    return reporting_services.quarter_freeze(actor=kis, year=2026, quarter=1, today=TODAY)


def draft(snapshot: Snapshot, participant: Participant | None, actor: Any) -> Report:
    return reporting_services.report_create(
        actor=actor, snapshot=snapshot, kind="kwartaal", participant=participant
    )


def published(snapshot: Snapshot, participant: Participant | None, actor: Any) -> Report:
    return reporting_services.report_publish(
        actor=actor, report=draft(snapshot, participant, actor)
    )


# --- drafting and publishing --------------------------------------------------------------------


def test_the_account_manager_drafts_writes_and_publishes_a_report(
    frozen: Snapshot, booked: HoursWorld, eindhoven: Participant
) -> None:
    manager = booked.programmes.account_manager
    client = client_for(manager)

    created = client.post(
        f"{API}/reports/",
        {
            "snapshot": frozen.pk,
            "kind": "kwartaal",
            "participant": eindhoven.pk,
            "notable_items": "  Twee extra controles na klachten. ",
        },
        format="json",
    )

    assert created.status_code == 201
    body = created.json()
    report = Report.objects.get()
    assert {key: body[key] for key in body if key not in ("created_at", "content")} == {
        "id": report.pk,
        "participant": eindhoven.pk,
        "participant_name": "Eindhoven",
        "kind": "kwartaal",
        "title": "Kwartaalrapportage Q1 2026 — Eindhoven",
        "year": 2026,
        "quarter": 1,
        "snapshot": frozen.pk,
        "snapshot_label": "Q1 2026",
        "status": "concept",
        "notable_items": "Twee extra controles na klachten.",
        "created_by": manager.get_full_name(),
        "published_at": None,
        "published_by": None,
        "files": [],
        "content_is_preview": True,
    }
    preview = body["content"]
    assert (preview["title"], preview["participant_name"], preview["notable_items"]) == (
        "Kwartaalrapportage Q1 2026 — Eindhoven",
        "Eindhoven",
        "Twee extra controles na klachten.",
    )
    hours_line = next(line for line in preview["indicators"] if line["code"] == "realisatie-uren")
    assert (hours_line["value"], hours_line["numerator"], hours_line["denominator"]) == (
        "81.6",
        "20.00",
        "24.52",
    )
    assert (hours_line["snapshot_id"], hours_line["snapshot_label"]) == (frozen.pk, "Q1 2026")
    assert preview["sections"]["realisation"]["realised_hours"] == "20.00"

    written = client.patch(
        f"{API}/reports/{report.pk}/", {"notable_items": "Eén extra controle."}, format="json"
    )
    assert (written.status_code, written.json()["notable_items"]) == (200, "Eén extra controle.")
    assert written.json()["content"]["notable_items"] == "Eén extra controle."

    publishing = client.post(f"{API}/reports/{report.pk}/publish/")

    assert publishing.status_code == 200
    body = publishing.json()
    report.refresh_from_db()
    assert (body["status"], body["published_by"], body["content_is_preview"]) == (
        "gepubliceerd",
        manager.get_full_name(),
        False,
    )
    assert body["content"] == report.content
    assert body["content"]["notable_items"] == "Eén extra controle."
    pdf = b"%PDF-1.7 Kwartaalrapportage Q1 2026 \xe2\x80\x94 Eindhoven"
    workbook = b"PK\x03\x04 Eindhoven"
    assert [
        {key: row[key] for key in ("format", "size", "sha256", "download")} for row in body["files"]
    ] == [
        {
            "format": "pdf",
            "size": len(pdf),
            "sha256": hashlib.sha256(pdf).hexdigest(),
            "download": f"http://testserver/api/v1/reports/{report.pk}/pdf/",
        },
        {
            "format": "xlsx",
            "size": len(workbook),
            "sha256": hashlib.sha256(workbook).hexdigest(),
            "download": f"http://testserver/api/v1/reports/{report.pk}/xlsx/",
        },
    ]

    again = client.post(f"{API}/reports/{report.pk}/publish/")
    changed = client.patch(f"{API}/reports/{report.pk}/", {"notable_items": "x"}, format="json")
    assert codes(again) == (409, "report_published")
    assert codes(changed) == (409, "report_published")
    assert Report.objects.get().notable_items == "Eén extra controle."


def test_the_participant_user_downloads_exactly_the_stored_files(
    frozen: Snapshot, booked: HoursWorld, eindhoven: Participant, kis: Any
) -> None:
    report = published(frozen, eindhoven, kis)
    client = client_for(booked.programmes.participant_user)
    pdf = b"%PDF-1.7 Kwartaalrapportage Q1 2026 \xe2\x80\x94 Eindhoven"
    workbook = b"PK\x03\x04 Eindhoven"

    as_pdf = client.get(f"{API}/reports/{report.pk}/pdf/")
    as_xlsx = client.get(f"{API}/reports/{report.pk}/xlsx/")

    assert as_pdf.status_code == 200
    assert as_pdf.content == pdf
    assert as_pdf["Content-Type"] == "application/pdf"
    assert as_pdf["Content-Disposition"] == (
        'attachment; filename="bestuursrapportage-eindhoven-2026-Q1.pdf"'
    )
    assert as_pdf["ETag"] == f'"{hashlib.sha256(pdf).hexdigest()}"'
    assert as_pdf["Content-Length"] == str(len(pdf))
    assert as_xlsx.content == workbook
    assert as_xlsx["Content-Type"] == XLSX
    assert as_xlsx["Content-Disposition"] == (
        'attachment; filename="bestuursrapportage-eindhoven-2026-Q1.xlsx"'
    )
    assert as_xlsx["ETag"] == f'"{hashlib.sha256(workbook).hexdigest()}"'
    stored = ReportFile.objects.get(report=report, format="pdf")
    assert bytes(stored.content) == as_pdf.content

    unchanged = client.get(f"{API}/reports/{report.pk}/pdf/", HTTP_IF_NONE_MATCH=as_pdf["ETag"])
    assert (unchanged.status_code, unchanged.content) == (304, b"")
    assert unchanged["ETag"] == as_pdf["ETag"]

    detail = client.get(f"{API}/reports/{report.pk}/").json()
    assert detail["content"] == Report.objects.get(pk=report.pk).content
    assert detail["content"]["participant_name"] == "Eindhoven"


def test_a_regional_year_report_is_named_for_the_region(booked: HoursWorld, kis: Any) -> None:
    snapshot = reporting_services.quarter_freeze(
        actor=kis, year=2026, quarter=4, today=datetime.date(2027, 1, 15)
    )
    client = client_for(kis)

    created = client.post(
        f"{API}/reports/",
        {"snapshot": snapshot.pk, "kind": "jaar", "participant": None},
        format="json",
    )
    report_id = created.json()["id"]
    client.post(f"{API}/reports/{report_id}/publish/")
    download = client.get(f"{API}/reports/{report_id}/xlsx/")

    assert (created.json()["title"], created.json()["participant_name"]) == (
        "Jaarrapportage 2026 — Regio (alle deelnemers)",
        None,
    )
    assert download["Content-Disposition"] == (
        'attachment; filename="bestuursrapportage-regio-2026-jaar.xlsx"'
    )
    assert download.content == b"PK\x03\x04 Regio"
    assert len(created.json()["content"]["participants"]) == 22


def test_a_draft_has_no_files_and_a_preview_only_for_who_keeps_it(
    frozen: Snapshot, eindhoven: Participant, kis: Any, make_user: Any
) -> None:
    report = draft(frozen, eindhoven, kis)
    board = client_for(make_user("bestuur"))

    detail = board.get(f"{API}/reports/{report.pk}/")
    pdf = board.get(f"{API}/reports/{report.pk}/pdf/")

    assert detail.status_code == 200
    assert (detail.json()["status"], detail.json()["content"]) == ("concept", None)
    assert detail.json()["content_is_preview"] is False
    assert (pdf.status_code, pdf["Content-Type"]) == (404, PROBLEM)
    assert client_for(kis).get(f"{API}/reports/{report.pk}/").json()["content_is_preview"] is True


def test_who_may_draft_and_publish(
    frozen: Snapshot, booked: HoursWorld, eindhoven: Participant, asten: Participant, kis: Any
) -> None:
    manager = client_for(booked.programmes.account_manager)
    user = client_for(booked.programmes.participant_user)
    own = draft(frozen, eindhoven, kis)

    def create(client: APIClient, participant: Participant | None, kind: str = "kwartaal") -> Any:
        return client.post(
            f"{API}/reports/",
            {
                "snapshot": frozen.pk,
                "kind": kind,
                "participant": participant.pk if participant else None,
            },
            format="json",
        )

    assert create(user, eindhoven).status_code == 403
    assert codes(create(manager, asten)) == (403, "not_report_keeper")
    assert codes(create(manager, None)) == (403, "not_report_keeper")
    assert codes(create(manager, eindhoven)) == (409, "report_exists")
    assert codes(create(client_for(kis), asten, kind="halfjaar")) == (400, "kind_quarter_mismatch")
    assert Report.objects.count() == 1
    # A participant user does not even see the draft; publishing it is refused before that.
    assert user.post(f"{API}/reports/{own.pk}/publish/").status_code == 403
    assert user.patch(f"{API}/reports/{own.pk}/", {"notable_items": "x"}).status_code == 403
    assert Report.objects.get().status == "concept"
    assert manager.post(f"{API}/reports/{own.pk}/publish/").status_code == 200


# --- tenancy ------------------------------------------------------------------------------------


def test_a_participant_user_reads_only_its_own_published_reports(
    frozen: Snapshot, booked: HoursWorld, eindhoven: Participant, asten: Participant, kis: Any
) -> None:
    own = published(frozen, eindhoven, kis)
    other = published(frozen, asten, kis)
    region = published(frozen, None, kis)
    client = client_for(booked.programmes.participant_user)

    listed = client.get(f"{API}/reports/").json()

    assert [row["id"] for row in listed["results"]] == [own.pk]
    for url in (
        f"{API}/reports/{other.pk}/",
        f"{API}/reports/{other.pk}/pdf/",
        f"{API}/reports/{other.pk}/xlsx/",
        f"{API}/reports/{region.pk}/",
        f"{API}/reports/{region.pk}/pdf/",
    ):
        response = client.get(url)
        assert (response.status_code, response["Content-Type"]) == (404, PROBLEM), url
        assert "Asten" not in response.content.decode()


def test_a_participant_user_does_not_see_its_own_draft(
    frozen: Snapshot, booked: HoursWorld, eindhoven: Participant, kis: Any, make_user: Any
) -> None:
    report = draft(frozen, eindhoven, kis)
    client = client_for(booked.programmes.participant_user)

    assert client.get(f"{API}/reports/").json()["results"] == []
    assert client.get(f"{API}/reports/{report.pk}/").status_code == 404
    staff = client_for(make_user("medewerker")).get(f"{API}/reports/", {"status": "concept"})
    assert [row["id"] for row in staff.json()["results"]] == [report.pk]


def test_the_report_list_filters(
    frozen: Snapshot, eindhoven: Participant, asten: Participant, kis: Any, make_user: Any
) -> None:
    first = published(frozen, eindhoven, kis)
    second = draft(frozen, asten, kis)
    client = client_for(make_user("bestuur"))

    def ids(**query: Any) -> list[int]:
        return [row["id"] for row in client.get(f"{API}/reports/", query).json()["results"]]

    assert sorted(ids()) == sorted([first.pk, second.pk])
    assert ids(status="gepubliceerd") == [first.pk]
    assert ids(participant=asten.pk) == [second.pk]
    assert sorted(ids(year=2026, quarter=1, kind="kwartaal")) == sorted([first.pk, second.pk])
    assert ids(year=2025) == []
    wrong = client.get(f"{API}/reports/", {"kind": "maand"})
    assert wrong.status_code == 400


# --- the regional pack --------------------------------------------------------------------------


def test_the_regional_pack_publishes_every_report_with_progress(
    frozen: Snapshot,
    booked: HoursWorld,
    eindhoven: Participant,
    kis: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    published(frozen, eindhoven, kis)  # already published: skipped, not published again
    client = client_for(kis)

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            f"{API}/report-packs/", {"snapshot": frozen.pk, "kind": "kwartaal"}, format="json"
        )
        queued = started.json()

    assert started.status_code == 201
    run = PackRun.objects.get()
    assert {key: queued[key] for key in queued if key != "started_at"} == {
        "id": run.pk,
        "snapshot": frozen.pk,
        "snapshot_label": "Q1 2026",
        "kind": "kwartaal",
        "status": "wachtrij",
        "total": 23,
        "done": 0,
        "skipped": 0,
        "percent": 0,
        "error": "",
        "finished_at": None,
        "started_by": "Kim Kis",
    }
    finished = client.get(f"{API}/report-packs/{run.pk}/").json()
    assert {key: finished[key] for key in ("status", "total", "done", "skipped", "percent")} == {
        "status": "gereed",
        "total": 23,
        "done": 23,
        "skipped": 1,
        "percent": 100,
    }
    assert Report.objects.filter(status="gepubliceerd").count() == 23
    assert ReportFile.objects.count() == 46
    assert [row["id"] for row in client.get(f"{API}/report-packs/").json()["results"]] == [run.pk]


def test_only_kis_starts_the_pack_and_staff_read_its_progress(
    frozen: Snapshot, booked: HoursWorld, make_user: Any
) -> None:
    body = {"snapshot": frozen.pk, "kind": "kwartaal"}
    manager = client_for(booked.programmes.account_manager)
    user = client_for(booked.programmes.participant_user)

    assert manager.post(f"{API}/report-packs/", body, format="json").status_code == 403
    assert user.post(f"{API}/report-packs/", body, format="json").status_code == 403
    assert user.get(f"{API}/report-packs/").status_code == 403
    assert manager.get(f"{API}/report-packs/").json()["count"] == 0
    mismatch = client_for(make_user("kis")).post(
        f"{API}/report-packs/", {"snapshot": frozen.pk, "kind": "jaar"}, format="json"
    )
    assert codes(mismatch) == (400, "kind_quarter_mismatch")
    assert not PackRun.objects.exists()


# --- query counts -------------------------------------------------------------------------------


def test_the_report_list_costs_the_same_queries_for_2_and_10_reports(
    frozen: Snapshot, kis: Any, make_user: Any
) -> None:
    client = client_for(make_user("bestuur"))
    participants = list(Participant.objects.order_by("pk")[:10])
    published(frozen, participants[0], kis)
    draft(frozen, participants[1], kis)
    few = queries(client, f"{API}/reports/")
    for participant in participants[2:6]:
        published(frozen, participant, kis)
    for participant in participants[6:]:
        draft(frozen, participant, kis)
    many = queries(client, f"{API}/reports/")

    body = client.get(f"{API}/reports/").json()
    assert body["count"] == 10
    assert sum(len(row["files"]) for row in body["results"]) == 10
    assert many == few


def test_the_pack_list_costs_the_same_queries_for_2_and_10_runs(frozen: Snapshot, kis: Any) -> None:
    client = client_for(kis)

    def runs(count: int) -> None:
        PackRun.objects.bulk_create(
            PackRun(snapshot=frozen, kind="kwartaal", started_by=kis, status="gereed")
            for _ in range(count)
        )

    runs(2)
    few = queries(client, f"{API}/report-packs/")
    runs(8)
    many = queries(client, f"{API}/report-packs/")

    assert client.get(f"{API}/report-packs/").json()["count"] == 10
    assert many == few
