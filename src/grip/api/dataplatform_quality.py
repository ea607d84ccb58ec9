"""API for data quality: the checks (KIS and the beheerder write them; SQL checks only the
beheerder), running them on demand, their write-once results, and the incidents with their
moves (acknowledge, assign, resolve).

Every member of staff reads them (``dataplatform.view_*``); a participant user holds none of
those permissions and gets 403. A write is one call of ``grip.dataplatform.quality``, which
checks the permission (for an incident: KIS, beheerder, the check's owner or the dataset's
steward) and audits. List filters are read in ``filter_queryset``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response

from grip.api.accounts import bool_query_param
from grip.api.base import ServiceViewSet, int_query_param, with_io_schema
from grip.api.cases import ActionPermission, ActionViewSetMixin, choice_query_param
from grip.api.dataplatform import CuratedInputSerializer
from grip.dataplatform import quality
from grip.dataplatform.models import (
    Check,
    CheckKind,
    CheckResult,
    Dataset,
    Dimension,
    Incident,
    IncidentEvent,
    IncidentStatus,
    Severity,
)
from grip.organisation.models import Employee, Team

DIGITS = "[0-9]+"


class CheckSerializer(serializers.ModelSerializer[Check]):
    dataset_identifier = serializers.CharField(source="dataset.identifier", read_only=True)

    class Meta:
        model = Check
        fields = [
            "id",
            "code",
            "name",
            "description",
            "dataset",
            "dataset_identifier",
            "kind",
            "columns",
            "params",
            "dimension",
            "severity",
            "threshold",
            "owner_employee",
            "owner_team",
            "scheduled",
            "active",
            "shipped",
        ]
        read_only_fields = fields


class CheckInputSerializer(CuratedInputSerializer):
    """A new check, or a change; of a shipped check only the fields people own."""

    code = serializers.SlugField(max_length=80, required=False)
    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    dataset = serializers.PrimaryKeyRelatedField(queryset=Dataset.objects.all(), required=False)
    kind = serializers.ChoiceField(choices=CheckKind.choices, required=False)
    columns = serializers.ListField(child=serializers.CharField(), required=False)
    params = serializers.DictField(required=False, help_text="Instellingen per soort (JSON).")
    dimension = serializers.ChoiceField(choices=Dimension.choices, required=False)
    severity = serializers.ChoiceField(choices=Severity.choices, required=False)
    threshold = serializers.DecimalField(
        max_digits=5, decimal_places=4, min_value=0, max_value=1, required=False
    )
    owner_employee = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.all(), required=False, allow_null=True
    )
    owner_team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(), required=False, allow_null=True
    )
    scheduled = serializers.BooleanField(required=False)
    active = serializers.BooleanField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if not self.partial:
            missing = {
                name: "This field is required."
                for name in ("code", "name", "dataset", "kind")
                if name not in attrs
            }
            if missing:
                raise serializers.ValidationError(missing)
        return attrs


class CheckResultSerializer(serializers.ModelSerializer[CheckResult]):
    pass_rate = serializers.FloatField(read_only=True, help_text="1 - afwijkend/gecontroleerd.")

    class Meta:
        model = CheckResult
        fields = [
            "id",
            "check_rule",
            "run_at",
            "run_by",
            "rows_checked",
            "rows_failed",
            "passed",
            "pass_rate",
            "failing_keys",
            "measured",
            "error",
            "duration_ms",
        ]
        read_only_fields = fields


class RunSerializer(serializers.Serializer[Any]):
    queued = serializers.IntegerField(help_text="Het aantal controles dat is uitgevoerd.")
    latest = CheckResultSerializer(allow_null=True, help_text="De nieuwste uitslag.")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("dataset", OpenApiTypes.INT, description="Alleen deze dataset."),
            OpenApiParameter(
                "kind", OpenApiTypes.STR, enum=list(CheckKind.values), description="Soort."
            ),
            OpenApiParameter("active", OpenApiTypes.BOOL, description="Alleen (niet) actief."),
        ]
    ),
    **with_io_schema(CheckInputSerializer, CheckSerializer),
)
class CheckViewSet(ActionViewSetMixin, ServiceViewSet):
    """The quality checks; ``run/`` runs one now (``dataplatform.run_check``)."""

    serializer_class = CheckSerializer
    input_serializer_class = CheckInputSerializer
    queryset = Check.objects.none()
    lookup_value_regex = DIGITS
    http_method_names = ["get", "post", "patch", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {"run": (quality.RUN_PERMISSION,)}

    def get_queryset(self) -> QuerySet[Check]:
        return quality.check_list()

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action != "list":
            return queryset
        dataset = int_query_param(self.request, "dataset", example="12")
        if dataset is not None:
            queryset = queryset.filter(dataset_id=dataset)
        kind = choice_query_param(self.request, "kind", tuple(CheckKind.values))
        if kind is not None:
            queryset = queryset.filter(kind=kind)
        active = bool_query_param(self.request, "active")
        if active is not None:
            queryset = queryset.filter(active=active)
        return queryset

    def perform_service_create(self, data: dict[str, Any]) -> Model:
        check = quality.check_create(actor=self.request.user, data=data)
        return self.get_queryset().get(pk=check.pk)

    def perform_service_update(self, instance: Check, data: dict[str, Any]) -> Model:
        check = quality.check_update(actor=self.request.user, check=instance, data=data)
        return self.get_queryset().get(pk=check.pk)

    @extend_schema(request=None, responses={200: RunSerializer})
    @action(detail=True, methods=["post"])
    def run(self, request: Request, pk: str | None = None) -> Response:
        """Run this check now, through the tasks API."""
        check = self.get_object()
        queued = quality.request_run(actor=request.user, checks=[check])
        latest = check.results.order_by("-run_at", "-pk").first()
        return Response(
            {
                "queued": queued,
                "latest": CheckResultSerializer(latest).data if latest else None,
            },
            status=status.HTTP_200_OK,
        )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("check", OpenApiTypes.INT, description="Alleen deze controle."),
            OpenApiParameter("dataset", OpenApiTypes.INT, description="Alleen deze dataset."),
            OpenApiParameter("passed", OpenApiTypes.BOOL, description="Alleen (niet) geslaagd."),
        ]
    )
)
class CheckResultViewSet(ServiceViewSet):
    """The results of the checks, newest first; write-once."""

    serializer_class = CheckResultSerializer
    queryset = CheckResult.objects.none()
    lookup_value_regex = DIGITS
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> QuerySet[CheckResult]:
        return quality.result_list()

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action != "list":
            return queryset
        check = int_query_param(self.request, "check", example="3")
        if check is not None:
            queryset = queryset.filter(check_rule_id=check)
        dataset = int_query_param(self.request, "dataset", example="12")
        if dataset is not None:
            queryset = queryset.filter(check_rule__dataset_id=dataset)
        passed = bool_query_param(self.request, "passed")
        if passed is not None:
            queryset = queryset.filter(passed=passed)
        return queryset


class IncidentEventSerializer(serializers.ModelSerializer[IncidentEvent]):
    class Meta:
        model = IncidentEvent
        fields = ["id", "at", "actor", "from_status", "to_status", "result", "note"]
        read_only_fields = fields


class IncidentSerializer(serializers.ModelSerializer[Incident]):
    events = IncidentEventSerializer(many=True, read_only=True)
    last_run_passed = serializers.SerializerMethodField(
        help_text="De laatste run na de laatste afkeuring is geslaagd."
    )

    class Meta:
        model = Incident
        fields = [
            "id",
            "check_rule",
            "status",
            "opened_by",
            "last_failure",
            "failures",
            "assignee",
            "resolution",
            "resolved_at",
            "created_at",
            "last_run_passed",
            "events",
        ]
        read_only_fields = fields

    def get_last_run_passed(self, incident: Incident) -> bool:
        return quality.last_run_passed(incident)


class IncidentNoteSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AssignSerializer(IncidentNoteSerializer):
    assignee = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.all())


class ResolveSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(help_text="Waarom het incident is opgelost.")


class IncidentPermission(ActionPermission):
    """Reading needs ``view_incident``; a move needs it too, and the service decides who may
    (KIS, beheerder, the check's owner, the dataset's steward)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return super().has_permission(request, view)
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm("dataplatform.view_incident"))


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=["open", *IncidentStatus.values],
                description="Alleen deze status; open: alle nog niet opgeloste.",
            ),
            OpenApiParameter("check", OpenApiTypes.INT, description="Alleen deze controle."),
        ]
    )
)
class IncidentViewSet(ActionViewSetMixin, ServiceViewSet):
    """Quality incidents with their history; ``acknowledge/``, ``assign/``, ``resolve/``."""

    serializer_class = IncidentSerializer
    queryset = Incident.objects.none()
    lookup_value_regex = DIGITS
    http_method_names = ["get", "post", "head", "options"]
    permission_classes = [IncidentPermission]

    def get_queryset(self) -> QuerySet[Incident]:
        return quality.incident_list().prefetch_related("events")

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action != "list":
            return queryset
        wanted = choice_query_param(self.request, "status", ("open", *IncidentStatus.values))
        if wanted == "open":
            queryset = queryset.exclude(status=IncidentStatus.RESOLVED)
        elif wanted is not None:
            queryset = queryset.filter(status=wanted)
        check = int_query_param(self.request, "check", example="3")
        if check is not None:
            queryset = queryset.filter(check_rule_id=check)
        return queryset

    @extend_schema(exclude=True)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise MethodNotAllowed("POST")

    def _fresh(self, incident: Incident) -> Response:
        return self._output(self.get_queryset().get(pk=incident.pk))

    @extend_schema(request=IncidentNoteSerializer, responses={200: IncidentSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str | None = None) -> Response:
        """New → acknowledged."""
        data = self._action_input(IncidentNoteSerializer)
        incident = quality.incident_acknowledge(
            actor=request.user, incident=self.get_object(), note=data["note"]
        )
        return self._fresh(incident)

    @extend_schema(request=AssignSerializer, responses={200: IncidentSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        """New or acknowledged → assigned to an employee."""
        data = self._action_input(AssignSerializer)
        incident = quality.incident_assign(
            actor=request.user,
            incident=self.get_object(),
            assignee=data["assignee"],
            note=data["note"],
        )
        return self._fresh(incident)

    @extend_schema(request=ResolveSerializer, responses={200: IncidentSerializer})
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: str | None = None) -> Response:
        """Any open status → resolved, with the reason."""
        data = self._action_input(ResolveSerializer)
        incident = quality.incident_resolve(
            actor=request.user, incident=self.get_object(), reason=data["reason"]
        )
        return self._fresh(incident)
