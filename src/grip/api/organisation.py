"""API for teams, functions and employees (read: staff; write: beheerder)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_view
from rest_framework import serializers

from grip.api.base import ServiceViewSet, with_io_schema
from grip.organisation import selectors, services
from grip.organisation.models import Employee, Function, Team


class TeamSerializer(serializers.ModelSerializer[Team]):
    employee_count = serializers.IntegerField(read_only=True, help_text="Medewerkers in het team.")

    class Meta:
        model = Team
        fields = ["id", "code", "name", "kind", "parent", "description", "employee_count"]


class TeamInputSerializer(serializers.ModelSerializer[Team]):
    class Meta:
        model = Team
        fields = ["code", "name", "kind", "parent", "description"]


class FunctionSerializer(serializers.ModelSerializer[Function]):
    class Meta:
        model = Function
        fields = ["id", "code", "name", "description"]


class EmployeeSerializer(serializers.ModelSerializer[Employee]):
    fte = serializers.DecimalField(
        max_digits=4, decimal_places=2, read_only=True, help_text="FTE uit de contracturen."
    )
    username = serializers.CharField(source="user.username", read_only=True, allow_null=True)

    class Meta:
        model = Employee
        fields = [
            "id",
            "employee_number",
            "first_name",
            "last_name",
            "email",
            "team",
            "function",
            "contract_hours_per_week",
            "fte",
            "start_date",
            "end_date",
            "username",
        ]


class EmployeeInputSerializer(serializers.ModelSerializer[Employee]):
    class Meta:
        model = Employee
        fields = [
            "user",
            "employee_number",
            "first_name",
            "last_name",
            "email",
            "team",
            "function",
            "contract_hours_per_week",
            "start_date",
            "end_date",
        ]


@extend_schema_view(**with_io_schema(TeamInputSerializer, TeamSerializer))
class TeamViewSet(ServiceViewSet):
    serializer_class = TeamSerializer
    input_serializer_class = TeamInputSerializer

    def get_queryset(self) -> Any:
        return selectors.team_list()

    def perform_service_create(self, data: dict[str, Any]) -> Team:
        return services.team_create(actor=self.request.user, data=data)

    def perform_service_update(self, instance: Team, data: dict[str, Any]) -> Team:
        return services.team_update(actor=self.request.user, team=instance, data=data)

    def perform_service_delete(self, instance: Team) -> None:
        services.team_delete(actor=self.request.user, team=instance)


@extend_schema_view(**with_io_schema(FunctionSerializer, FunctionSerializer))
class FunctionViewSet(ServiceViewSet):
    serializer_class = FunctionSerializer
    input_serializer_class = FunctionSerializer

    def get_queryset(self) -> Any:
        return selectors.function_list()

    def perform_service_create(self, data: dict[str, Any]) -> Function:
        return services.function_create(actor=self.request.user, data=data)

    def perform_service_update(self, instance: Function, data: dict[str, Any]) -> Function:
        return services.function_update(actor=self.request.user, function=instance, data=data)

    def perform_service_delete(self, instance: Function) -> None:
        services.function_delete(actor=self.request.user, function=instance)


@extend_schema_view(**with_io_schema(EmployeeInputSerializer, EmployeeSerializer))
class EmployeeViewSet(ServiceViewSet):
    serializer_class = EmployeeSerializer
    input_serializer_class = EmployeeInputSerializer

    def get_queryset(self) -> Any:
        return selectors.employee_list()

    def perform_service_create(self, data: dict[str, Any]) -> Employee:
        return services.employee_create(actor=self.request.user, data=data)

    def perform_service_update(self, instance: Employee, data: dict[str, Any]) -> Employee:
        return services.employee_update(actor=self.request.user, employee=instance, data=data)

    def perform_service_delete(self, instance: Employee) -> None:
        services.employee_delete(actor=self.request.user, employee=instance)
