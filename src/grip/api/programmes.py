"""API for work programmes: programmes, versions and their life cycle, lines, related work,
extra work and the distribution key of the collective programme.

Reads come from the tenancy-scoped selectors of ``grip.programmes``, so another participant's
objects answer 404; every write is one service call, which checks who may, the life cycle and
writes the audit record. Changing a version that is no longer a concept answers 409 with a
problem+json that says why (the service's message).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response

from grip.api.base import ServiceViewSet, int_query_param, with_io_schema
from grip.api.frameworks import year_field
from grip.api.permissions import HasModelPermission
from grip.api.problems import problem_response
from grip.core.errors import ImportRejected
from grip.core.tenancy import User
from grip.frameworks import selectors as framework_selectors
from grip.frameworks.constants import TaskKind
from grip.participants import selectors as participant_selectors
from grip.participants.models import Participant
from grip.programmes import excel, selectors, services
from grip.programmes.calculation import Totals
from grip.programmes.constants import (
    DistributionMethod,
    ExtraWorkStatus,
    RelatedWorkBasis,
    RelatedWorkKind,
    VersionStatus,
)
from grip.programmes.models import (
    DistributionKey,
    ExtraWork,
    Programme,
    ProgrammeLine,
    ProgrammeVersion,
    RelatedWorkLine,
    VersionTransition,
)

# The permissions under which a drafting service may allow a change: the account manager
# (change_programme, checked per participant) or the beheerder for the collective programme.
DRAFTERS = ("programmes.change_programme", "programmes.manage_collective_programme")
ADOPTERS = ("programmes.adopt_programme", "programmes.manage_collective_programme")


class ProgrammePermission(HasModelPermission):
    """Reading needs the model's view permission, as everywhere in the API.

    A write needs one of the permissions under which its service could allow it (the view's
    ``write_permissions`` per action), so that a reading role such as bestuur is refused
    before its input is even read. The service then decides for this participant and this
    status (another account manager: 403; an adopted version: 409).
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return super().has_permission(request, view)
        user = request.user
        if not user or not user.is_authenticated:
            return False
        needed: Iterable[str] = getattr(view, "write_permissions", {}).get(view.action, ())
        return any(user.has_perm(codename) for codename in needed)


