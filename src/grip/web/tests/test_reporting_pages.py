"""The board report pages: the list, drafting, the notable items, publishing with its
confirmation, the downloads of the stored files, tenancy, Dutch refusals, the regional pack's
progress, and a query-count guard on the list.

Eindhoven's world (``book_year``), frozen at Q1 2026: 20 of 24.52 planned hours realised
(81.6 %).
"""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grip.finance.tests.factories import book_year
from grip.reporting import services
from grip.reporting.constants import FileFormat, PackStatus, ReportKind, ReportStatus
from grip.reporting.models import PackRun, Report, ReportFile

pytestmark = pytest.mark.django_db

LIST = reverse("web:report-list")
CREATE = reverse("web:report-create")


def _html(response):
    return response.content.decode()


@pytest.fixture
def booked(hours):
    book_year(hours)
    return hours.programmes


@pytest.fixture
def q1(booked):
    return services.quarter_freeze(actor=booked.account_manager, year=2026, quarter=1)


@pytest.fixture
def kis(make_user):
    return make_user("kis")


@pytest.fixture
def draft(booked, q1):
    return services.report_create(
        actor=booked.account_manager,
        snapshot=q1,
        kind=ReportKind.QUARTER,
        participant=booked.participant,
    )


@pytest.fixture
def published(booked, draft):
    written = services.report_update(
        actor=booked.account_manager, report=draft, notable_items="Eén nieuwe toezichthouder."
    )
    return services.report_publish(actor=booked.account_manager, report=written)


def test_an_account_manager_drafts_a_report(client, booked, q1):
    client.force_login(booked.account_manager)

    page = client.get(CREATE)
    response = client.post(
        CREATE,
        {"snapshot": q1.pk, "kind": ReportKind.QUARTER, "participant": booked.participant.pk},
    )

    report = Report.objects.get()
    assert page.status_code == 200
    assert page.context["form"].fields["participant"].choices == [
        (str(booked.participant.pk), "Eindhoven")
    ]
    assert response.status_code == 302
    assert response.url == reverse("web:report-detail", args=[report.pk])
    assert (report.status, report.kind, report.participant, report.snapshot) == (
        ReportStatus.DRAFT,
        ReportKind.QUARTER,
        booked.participant,
        q1,
    )


def test_drafting_needs_a_frozen_quarter_and_a_participant_to_keep(client, booked, make_user):
    client.force_login(booked.account_manager)

    before = client.get(CREATE)

    assert before.status_code == 200
    assert "Er is nog geen bevroren kwartaal." in _html(before)
    services.quarter_freeze(actor=booked.account_manager, year=2026, quarter=1)
    client.force_login(make_user("accountmanager"))  # manages no participant
    assert "U bent van geen enkele deelnemer de accountmanager" in _html(client.get(CREATE))


def test_a_kind_that_does_not_fit_the_quarter_is_refused_in_dutch(client, kis, q1):
    client.force_login(kis)

    response = client.post(
        CREATE, {"snapshot": q1.pk, "kind": ReportKind.YEAR, "participant": "regio"}
    )

    assert response.status_code == 422
    assert "gaat niet over Q1" in _html(response)
    assert not Report.objects.exists()


def test_the_draft_page_previews_the_report_and_keeps_the_notable_items(client, booked, draft):
    client.force_login(booked.account_manager)
    url = reverse("web:report-detail", args=[draft.pk])

    page = client.get(url)

    html = _html(page)
    assert page.status_code == 200
    assert "Kwartaalrapportage Q1 2026 — Eindhoven" in html
    assert "concept" in html.split('id="status"')[1][:40]
    assert 'data-figure="realisation.percent" data-value="81.6">81,6' in html
    assert reverse("web:snapshot-detail", args=[draft.snapshot_id]) in html
    assert "Download PDF" not in html

    saved = client.post(
        reverse("web:report-notable", args=[draft.pk]),
        {"rapportage-notable_items": "Let op: <script>alert(1)</script>\n\nTweede alinea."},
    )

    assert saved.status_code == 302
    draft.refresh_from_db()
    assert draft.notable_items == "Let op: <script>alert(1)</script>\n\nTweede alinea."
    html = _html(client.get(url))
    assert "<script>alert(1)</script>" not in html
    assert "Let op: &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<p>Tweede alinea.</p>" in html


