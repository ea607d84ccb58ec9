"""A programme or scenario: its status (polled while the solver works), the solver's figures
against the greedy programme, what does not fit, the totals per participant, the inspectors'
loads, every site with why it is in or out, the Excel export, and the scenarios.

A scenario's page compares it with its base per participant: the extra risk covered per hour
added, the number an account manager advises a participant with.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from grip.core.errors import DomainError
from grip.core.models import User as UserModel
from grip.participants import selectors as participant_selectors
from grip.planning import excel, selectors, services
from grip.planning.constants import (
    FINISHED_STATUSES,
    SOLVED_STATUSES,
    PlanStatus,
    Reason,
)
from grip.planning.models import InspectionPlan, PlanParticipant
from grip.web.feedback import is_htmx
from grip.web.planning.common import (
    PAGE_SIZE,
    RUN_SCENARIO,
    VIEW_CAPACITY,
    VIEW_PLAN,
    parse_id,
    percent,
    refuse,
    user_of,
)
from grip.web.planning.forms import ScenarioForm
from grip.web.planning.overview import PlanRow

SELECTED_CHOICES = (
    ("in", gettext_lazy("In het programma")),
    ("uit", gettext_lazy("Niet in het programma")),
)


@dataclass(frozen=True)
class ItemFilter:
    participant_id: int | None
    selected: bool | None
    reason: str
    risk_class: str
    query: str

    @classmethod
    def from_query(cls, query: QueryDict, *, participant_ids: set[int]) -> ItemFilter:
        participant_id = parse_id(query.get("deelnemer"))
        reason = query.get("reden", "")
        return cls(
            participant_id=participant_id if participant_id in participant_ids else None,
            selected={"in": True, "uit": False}.get(query.get("keuze", "")),
            reason=reason if reason in Reason.values else "",
            risk_class=query.get("klasse", "").strip()[:4],
            query=query.get("zoek", "").strip()[:100],
        )

    @property
    def selected_key(self) -> str:
        return {True: "in", False: "uit"}.get(self.selected, "")  # type: ignore[arg-type]


@dataclass(frozen=True)
class Totals:
    """The sums of the totals table."""

    capacity_hours: Decimal
    mandatory_hours: Decimal
    mandatory_count: int
    selected_hours: Decimal
    selected_count: int
    candidate_count: int
    risk_covered: float
    greedy_risk: float

    @classmethod
    def of(cls, rows: list[PlanParticipant]) -> Totals:
        return cls(
            capacity_hours=sum((r.capacity_hours for r in rows), Decimal("0")),
            mandatory_hours=sum((r.mandatory_hours for r in rows), Decimal("0")),
            mandatory_count=sum(r.mandatory_count for r in rows),
            selected_hours=sum((r.selected_hours for r in rows), Decimal("0")),
            selected_count=sum(r.selected_count for r in rows),
            candidate_count=sum(r.candidate_count for r in rows),
            risk_covered=sum(r.risk_covered for r in rows),
            greedy_risk=sum(r.greedy_risk for r in rows),
        )


def _status_context(plan: InspectionPlan) -> dict[str, Any]:
    return {"plan": plan, "polling": plan.status not in FINISHED_STATUSES}


def _items(
    request: HttpRequest, user: UserModel, plan: InspectionPlan, participant_ids: set[int]
) -> dict[str, Any]:
    chosen = ItemFilter.from_query(request.GET, participant_ids=participant_ids)
    items = selectors.item_list_for(
        user=user,
        plan=plan,
        participant_id=chosen.participant_id,
        selected=chosen.selected,
        reason=chosen.reason or None,
        risk_class=chosen.risk_class or None,
        q=chosen.query or None,
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("pagina"))
    site_ids = [item.site_id for item in page]
    scores = dict(
        selectors.site_risk_list_for(user=user, assessment=plan.assessment)
        .filter(site_id__in=site_ids)
        .values_list("site_id", "pk")
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    return {
        "item_filter": chosen,
        "page": page,
        "rows": [{"item": item, "score_id": scores.get(item.site_id)} for item in page],
        "query": query.urlencode(),
        "reasons": Reason.choices,
        "selected_choices": SELECTED_CHOICES,
        "classes": list(selectors.classes_of(plan.assessment.model)),
    }


def _page_context(
    request: HttpRequest, plan: InspectionPlan, *, scenario_form: ScenarioForm | None = None
) -> dict[str, Any]:
    user = user_of(request)
    statistics = plan.statistics or {}
    participants = participant_selectors.participant_list_for(user=user).order_by("name")
    solved = plan.status in SOLVED_STATUSES
    totals = list(selectors.totals_for(user=user, plan=plan)) if solved else []
    may_scenario = bool(user.has_perm(RUN_SCENARIO)) and solved and not plan.is_scenario
    if may_scenario and scenario_form is None:
        scenario_form = ScenarioForm(participants=participants)
    expertise_names = {e.code: e.name for e in selectors.expertise_list()}
    row = PlanRow(plan)
    context: dict[str, Any] = {
        **_status_context(plan),
        "row": row,
        "solved": solved,
        "infeasible": plan.status == PlanStatus.INFEASIBLE,
        "failed": plan.status == PlanStatus.FAILED,
        "statistics": statistics,
        "notes": statistics.get("notes") or [],
        "themes": list(plan.themes.all()),
        "totals": totals,
        "sums": Totals.of(totals) if totals else None,
        "expertise_prices": [
            (expertise_names.get(code, code), price)
            for code, price in sorted((statistics.get("expertise_prices") or {}).items())
        ],
        "loads": (
            selectors.inspector_loads(plan=plan) if solved and user.has_perm(VIEW_CAPACITY) else []
        ),
        "scenario_form": scenario_form.style() if may_scenario and scenario_form else None,
        "scenarios": [
            PlanRow(s)
            for s in selectors.plan_list().filter(based_on=plan).order_by("-created_at", "-pk")
        ],
        "comparison": selectors.scenario_rows(user=user, scenario=plan)
        if plan.is_scenario and solved
        else [],
        "summary": selectors.scenario_summary(scenario=plan)
        if plan.is_scenario and solved
        else None,
        "covered_percent": percent(plan.objective, plan.total_risk),
        "excel_name": excel.filename_for(plan),
        "section": "programmas",
    }
    if solved:
        context.update(_items(request, user, plan, {p.pk for p in participants}))
        context["participants"] = list(participants)
    return context


@login_required
@permission_required(VIEW_PLAN, raise_exception=True)
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_detail(pk=pk)
    return render(request, "web/planning/plan_detail.html", _page_context(request, plan))


@login_required
@permission_required(VIEW_PLAN, raise_exception=True)
@require_GET
def plan_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status block alone, for htmx to ask for every 2 seconds; once the plan is finished
    htmx reloads the whole page, which then shows the answer."""
    plan = selectors.plan_detail(pk=pk)
    if not is_htmx(request):
        return redirect("web:planning-plan-detail", pk=plan.pk)
    response = render(request, "web/planning/partials/plan_status.html", _status_context(plan))
    if plan.status in FINISHED_STATUSES:
        response["HX-Refresh"] = "true"
    return response


