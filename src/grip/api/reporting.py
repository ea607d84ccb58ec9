"""API for board reports (*bestuursrapportages*): drafts, publishing, the stored content, the
PDF and the workbook, and the regional pack that publishes every report in the background.

A participant user reads only its own participant's published reports: a draft, the regional
report and another participant's report answer 404, and so do their files. Staff read every
report, drafts included; the draft's content is a preview, built now from the frozen snapshot,
for those who may keep the report (its account manager, KIS). A published report is an
immutable document: its content is the stored JSON, and its files are the stored bytes, with
the SHA-256 as ETag.
"""

from __future__ import annotations

import datetime
import types
from dataclasses import fields, is_dataclass
from decimal import Decimal
from typing import Any, ClassVar, Union, get_args, get_origin, get_type_hints

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from grip.api.base import ServiceViewSet, int_query_param
from grip.api.cases import ActionViewSetMixin, ScopedSerializer, choice_query_param
from grip.api.kpis import year_field
from grip.core.errors import NotAllowed
from grip.core.tenancy import User
from grip.kpis import selectors as kpis_selectors
from grip.kpis.models import Snapshot
from grip.participants import selectors as participant_selectors
from grip.participants.models import Participant
from grip.reporting import building, services
from grip.reporting.constants import FileFormat, PackStatus, ReportKind, ReportStatus
from grip.reporting.content import ReportContent, dump
from grip.reporting.models import PackRun, Report, ReportFile
from grip.reporting.selectors import download_name, report_list_for

KEEP_REPORT = ("reporting.publish_report",)
PUBLISH_PACK = ("reporting.publish_any_report",)