class ProgrammeApiBase(viewsets.GenericViewSet):  # type: ignore[type-arg]
    """What every programme viewset shares: the permission and reading an action's body."""

    permission_classes = [ProgrammePermission]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {}

    def _action_input(self, serializer_class: type[serializers.Serializer[Any]]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


def choice_query_param(request: Request, name: str, choices: Iterable[str]) -> str | None:
    """An optional filter with a fixed set of values, such as ``?status=concept``."""
    raw = request.query_params.get(name)
    allowed = list(choices)
    if raw is None:
        return None
    if raw not in allowed:
        raise serializers.ValidationError({name: f"Choose one of: {', '.join(allowed)}."})
    return raw


# --- serializers: shared pieces ----------------------------------------------------------------


def hours_field(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, **kwargs)


def amount_field(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, **kwargs)


class ScopedInputSerializer(serializers.Serializer[Any]):
    """Related objects an input may name are only those the user may see.

    ``scoped_fields`` maps a field name to the selector of its choices; an object of another
    participant is then "invalid", exactly as one that does not exist, and reveals nothing.
    """

    scoped_fields: ClassVar[dict[str, Callable[[User], QuerySet[Any]]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        for name, selector in self.scoped_fields.items():
            self.fields[name].queryset = selector(request.user)  # type: ignore[attr-defined]


class FiguresSerializer(serializers.Serializer[Any]):
    hours = hours_field()
    amount = amount_field(help_text="Euro's.")


class TaskKindFiguresSerializer(FiguresSerializer):
    task_kind = serializers.ChoiceField(choices=TaskKind.choices, read_only=True)


class ProgrammeTotalsSerializer(serializers.Serializer[Totals]):
    by_task_kind = serializers.SerializerMethodField(
        help_text="Directe uren en euro's per taaksoort."
    )
    direct = FiguresSerializer(read_only=True, help_text="Directe uren en euro's.")
    related = FiguresSerializer(read_only=True, help_text="Gerelateerde werkzaamheden.")
    total_hours = hours_field()
    total_amount = amount_field()
    related_share = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        read_only=True,
        allow_null=True,
        help_text="Gerelateerde uren als percentage van alle uren; leeg bij een leeg programma.",
    )

    @extend_schema_field(TaskKindFiguresSerializer(many=True))
    def get_by_task_kind(self, totals: Totals) -> list[dict[str, Any]]:
        return [
            dict(
                TaskKindFiguresSerializer(
                    {"task_kind": kind, "hours": figures.hours, "amount": figures.amount}
                ).data
            )
            for kind in TaskKind.values
            if (figures := totals.by_task_kind.get(kind)) is not None
        ]


def version_number_field() -> serializers.IntegerField:
    # Declared for the same reason as year_field(): one schema on SQLite and PostgreSQL.
    return serializers.IntegerField(read_only=True, min_value=1, help_text="Versienummer.")


class ProgrammeVersionSummarySerializer(serializers.ModelSerializer[ProgrammeVersion]):
    number = version_number_field()

    class Meta:
        model = ProgrammeVersion
        fields = ["id", "number", "status"]


# --- programmes -----------------------------------------------------------------------------


class ProgrammeSerializer(serializers.ModelSerializer[Programme]):
    year = year_field()
    participant_name = serializers.CharField(
        source="participant.name", read_only=True, allow_null=True
    )
    is_collective = serializers.BooleanField(read_only=True)
    versions = ProgrammeVersionSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "participant", "participant_name", "year", "is_collective", "versions"]


class ProgrammeInputSerializer(ScopedInputSerializer):
    scoped_fields = {
        "participant": lambda user: participant_selectors.participant_list_for(user=user)
    }

    participant = serializers.PrimaryKeyRelatedField(
        queryset=Participant.objects.none(),
        allow_null=True,
        help_text="De deelnemer; leeg (null) voor het collectieve programma van de regio.",
    )
    year = year_field()
    copy_last_year = serializers.BooleanField(
        default=False,
        help_text="Neem de regels en gerelateerde werkzaamheden van vorig jaar over.",
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="Alleen dit jaar."),
            OpenApiParameter("participant", OpenApiTypes.INT, description="Alleen deze deelnemer."),
        ]
    ),
    **with_io_schema(ProgrammeInputSerializer, ProgrammeSerializer),
)
class ProgrammeViewSet(ProgrammeApiBase, ServiceViewSet):
    """Work programmes per participant and year; a participant user sees only its own.

    Creating one starts its first, concept version (optionally a copy of last year's).
    """

    serializer_class = ProgrammeSerializer
    input_serializer_class = ProgrammeInputSerializer
    http_method_names = ["get", "post", "head", "options"]
    write_permissions = {
        "create": ("programmes.add_programme", "programmes.manage_collective_programme")
    }

    def get_queryset(self) -> QuerySet[Programme]:
        year = participant = None
        if self.action == "list":
            year = int_query_param(self.request, "year", example="2026")
            participant = int_query_param(self.request, "participant", example="8")
        programmes = selectors.programme_list_for(user=self.request.user, year=year)
        if participant is not None:
            programmes = programmes.filter(participant_id=participant)
        return programmes.prefetch_related("versions")

    def perform_service_create(self, data: dict[str, Any]) -> Programme:
        version = services.programme_create(
            actor=self.request.user,
            participant=data["participant"],
            year=data["year"],
            copy_last_year=data["copy_last_year"],
        )
        return version.programme


# --- versions -------------------------------------------------------------------------------


class TransitionSerializer(serializers.ModelSerializer[VersionTransition]):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = VersionTransition
        fields = ["from_status", "to_status", "at", "actor", "note"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, transition: VersionTransition) -> str | None:
        actor = transition.actor
        return None if actor is None else (actor.get_full_name() or actor.get_username())


