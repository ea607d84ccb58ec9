"""Drafting, publishing and the regional pack: who may, which kind from which quarter, and a
published report as an immutable document.

Most publishing tests replace the PDF and workbook renderers by fakes (they check what the
service stores, not what the renderers draw); ``test_publishing_with_the_real_renderers``
uses the real ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.models import AuditRecord
from grip.kpis import services as kpi_services
from grip.kpis.models import FrozenError, Snapshot
from grip.participants.models import Participant
from grip.programmes.tests.factories import ProgrammeWorld
from grip.reporting import excel, rendering, services
from grip.reporting.constants import FileFormat, PackStatus, ReportKind, ReportStatus
from grip.reporting.content import dump
from grip.reporting.models import PackRun, Report, ReportFile
from grip.reporting.tests.fixtures_domain import D, fake_pdf, fake_xlsx, freeze

pytestmark = pytest.mark.django_db


@pytest.fixture
def kis(make_user: Callable[..., Any]) -> Any:
    return make_user("kis")


@pytest.fixture
def q1(kis: Any) -> Snapshot:
    return freeze(kis, 1)


@pytest.fixture
def fake_renderers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replace both renderers; the list records which titles each rendered."""
    calls: list[str] = []

    def pdf(content: Any) -> bytes:
        calls.append(f"pdf {content.title}")
        return fake_pdf(content)

    def xlsx(content: Any) -> bytes:
        calls.append(f"xlsx {content.title}")
        return fake_xlsx(content)

    monkeypatch.setattr(rendering, "render_pdf", pdf, raising=False)
    monkeypatch.setattr(excel, "render_xlsx", xlsx, raising=False)
    return calls


def draft(actor: Any, snapshot: Snapshot, participant: Participant | None, **kwargs: Any) -> Report:
    kwargs.setdefault("kind", ReportKind.QUARTER)
    return services.report_create(actor=actor, snapshot=snapshot, participant=participant, **kwargs)


# --- drafting ------------------------------------------------------------------------------------


def test_the_kind_follows_the_quarter(world: ProgrammeWorld, kis: Any) -> None:
    eindhoven = world.participant
    q1, q2, q4 = freeze(kis, 1), freeze(kis, 2), freeze(kis, 4)
    baseline = kpi_services.baseline_freeze(
        actor=kis, start=D(2025, 1, 1), end=D(2025, 12, 31), today=D(2026, 4, 1)
    )

    def refusal(snapshot: Snapshot, kind: str) -> str:
        with pytest.raises(DomainError) as refused:
            draft(kis, snapshot, eindhoven, kind=kind)
        return str(refused.value.code)

    assert refusal(q1, ReportKind.HALF_YEAR) == "kind_quarter_mismatch"
    assert refusal(q1, ReportKind.YEAR) == "kind_quarter_mismatch"
    assert refusal(q2, ReportKind.YEAR) == "kind_quarter_mismatch"
    assert refusal(q4, ReportKind.HALF_YEAR) == "kind_quarter_mismatch"
    assert refusal(q1, "maand") == "kind_quarter_mismatch"
    assert refusal(baseline, ReportKind.QUARTER) == "not_a_quarter"
    assert not Report.objects.exists()
    made = [
        draft(kis, q1, eindhoven),
        draft(kis, q2, eindhoven, kind=ReportKind.HALF_YEAR),
        draft(kis, q2, eindhoven),
        draft(kis, q4, eindhoven, kind=ReportKind.YEAR),
    ]
    assert [(r.snapshot.quarter, r.kind, r.status) for r in made] == [
        (1, "kwartaal", "concept"),
        (2, "halfjaar", "concept"),
        (2, "kwartaal", "concept"),
        (4, "jaar", "concept"),
    ]


def test_a_report_exists_once_per_participant_kind_and_quarter(
    world: ProgrammeWorld, q1: Snapshot, kis: Any
) -> None:
    first = draft(world.account_manager, q1, world.participant, notable_items="  Rustig.  ")
    draft(kis, q1, None)

    with pytest.raises(Conflict) as again:
        draft(kis, q1, world.participant)
    with pytest.raises(Conflict) as regional_again:
        draft(kis, q1, None)

    assert again.value.code == regional_again.value.code == "report_exists"
    assert Report.objects.count() == 2
    assert (first.notable_items, first.created_by) == ("Rustig.", world.account_manager)
    assert AuditRecord.objects.filter(
        action="create", content_type__model="report", object_id=str(first.pk)
    ).exists()