def test_publishing_asks_for_confirmation_and_stores_the_files(client, booked, draft):
    client.force_login(booked.account_manager)
    url = reverse("web:report-publish", args=[draft.pk])

    confirm = client.get(url)

    assert confirm.status_code == 200
    assert "Ja, publiceren" in _html(confirm)
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT

    response = client.post(url)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ReportStatus.PUBLISHED
    files = {stored.format: stored for stored in ReportFile.objects.filter(report=draft)}
    assert set(files) == {FileFormat.PDF, FileFormat.XLSX}
    assert (
        files[FileFormat.PDF].sha256
        == hashlib.sha256(bytes(files[FileFormat.PDF].content)).hexdigest()
    )
    html = _html(client.get(reverse("web:report-detail", args=[draft.pk])))
    assert 'id="download-pdf"' in html
    assert 'id="download-xlsx"' in html
    assert 'data-figure="realisation.percent" data-value="81.6">81,6' in html
    assert 'id="opvallend"' not in html  # a published report has no form


def test_the_participant_user_downloads_exactly_the_stored_files(client, booked, published):
    client.force_login(booked.participant_user)
    stored = {f.format: bytes(f.content) for f in ReportFile.objects.filter(report=published)}

    pdf = client.get(reverse("web:report-download", args=[published.pk, "pdf"]))
    workbook = client.get(reverse("web:report-download", args=[published.pk, "xlsx"]))

    assert pdf.status_code == 200
    assert pdf.content == stored[FileFormat.PDF]
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == (
        'attachment; filename="bestuursrapportage-eindhoven-2026-Q1.pdf"'
    )
    assert workbook.content == stored[FileFormat.XLSX]
    assert workbook["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert workbook["Content-Disposition"] == (
        'attachment; filename="bestuursrapportage-eindhoven-2026-Q1.xlsx"'
    )
    assert (
        client.get(reverse("web:report-download", args=[published.pk, "docx"])).status_code == 404
    )
    page = _html(client.get(reverse("web:report-detail", args=[published.pk])))
    assert "Eén nieuwe toezichthouder." in page


def test_a_participant_user_sees_only_its_own_published_reports(
    client, booked, q1, published, asten, kis
):
    other = services.report_create(
        actor=kis, snapshot=q1, kind=ReportKind.QUARTER, participant=asten
    )
    services.report_publish(actor=kis, report=other)
    regional = services.report_create(
        actor=kis, snapshot=q1, kind=ReportKind.QUARTER, participant=None
    )
    client.force_login(booked.participant_user)

    listed = client.get(LIST)

    assert [row["report"] for row in listed.context["rows"]] == [published]
    assert "Asten" not in _html(listed)
    for report in (other, regional):
        assert client.get(reverse("web:report-detail", args=[report.pk])).status_code == 404
        for file_format in ("pdf", "xlsx"):
            url = reverse("web:report-download", args=[report.pk, file_format])
            assert client.get(url).status_code == 404
    assert client.get(reverse("web:report-detail", args=[published.pk])).status_code == 200


