"""Reads of the risk model, the scores and the programmes.

Risk scores and programme items belong to a participant and go through the tenancy scope: a
participant user sees only its own sites' scores and items, and another's answers 404. The
model, the plans' overall figures and the inspectors' capacity are the service's own and need
the planning view permissions, which participant users do not hold.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404

from grip.core.models import User
from grip.core.tenancy import scope_to_user
from grip.planning import risk
from grip.planning.constants import ModelStatus
from grip.planning.models import (
    Assessment,
    Expertise,
    InspectionMethod,
    InspectionPlan,
    InspectorCapacity,
    PlanItem,
    PlanParticipant,
    RiskClass,
    RiskModel,
    RiskRule,
    SiteRisk,
)

# --- the model -----------------------------------------------------------------------------------


def expertise_list() -> QuerySet[Expertise]:
    return Expertise.objects.all()


def risk_model_list() -> QuerySet[RiskModel]:
    return RiskModel.objects.select_related("default_expertise", "adopted_by")


def risk_model_detail(*, pk: int) -> RiskModel:
    try:
        return risk_model_list().get(pk=pk)
    except RiskModel.DoesNotExist as missing:
        raise Http404 from missing


def model_in_force(*, on: datetime.date) -> RiskModel | None:
    """The adopted model valid on ``on`` (the latest start when several are)."""
    return (
        RiskModel.objects.filter(status=ModelStatus.VASTGESTELD, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from", "-pk")
        .first()
    )


def rules_of(model: RiskModel) -> QuerySet[RiskRule]:
    return model.rules.select_related("expertise").order_by("kind", "key")


def classes_of(model: RiskModel) -> QuerySet[RiskClass]:
    return model.classes.order_by("-min_risk")


def methods_of(model: RiskModel) -> QuerySet[InspectionMethod]:
    return model.methods.select_related("expertise").order_by("-coverage", "code")


def spec_of(model: RiskModel) -> risk.ModelSpec:
    """The model as the plain values :mod:`grip.planning.risk` computes with."""
    return risk.ModelSpec(
        rules=[
            risk.Rule(
                kind=rule.kind,
                key=rule.key,
                effects={
                    "lucht": rule.effect_air,
                    "bodem": rule.effect_soil,
                    "water": rule.effect_water,
                    "geluid": rule.effect_noise,
                    "veiligheid": rule.effect_safety,
                },
                base_probability=float(rule.base_probability),
                expertise=rule.expertise.code if rule.expertise_id else None,  # type: ignore[union-attr]
            )
            for rule in rules_of(model)
        ],
        weights={
            "lucht": float(model.weight_air),
            "bodem": float(model.weight_soil),
            "water": float(model.weight_water),
            "geluid": float(model.weight_noise),
            "veiligheid": float(model.weight_safety),
        },
        default_effect=float(model.default_effect),
        default_probability=float(model.default_probability),
        default_expertise=model.default_expertise.code,
        classes=[
            risk.RiskClassSpec(
                c.code, c.name, float(c.min_risk), float(c.target_frequency), c.mandatory
            )
            for c in classes_of(model)
        ],
        last_inspections=model.last_inspections,
        factor_compliant=float(model.factor_compliant),
        factor_noncompliant=float(model.factor_noncompliant),
        factor_unknown=float(model.factor_unknown),
        open_violation_step=float(model.open_violation_step),
        open_violation_cap=model.open_violation_cap,
        factor_recidivism=float(model.factor_recidivism),
        probability_cap=float(model.probability_cap),
    )


# --- scores ----------------------------------------------------------------------------------


def assessment_list() -> QuerySet[Assessment]:
    return Assessment.objects.select_related("model", "created_by")


def assessment_detail(*, pk: int) -> Assessment:
    try:
        return assessment_list().get(pk=pk)
    except Assessment.DoesNotExist as missing:
        raise Http404 from missing


def latest_assessment() -> Assessment | None:
    return assessment_list().order_by("-as_of", "-pk").first()


# Each ends in the primary key, so that pages never overlap; never-inspected sites first.
SCORE_ORDERINGS: dict[str, tuple[Any, ...]] = {
    "risico": ("-risk", "pk"),
    "-risico": ("risk", "pk"),
    "naam": ("site__name", "pk"),
    "kans": ("-probability", "-risk", "pk"),
    "effect": ("-effect", "-risk", "pk"),
    "laatste": (F("last_inspection_on").asc(nulls_first=True), "-risk", "pk"),
}


def site_risk_list_for(
    *,
    user: User,
    assessment: Assessment,
    participant_id: int | None = None,
    risk_class: str | None = None,
    sbi: str | None = None,
    category: str | None = None,
    q: str | None = None,
    order: str = "risico",
) -> QuerySet[SiteRisk]:
    """The scores ``user`` may see, filtered: ``sbi`` matches the start of the main SBI code,
    ``q`` a word of the site's name or identification."""
    scores = scope_to_user(
        SiteRisk.objects.filter(assessment=assessment).select_related("site", "participant"),
        user=user,
    )
    if participant_id is not None:
        scores = scores.filter(participant_id=participant_id)
    if risk_class:
        scores = scores.filter(risk_class=risk_class)
    if sbi:
        scores = scores.filter(sbi_code__startswith=sbi)
    if category:
        scores = scores.filter(category=category)
    if q and q.strip():
        text = q.strip()
        scores = scores.filter(
            Q(site__name__icontains=text) | Q(site__identification__icontains=text)
        )
    return scores.order_by(*SCORE_ORDERINGS.get(order, SCORE_ORDERINGS["risico"]))


