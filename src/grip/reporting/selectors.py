"""Reads of board reports and pack runs, scoped by who asks."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.text import slugify

from grip.core.tenancy import User, sees_all_participants
from grip.participants.selectors import participant_list_for
from grip.reporting.constants import FileFormat, ReportKind, ReportStatus
from grip.reporting.models import PackRun, Report, ReportFile


def report_list_for(*, user: User) -> QuerySet[Report]:
    """The reports ``user`` may read: staff all of them (drafts too), a participant user only
    its own participant's published reports (never the regional one)."""
    reports = Report.objects.select_related(
        "participant", "snapshot", "published_by", "created_by"
    ).prefetch_related(
        Prefetch("files", queryset=ReportFile.objects.defer("content").order_by("format"))
    )
    if sees_all_participants(user):
        return reports
    return reports.filter(
        status=ReportStatus.PUBLISHED, participant__in=participant_list_for(user=user)
    )


def report_detail_for(*, user: User, pk: int) -> Report:
    try:
        return report_list_for(user=user).get(pk=pk)
    except Report.DoesNotExist:
        raise Http404 from None


def report_file_for(*, user: User, pk: int, file_format: str) -> ReportFile:
    """The stored PDF or workbook of a published report ``user`` may read (else 404)."""
    if file_format not in FileFormat.values:
        raise Http404
    try:
        return ReportFile.objects.select_related("report__participant", "report__snapshot").get(
            report__in=report_list_for(user=user).filter(status=ReportStatus.PUBLISHED),
            report_id=pk,
            format=file_format,
        )
    except ReportFile.DoesNotExist:
        raise Http404 from None


def download_name(report: Report, file_format: str) -> str:
    """'bestuursrapportage-eindhoven-2026-Q3.pdf'; a half-year or year report says so."""
    who = slugify(report.participant.name) if report.participant else "regio"
    period = {ReportKind.HALF_YEAR: "halfjaar", ReportKind.YEAR: "jaar"}.get(
        ReportKind(report.kind), f"Q{report.snapshot.quarter}"
    )
    return f"bestuursrapportage-{who}-{report.snapshot.year}-{period}.{file_format}"


def pack_run_list() -> QuerySet[PackRun]:
    return PackRun.objects.select_related("snapshot", "started_by")
