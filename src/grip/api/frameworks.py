"""API for the execution framework and the product catalogue (read: all; write: beheerder)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from grip.api.base import ServiceViewSet, int_query_param, with_io_schema
from grip.frameworks import selectors, services
from grip.frameworks.models import HourlyTariff, Module, Product


class ModuleSerializer(serializers.ModelSerializer[Module]):
    class Meta:
        model = Module
        fields = ["id", "code", "name", "description"]


# Declared, not derived: the derived bounds of a small-integer column differ per database, and
# the committed schema must be the same on SQLite and PostgreSQL.
def year_field() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=2013, max_value=2100, help_text="Jaar.")


class ProductSerializer(serializers.ModelSerializer[Product]):
    year = year_field()

    class Meta:
        model = Product
        fields = [
            "id",
            "year",
            "code",
            "name",
            "module",
            "task_kind",
            "unit",
            "settlement",
            "norm_hours",
        ]


class TariffSerializer(serializers.ModelSerializer[HourlyTariff]):
    year = year_field()

    class Meta:
        model = HourlyTariff
        fields = ["id", "year", "amount"]


class CatalogueCopySerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(
        min_value=2013, max_value=2100, help_text="Het jaar dat wordt gekopieerd."
    )
    indexation_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, help_text="Indexatie van het uurtarief in procenten."
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("year", OpenApiTypes.INT, description="Catalogusjaar.")]
    ),
    **with_io_schema(ProductSerializer, ProductSerializer),
)
class ProductViewSet(ServiceViewSet):
    serializer_class = ProductSerializer
    input_serializer_class = ProductSerializer

    def get_queryset(self) -> QuerySet[Product]:
        year = (
            int_query_param(self.request, "year", example="2026") if self.action == "list" else None
        )
        return selectors.product_list(year=year)

    def perform_service_create(self, data: dict[str, Any]) -> Product:
        return services.product_create(actor=self.request.user, data=data)

    def perform_service_update(self, instance: Product, data: dict[str, Any]) -> Product:
        return services.product_update(actor=self.request.user, product=instance, data=data)

    def perform_service_delete(self, instance: Product) -> None:
        services.product_delete(actor=self.request.user, product=instance)

    @extend_schema(request=CatalogueCopySerializer, responses={201: ProductSerializer(many=True)})
    @action(detail=False, methods=["post"], url_path="copy-to-next-year")
    def copy_to_next_year(self, request: Request) -> Response:
        """Copy a year's catalogue and tariff to the next year, indexing the tariff."""
        serializer = CatalogueCopySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        copies = services.catalogue_copy_to_next_year(
            actor=request.user,
            year=serializer.validated_data["year"],
            indexation_percent=Decimal(serializer.validated_data["indexation_percent"]),
        )
        return Response(ProductSerializer(copies, many=True).data, status=status.HTTP_201_CREATED)


class ModuleViewSet(ServiceViewSet):
    serializer_class = ModuleSerializer
    input_serializer_class = ModuleSerializer
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> QuerySet[Module]:
        return selectors.module_list()


class TariffViewSet(ServiceViewSet):
    serializer_class = TariffSerializer
    input_serializer_class = TariffSerializer
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> QuerySet[HourlyTariff]:
        return selectors.tariff_list()