def site_risk_detail_for(*, user: User, pk: int) -> SiteRisk:
    try:
        return scope_to_user(
            SiteRisk.objects.select_related("site", "participant", "assessment__model"),
            user=user,
        ).get(pk=pk)
    except SiteRisk.DoesNotExist as missing:
        raise Http404 from missing


def class_counts(
    *, user: User, assessment: Assessment, participant_id: int | None = None
) -> dict[str, int]:
    scores = site_risk_list_for(user=user, assessment=assessment, participant_id=participant_id)
    return dict(
        scores.order_by()
        .values_list("risk_class")
        .annotate(count=Count("pk"))
        .values_list("risk_class", "count")
    )


# --- programmes ------------------------------------------------------------------------------


def plan_list() -> QuerySet[InspectionPlan]:
    return InspectionPlan.objects.select_related(
        "assessment__model", "created_by", "scenario_participant", "based_on"
    )


def plan_detail(*, pk: int) -> InspectionPlan:
    try:
        return plan_list().get(pk=pk)
    except InspectionPlan.DoesNotExist as missing:
        raise Http404 from missing


def totals_for(*, user: User, plan: InspectionPlan) -> QuerySet[PlanParticipant]:
    return scope_to_user(
        PlanParticipant.objects.filter(plan=plan).select_related("participant"), user=user
    ).order_by("participant__name")


def item_list_for(
    *,
    user: User,
    plan: InspectionPlan,
    participant_id: int | None = None,
    selected: bool | None = None,
    reason: str | None = None,
    risk_class: str | None = None,
    inspector_id: int | None = None,
    q: str | None = None,
) -> QuerySet[PlanItem]:
    items = scope_to_user(
        PlanItem.objects.filter(plan=plan).select_related("site", "participant", "inspector"),
        user=user,
    )
    if participant_id is not None:
        items = items.filter(participant_id=participant_id)
    if selected is not None:
        items = items.filter(selected=selected)
    if reason:
        items = items.filter(reason=reason)
    if risk_class:
        items = items.filter(risk_class=risk_class)
    if inspector_id is not None:
        items = items.filter(inspector_id=inspector_id)
    if q and q.strip():
        text = q.strip()
        items = items.filter(
            Q(site__name__icontains=text) | Q(site__identification__icontains=text)
        )
    return items.order_by("-selected", "-risk", "pk")


def item_detail_for(*, user: User, pk: int) -> PlanItem:
    try:
        return scope_to_user(
            PlanItem.objects.select_related("site", "participant", "inspector", "plan"), user=user
        ).get(pk=pk)
    except PlanItem.DoesNotExist as missing:
        raise Http404 from missing