class ProgrammeVersionSerializer(serializers.ModelSerializer[ProgrammeVersion]):
    participant = serializers.IntegerField(
        source="programme.participant_id",
        read_only=True,
        allow_null=True,
        help_text="Leeg bij het collectieve programma.",
    )
    year = serializers.IntegerField(source="programme.year", read_only=True, help_text="Jaar.")
    number = version_number_field()
    totals = serializers.SerializerMethodField()

    class Meta:
        model = ProgrammeVersion
        fields = [
            "id",
            "programme",
            "participant",
            "year",
            "number",
            "status",
            "based_on",
            "explanation",
            "tariff",
            "submitted_at",
            "adopted_on",
            "decision_reference",
            "totals",
        ]
        read_only_fields = fields

    @extend_schema_field(ProgrammeTotalsSerializer)
    def get_totals(self, version: ProgrammeVersion) -> dict[str, Any]:
        known: dict[int, Totals] = self.context.get("totals", {})
        totals = known.get(version.pk) or selectors.version_totals(version)
        return dict(ProgrammeTotalsSerializer(totals).data)


class ProgrammeVersionDetailSerializer(ProgrammeVersionSerializer):
    history = TransitionSerializer(
        source="transitions", many=True, read_only=True, help_text="Statusgeschiedenis."
    )

    class Meta(ProgrammeVersionSerializer.Meta):
        fields = [*ProgrammeVersionSerializer.Meta.fields, "history"]
        read_only_fields = fields


class NoteSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Toelichting."
    )


class AdoptSerializer(serializers.Serializer[Any]):
    adopted_on = serializers.DateField(help_text="Datum van het vaststellingsbesluit.")
    decision_reference = serializers.CharField(
        max_length=80, help_text="Kenmerk van het vaststellingsbesluit."
    )


class AmendSerializer(serializers.Serializer[Any]):
    explanation = serializers.CharField(help_text="Waarom het programma wordt gewijzigd.")


class ComparedVersionSerializer(serializers.ModelSerializer[ProgrammeVersion]):
    year = serializers.IntegerField(source="programme.year", read_only=True, help_text="Jaar.")
    number = version_number_field()

    class Meta:
        model = ProgrammeVersion
        fields = ["id", "programme", "year", "number", "status"]


class VersionComparedRowSerializer(serializers.Serializer[selectors.ComparedRow]):
    key = serializers.CharField(help_text="Productcode of soort gerelateerd werk.")
    label = serializers.CharField()  # type: ignore[assignment]
    quantity_a = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    quantity_b = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    hours_a = hours_field()
    hours_b = hours_field()
    amount_a = amount_field()
    amount_b = amount_field()
    hours_difference = hours_field()
    amount_difference = amount_field()
    change = serializers.ChoiceField(choices=["nieuw", "vervallen", "gewijzigd", "gelijk"])


class VersionComparisonSerializer(serializers.Serializer[selectors.Comparison]):
    a = ComparedVersionSerializer(help_text="De versie waarmee wordt vergeleken.")
    b = ComparedVersionSerializer(help_text="De versie die wordt vergeleken.")
    lines = VersionComparedRowSerializer(many=True)
    related_work = VersionComparedRowSerializer(many=True)
    totals_a = ProgrammeTotalsSerializer()
    totals_b = ProgrammeTotalsSerializer()


class ProgrammeImportSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="Een xlsx-bestand volgens het exportsjabloon.")