def test_a_draft_is_never_shown_to_the_participant_user(client, booked, draft):
    client.force_login(booked.participant_user)

    assert client.get(LIST).context["rows"] == []
    assert client.get(reverse("web:report-detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("web:report-download", args=[draft.pk, "pdf"])).status_code == 404
    assert client.post(reverse("web:report-publish", args=[draft.pk])).status_code == 403


def test_another_account_manager_may_not_publish_and_hears_why(client, draft, make_user):
    client.force_login(make_user("accountmanager"))

    response = client.post(reverse("web:report-publish", args=[draft.pk]))
    notable = client.post(
        reverse("web:report-notable", args=[draft.pk]), {"rapportage-notable_items": "Nee"}
    )

    assert response.status_code == 403
    assert "Alleen de accountmanager van de deelnemer of KIS maakt deze rapportage." in _html(
        response
    )
    assert notable.status_code == 403
    assert "Alleen de accountmanager van de deelnemer of KIS maakt deze rapportage." in _html(
        notable
    )
    draft.refresh_from_db()
    assert (draft.status, draft.notable_items) == (ReportStatus.DRAFT, "")
    assert not ReportFile.objects.exists()


def test_staff_filter_the_list(client, booked, q1, draft, kis, make_user):
    regional = services.report_create(
        actor=kis, snapshot=q1, kind=ReportKind.QUARTER, participant=None
    )
    client.force_login(make_user("bestuur"))

    def shown(**query):
        return [row["report"] for row in client.get(LIST, query).context["rows"]]

    assert set(shown()) == {draft, regional}
    assert shown(deelnemer="regio") == [regional]
    assert shown(deelnemer=booked.participant.pk) == [draft]
    assert shown(status=ReportStatus.PUBLISHED) == []
    assert shown(soort=ReportKind.YEAR) == []
    assert set(shown(jaar=2026, status=ReportStatus.DRAFT)) == {draft, regional}
    assert shown(jaar=2025) == []


def test_the_list_costs_the_same_queries_for_more_reports(client, booked, q1, draft, kis, asten):
    client.force_login(kis)
    with CaptureQueriesContext(connection) as one:
        assert client.get(LIST).status_code == 200
    services.report_create(actor=kis, snapshot=q1, kind=ReportKind.QUARTER, participant=asten)
    services.report_create(actor=kis, snapshot=q1, kind=ReportKind.QUARTER, participant=None)
    with CaptureQueriesContext(connection) as three:
        response = client.get(LIST)
    assert len(response.context["rows"]) == 3
    assert len(three) == len(one)


# --- the regional pack ----------------------------------------------------------------------------


def test_kis_starts_the_regional_pack(client, kis, q1, django_capture_on_commit_callbacks):
    client.force_login(kis)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("web:pack-start"), {"snapshot": q1.pk, "kind": ReportKind.QUARTER}
        )

    run = PackRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("web:pack-run", args=[run.pk])
    assert (run.status, run.total, run.done) == (PackStatus.QUEUED, 23, 0)
    assert len(callbacks) == 1  # the task is enqueued after the commit


def test_only_kis_starts_the_pack(client, booked, q1):
    client.force_login(booked.account_manager)

    page = client.get(reverse("web:pack-start"))
    response = client.post(reverse("web:pack-start"), {"snapshot": q1.pk, "kind": "kwartaal"})

    assert page.status_code == 200
    assert page.context["form"] is None
    assert response.status_code == 302
    assert not PackRun.objects.exists()
    client.force_login(booked.participant_user)
    assert client.get(reverse("web:pack-start")).status_code == 403


def test_the_run_page_polls_while_the_pack_is_made(client, kis, q1):
    run = PackRun.objects.create(
        snapshot=q1,
        kind=ReportKind.QUARTER,
        started_by=kis,
        total=23,
        done=5,
        status=PackStatus.RUNNING,
    )
    client.force_login(kis)

    page = _html(client.get(reverse("web:pack-run", args=[run.pk])))
    partial = _html(
        client.get(reverse("web:pack-progress", args=[run.pk]), headers={"HX-Request": "true"})
    )

    assert 'aria-live="polite"' in page
    for html in (page, partial):
        assert 'hx-trigger="every 2s"' in html
        assert f'hx-get="{reverse("web:pack-progress", args=[run.pk])}"' in html
        assert (
            '<progress id="pakket-balk" class="grip-pack-progress__bar" max="23" value="5">' in html
        )
        assert "5 van 23 rapportages (22 %)" in html
    assert "<html" not in partial

    PackRun.objects.filter(pk=run.pk).update(status=PackStatus.FAILED, error="Schijf vol")
    failed = _html(
        client.get(reverse("web:pack-progress", args=[run.pk]), headers={"HX-Request": "true"})
    )

    assert "hx-trigger" not in failed
    assert "Het pakket is gestopt." in failed
    assert "Schijf vol" in failed
