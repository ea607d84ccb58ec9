"""The board report pages (*rapportages*): the list, drafting a report from a frozen quarter,
the report page (a draft's preview with the notable items, or the published document with
its PDF and Excel), publishing with a confirmation step, and the downloads.

A participant user sees only its own participant's published reports: another participant's
report, a draft and the regional report answer 404 (``grip.reporting.selectors``). Drafting
and publishing go through ``grip.reporting.services``, which check who may.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grip.core.errors import DomainError
from grip.core.models import User as UserModel
from grip.core.tenancy import sees_all_participants
from grip.kpis import selectors as kpis
from grip.participants import selectors as participant_selectors
from grip.participants.models import Participant
from grip.reporting import rendering, services
from grip.reporting.constants import FileFormat, ReportKind, ReportStatus
from grip.reporting.content import ReportContent, load
from grip.reporting.models import Report
from grip.reporting.selectors import (
    download_name,
    report_detail_for,
    report_file_for,
    report_list_for,
)
from grip.web.cases import refusal_status
from grip.web.feedback import dutch_message
from grip.web.reporting.forms import NotableItemsForm, ReportCreateForm

VIEW_REPORT = "reporting.view_report"
PUBLISH = "reporting.publish_report"
PUBLISH_ANY = "reporting.publish_any_report"
PAGE_SIZE = 50

CONTENT_TYPES = {
    FileFormat.PDF: "application/pdf",
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def user_of(request: HttpRequest) -> UserModel:
    user = request.user
    if not isinstance(user, UserModel):  # pragma: no cover - every view requires a login
        raise PermissionDenied
    return user


def report_title(report: Report) -> str:
    """'Kwartaalrapportage Q3 2026 — Eindhoven'."""
    who = report.participant.name if report.participant else _("Regio")
    return f"{str(report.get_kind_display()).capitalize()} {report.snapshot.label} — {who}"


def may_write(user: UserModel) -> bool:
    """Whether to offer drafting and publishing; the services check the participant."""
    return bool(user.has_perm(PUBLISH)) and sees_all_participants(user)


# --- the list -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFilter:
    year: int | None
    kind: str
    status: str
    participant: str  # "" (all), "regio" or a participant's id

    @classmethod
    def from_query(cls, query: QueryDict, *, staff: bool) -> ReportFilter:
        year = query.get("jaar", "").strip()
        kind = query.get("soort", "")
        status = query.get("status", "") if staff else ""
        participant = query.get("deelnemer", "").strip() if staff else ""
        return cls(
            year=int(year) if year.isdigit() else None,
            kind=kind if kind in ReportKind.values else "",
            status=status if status in ReportStatus.values else "",
            participant=participant if participant == "regio" or participant.isdigit() else "",
        )

    def apply(self, reports: QuerySet[Report]) -> QuerySet[Report]:
        if self.year is not None:
            reports = reports.filter(snapshot__year=self.year)
        if self.kind:
            reports = reports.filter(kind=self.kind)
        if self.status:
            reports = reports.filter(status=self.status)
        if self.participant == "regio":
            reports = reports.filter(participant__isnull=True)
        elif self.participant:
            reports = reports.filter(participant_id=int(self.participant))
        return reports


@login_required
@permission_required(VIEW_REPORT, raise_exception=True)
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    staff = sees_all_participants(user)
    chosen = ReportFilter.from_query(request.GET, staff=staff)
    reports = chosen.apply(report_list_for(user=user)).order_by(
        "-snapshot__end", "kind", "participant__name", "id"
    )
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("pagina"))
    rows = [
        {
            "report": report,
            "title": report_title(report),
            "pdf": download_name(report, FileFormat.PDF),
            "xlsx": download_name(report, FileFormat.XLSX),
        }
        for report in page
    ]
    query = request.GET.copy()
    query.pop("pagina", None)
    years = sorted(
        set(kpis.snapshot_list().order_by().values_list("year", flat=True).distinct())
        | {timezone.localdate().year},
        reverse=True,
    )
    context = {
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "filter": chosen,
        "staff": staff,
        "years": years,
        "kinds": ReportKind.choices,
        "statuses": ReportStatus.choices,
        "participants": list(participant_selectors.participant_list_for(user=user).order_by("name"))
        if staff
        else [],
        "may_create": may_write(user),
        "may_pack": user.has_perm(PUBLISH_ANY),
    }
    return render(request, "web/reporting/report_list.html", context)


# --- drafting -----------------------------------------------------------------------------------


def _writable_participants(user: UserModel) -> list[Participant]:
    if user.has_perm(PUBLISH_ANY):
        return list(participant_selectors.participant_list_for(user=user).order_by("name"))
    return list(participant_selectors.participants_managed_by(user=user).order_by("name"))


@login_required
@permission_required(PUBLISH, raise_exception=True)
@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest) -> HttpResponse:
    """A draft report from a frozen quarter, for a participant or the region."""
    user = user_of(request)
    if not sees_all_participants(user):
        raise PermissionDenied
    participants = _writable_participants(user)
    with_region = bool(user.has_perm(PUBLISH_ANY))
    status = 200
    if request.method == "POST":
        form = ReportCreateForm(request.POST, participants=participants, with_region=with_region)
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.report_create(
                    actor=user,
                    snapshot=data["snapshot"],
                    kind=data["kind"],
                    participant=data["participant"],
                )
            except (DomainError, ValidationError) as error:
                form.add_refusal(error)
                status = refusal_status(error)
            else:
                messages.success(
                    request,
                    _(
                        "De concept-rapportage is gemaakt. Schrijf de opvallende zaken en "
                        "publiceer."
                    ),
                )
                return redirect("web:report-detail", pk=report.pk)
    else:
        form = ReportCreateForm(participants=participants, with_region=with_region)
    context = {
        "form": form.style(),
        "has_snapshots": form.fields["snapshot"].queryset.exists(),  # type: ignore[attr-defined]
        "has_subjects": bool(participants) or with_region,
    }
    return render(request, "web/reporting/report_create.html", context, status=status)


# --- the report ---------------------------------------------------------------------------------


def _content(report: Report) -> tuple[ReportContent | None, str]:
    """The stored content of a published report, or a draft's preview; and why not, if not."""
    if report.is_published:
        return load(ReportContent, report.content), ""
    try:
        return services.preview(report), ""
    except LookupError:
        return None, _(
            "Deze meting heeft geen bevroren rapportagegegevens voor deze deelnemer; maak de "
            "rapportage van een ander kwartaal."
        )