def test_who_drafts_which_report(
    world: ProgrammeWorld,
    q1: Snapshot,
    asten: Participant,
    kis: Any,
    make_user: Callable[..., Any],
) -> None:
    eindhoven, manager = world.participant, world.account_manager
    for actor, participant in (
        (make_user("accountmanager"), eindhoven),  # not Eindhoven's account manager
        (manager, asten),  # Eindhoven's, not Asten's
        (manager, None),  # the regional report is KIS's
        (world.participant_user, eindhoven),
        (make_user("bestuur"), eindhoven),
        (make_user("medewerker"), eindhoven),
    ):
        with pytest.raises(NotAllowed):
            draft(actor, q1, participant)
    assert not Report.objects.exists()

    assert draft(manager, q1, eindhoven).participant == eindhoven
    assert draft(kis, q1, asten).participant == asten
    assert draft(kis, q1, None).participant is None


def test_a_snapshot_without_report_figures_takes_no_report(world: ProgrammeWorld, kis: Any) -> None:
    bare = kpi_services.snapshot_freeze(actor=kis, year=2026, quarter=1, today=D(2026, 4, 1))

    with pytest.raises(DomainError) as refused:
        draft(kis, bare, world.participant)

    assert refused.value.code == "no_frozen_sections"


def test_notable_items_are_written_on_a_draft_only(
    world: ProgrammeWorld, q1: Snapshot, fake_renderers: list[str], make_user: Callable[..., Any]
) -> None:
    manager = world.account_manager
    report = draft(manager, q1, world.participant)

    with pytest.raises(NotAllowed):
        services.report_update(
            actor=make_user("accountmanager"), report=report, notable_items="Niet van mij."
        )
    updated = services.report_update(
        actor=manager, report=report, notable_items="\n Handhaving Kanaaldijk loopt. \n"
    )

    assert updated.notable_items == "Handhaving Kanaaldijk loopt."
    assert services.preview(updated).notable_items == "Handhaving Kanaaldijk loopt."
    services.report_publish(actor=manager, report=updated)
    with pytest.raises(Conflict) as published:
        services.report_update(actor=manager, report=updated, notable_items="Later nog iets.")
    assert published.value.code == "report_published"
    assert Report.objects.get().notable_items == "Handhaving Kanaaldijk loopt."


# --- publishing ----------------------------------------------------------------------------------


def test_publishing_stores_the_content_and_both_files_with_their_checksums(
    world: ProgrammeWorld, q1: Snapshot, fake_renderers: list[str]
) -> None:
    """The storing logic, with fake renderers."""
    manager = world.account_manager
    report = draft(manager, q1, world.participant, notable_items="Drukke maand.")
    expected = services.preview(report)
    before = timezone.now()

    published = services.report_publish(actor=manager, report=report)

    title = "Kwartaalrapportage Q1 2026 — Eindhoven"
    assert fake_renderers == [f"pdf {title}", f"xlsx {title}"]
    stored = Report.objects.get(pk=report.pk)
    assert stored.status == ReportStatus.PUBLISHED == published.status
    assert stored.published_by == manager
    assert stored.published_at is not None
    assert stored.published_at >= before
    assert stored.content == dump(expected)
    assert stored.content["notable_items"] == "Drukke maand."
    files = {f.format: f for f in ReportFile.objects.filter(report=stored)}
    assert set(files) == {FileFormat.PDF, FileFormat.XLSX}
    for file, content in ((files["pdf"], fake_pdf(expected)), (files["xlsx"], fake_xlsx(expected))):
        assert bytes(file.content) == content
        assert file.size == len(content)
        assert file.sha256 == hashlib.sha256(content).hexdigest()
    assert AuditRecord.objects.filter(
        action="update", content_type__model="report", object_id=str(report.pk)
    ).exists()


def test_a_published_report_and_its_files_never_change(
    world: ProgrammeWorld, q1: Snapshot, fake_renderers: list[str]
) -> None:
    manager = world.account_manager
    report = services.report_publish(actor=manager, report=draft(manager, q1, world.participant))

    with pytest.raises(Conflict) as again:
        services.report_publish(actor=manager, report=report)
    assert again.value.code == "report_published"
    report.notable_items = "Achteraf."
    with pytest.raises(FrozenError):
        report.save()
    with pytest.raises(FrozenError):
        report.delete()
    pdf = ReportFile.objects.get(report=report, format=FileFormat.PDF)
    pdf.content = b"%PDF anders"
    with pytest.raises(FrozenError):
        pdf.save()
    with pytest.raises(FrozenError):
        pdf.delete()

    assert Report.objects.get().notable_items == ""
    assert bytes(ReportFile.objects.get(format=FileFormat.PDF).content) != b"%PDF anders"
    assert ReportFile.objects.count() == 2
    assert len(fake_renderers) == 2  # the refused second publication rendered nothing