class ProgrammeImportResultSerializer(serializers.Serializer[Any]):
    changed = serializers.BooleanField(help_text="Of het importeren iets heeft veranderd.")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("programme", OpenApiTypes.INT, description="Alleen dit programma."),
            OpenApiParameter("year", OpenApiTypes.INT, description="Alleen dit jaar."),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=VersionStatus.values,
                description="Alleen versies met deze status.",
            ),
        ]
    ),
)
class ProgrammeVersionViewSet(
    ProgrammeApiBase,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """Versions of a programme with their totals and life cycle.

    concept → ingediend (submit) → vastgesteld (adopt); ingediend → concept (return). A change
    to an adopted programme is an amendment: a new concept version, adopted in its turn.
    """

    serializer_class = ProgrammeVersionDetailSerializer
    http_method_names = ["get", "post", "delete", "head", "options"]
    write_permissions = {
        "submit": DRAFTERS,
        "amend": DRAFTERS,
        "destroy": DRAFTERS,
        "import_file": DRAFTERS,
        "return_to_draft": (*DRAFTERS, "programmes.adopt_programme"),
        "adopt": ADOPTERS,
    }

    def get_queryset(self) -> QuerySet[ProgrammeVersion]:
        versions = selectors.version_list_for(user=self.request.user)
        if self.action != "list":
            return versions
        programme = int_query_param(self.request, "programme", example="12")
        year = int_query_param(self.request, "year", example="2026")
        version_status = choice_query_param(self.request, "status", VersionStatus.values)
        if programme is not None:
            versions = versions.filter(programme_id=programme)
        if year is not None:
            versions = versions.filter(programme__year=year)
        if version_status is not None:
            versions = versions.filter(status=version_status)
        return versions

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return (
            ProgrammeVersionSerializer
            if self.action == "list"
            else ProgrammeVersionDetailSerializer
        )

    def _output(
        self, version: ProgrammeVersion, *, status_code: int = status.HTTP_200_OK
    ) -> Response:
        serializer = ProgrammeVersionDetailSerializer(
            version, context=self.get_serializer_context()
        )
        return Response(serializer.data, status=status_code)

    @extend_schema(responses={200: ProgrammeVersionSerializer(many=True)})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The versions the user may see, each with its totals (two queries for a whole page)."""
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        versions = list(page if page is not None else queryset)
        context = {
            **self.get_serializer_context(),
            "totals": selectors.totals_for(version.pk for version in versions),
        }
        data = ProgrammeVersionSerializer(versions, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Discard a concept amendment; the adopted version it was based on stays in force."""
        services.version_discard(actor=request.user, version=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=NoteSerializer, responses={200: ProgrammeVersionDetailSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Submit a concept version to the participant for adoption."""
        version = self.get_object()
        data = self._action_input(NoteSerializer)
        return self._output(
            services.version_submit(actor=request.user, version=version, note=data["note"])
        )

    @extend_schema(request=NoteSerializer, responses={200: ProgrammeVersionDetailSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_to_draft(self, request: Request, pk: str | None = None) -> Response:
        """Send a submitted version back to concept, saying why (drafter or participant)."""
        version = self.get_object()
        data = self._action_input(NoteSerializer)
        return self._output(
            services.version_return(actor=request.user, version=version, note=data["note"])
        )

    @extend_schema(request=AdoptSerializer, responses={200: ProgrammeVersionDetailSerializer})
    @action(detail=True, methods=["post"])
    def adopt(self, request: Request, pk: str | None = None) -> Response:
        """Record the participant's adoption of a submitted version."""
        version = self.get_object()
        data = self._action_input(AdoptSerializer)
        return self._output(
            services.version_adopt(
                actor=request.user,
                version=version,
                adopted_on=data["adopted_on"],
                decision_reference=data["decision_reference"],
            )
        )

    @extend_schema(request=AmendSerializer, responses={201: ProgrammeVersionDetailSerializer})
    @action(detail=True, methods=["post"])
    def amend(self, request: Request, pk: str | None = None) -> Response:
        """Open an amendment of the programme's adopted version: a new concept version."""
        version = self.get_object()
        data = self._action_input(AmendSerializer)
        amendment = services.version_amend(
            actor=request.user, programme=version.programme, explanation=data["explanation"]
        )
        return self._output(amendment, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "with",
                OpenApiTypes.INT,
                required=True,
                description="De versie om mee te vergelijken (ook van een ander jaar).",
            )
        ],
        responses={200: VersionComparisonSerializer},
    )
    @action(detail=True, methods=["get"])
    def compare(self, request: Request, pk: str | None = None) -> Response:
        """Line by line against another version the user may see: a = the other, b = this one."""
        version = self.get_object()
        other_id = int_query_param(request, "with", example="12")
        if other_id is None:
            raise serializers.ValidationError({"with": "Give the id of the other version."})
        other = get_object_or_404(self.get_queryset(), pk=other_id)
        comparison = selectors.compare(other, version)
        return Response(VersionComparisonSerializer(comparison).data)

    @extend_schema(responses={200: VersionComparisonSerializer})
    @action(detail=True, methods=["get"], url_path="compare-last-year")
    def compare_last_year(self, request: Request, pk: str | None = None) -> Response:
        """Against last year's adopted version of the same participant (a = last year)."""
        version = self.get_object()
        previous = selectors.previous_year_version(version.programme)
        if previous is None:
            raise exceptions.NotFound(
                f"{version.programme.year - 1} has no adopted programme to compare with."
            )
        return Response(VersionComparisonSerializer(selectors.compare(previous, version)).data)

    @extend_schema(responses={(200, excel.CONTENT_TYPE): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def export(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The version as an xlsx file (sheets for lines, related work and a summary)."""
        version = self.get_object()
        return HttpResponse(
            excel.export_version(version),
            content_type=excel.CONTENT_TYPE,
            headers={
                "Content-Disposition": content_disposition_header(
                    as_attachment=True, filename=excel.filename_for(version)
                )
            },
        )

    @extend_schema(
        request={"multipart/form-data": ProgrammeImportSerializer},
        responses={200: ProgrammeImportResultSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="import",
        url_name="import",
        parser_classes=[MultiPartParser],
    )
    def import_file(self, request: Request, pk: str | None = None) -> Response:
        """Replace a concept version's lines and related work by those of an xlsx file.

        Every row is checked first; when any fails nothing is written and the answer is a 400
        whose ``invalid_params`` name every problem as ``<sheet>!<column><row>``.
        """
        version = self.get_object()
        upload = self._action_input(ProgrammeImportSerializer)["file"]
        # One byte past the limit is enough for the import to refuse a file that is too big.
        data = upload.read(excel.MAX_BYTES + 1)
        try:
            changed = excel.import_version(actor=request.user, version=version, data=data)
        except ImportRejected as rejected:
            return problem_response(
                status_code=rejected.status,
                code=rejected.code,
                title=type(rejected).__name__,
                detail=rejected.message,
                invalid_params=[
                    {
                        "name": problem.location,
                        "code": rejected.code,
                        "reason": str(problem.message),
                    }
                    for problem in rejected.problems
                ],
            )
        return Response({"changed": changed})


# --- lines and related work ------------------------------------------------------------------


class VersionPartViewSet(ProgrammeApiBase, ServiceViewSet):
    """A part of a version (line, related work): PATCH takes its own, smaller input."""

    update_serializer_class: type[serializers.Serializer[Any]]
    write_permissions = {
        "create": DRAFTERS,
        "partial_update": DRAFTERS,
        "destroy": DRAFTERS,
    }

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "partial_update":
            return self.update_serializer_class
        return super().get_serializer_class()

    def _validated(self, request: Request, *, partial: bool) -> dict[str, Any]:
        serializer_class = self.update_serializer_class if partial else self.input_serializer_class
        serializer = serializer_class(
            data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _version_filter(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action != "list":
            return queryset
        version = int_query_param(self.request, "version", example="12")
        return queryset if version is None else queryset.filter(version_id=version)


class ProgrammeLineSerializer(serializers.ModelSerializer[ProgrammeLine]):
    product_code = serializers.CharField(source="product.code", read_only=True)
    product_name = serializers.CharField(source="product.name", read_only=True)
    task_kind = serializers.ChoiceField(
        source="product.task_kind", choices=TaskKind.choices, read_only=True
    )
    norm_hours = hours_field(help_text="Kental: uren per eenheid, uit de catalogus.")
    hours = hours_field(help_text="Aantal × kental.")
    amount = amount_field(help_text="Uren × het uurtarief van het jaar.")

    class Meta:
        model = ProgrammeLine
        fields = [
            "id",
            "version",
            "product",
            "product_code",
            "product_name",
            "task_kind",
            "quantity",
            "note",
            "norm_hours",
            "hours",
            "amount",
        ]


def _quantity_field() -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0"), help_text="Aantal eenheden."
    )


class ProgrammeLineInputSerializer(ScopedInputSerializer):
    scoped_fields = {
        "version": lambda user: selectors.version_list_for(user=user),
    }

    version = serializers.PrimaryKeyRelatedField(queryset=ProgrammeVersion.objects.none())
    product = serializers.PrimaryKeyRelatedField(
        queryset=framework_selectors.product_list(),
        help_text="Een product uit de catalogus van het jaar van het programma.",
    )
    quantity = _quantity_field()
    note = serializers.CharField(max_length=240, required=False, allow_blank=True)


class ProgrammeLineUpdateSerializer(serializers.Serializer[Any]):
    quantity = _quantity_field()
    note = serializers.CharField(max_length=240, required=False, allow_blank=True)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("version", OpenApiTypes.INT, description="Alleen deze versie.")
        ]
    ),
    create=extend_schema(
        description="Add a product to a concept version, or change its line if it has one.",
        request=ProgrammeLineInputSerializer,
        responses={201: ProgrammeLineSerializer},
    ),
    partial_update=extend_schema(
        request=ProgrammeLineUpdateSerializer, responses={200: ProgrammeLineSerializer}
    ),
)
class ProgrammeLineViewSet(VersionPartViewSet):
    """Products ordered in a version; hours and euros follow from the catalogue, never typed."""

    serializer_class = ProgrammeLineSerializer
    input_serializer_class = ProgrammeLineInputSerializer
    update_serializer_class = ProgrammeLineUpdateSerializer

    def get_queryset(self) -> QuerySet[ProgrammeLine]:
        return self._version_filter(selectors.line_list_for(user=self.request.user))

    def perform_service_create(self, data: dict[str, Any]) -> ProgrammeLine:
        return services.line_set(
            actor=self.request.user,
            version=data["version"],
            product=data["product"],
            quantity=data["quantity"],
            note=data.get("note"),
        )

    def perform_service_update(self, instance: ProgrammeLine, data: dict[str, Any]) -> Model:
        return services.line_set(
            actor=self.request.user,
            version=instance.version,
            product=instance.product,
            quantity=data.get("quantity", instance.quantity),
            note=data.get("note"),
        )

    def perform_service_delete(self, instance: ProgrammeLine) -> None:
        services.line_delete(actor=self.request.user, line=instance)


class RelatedWorkSerializer(serializers.ModelSerializer[RelatedWorkLine]):
    hours = hours_field(help_text="Het percentage van de directe uren, of de vaste uren.")
    amount = amount_field(help_text="Uren × het uurtarief van het jaar.")

    class Meta:
        model = RelatedWorkLine
        fields = [
            "id",
            "version",
            "kind",
            "basis",
            "percentage",
            "planned_hours",
            "note",
            "hours",
            "amount",
        ]


def _percentage_field() -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text="Bij grondslag percentage: het percentage van de directe uren.",
    )


def _planned_hours_field() -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text="Bij grondslag uren: het vaste aantal uren.",
    )


class RelatedWorkUpdateSerializer(serializers.Serializer[Any]):
    basis = serializers.ChoiceField(choices=RelatedWorkBasis.choices)
    percentage = _percentage_field()
    planned_hours = _planned_hours_field()
    note = serializers.CharField(max_length=240, required=False, allow_blank=True)


class RelatedWorkInputSerializer(ScopedInputSerializer, RelatedWorkUpdateSerializer):
    scoped_fields = {
        "version": lambda user: selectors.version_list_for(user=user),
    }

    version = serializers.PrimaryKeyRelatedField(queryset=ProgrammeVersion.objects.none())
    kind = serializers.ChoiceField(choices=RelatedWorkKind.choices)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("version", OpenApiTypes.INT, description="Alleen deze versie.")
        ]
    ),
    create=extend_schema(
        description="Plan a kind of related work in a concept version, or change its plan.",
        request=RelatedWorkInputSerializer,
        responses={201: RelatedWorkSerializer},
    ),
    partial_update=extend_schema(
        request=RelatedWorkUpdateSerializer, responses={200: RelatedWorkSerializer}
    ),
)
class RelatedWorkViewSet(VersionPartViewSet):
    """Related work of a version, each of the five kinds as a percentage or as hours."""

    serializer_class = RelatedWorkSerializer
    input_serializer_class = RelatedWorkInputSerializer
    update_serializer_class = RelatedWorkUpdateSerializer

    def get_queryset(self) -> QuerySet[RelatedWorkLine]:
        return self._version_filter(selectors.related_work_list_for(user=self.request.user))

    def perform_service_create(self, data: dict[str, Any]) -> RelatedWorkLine:
        return services.related_work_set(
            actor=self.request.user,
            version=data["version"],
            kind=data["kind"],
            basis=data["basis"],
            percentage=data.get("percentage"),
            planned_hours=data.get("planned_hours"),
            note=data.get("note"),
        )

    def perform_service_update(self, instance: RelatedWorkLine, data: dict[str, Any]) -> Model:
        # A new basis comes with its own value; without one, the given values change the plan.
        if "basis" in data:
            percentage, planned_hours = data.get("percentage"), data.get("planned_hours")
        else:
            percentage = data.get("percentage", instance.percentage)
            planned_hours = data.get("planned_hours", instance.planned_hours)
        return services.related_work_set(
            actor=self.request.user,
            version=instance.version,
            kind=instance.kind,
            basis=data.get("basis", instance.basis),
            percentage=percentage,
            planned_hours=planned_hours,
            note=data.get("note"),
        )

    def perform_service_delete(self, instance: RelatedWorkLine) -> None:
        services.related_work_delete(actor=self.request.user, item=instance)


# --- extra work -----------------------------------------------------------------------------


class ExtraWorkSerializer(serializers.ModelSerializer[ExtraWork]):
    year = year_field()
    product_code = serializers.CharField(source="product.code", read_only=True)
    hours = hours_field()
    amount = amount_field()

    class Meta:
        model = ExtraWork
        fields = [
            "id",
            "participant",
            "year",
            "product",
            "product_code",
            "quantity",
            "description",
            "status",
            "hours",
            "amount",
            "created_at",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields


class ExtraWorkInputSerializer(ScopedInputSerializer):
    scoped_fields = {
        "participant": lambda user: participant_selectors.participant_list_for(user=user)
    }

    participant = serializers.PrimaryKeyRelatedField(queryset=Participant.objects.none())
    year = year_field()
    product = serializers.PrimaryKeyRelatedField(queryset=framework_selectors.product_list())
    quantity = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0.01"), help_text="Aantal eenheden."
    )
    description = serializers.CharField(help_text="Wat er extra gedaan wordt, en waarom.")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("participant", OpenApiTypes.INT, description="Alleen deze deelnemer."),
            OpenApiParameter("year", OpenApiTypes.INT, description="Alleen dit jaar."),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=ExtraWorkStatus.values,
                description="Alleen meerwerk met deze status.",
            ),
        ]
    ),
    **with_io_schema(ExtraWorkInputSerializer, ExtraWorkSerializer),
)
class ExtraWorkViewSet(ProgrammeApiBase, ServiceViewSet):
    """Meerwerk: the account manager files it, the participant approves or rejects it."""

    serializer_class = ExtraWorkSerializer
    input_serializer_class = ExtraWorkInputSerializer
    http_method_names = ["get", "post", "head", "options"]
    write_permissions = {
        "create": ("programmes.add_extrawork",),
        "approve": ("programmes.decide_extrawork",),
        "reject": ("programmes.decide_extrawork",),
    }

    def get_queryset(self) -> QuerySet[ExtraWork]:
        work = selectors.extra_work_list_for(user=self.request.user)
        if self.action != "list":
            return work
        participant = int_query_param(self.request, "participant", example="8")
        year = int_query_param(self.request, "year", example="2026")
        work_status = choice_query_param(self.request, "status", ExtraWorkStatus.values)
        if participant is not None:
            work = work.filter(participant_id=participant)
        if year is not None:
            work = work.filter(year=year)
        if work_status is not None:
            work = work.filter(status=work_status)
        return work

    def perform_service_create(self, data: dict[str, Any]) -> ExtraWork:
        return services.extra_work_request(actor=self.request.user, **data)

    def _decide(self, *, approve: bool) -> Response:
        work = self.get_object()
        note = self._action_input(NoteSerializer)["note"]
        return self._output(
            services.extra_work_decide(
                actor=self.request.user, work=work, approve=approve, note=note
            )
        )

    @extend_schema(request=NoteSerializer, responses={200: ExtraWorkSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """Approve requested extra work on behalf of the participant."""
        return self._decide(approve=True)

    @extend_schema(request=NoteSerializer, responses={200: ExtraWorkSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        """Reject requested extra work, saying why."""
        return self._decide(approve=False)


# --- distribution key -----------------------------------------------------------------------


class DistributionShareSerializer(serializers.Serializer[Any]):
    participant = serializers.PrimaryKeyRelatedField(queryset=Participant.objects.all())
    participant_name = serializers.CharField(source="participant.name", read_only=True)
    weight = serializers.DecimalField(
        max_digits=14,
        decimal_places=4,
        min_value=Decimal("0"),
        help_text="Inwoners, bijdrage of vast aandeel, naar de grondslag.",
    )


class DistributionKeySerializer(serializers.ModelSerializer[DistributionKey]):
    year = year_field()
    shares = DistributionShareSerializer(many=True, read_only=True)

    class Meta:
        model = DistributionKey
        fields = ["id", "year", "method", "source", "shares"]


class DistributionKeyInputSerializer(serializers.Serializer[Any]):
    year = year_field()
    method = serializers.ChoiceField(choices=DistributionMethod.choices)
    source = serializers.CharField(  # type: ignore[assignment]
        max_length=200, required=False, allow_blank=True, default=""
    )
    shares = DistributionShareSerializer(many=True, help_text="Het gewicht van elke deelnemer.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            participant = self.fields["shares"].child.fields["participant"]  # type: ignore[attr-defined]
            participant.queryset = participant_selectors.participant_list_for(user=request.user)

    def validate_shares(self, shares: list[dict[str, Any]]) -> list[dict[str, Any]]:
        participants = [share["participant"] for share in shares]
        if len(set(participants)) != len(participants):
            raise serializers.ValidationError("Name each participant once.")
        return shares


@extend_schema_view(
    create=extend_schema(
        description=(
            "Set the key of a year; its shares replace those before (201 new, 200 replaced)."
        ),
        request=DistributionKeyInputSerializer,
        responses={201: DistributionKeySerializer, 200: DistributionKeySerializer},
    ),
)
class DistributionKeyViewSet(ProgrammeApiBase, ServiceViewSet):
    """How each year's collective programme is spread over the participants."""

    serializer_class = DistributionKeySerializer
    input_serializer_class = DistributionKeyInputSerializer
    http_method_names = ["get", "post", "head", "options"]
    write_permissions = {"create": ("programmes.manage_collective_programme",)}

    def get_queryset(self) -> QuerySet[DistributionKey]:
        # The key is regional data, not a participant's, so it has no tenancy scope; the
        # view permission (staff only) decides who reads it.
        return DistributionKey.objects.prefetch_related("shares__participant").order_by("-year")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._validated(request, partial=False)
        replaces = selectors.distribution_key(data["year"]) is not None
        key = services.distribution_key_set(
            actor=request.user,
            year=data["year"],
            method=data["method"],
            source=data["source"],
            weights={share["participant"]: share["weight"] for share in data["shares"]},
        )
        return self._output(
            key, status_code=status.HTTP_200_OK if replaces else status.HTTP_201_CREATED
        )
