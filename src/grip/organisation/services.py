"""Writes to the organisation: each checks the actor's permission and is audited."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from grip.core.audit import Actor
from grip.core.permissions import require_permission
from grip.core.services import create_audited, delete_audited, update_audited
from grip.organisation.models import Employee, Function, Team

TEAM_FIELDS = ("code", "name", "kind", "parent", "description")
FUNCTION_FIELDS = ("code", "name", "description")
EMPLOYEE_FIELDS = (
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
)


def team_create(*, actor: Actor, data: Mapping[str, Any]) -> Team:
    require_permission(actor, "organisation.add_team")
    return create_audited(actor=actor, model=Team, data=data, fields=TEAM_FIELDS)


def team_update(*, actor: Actor, team: Team, data: Mapping[str, Any]) -> Team:
    require_permission(actor, "organisation.change_team")
    return update_audited(actor=actor, instance=team, data=data, fields=TEAM_FIELDS)


def team_delete(*, actor: Actor, team: Team) -> None:
    require_permission(actor, "organisation.delete_team")
    delete_audited(actor=actor, instance=team)


def function_create(*, actor: Actor, data: Mapping[str, Any]) -> Function:
    require_permission(actor, "organisation.add_function")
    return create_audited(actor=actor, model=Function, data=data, fields=FUNCTION_FIELDS)


def function_update(*, actor: Actor, function: Function, data: Mapping[str, Any]) -> Function:
    require_permission(actor, "organisation.change_function")
    return update_audited(actor=actor, instance=function, data=data, fields=FUNCTION_FIELDS)


def function_delete(*, actor: Actor, function: Function) -> None:
    require_permission(actor, "organisation.delete_function")
    delete_audited(actor=actor, instance=function)


def employee_create(*, actor: Actor, data: Mapping[str, Any]) -> Employee:
    require_permission(actor, "organisation.add_employee")
    return create_audited(actor=actor, model=Employee, data=data, fields=EMPLOYEE_FIELDS)


def employee_update(*, actor: Actor, employee: Employee, data: Mapping[str, Any]) -> Employee:
    require_permission(actor, "organisation.change_employee")
    return update_audited(actor=actor, instance=employee, data=data, fields=EMPLOYEE_FIELDS)


def employee_delete(*, actor: Actor, employee: Employee) -> None:
    require_permission(actor, "organisation.delete_employee")
    delete_audited(actor=actor, instance=employee)