def test_a_draft_can_be_deleted_and_a_stranger_does_not_publish(
    world: ProgrammeWorld, q1: Snapshot, fake_renderers: list[str], make_user: Callable[..., Any]
) -> None:
    report = draft(world.account_manager, q1, world.participant)

    with pytest.raises(NotAllowed):
        services.report_publish(actor=make_user("accountmanager"), report=report)
    with pytest.raises(NotAllowed):
        services.report_publish(actor=world.participant_user, report=report)

    assert Report.objects.get().status == ReportStatus.DRAFT
    assert fake_renderers == []
    report.delete()
    assert not Report.objects.exists()


def test_publishing_with_the_real_renderers(world: ProgrammeWorld, q1: Snapshot) -> None:
    """The same storing path with the real PDF and workbook renderers."""
    manager = world.account_manager
    report = services.report_publish(actor=manager, report=draft(manager, q1, world.participant))

    files = {f.format: bytes(f.content) for f in ReportFile.objects.filter(report=report)}
    assert files["pdf"].startswith(b"%PDF")
    assert files["xlsx"].startswith(b"PK")  # a zip: the Office Open XML package
    for file in ReportFile.objects.filter(report=report):
        assert file.sha256 == hashlib.sha256(bytes(file.content)).hexdigest()


# --- the regional pack ---------------------------------------------------------------------------


def test_the_pack_publishes_every_participants_report_and_the_regional_one(
    q1: Snapshot,
    kis: Any,
    fake_renderers: list[str],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = services.pack_start(actor=kis, snapshot=q1, kind=ReportKind.QUARTER)

    run.refresh_from_db()
    assert (run.status, run.total, run.done, run.skipped, run.error) == (
        PackStatus.DONE,
        23,
        23,
        0,
        "",
    )
    assert run.finished_at is not None
    assert run.task_id != ""
    assert run.percent == 100
    reports = Report.objects.filter(snapshot=q1, kind=ReportKind.QUARTER)
    assert reports.count() == 23
    assert set(reports.values_list("status", flat=True)) == {ReportStatus.PUBLISHED}
    assert set(reports.values_list("participant_id", flat=True)) == {
        *Participant.objects.values_list("pk", flat=True),
        None,
    }
    assert ReportFile.objects.count() == 46
    assert len(fake_renderers) == 46

    again = services.run_pack(run.pk)

    assert (again.status, again.done, again.skipped) == (PackStatus.DONE, 23, 23)
    assert Report.objects.count() == 23
    assert len(fake_renderers) == 46


def test_the_pack_skips_what_is_already_published(
    world: ProgrammeWorld, q1: Snapshot, kis: Any, fake_renderers: list[str]
) -> None:
    manager = world.account_manager
    services.report_publish(actor=manager, report=draft(manager, q1, world.participant))
    waiting = draft(kis, q1, None, notable_items="Regionaal beeld.")
    run = PackRun.objects.create(snapshot=q1, kind=ReportKind.QUARTER, started_by=kis, total=23)

    finished = services.run_pack(run.pk)

    assert (finished.status, finished.done, finished.skipped) == (PackStatus.DONE, 23, 1)
    regional = Report.objects.get(pk=waiting.pk)
    assert regional.status == ReportStatus.PUBLISHED
    assert regional.content is not None
    assert regional.content["notable_items"] == "Regionaal beeld."
    assert Report.objects.get(participant=world.participant).published_by == manager


def test_who_starts_a_pack_and_when(
    world: ProgrammeWorld, q1: Snapshot, kis: Any, fake_renderers: list[str]
) -> None:
    with pytest.raises(NotAllowed):
        services.pack_start(actor=world.account_manager, snapshot=q1, kind=ReportKind.QUARTER)
    with pytest.raises(DomainError) as wrong_kind:
        services.pack_start(actor=kis, snapshot=q1, kind=ReportKind.YEAR)
    assert wrong_kind.value.code == "kind_quarter_mismatch"

    queued = services.pack_start(actor=kis, snapshot=q1, kind=ReportKind.QUARTER)
    with pytest.raises(Conflict) as running:
        services.pack_start(actor=kis, snapshot=q1, kind=ReportKind.QUARTER)

    assert running.value.code == "pack_running"
    assert (queued.status, queued.total, queued.done) == (PackStatus.QUEUED, 23, 0)
    assert PackRun.objects.count() == 1
    assert not Report.objects.exists()  # nothing runs before the commit


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_pack_starts_from_a_request_outside_any_transaction(
    q1: Snapshot, kis: Any, fake_renderers: list[str]
) -> None:
    """As in a web request (autocommit): the run and its audit record are written together,
    and the task is queued only after they are committed (the immediate backend runs it)."""
    run = services.pack_start(actor=kis, snapshot=q1, kind=ReportKind.QUARTER)

    run.refresh_from_db()
    assert (run.status, run.done, run.total) == (PackStatus.DONE, 23, 23)
    assert AuditRecord.objects.filter(content_type__model="packrun", object_id=str(run.pk)).exists()
