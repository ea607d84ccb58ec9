"""API for the data catalogue: datasets, their columns, who holds which role for them, and the
glossary.

The catalogue describes tables, not participants' rows: every member of staff reads it (the
``dataplatform.view_*`` permissions); a participant user holds none of them and gets 403. A
write is one service call of ``grip.dataplatform.services``, which checks the permission and
writes the audit record. Only the *curated* fields of a dataset or column are writable; naming a
harvested field (rewritten by every harvest from the code) is a 400 problem with that field, so
that nobody believes such a change was kept. List filters are read in ``filter_queryset``, never
in ``get_queryset`` (which the permission class calls to find the model), so that a user without
the permission gets 403 before any filter is read.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from grip.api.accounts import bool_query_param
from grip.api.base import ServiceViewSet, int_query_param, with_io_schema
from grip.api.cases import choice_query_param
from grip.core.classification import Confidentiality
from grip.dataplatform import selectors, services
from grip.dataplatform.models import (
    AccessRights,
    Column,
    DataRole,
    Dataset,
    DatasetKind,
    DatasetRole,
    GlossaryTerm,
    Lifecycle,
    PersonalData,
    RefreshFrequency,
)
from grip.organisation.models import Employee, Team

DIGITS = "[0-9]+"

DATASET_PARAMETER = OpenApiParameter(
    "dataset", OpenApiTypes.INT, description="Alleen deze dataset."
)


def _text(**kwargs: Any) -> serializers.CharField:
    """An optional free text (blank allowed)."""
    return serializers.CharField(required=False, allow_blank=True, **kwargs)


class CuratedInputSerializer(serializers.Serializer[Any]):
    """Only the curated fields; any other field in the body is refused by name."""

    harvested_fields: ClassVar[tuple[str, ...]] = ()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        body = self.initial_data if isinstance(self.initial_data, dict) else {}
        errors: dict[str, str] = {}
        for name in body:
            if name in self.fields:
                continue
            if name in self.harvested_fields:
                errors[name] = (
                    "Harvested from the code and rewritten by every harvest; not writable."
                )
            else:
                errors[name] = "Not a writable field."
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


# --- glossary -----------------------------------------------------------------------------------


class GlossaryTermSerializer(serializers.ModelSerializer[GlossaryTerm]):
    datasets = serializers.SlugRelatedField[Dataset](
        slug_field="identifier",
        many=True,
        read_only=True,
        help_text="Identificaties van de datasets met dit begrip.",
    )

    class Meta:
        model = GlossaryTerm
        fields = ["id", "term", "english", "definition", "in_code", "datasets"]
        read_only_fields = fields


class GlossaryTermViewSet(ServiceViewSet):
    """The glossary: the terms of the domain, with the English used in the code."""

    serializer_class = GlossaryTermSerializer
    queryset = GlossaryTerm.objects.none()
    lookup_value_regex = DIGITS
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> QuerySet[GlossaryTerm]:
        return selectors.glossary()


# --- columns ------------------------------------------------------------------------------------


def _code_list_field() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ListField(child=serializers.CharField()),
        read_only=True,
        help_text="[waarde, label] per keuze.",
    )


def _term_names() -> serializers.SlugRelatedField[GlossaryTerm]:
    return serializers.SlugRelatedField[GlossaryTerm](
        slug_field="term", many=True, read_only=True, help_text="Namen van de begrippen."
    )


class ColumnSerializer(serializers.ModelSerializer[Column]):
    dataset_identifier = serializers.CharField(source="dataset.identifier", read_only=True)
    code_list = _code_list_field()
    terms = _term_names()

    class Meta:
        model = Column
        fields = [
            "id",
            "dataset",
            "dataset_identifier",
            "name",
            "position",
            "data_type",
            "verbose_name",
            "help_text",
            "nullable",
            "code_list",
            "present",
            "description",
            "personal_data",
            "terms",
        ]
        read_only_fields = fields


class ColumnInputSerializer(CuratedInputSerializer):
    harvested_fields: ClassVar[tuple[str, ...]] = (
        "dataset",
        "name",
        "position",
        "data_type",
        "verbose_name",
        "help_text",
        "nullable",
        "code_list",
        "present",
    )

    description = _text()
    personal_data = serializers.ChoiceField(choices=PersonalData.choices, required=False)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            DATASET_PARAMETER,
            OpenApiParameter(
                "personal_data",
                OpenApiTypes.STR,
                enum=list(PersonalData.values),
                description="Alleen kolommen met deze soort persoonsgegevens.",
            ),
        ]
    ),
    **with_io_schema(ColumnInputSerializer, ColumnSerializer),
)
class ColumnViewSet(ServiceViewSet):
    """The columns of the datasets; staff read them, KIS writes the curated fields."""

    serializer_class = ColumnSerializer
    input_serializer_class = ColumnInputSerializer
    queryset = Column.objects.none()
    lookup_value_regex = DIGITS
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Column]:
        return selectors.column_list()

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action != "list":
            return queryset
        dataset = int_query_param(self.request, "dataset", example="12")
        if dataset is not None:
            queryset = queryset.filter(dataset_id=dataset)
        personal_data = choice_query_param(
            self.request, "personal_data", tuple(PersonalData.values)
        )
        if personal_data is not None:
            queryset = queryset.filter(personal_data=personal_data)
        return queryset

    def perform_service_update(self, instance: Column, data: dict[str, Any]) -> Model:
        column = services.column_update(actor=self.request.user, column=instance, data=data)
        return self.get_queryset().get(pk=column.pk)


# --- roles --------------------------------------------------------------------------------------


class DatasetRoleSerializer(serializers.ModelSerializer[DatasetRole]):
    employee_name = serializers.CharField(
        source="employee.full_name", read_only=True, allow_null=True, default=None
    )
    team_name = serializers.CharField(
        source="team.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = DatasetRole
        fields = [
            "id",
            "dataset",
            "role",
            "employee",
            "employee_name",
            "team",
            "team_name",
            "valid_from",
            "valid_to",
        ]
        read_only_fields = fields


class DatasetRoleInputSerializer(serializers.Serializer[Any]):
    dataset = serializers.PrimaryKeyRelatedField(queryset=Dataset.objects.all())
    role = serializers.ChoiceField(choices=DataRole.choices)
    employee = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="De medewerker die de rol heeft (of een team).",
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Het team dat de rol heeft (of een medewerker).",
    )
    valid_from = serializers.DateField(
        help_text="Vanaf; wie de rol tot dan had, houdt hem tot de dag ervoor."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("employee") is None) == (attrs.get("team") is None):
            raise serializers.ValidationError(
                {"employee": "Give either an employee or a team, not both."}
            )
        return attrs


@extend_schema_view(
    list=extend_schema(parameters=[DATASET_PARAMETER]),
    create=extend_schema(
        request=DatasetRoleInputSerializer, responses={201: DatasetRoleSerializer}
    ),
)
class DatasetRoleViewSet(ServiceViewSet):
    """Who held and holds which role for a dataset (owner, steward, custodian), from-to."""

    serializer_class = DatasetRoleSerializer
    input_serializer_class = DatasetRoleInputSerializer
    queryset = DatasetRole.objects.none()
    lookup_value_regex = DIGITS
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[DatasetRole]:
        return selectors.role_list()

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action != "list":
            return queryset
        dataset = int_query_param(self.request, "dataset", example="12")
        if dataset is not None:
            queryset = queryset.filter(dataset_id=dataset)
        return queryset

    def perform_service_create(self, data: dict[str, Any]) -> Model:
        assignment = services.role_assign(
            actor=self.request.user,
            dataset=data["dataset"],
            role=data["role"],
            holder=data["employee"] or data["team"],
            valid_from=data["valid_from"],
        )
        return self.get_queryset().get(pk=assignment.pk)


# --- datasets -----------------------------------------------------------------------------------


class DatasetSerializer(serializers.ModelSerializer[Dataset]):
    display_title = serializers.CharField(
        read_only=True, help_text="De titel, of anders de naam in de code."
    )
    display_description = serializers.CharField(
        read_only=True, help_text="De omschrijving, of anders die in de code."
    )

    class Meta:
        model = Dataset
        fields = [
            "id",
            "identifier",
            "kind",
            "model_label",
            "domain",
            "harvested_title",
            "harvested_description",
            "present",
            "harvested_at",
            "display_title",
            "display_description",
            "title",
            "description",
            "publisher",
            "creator",
            "contact_point",
            "theme",
            "access_rights",
            "confidentiality",
            "refresh_frequency",
            "lifecycle_status",
            "retention",
        ]
        read_only_fields = fields


class DatasetColumnSerializer(ColumnSerializer):
    class Meta(ColumnSerializer.Meta):
        fields = [name for name in ColumnSerializer.Meta.fields if name != "dataset_identifier"]
        read_only_fields = fields


class DatasetDetailSerializer(DatasetSerializer):
    columns = DatasetColumnSerializer(many=True, read_only=True)
    roles = serializers.SerializerMethodField(help_text="Wie vandaag welke rol heeft.")
    terms = _term_names()

    class Meta(DatasetSerializer.Meta):
        fields = [*DatasetSerializer.Meta.fields, "columns", "roles", "terms"]
        read_only_fields = fields

    @extend_schema_field(DatasetRoleSerializer(many=True))
    def get_roles(self, dataset: Dataset) -> list[dict[str, Any]]:
        return list(DatasetRoleSerializer(selectors.roles_on(dataset), many=True).data)


class DatasetInputSerializer(CuratedInputSerializer):
    harvested_fields: ClassVar[tuple[str, ...]] = (
        "identifier",
        "kind",
        "model_label",
        "domain",
        "harvested_title",
        "harvested_description",
        "present",
        "harvested_at",
    )

    title = _text(max_length=200)
    description = _text()
    publisher = _text(max_length=200)
    creator = _text(max_length=200)
    contact_point = serializers.EmailField(required=False, allow_blank=True)
    theme = _text(max_length=40, help_text="Thema uit de DCAT-AP-NL-themalijst.")
    access_rights = serializers.ChoiceField(choices=AccessRights.choices, required=False)
    confidentiality = serializers.ChoiceField(choices=Confidentiality.choices, required=False)
    refresh_frequency = serializers.ChoiceField(choices=RefreshFrequency.choices, required=False)
    lifecycle_status = serializers.ChoiceField(choices=Lifecycle.choices, required=False)
    retention = _text()


class ExternalDatasetInputSerializer(CuratedInputSerializer):
    """Register an external source (``extern:<identifier_slug>``); the harvest never touches it."""

    harvested_fields: ClassVar[tuple[str, ...]] = DatasetInputSerializer.harvested_fields

    identifier_slug = serializers.CharField(
        max_length=110, help_text="Korte naam, zoals vth-export; de dataset heet extern:vth-export."
    )
    title = serializers.CharField(max_length=200)
    description = _text()
    landing_page = serializers.URLField(required=False, allow_blank=True)
    publisher = _text(max_length=200)
    creator = _text(max_length=200)
    contact_point = serializers.EmailField(required=False, allow_blank=True)
    theme = _text(max_length=40, help_text="Thema uit de DCAT-AP-NL-themalijst.")
    access_rights = serializers.ChoiceField(choices=AccessRights.choices, required=False)
    confidentiality = serializers.ChoiceField(choices=Confidentiality.choices, required=False)
    refresh_frequency = serializers.ChoiceField(choices=RefreshFrequency.choices, required=False)
    lifecycle_status = serializers.ChoiceField(choices=Lifecycle.choices, required=False)
    retention = _text()


class ExternalColumnInputSerializer(CuratedInputSerializer):
    """A column of an external source, entered by hand."""

    name = serializers.CharField(max_length=120)
    position = serializers.IntegerField(min_value=0, required=False)
    data_type = _text(max_length=60)
    verbose_name = _text(max_length=200)
    help_text = _text()  # type: ignore[assignment]  # a field, popped by the metaclass
    nullable = serializers.BooleanField(required=False)
    description = _text()
    personal_data = serializers.ChoiceField(choices=PersonalData.choices, required=False)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                description="Zoek in identificatie, titel, omschrijving, kolommen en begrippen.",
            ),
            OpenApiParameter("domain", OpenApiTypes.STR, description="Alleen dit domein (app)."),
            OpenApiParameter(
                "kind",
                OpenApiTypes.STR,
                enum=list(DatasetKind.values),
                description="Alleen deze soort.",
            ),
            OpenApiParameter(
                "present",
                OpenApiTypes.BOOL,
                description="Alleen datasets die nog (true) of niet meer (false) bestaan.",
            ),
        ]
    ),
    partial_update=extend_schema(
        request=DatasetInputSerializer, responses={200: DatasetDetailSerializer}
    ),
    create=extend_schema(
        request=ExternalDatasetInputSerializer, responses={201: DatasetDetailSerializer}
    ),
)
class DatasetViewSet(ServiceViewSet):
    """The catalogue's datasets: every table of Grip and the external sources.

    The list is brief; one dataset comes with its columns, the roles held today and the names
    of its glossary terms. KIS writes the curated fields."""

    serializer_class = DatasetDetailSerializer
    input_serializer_class = DatasetInputSerializer
    queryset = Dataset.objects.none()
    lookup_value_regex = DIGITS
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "list":
            return DatasetSerializer
        if self.action == "create":
            return ExternalDatasetInputSerializer
        if self.action == "add_column":
            return ExternalColumnInputSerializer
        return super().get_serializer_class()

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Only external sources are registered by hand; every table of Grip is harvested."""
        serializer = ExternalDatasetInputSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        dataset = services.external_dataset_register(
            actor=request.user,
            identifier_slug=data.pop("identifier_slug"),
            title=data.pop("title"),
            description=data.pop("description", ""),
            landing_page=data.pop("landing_page", ""),
            data=data,
        )
        registered = self.filter_queryset(self.get_queryset()).get(pk=dataset.pk)
        return self._output(registered, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        request=ExternalColumnInputSerializer,
        responses={201: ColumnSerializer},
        summary="Add a column to an external dataset",
    )
    @action(detail=True, methods=["post"], url_path="columns")
    def add_column(self, request: Request, pk: str | None = None) -> Response:
        """An external source's columns are entered by hand (a table's come from the code)."""
        dataset = self.get_object()
        serializer = ExternalColumnInputSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        column = services.external_column_add(
            actor=request.user, dataset=dataset, data=dict(serializer.validated_data)
        )
        output = ColumnSerializer(
            selectors.column_list().get(pk=column.pk), context=self.get_serializer_context()
        )
        return Response(output.data, status=status.HTTP_201_CREATED)

    def get_queryset(self) -> QuerySet[Dataset]:
        return selectors.dataset_list()

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action != "list":
            return queryset.prefetch_related("columns__terms", "terms")
        query = self.request.query_params.get("q", "").strip()
        domain = self.request.query_params.get("domain", "").strip()
        queryset = selectors.dataset_list(query=query, domain=domain)
        kind = choice_query_param(self.request, "kind", tuple(DatasetKind.values))
        if kind is not None:
            queryset = queryset.filter(kind=kind)
        present = bool_query_param(self.request, "present")
        if present is not None:
            queryset = queryset.filter(present=present)
        return queryset

    def perform_service_update(self, instance: Dataset, data: dict[str, Any]) -> Model:
        dataset = services.dataset_update(actor=self.request.user, dataset=instance, data=data)
        updated: Dataset = self.filter_queryset(self.get_queryset()).get(pk=dataset.pk)
        return updated