@login_required
@permission_required(VIEW_PLAN, raise_exception=True)
@require_GET
def plan_excel(request: HttpRequest, pk: int) -> HttpResponse:
    """The programme as a workbook, with what this user may see."""
    plan = selectors.plan_detail(pk=pk)
    if plan.status not in SOLVED_STATUSES:
        raise Http404
    content = excel.plan_workbook(plan=plan, user=user_of(request))
    response = HttpResponse(content, content_type=excel.CONTENT_TYPE)
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=excel.filename_for(plan))
        or "attachment"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@permission_required(RUN_SCENARIO, raise_exception=True)
@require_POST
def scenario_create(request: HttpRequest, pk: int) -> HttpResponse:
    """What if a participant orders more (or fewer) hours: the base solved again."""
    user = user_of(request)
    plan = selectors.plan_detail(pk=pk)
    participants = participant_selectors.participant_list_for(user=user).order_by("name")
    form = ScenarioForm(request.POST, participants=participants)
    status = 422
    if form.is_valid():
        try:
            scenario = services.scenario_create(
                actor=user,
                base=plan,
                participant=form.cleaned_data["participant"],
                hours=form.cleaned_data["hours"],
            )
        except (DomainError, ValidationError) as error:
            status = refuse(form, error)
        else:
            messages.success(
                request,
                _("Het scenario %(title)s wordt berekend.") % {"title": scenario.title},
            )
            return redirect("web:planning-plan-detail", pk=scenario.pk)
    context = _page_context(request, plan, scenario_form=form)
    context["refused_anchor"] = "scenario"
    if context["scenario_form"] is None:
        # The plan cannot take a scenario (not solved, or a scenario itself): the reason
        # goes above the page, as there is no form to show it at.
        context["refused_reasons"] = [e for errors in form.errors.values() for e in errors]
    return render(request, "web/planning/plan_detail.html", context, status=status)
