"""API for lineage: the edges between datasets, indicators and report sections.

Every member of staff reads them (``dataplatform.view_lineageedge``); KIS and the beheerder
record and remove *manual* edges (an external source feeding a table). Derived edges come from
the code and are rebuilt by every harvest: they cannot be created or deleted here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers

from grip.api.base import ServiceViewSet
from grip.api.cases import choice_query_param
from grip.dataplatform import lineage
from grip.dataplatform.models import LineageEdge, LineageOrigin, NodeKind


@extend_schema_field(
    {
        "type": "string",
        # A pattern, not an enum: one enum for two fields would get two component names.
        "pattern": f"^({'|'.join(NodeKind.values)})$",
        "description": "dataset, indicator of section (rapportageonderdeel).",
    }
)
class NodeKindField(serializers.ChoiceField):
    """A node's kind: dataset, indicator or section."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=NodeKind.choices, **kwargs)


class LineageEdgeSerializer(serializers.ModelSerializer[LineageEdge]):
    source_kind = NodeKindField(read_only=True)
    target_kind = NodeKindField(read_only=True)
    column_map = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(), min_length=2, max_length=2),
        read_only=True,
        help_text="[bronkolom, doelkolom] per koppeling.",
    )

    class Meta:
        model = LineageEdge
        fields = [
            "id",
            "source_kind",
            "source_key",
            "target_kind",
            "target_key",
            "origin",
            "column_map",
            "note",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class LineageEdgeInputSerializer(serializers.Serializer[Any]):
    source_kind = NodeKindField()
    source_key = serializers.CharField(
        max_length=120, help_text="Datasetidentificatie, indicatorcode of rapportageonderdeel."
    )
    target_kind = NodeKindField()
    target_key = serializers.CharField(max_length=120)
    column_map = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(), min_length=2, max_length=2),
        required=False,
        default=list,
        help_text="[bronkolom, doelkolom] per koppeling.",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


def _text_param(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, description=description)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "origin",
                OpenApiTypes.STR,
                enum=list(LineageOrigin.values),
                description="Alleen afgeleide of handmatige relaties.",
            ),
            _text_param("source_key", "Alleen relaties uit deze bron."),
            _text_param("target_key", "Alleen relaties naar dit doel."),
        ]
    ),
    create=extend_schema(
        request=LineageEdgeInputSerializer, responses={201: LineageEdgeSerializer}
    ),
)
class LineageEdgeViewSet(ServiceViewSet):
    """Lineage edges: data flows from source to target. Manual ones can be created and
    deleted; derived ones come from the indicator registry and the report sections."""

    serializer_class = LineageEdgeSerializer
    input_serializer_class = LineageEdgeInputSerializer
    queryset = LineageEdge.objects.none()
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[LineageEdge]:
        return lineage.edge_list().order_by("pk")

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action != "list":
            return queryset
        origin = choice_query_param(self.request, "origin", tuple(LineageOrigin.values))
        if origin is not None:
            queryset = queryset.filter(origin=origin)
        for name in ("source_key", "target_key"):
            value = self.request.query_params.get(name, "").strip()
            if value:
                queryset = queryset.filter(**{name: value})
        return queryset

    def perform_service_create(self, data: dict[str, Any]) -> Model:
        edge = lineage.edge_add_manual(
            actor=self.request.user,
            source=(data["source_kind"], data["source_key"]),
            target=(data["target_kind"], data["target_key"]),
            column_map=data["column_map"],
            note=data["note"],
        )
        return self.get_queryset().get(pk=edge.pk)

    def perform_service_delete(self, instance: LineageEdge) -> None:
        lineage.edge_delete_manual(actor=self.request.user, edge=instance)