CONTENT_TYPES = {
    FileFormat.PDF: "application/pdf",
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _person(user: Any) -> str | None:
    if user is None:
        return None
    return str(user.get_full_name() or user.get_username())


# --- reading ------------------------------------------------------------------------------------


def _may_keep(user: User, report: Report) -> bool:
    try:
        services.require_report_keeper(user, report.participant)
    except NotAllowed:
        return False
    return True


def _visible_participants(user: User) -> QuerySet[Participant]:
    return participant_selectors.participant_list_for(user=user)


def _snapshots(user: User) -> QuerySet[Snapshot]:
    return kpis_selectors.snapshot_list()


# --- the content, as a schema -------------------------------------------------------------------

_CONTENT_SERIALIZERS: dict[type, type[serializers.Serializer[Any]]] = {}


def _content_field(hint: Any) -> serializers.Field:  # type: ignore[type-arg]
    """A read-only field documenting one field of the stored content (see content.py)."""
    nullable = False
    if get_origin(hint) in (Union, types.UnionType):
        options = [arg for arg in get_args(hint) if arg is not type(None)]
        nullable = len(options) < len(get_args(hint))
        hint = options[0]
    if get_origin(hint) is list:
        (item,) = get_args(hint)
        if isinstance(item, type) and is_dataclass(item):
            return content_serializer(item)(many=True, read_only=True)
        return serializers.ListField(child=_content_field(item), read_only=True)
    if isinstance(hint, type) and is_dataclass(hint):
        return content_serializer(hint)(read_only=True, allow_null=nullable)
    options_: dict[str, Any] = {"read_only": True, "allow_null": nullable}
    if hint is Decimal:  # stored as an exact string
        return serializers.DecimalField(max_digits=None, decimal_places=None, **options_)
    if hint is datetime.date:
        return serializers.DateField(**options_)
    if hint is bool:
        return serializers.BooleanField(**options_)
    if hint is int:
        return serializers.IntegerField(**options_)
    return serializers.CharField(**options_)


def content_serializer(cls: type) -> type[serializers.Serializer[Any]]:
    """The serializer that documents a content dataclass, named ``Report<Class>``.

    Only for the schema: the stored content is returned exactly as it was stored."""
    if cls not in _CONTENT_SERIALIZERS:
        hints = get_type_hints(cls)
        attributes: dict[str, Any] = {
            field.name: _content_field(hints[field.name]) for field in fields(cls)
        }
        doc = (cls.__doc__ or "").strip()
        # A dataclass without a docstring gets its signature as one: not a description.
        attributes["__doc__"] = None if doc.startswith(f"{cls.__name__}(") else doc or None
        attributes["__module__"] = __name__
        name = cls.__name__ if cls.__name__.startswith("Report") else f"Report{cls.__name__}"
        _CONTENT_SERIALIZERS[cls] = type(f"{name}Serializer", (serializers.Serializer,), attributes)
    return _CONTENT_SERIALIZERS[cls]


ReportContentSerializer = content_serializer(ReportContent)


# --- reports ------------------------------------------------------------------------------------


class ReportFileSerializer(serializers.Serializer[ReportFile]):
    format = serializers.ChoiceField(choices=FileFormat.choices, read_only=True)
    size = serializers.IntegerField(read_only=True, min_value=0, help_text="Grootte in bytes.")
    sha256 = serializers.CharField(read_only=True, help_text="Controlegetal; ook de ETag.")
    rendered_at = serializers.DateTimeField(read_only=True)
    download = serializers.SerializerMethodField(help_text="Waar het bestand te downloaden is.")

    def get_download(self, stored: ReportFile) -> str:
        path = f"/api/v1/reports/{stored.report_id}/{stored.format}/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class ReportSerializer(serializers.Serializer[Report]):
    id = serializers.IntegerField(read_only=True)
    participant = serializers.IntegerField(
        source="participant_id",
        read_only=True,
        allow_null=True,
        help_text="De deelnemer; leeg: de regionale rapportage.",
    )
    participant_name = serializers.CharField(
        source="participant.name", read_only=True, allow_null=True, default=None
    )
    kind = serializers.ChoiceField(choices=ReportKind.choices, read_only=True)
    title = serializers.SerializerMethodField()
    year = year_field(source="snapshot.year", read_only=True)
    quarter = serializers.IntegerField(
        source="snapshot.quarter",
        read_only=True,
        min_value=1,
        max_value=4,
        help_text="De rapportage loopt van 1 januari tot en met het einde van dit kwartaal.",
    )
    snapshot = serializers.IntegerField(
        source="snapshot_id", read_only=True, help_text="De bevroren meting."
    )
    snapshot_label = serializers.CharField(source="snapshot.label", read_only=True)
    status = serializers.ChoiceField(choices=ReportStatus.choices, read_only=True)
    notable_items = serializers.CharField(
        read_only=True, help_text="Opvallende zaken: de toelichting van de accountmanager."
    )
    created_at = serializers.DateTimeField(read_only=True)
    created_by = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(read_only=True, allow_null=True)
    published_by = serializers.SerializerMethodField()
    files = ReportFileSerializer(
        source="files.all",
        many=True,
        read_only=True,
        help_text="De PDF en het Excelbestand; leeg zolang de rapportage een concept is.",
    )

    def get_title(self, report: Report) -> str:
        return building.title_of(report.kind, report.snapshot, report.participant)

    def get_created_by(self, report: Report) -> str:
        return _person(report.created_by) or ""

    def get_published_by(self, report: Report) -> str | None:
        return _person(report.published_by)


class ReportDetailSerializer(ReportSerializer):
    content = serializers.SerializerMethodField(
        help_text="Wat de rapportage zegt: bij een gepubliceerde rapportage de bewaarde inhoud, "
        "bij een concept een voorbeeld (alleen voor wie de rapportage maakt; anders leeg)."
    )
    content_is_preview = serializers.SerializerMethodField(
        help_text="De inhoud is een voorbeeld van een concept, nog niet gepubliceerd."
    )

    def _user(self) -> Any:
        request = self.context.get("request")
        return request.user if request is not None else None

    @extend_schema_field(ReportContentSerializer(allow_null=True))
    def get_content(self, report: Report) -> dict[str, Any] | None:
        if report.is_published:
            content: dict[str, Any] | None = report.content
            return content
        if not _may_keep(self._user(), report):
            return None
        previewed: dict[str, Any] = dump(services.preview(report))
        return previewed

    def get_content_is_preview(self, report: Report) -> bool:
        return not report.is_published and _may_keep(self._user(), report)


class ReportCreateSerializer(ScopedSerializer):
    scoped_fields: ClassVar[dict[str, Any]] = {
        "participant": _visible_participants,
        "snapshot": _snapshots,
    }

    snapshot = serializers.PrimaryKeyRelatedField(
        queryset=Snapshot.objects.none(), help_text="Een bevroren kwartaalmeting."
    )
    kind = serializers.ChoiceField(
        choices=ReportKind.choices,
        help_text="kwartaal (elk kwartaal), halfjaar (Q2) of jaar (Q4).",
    )
    participant = serializers.PrimaryKeyRelatedField(
        queryset=Participant.objects.none(),
        allow_null=True,
        help_text="De deelnemer; leeg: de regionale rapportage.",
    )
    notable_items = serializers.CharField(required=False, allow_blank=True, default="")


class ReportUpdateSerializer(serializers.Serializer[Any]):
    notable_items = serializers.CharField(allow_blank=True)


FORMAT_RESPONSES = {
    file_format: {(200, content_type): OpenApiTypes.BINARY, 304: None}
    for file_format, content_type in CONTENT_TYPES.items()
}


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="Alleen dit jaar."),
            OpenApiParameter("quarter", OpenApiTypes.INT, description="Alleen dit kwartaal."),
            OpenApiParameter(
                "kind", OpenApiTypes.STR, enum=ReportKind.values, description="Soort rapportage."
            ),
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=ReportStatus.values, description="Status."
            ),
            OpenApiParameter("participant", OpenApiTypes.INT, description="Alleen deze deelnemer."),
        ]
    ),
    create=extend_schema(request=ReportCreateSerializer, responses={201: ReportDetailSerializer}),
    partial_update=extend_schema(
        request=ReportUpdateSerializer, responses={200: ReportDetailSerializer}
    ),
)
class ReportViewSet(ActionViewSetMixin, ServiceViewSet):
    """Board reports per participant and the regional one, per quarter, half year or year,
    made from a frozen quarter. The account manager drafts a report and writes its notable
    items; publishing stores the content, the PDF and the workbook, never to change again."""

    serializer_class = ReportSerializer
    input_serializer_class = ReportCreateSerializer
    queryset = Report.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {
        "create": KEEP_REPORT,
        "partial_update": KEEP_REPORT,
        "publish": KEEP_REPORT,
    }

    def get_queryset(self) -> QuerySet[Report]:
        reports = report_list_for(user=self.request.user)
        if self.action in {"pdf", "xlsx"}:
            return reports.defer("content")  # the file is read, not the content
        if self.action != "list":
            return reports
        request = self.request
        reports = reports.defer("content")
        year = int_query_param(request, "year", example="2026")
        if year is not None:
            reports = reports.filter(snapshot__year=year)
        quarter = int_query_param(request, "quarter", example="3")
        if quarter is not None:
            reports = reports.filter(snapshot__quarter=quarter)
        kind = choice_query_param(request, "kind", tuple(ReportKind.values))
        if kind is not None:
            reports = reports.filter(kind=kind)
        state = choice_query_param(request, "status", tuple(ReportStatus.values))
        if state is not None:
            reports = reports.filter(status=state)
        participant = int_query_param(request, "participant", example="8")
        if participant is not None:
            reports = reports.filter(participant_id=participant)
        return reports

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "retrieve":
            return ReportDetailSerializer
        if self.action == "partial_update":
            return ReportUpdateSerializer
        return super().get_serializer_class()

    def _detail(self, report: Report, *, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = report_list_for(user=self.request.user).get(pk=report.pk)
        return Response(
            ReportDetailSerializer(fresh, context=self.get_serializer_context()).data,
            status=status_code,
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._action_input(ReportCreateSerializer)
        report = services.report_create(actor=request.user, **data)
        return self._detail(report, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self.get_object()
        data = self._action_input(ReportUpdateSerializer)
        services.report_update(
            actor=request.user, report=report, notable_items=data["notable_items"]
        )
        return self._detail(report)

    @extend_schema(request=None, responses={200: ReportDetailSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Publish a draft: build its content from the snapshot, render the PDF and the
        workbook, and store all three; a published report answers 409."""
        report = self.get_object()
        services.report_publish(actor=request.user, report=report)
        return self._detail(report)

    def _download(self, request: Request, file_format: str) -> HttpResponse:
        report = self.get_object()
        stored = ReportFile.objects.filter(report=report, format=file_format).first()
        if stored is None:
            raise exceptions.NotFound("This report is not published yet: it has no files.")
        etag = f'"{stored.sha256}"'
        wanted = request.headers.get("If-None-Match", "")
        if etag in [tag.strip() for tag in wanted.split(",")]:
            return HttpResponse(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        content = bytes(stored.content)
        return HttpResponse(
            content,
            content_type=CONTENT_TYPES[FileFormat(file_format)],
            headers={
                "Content-Disposition": content_disposition_header(
                    as_attachment=True, filename=download_name(report, file_format)
                ),
                "Content-Length": str(len(content)),
                "ETag": etag,
            },
        )

    @extend_schema(responses=FORMAT_RESPONSES[FileFormat.PDF])
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The published PDF, exactly as it was stored; its ETag is its SHA-256."""
        return self._download(request, FileFormat.PDF)

    @extend_schema(responses=FORMAT_RESPONSES[FileFormat.XLSX])
    @action(detail=True, methods=["get"])
    def xlsx(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The published workbook, exactly as it was stored; its ETag is its SHA-256."""
        return self._download(request, FileFormat.XLSX)


# --- the regional pack --------------------------------------------------------------------------


class PackRunSerializer(serializers.Serializer[PackRun]):
    id = serializers.IntegerField(read_only=True)
    snapshot = serializers.IntegerField(source="snapshot_id", read_only=True)
    snapshot_label = serializers.CharField(source="snapshot.label", read_only=True)
    kind = serializers.ChoiceField(choices=ReportKind.choices, read_only=True)
    status = serializers.ChoiceField(choices=PackStatus.choices, read_only=True)
    total = serializers.IntegerField(
        read_only=True, min_value=0, help_text="Rapportages in het pakket (deelnemers en regio)."
    )
    done = serializers.IntegerField(read_only=True, min_value=0, help_text="Gereed.")
    skipped = serializers.IntegerField(
        read_only=True, min_value=0, help_text="Waarvan al gepubliceerd (overgeslagen)."
    )
    percent = serializers.IntegerField(
        read_only=True, min_value=0, max_value=100, help_text="Voortgang in procenten."
    )
    error = serializers.CharField(read_only=True, help_text="Waarom het pakket stopte.")
    started_at = serializers.DateTimeField(read_only=True)
    finished_at = serializers.DateTimeField(read_only=True, allow_null=True)
    started_by = serializers.SerializerMethodField()

    def get_started_by(self, run: PackRun) -> str:
        return _person(run.started_by) or ""


class PackStartSerializer(ScopedSerializer):
    scoped_fields: ClassVar[dict[str, Any]] = {"snapshot": _snapshots}

    snapshot = serializers.PrimaryKeyRelatedField(
        queryset=Snapshot.objects.none(), help_text="Een bevroren kwartaalmeting."
    )
    kind = serializers.ChoiceField(choices=ReportKind.choices)


@extend_schema_view(
    create=extend_schema(request=PackStartSerializer, responses={201: PackRunSerializer})
)
class PackRunViewSet(ActionViewSetMixin, ServiceViewSet):
    """The regional pack: every participant's report and the regional one, published from one
    snapshot in the background. A run counts its progress; a rerun skips what is published."""

    serializer_class = PackRunSerializer
    input_serializer_class = PackStartSerializer
    queryset = PackRun.objects.none()
    http_method_names = ["get", "post", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {"create": PUBLISH_PACK}

    def get_queryset(self) -> QuerySet[PackRun]:
        return PackRun.objects.select_related("snapshot", "started_by")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._action_input(PackStartSerializer)
        run = services.pack_start(actor=request.user, snapshot=data["snapshot"], kind=data["kind"])
        return self._output(self.get_queryset().get(pk=run.pk), status_code=201)
