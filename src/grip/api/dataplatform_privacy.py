"""API for the processing register (AVG art. 30): every version of every processing activity,
read-only, with its persistent identifier (the ``dpl.core.processing_activity_id`` that access
log lines carry). Staff read it (``dataplatform.view_processingactivity``); a participant user
holds no such permission and gets 403. Changes go through the register's pages (a new version
per change)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from grip.api.base import ServiceViewSet
from grip.dataplatform import privacy
from grip.dataplatform.models import ProcessingActivity

DIGITS = r"[0-9]+"


class ProcessingActivitySerializer(serializers.ModelSerializer[ProcessingActivity]):
    uri = serializers.SerializerMethodField(
        help_text="De blijvende identificatie van deze versie (processing_activity_id)."
    )
    datasets: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="identifier", help_text="Identificaties."
    )

    class Meta:
        model = ProcessingActivity
        fields = [
            "id",
            "uri",
            "code",
            "version",
            *privacy.ACTIVITY_FIELDS,
            "datasets",
            "valid_from",
            "valid_to",
        ]
        read_only_fields = fields

    def get_uri(self, activity: ProcessingActivity) -> str:
        return privacy.activity_uri(activity)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("code", OpenApiTypes.STR, description="Alleen deze verwerking."),
        ]
    )
)
class ProcessingActivityViewSet(ServiceViewSet):
    """The processing register: every version, by code and newest version first."""

    serializer_class = ProcessingActivitySerializer
    queryset = ProcessingActivity.objects.none()
    lookup_value_regex = DIGITS
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> QuerySet[ProcessingActivity]:
        return privacy.activity_list()

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action != "list":
            return queryset
        code = (self.request.query_params.get("code") or "").strip()
        return queryset.filter(code=code) if code else queryset
