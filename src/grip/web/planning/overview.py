"""The programme overview (*toezichtprogramma*): the latest risk assessment with its classes,
recomputing the risks, the programmes with their scenarios, and a new programme."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from grip.core.errors import DomainError
from grip.core.models import User as UserModel
from grip.planning import selectors, services
from grip.planning.models import Assessment, InspectionPlan
from grip.web.planning.common import (
    ADD_ASSESSMENT,
    ADD_PLAN,
    VIEW_PLAN,
    next_year,
    percent,
    refuse,
    user_of,
)
from grip.web.planning.forms import AssessmentForm, PlanForm


@dataclass(frozen=True)
class ClassCount:
    code: str
    name: str
    frequency: Any
    mandatory: bool
    count: int


@dataclass
class PlanRow:
    """A programme as the list shows it, with its scenarios under it."""

    plan: InspectionPlan
    scenarios: list[PlanRow] = field(default_factory=list)

    @property
    def gap_percent(self) -> float | None:
        return self.plan.gap * 100 if self.plan.gap is not None else None

    @property
    def gain_percent(self) -> float | None:
        """How much more risk the optimum covers than the greedy programme, in %."""
        objective, greedy = self.plan.objective, self.plan.greedy_objective
        if objective is None or greedy is None:
            return None
        return percent(objective - greedy, greedy)

    @property
    def covered_percent(self) -> float | None:
        return percent(self.plan.objective, self.plan.total_risk)


def plan_rows(plans: list[InspectionPlan]) -> list[PlanRow]:
    rows = {plan.pk: PlanRow(plan) for plan in plans if not plan.is_scenario}
    for plan in plans:
        if plan.is_scenario and plan.based_on_id in rows:
            rows[plan.based_on_id].scenarios.append(PlanRow(plan))
    return list(rows.values())


def class_table(user: UserModel, assessment: Assessment) -> list[ClassCount]:
    counts = selectors.class_counts(user=user, assessment=assessment)
    return [
        ClassCount(c.code, c.name, c.target_frequency, c.mandatory, counts.get(c.code, 0))
        for c in selectors.classes_of(assessment.model)
    ]


def _page(
    request: HttpRequest,
    *,
    plan_form: PlanForm | None = None,
    assessment_form: AssessmentForm | None = None,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    user = user_of(request)
    latest = selectors.latest_assessment()
    may_plan = bool(user.has_perm(ADD_PLAN))
    may_assess = bool(user.has_perm(ADD_ASSESSMENT))
    if may_plan and plan_form is None:
        plan_form = PlanForm(
            assessments=selectors.assessment_list(), year=next_year(), latest=latest
        )
    context = {
        "latest": latest,
        "classes": class_table(user, latest) if latest else [],
        "plans": plan_rows(list(selectors.plan_list().order_by("-created_at", "-pk"))),
        "plan_form": plan_form.style() if may_plan and plan_form is not None else None,
        "assessment_form": (assessment_form or AssessmentForm()) if may_assess else None,
        "refused_anchor": refused,
        "section": "programmas",
    }
    return render(request, "web/planning/overview.html", context, status=status)


@login_required
@permission_required(VIEW_PLAN, raise_exception=True)
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@permission_required(ADD_ASSESSMENT, raise_exception=True)
@require_POST
def assessment_run(request: HttpRequest) -> HttpResponse:
    """Score every current site with the model in force, as of today."""
    form = AssessmentForm(request.POST)
    form.is_valid()
    try:
        assessment = services.assessment_run(actor=user_of(request))
    except (DomainError, ValidationError) as error:
        status = refuse(form, error)
        return _page(request, assessment_form=form, refused="risico-berekenen", status=status)
    messages.success(
        request,
        _("De risico's van %(count)s locaties zijn berekend met risicomodel %(version)s.")
        % {"count": assessment.site_count, "version": assessment.model.version},
    )
    return redirect("web:planning-overview")


@login_required
@permission_required(ADD_PLAN, raise_exception=True)
@require_POST
def plan_create(request: HttpRequest) -> HttpResponse:
    """Queue a programme for all participants; its page shows the solver's progress."""
    form = PlanForm(
        request.POST,
        assessments=selectors.assessment_list(),
        year=next_year(),
        latest=selectors.latest_assessment(),
    )
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(
                actor=user_of(request),
                year=data["year"],
                assessment=data["assessment"],
                title=data["title"],
                themes=form.themes(),
                time_limit=float(data["time_limit"]),
            )
        except (DomainError, ValidationError) as error:
            status = refuse(form, error)
        else:
            messages.success(
                request,
                _("%(title)s wordt berekend; deze pagina ververst zich tot het klaar is.")
                % {"title": plan.title},
            )
            return redirect("web:planning-plan-detail", pk=plan.pk)
    return _page(request, plan_form=form, refused="nieuw-programma", status=status)