def _report_context(
    request: HttpRequest,
    report: Report,
    *,
    form: NotableItemsForm | None = None,
) -> dict[str, Any]:
    user = user_of(request)
    content, problem = _content(report)
    writable = may_write(user) and not report.is_published
    if writable and form is None:
        form = NotableItemsForm(
            initial={"notable_items": report.notable_items}, prefix="rapportage"
        )
    files = {f.format: f for f in report.files.all()} if report.is_published else {}
    context: dict[str, Any] = {
        "report": report,
        "title": report_title(report),
        "content": content,
        "problem": problem,
        "snapshot_url": reverse("web:snapshot-detail", args=[report.snapshot_id]),
        "frozen_on": timezone.localtime(report.snapshot.frozen_at),
        "form": form.style() if writable and form is not None else None,
        "may_publish": writable and content is not None,
        "pdf": files.get(FileFormat.PDF),
        "xlsx": files.get(FileFormat.XLSX),
        "pdf_name": download_name(report, FileFormat.PDF),
        "xlsx_name": download_name(report, FileFormat.XLSX),
    }
    if content is not None:
        page = rendering.page_context(content)
        context.update(page)
        context["snapshot_url"] = reverse("web:snapshot-detail", args=[report.snapshot_id])
        # For the body to link a definition to its indicator page: prefix + code + "/#definitie".
        context["indicator_url_prefix"] = reverse("web:indicator-overview")
        context["has_charts"] = bool(page.get("charts"))
    return context


@login_required
@permission_required(VIEW_REPORT, raise_exception=True)
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_detail_for(user=user_of(request), pk=pk)
    return render(request, "web/reporting/report_detail.html", _report_context(request, report))


@login_required
@permission_required(PUBLISH, raise_exception=True)
@require_POST
def report_notable(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the notable items of a draft."""
    user = user_of(request)
    report = report_detail_for(user=user, pk=pk)
    form = NotableItemsForm(request.POST, prefix="rapportage")
    status = 422
    if form.is_valid():
        try:
            services.report_update(
                actor=user, report=report, notable_items=form.cleaned_data["notable_items"]
            )
        except (DomainError, ValidationError) as error:
            form.add_refusal(error)
            status = refusal_status(error)
        else:
            messages.success(request, _("De opvallende zaken zijn opgeslagen."))
            return redirect(f"{reverse('web:report-detail', args=[report.pk])}#opvallend")
    report = report_detail_for(user=user, pk=pk)
    context = _report_context(request, report, form=form)
    context["refused_anchor"] = "opvallend"
    return render(request, "web/reporting/report_detail.html", context, status=status)


@login_required
@permission_required(PUBLISH, raise_exception=True)
@require_http_methods(["GET", "POST"])
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for confirmation (GET), then publish (POST): content, PDF and Excel are stored."""
    user = user_of(request)
    report = report_detail_for(user=user, pk=pk)
    if report.is_published:
        messages.info(request, _("Deze rapportage is al gepubliceerd."))
        return redirect("web:report-detail", pk=report.pk)
    problem = ""
    status = 200
    if request.method == "POST":
        try:
            services.report_publish(actor=user, report=report)
        except (DomainError, LookupError) as error:
            problem = dutch_message(error) if isinstance(error, DomainError) else str(error)
            status = refusal_status(error) if isinstance(error, DomainError) else 409
        else:
            messages.success(
                request,
                _(
                    "De rapportage is gepubliceerd; de pagina, de PDF en het Excel-bestand "
                    "veranderen niet meer."
                ),
            )
            return redirect("web:report-detail", pk=report.pk)
    context = {"report": report, "title": report_title(report), "problem": problem}
    return render(request, "web/reporting/report_publish.html", context, status=status)


@login_required
@permission_required(VIEW_REPORT, raise_exception=True)
@require_GET
def report_download(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    """The stored PDF or workbook of a published report, exactly as it was published."""
    stored = report_file_for(user=user_of(request), pk=pk, file_format=file_format)
    report = stored.report
    response = HttpResponse(
        bytes(stored.content), content_type=CONTENT_TYPES[FileFormat(file_format)]
    )
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=download_name(report, file_format))
        or "attachment"
    )
    response["Content-Length"] = str(stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    return response
