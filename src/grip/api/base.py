"""The shape every API resource shares: reads through a selector, writes through services."""

from __future__ import annotations

from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response


class ServiceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """List and retrieve from ``get_queryset`` (a tenancy-scoped selector); write via services.

    A subclass sets ``serializer_class`` (output) and ``input_serializer_class`` and implements
    the ``perform_*`` methods it supports by calling its app's services.
    """

    serializer_class: type[serializers.BaseSerializer[Any]]
    input_serializer_class: type[serializers.Serializer[Any]]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action in {"create", "partial_update"}:
            return self.input_serializer_class
        return self.serializer_class

    def _validated(self, request: Request, *, partial: bool) -> dict[str, Any]:
        serializer = self.input_serializer_class(
            data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _output(self, instance: models.Model, *, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(
            self.serializer_class(instance, context=self.get_serializer_context()).data,
            status=status_code,
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.perform_service_create(self._validated(request, partial=False))
        return self._output(instance, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        updated = self.perform_service_update(instance, self._validated(request, partial=True))
        return self._output(updated)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.perform_service_delete(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_service_create(self, data: dict[str, Any]) -> models.Model:
        raise NotImplementedError

    def perform_service_update(self, instance: Any, data: dict[str, Any]) -> models.Model:
        raise NotImplementedError

    def perform_service_delete(self, instance: Any) -> None:
        raise NotImplementedError


def int_query_param(request: Request, name: str, *, example: str) -> int | None:
    """An optional whole-number filter such as ``?year=2026``; anything else is a 400."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not raw.isdigit():
        raise serializers.ValidationError({name: f"Give a whole number, such as {example}."})
    return int(raw)


def with_io_schema(
    input_serializer: type[serializers.Serializer[Any]],
    output_serializer: type[serializers.Serializer[Any]],
) -> dict[str, Any]:
    """``extend_schema_view`` arguments documenting separate input and output bodies."""
    return {
        "create": extend_schema(request=input_serializer, responses={201: output_serializer}),
        "partial_update": extend_schema(
            request=input_serializer, responses={200: output_serializer}
        ),
    }
