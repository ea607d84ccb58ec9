"""The inspectors' capacity for programmed inspections in a year: hours, expertise and area
per inspector, the hours per expertise, and for the planner the form to set an inspector's
row (``grip.planning.services.capacity_set``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from grip.core.errors import DomainError
from grip.organisation import selectors as organisation_selectors
from grip.organisation.models import Employee
from grip.participants import selectors as participant_selectors
from grip.planning import selectors, services
from grip.planning.models import InspectorCapacity
from grip.web.planning.common import (
    CHANGE_CAPACITY,
    VIEW_CAPACITY,
    next_year,
    parse_id,
    refuse,
    user_of,
)
from grip.web.planning.forms import CapacityForm


@dataclass(frozen=True)
class ExpertiseHours:
    name: str
    hours: Decimal
    inspectors: int


def hours_per_expertise(rows: list[InspectorCapacity]) -> list[ExpertiseHours]:
    """The hours of the inspectors who have each expertise (an inspector with two counts for
    both)."""
    hours: dict[str, Decimal] = defaultdict(Decimal)
    count: dict[str, int] = defaultdict(int)
    for row in rows:
        for expertise in row.expertises.all():
            hours[expertise.name] += row.hours
            count[expertise.name] += 1
    return [ExpertiseHours(name, hours[name], count[name]) for name in sorted(hours)]


def _employees() -> QuerySet[Employee]:
    return (
        organisation_selectors.employee_list()
        .filter(end_date__isnull=True)
        .order_by("last_name", "first_name", "employee_number")
    )


def _form(request: HttpRequest, data: Any = None, **kwargs: Any) -> CapacityForm:
    return CapacityForm(
        data,
        employees=_employees(),
        expertises=selectors.expertise_list(),
        participants=participant_selectors.participant_list_for(user=user_of(request)).order_by(
            "name"
        ),
        **kwargs,
    )


def _initial(rows: list[InspectorCapacity], employee_id: int | None) -> dict[str, Any]:
    row = next((r for r in rows if r.employee_id == employee_id), None)
    if row is None:
        return {"employee": employee_id} if employee_id else {}
    return {
        "employee": row.employee_id,
        "hours": row.hours,
        "expertises": [e.pk for e in row.expertises.all()],
        "areas": [p.pk for p in row.areas.all()],
        "note": row.note,
    }


@login_required
@permission_required(VIEW_CAPACITY, raise_exception=True)
@require_GET
def capacity_next_year(request: HttpRequest) -> HttpResponse:
    return redirect("web:planning-capacity", year=next_year())


@login_required
@permission_required(VIEW_CAPACITY, raise_exception=True)
@require_http_methods(["GET", "POST"])
def capacity(request: HttpRequest, year: int) -> HttpResponse:
    user = user_of(request)
    may_change = bool(user.has_perm(CHANGE_CAPACITY))
    status = 200
    form: CapacityForm | None = None
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        form = _form(request, request.POST)
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                row = services.capacity_set(
                    actor=user,
                    year=year,
                    employee=data["employee"],
                    hours=data["hours"],
                    expertises=list(data["expertises"]),
                    areas=list(data["areas"]),
                    note=data["note"],
                )
            except (DomainError, ValidationError) as error:
                status = refuse(form, error)
            else:
                messages.success(
                    request,
                    _("De capaciteit van %(name)s voor %(year)s is opgeslagen.")
                    % {"name": row.employee.full_name, "year": year},
                )
                url = reverse("web:planning-capacity", args=[year])
                return redirect(f"{url}#capaciteit-{row.employee_id}")
    rows = list(selectors.capacity_list(year=year))
    if may_change and form is None:
        form = _form(request, initial=_initial(rows, parse_id(request.GET.get("medewerker"))))
    years = sorted({*selectors.capacity_years(), next_year(), next_year() - 1, year})
    context = {
        "year": year,
        "years": years,
        "rows": rows,
        "total_hours": sum((r.hours for r in rows), Decimal("0")),
        "per_expertise": hours_per_expertise(rows),
        "form": form.style() if form is not None else None,
        "refused_anchor": "capaciteit-formulier" if status != 200 else "",
        "section": "capaciteit",
    }
    return render(request, "web/planning/capacity.html", context, status=status)