def reason_counts(
    *, user: User, plan: InspectionPlan, participant_id: int | None = None
) -> dict[str, int]:
    items = item_list_for(user=user, plan=plan, participant_id=participant_id)
    return dict(items.order_by().values_list("reason").annotate(count=Count("pk")))


@dataclass(frozen=True)
class InspectorLoad:
    employee_id: int
    name: str
    capacity: Decimal
    assigned: Decimal
    inspections: int
    expertises: str


def inspector_loads(*, plan: InspectionPlan) -> list[InspectorLoad]:
    """Per inspector of the plan's year: hours available and assigned, and how many
    inspections."""
    assigned = {
        row["inspector_id"]: row
        for row in PlanItem.objects.filter(plan=plan, inspector__isnull=False)
        .values("inspector_id")
        .annotate(hours=Sum("hours"), count=Count("pk"))
        .order_by()
    }
    loads = []
    for capacity in (
        InspectorCapacity.objects.filter(year=plan.year)
        .select_related("employee")
        .prefetch_related("expertises")
    ):
        row = assigned.get(capacity.employee_id, {})
        loads.append(
            InspectorLoad(
                employee_id=capacity.employee_id,
                name=capacity.employee.full_name,
                capacity=capacity.hours,
                assigned=row.get("hours") or Decimal("0"),
                inspections=row.get("count", 0),
                expertises=", ".join(e.name for e in capacity.expertises.all()),
            )
        )
    return loads


@dataclass(frozen=True)
class ScenarioRow:
    """One participant in a scenario against its base plan."""

    participant_id: int
    name: str
    base_hours: Decimal
    hours: Decimal
    base_risk: float
    risk: float

    @property
    def extra_hours(self) -> Decimal:
        return self.hours - self.base_hours

    @property
    def extra_risk(self) -> float:
        return self.risk - self.base_risk

    @property
    def risk_per_hour(self) -> float | None:
        """Extra risk covered per hour added (or lost per hour removed)."""
        extra = float(self.extra_hours)
        return self.extra_risk / extra if abs(extra) > 1e-9 else None


def scenario_rows(*, user: User, scenario: InspectionPlan) -> list[ScenarioRow]:
    """Per participant: planned hours and risk covered in the base and in the scenario."""
    if scenario.based_on is None:
        return []
    base = {t.participant_id: t for t in totals_for(user=user, plan=scenario.based_on)}
    rows = []
    for total in totals_for(user=user, plan=scenario):
        before = base.get(total.participant_id)
        if before is None:
            continue
        rows.append(
            ScenarioRow(
                participant_id=total.participant_id,
                name=total.participant.name,
                base_hours=before.selected_hours,
                hours=total.selected_hours,
                base_risk=before.risk_covered,
                risk=total.risk_covered,
            )
        )
    return rows


@dataclass(frozen=True)
class ScenarioSummary:
    """What the whole programme gains (or loses) in a scenario: one participant's extra hours
    also take inspectors the others used, so its own row overstates the gain."""

    extra_risk: float
    risk_per_hour: float
    base_hour_price: float | None  # the participant's shadow price in the base programme


def scenario_summary(*, scenario: InspectionPlan) -> ScenarioSummary | None:
    base = scenario.based_on
    participant_id = scenario.scenario_participant_id
    if (
        base is None
        or participant_id is None
        or scenario.objective is None
        or base.objective is None
        or not scenario.scenario_hours
    ):
        return None
    extra = scenario.objective - base.objective
    price = (
        PlanParticipant.objects.filter(plan=base, participant_id=participant_id)
        .values_list("hour_price", flat=True)
        .first()
    )
    return ScenarioSummary(
        extra_risk=extra,
        risk_per_hour=extra / float(scenario.scenario_hours),
        base_hour_price=price,
    )


def capacity_list(*, year: int) -> QuerySet[InspectorCapacity]:
    return (
        InspectorCapacity.objects.filter(year=year)
        .select_related("employee")
        .prefetch_related("expertises", "areas")
    )


def capacity_years() -> list[int]:
    return list(
        InspectorCapacity.objects.order_by("-year").values_list("year", flat=True).distinct()
    )
