"""Reads of the organisation for screens, API and reports."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from grip.core.tenancy import User
from grip.organisation.models import Employee, Function, Team


def team_list() -> QuerySet[Team]:
    return (
        Team.objects.select_related("parent")
        .annotate(employee_count=Count("employees"))
        .order_by("name")
    )


def function_list() -> QuerySet[Function]:
    return Function.objects.all()


def employee_list() -> QuerySet[Employee]:
    return Employee.objects.select_related("team", "function", "user")


def employee_of(user: User) -> Employee | None:
    """The employee record of a logged-in member of staff, if any."""
    if not user.is_authenticated:
        return None
    return Employee.objects.filter(user_id=user.pk).select_related("team", "function").first()
