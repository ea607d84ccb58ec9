"""Writes of the planning app: the risk model's versions, the risk assessment, the inspectors'
capacity, and programmes and scenarios (solved in the background through django-tasks)."""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.core.audit import Actor, audit_create, audit_delete, audit_update, snapshot
from grip.core.bulk import insert_rows
from grip.core.errors import Conflict, DomainError
from grip.core.permissions import require_user
from grip.enforcement.selectors import supervision_histories
from grip.organisation.models import Employee
from grip.participants.models import Participant
from grip.planning import optimiser, programme, risk
from grip.planning.constants import SOLVED_STATUSES, ModelStatus, PlanStatus, RuleKind
from grip.planning.models import (
    Assessment,
    Expertise,
    InspectionMethod,
    InspectionPlan,
    InspectorCapacity,
    PlanItem,
    PlanParticipant,
    PlanTheme,
    RiskClass,
    RiskModel,
    RiskRule,
    SiteRisk,
)
from grip.planning.selectors import model_in_force, spec_of
from grip.sites.selectors import site_profiles

logger = logging.getLogger(__name__)
SCORE_FIELDS = (
    "assessment_id",
    "site_id",
    "participant_id",
    "effect",
    "base_probability",
    "probability",
    "risk",
    "risk_class",
    "expertise",
    "site_type",
    "sbi_code",
    "category",
    "last_inspection_on",
    "open_violations",
    "repair_due_on",
    "reinspection_planned",
    "reinspection_due_on",
    "explanation",
)


# --- the risk model ------------------------------------------------------------------------------


def risk_model_copy(*, actor: Actor, model: RiskModel, version: str, name: str = "") -> RiskModel:
    """A new draft with everything of ``model``: the way to change an adopted model."""
    user = require_user(actor, "planning.add_riskmodel")
    if RiskModel.objects.filter(version=version).exists():
        raise Conflict(_("Er is al een risicomodel met deze versie."), field="version")
    with transaction.atomic():
        copy = RiskModel.objects.get(pk=model.pk)
        copy.pk = None
        copy.id = None
        copy.version = version
        copy.name = name or model.name
        copy.status = ModelStatus.CONCEPT
        copy.adopted_on = None
        copy.adopted_by = None
        copy.valid_from = None
        copy.valid_to = None
        copy.full_clean()
        copy.save()
        for related in ("rules", "classes", "methods"):
            for row in getattr(model, related).all():
                row.pk = None
                row.id = None
                row.model = copy
                row.save()
        audit_create(actor=user, instance=copy)
    return copy


def risk_model_adopt(
    *, actor: Actor, model: RiskModel, valid_from: datetime.date, today: datetime.date | None = None
) -> RiskModel:
    """Adopt a draft from ``valid_from``; the model in force then ends the day before."""
    user = require_user(actor, "planning.adopt_riskmodel")
    today = today or timezone.localdate()
    with transaction.atomic():
        model = RiskModel.objects.select_for_update().get(pk=model.pk)
        if not model.is_editable:
            raise Conflict(_("Dit risicomodel is al vastgesteld."), code="model_adopted")
        problems = model_problems(model)
        if problems:
            raise DomainError(" ".join(problems), code="model_incomplete")
        before = snapshot(model)
        previous = model_in_force(on=valid_from)
        if previous is not None and previous.pk != model.pk:
            if previous.valid_from and previous.valid_from >= valid_from:
                raise Conflict(
                    _("Het model in kracht begint niet eerder dan deze datum."),
                    field="valid_from",
                )
            previous_before = snapshot(previous)
            previous.valid_to = valid_from - datetime.timedelta(days=1)
            previous.save(update_fields=["valid_to", "updated_at"])
            audit_update(actor=user, instance=previous, before=previous_before)
        model.status = ModelStatus.VASTGESTELD
        model.adopted_on = today
        model.adopted_by = user
        model.valid_from = valid_from
        model.save()
        audit_update(actor=user, instance=model, before=before)
    return model


MODEL_FIELDS = frozenset(
    {
        "name",
        "explanation",
        "default_effect",
        "default_probability",
        "default_expertise",
        "weight_air",
        "weight_soil",
        "weight_water",
        "weight_noise",
        "weight_safety",
        "lookback_years",
        "last_inspections",
        "factor_compliant",
        "factor_noncompliant",
        "factor_unknown",
        "open_violation_step",
        "open_violation_cap",
        "factor_recidivism",
        "probability_cap",
        "overdue_factor",
        "reinspection_product_code",
    }
)


def _draft(model: RiskModel) -> RiskModel:
    locked = RiskModel.objects.select_for_update().get(pk=model.pk)
    if not locked.is_editable:
        raise Conflict(
            _("Een vastgesteld risicomodel verandert niet meer; maak een nieuwe versie."),
            code="model_adopted",
        )
    return locked


def risk_model_update(*, actor: Actor, model: RiskModel, **changes: object) -> RiskModel:
    """Change a draft's parameters (``MODEL_FIELDS``)."""
    user = require_user(actor, "planning.change_riskmodel")
    unknown = set(changes) - MODEL_FIELDS
    if unknown:
        raise DomainError(
            _("Onbekende velden: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        model = _draft(model)
        before = snapshot(model)
        for name, value in changes.items():
            setattr(model, name, value)
        model.full_clean()
        model.save()
        audit_update(actor=user, instance=model, before=before)
    return model


def _save_row(actor: Actor, model: RiskModel, row: Model, codename: str) -> Model:
    user = require_user(actor, codename)
    with transaction.atomic():
        _draft(model)
        # The row as stored, not the caller's changed instance: else no change is audited.
        before = snapshot(type(row)._default_manager.get(pk=row.pk)) if row.pk else None
        row.full_clean()
        row.save()
        if before is None:
            audit_create(actor=user, instance=row)
        else:
            audit_update(actor=user, instance=row, before=before)
    return row


def _delete_row(actor: Actor, model: RiskModel, row: Model, codename: str) -> None:
    user = require_user(actor, codename)
    with transaction.atomic():
        _draft(model)
        audit_delete(actor=user, instance=row)
        row.delete()


def rule_save(*, actor: Actor, rule: RiskRule) -> RiskRule:
    """Create or change a rule of a draft model (``rule.model``)."""
    _save_row(actor, rule.model, rule, "planning.change_riskmodel")
    return rule


def rule_delete(*, actor: Actor, rule: RiskRule) -> None:
    _delete_row(actor, rule.model, rule, "planning.change_riskmodel")


def class_save(*, actor: Actor, risk_class: RiskClass) -> RiskClass:
    _save_row(actor, risk_class.model, risk_class, "planning.change_riskmodel")
    return risk_class


def class_delete(*, actor: Actor, risk_class: RiskClass) -> None:
    _delete_row(actor, risk_class.model, risk_class, "planning.change_riskmodel")


def method_save(*, actor: Actor, method: InspectionMethod) -> InspectionMethod:
    _save_row(actor, method.model, method, "planning.change_riskmodel")
    return method


def method_delete(*, actor: Actor, method: InspectionMethod) -> None:
    _delete_row(actor, method.model, method, "planning.change_riskmodel")


def model_problems(model: RiskModel) -> list[str]:
    """What keeps a model from being adopted."""
    problems = []
    classes = list(model.classes.all())
    if not classes:
        problems.append(_("Het model heeft geen risicoklassen."))
    elif min(c.min_risk for c in classes) != 0:
        problems.append(_("De laagste risicoklasse moet bij risico 0 beginnen."))
    codes = {c.code for c in classes}
    for method in model.methods.all():
        unknown = set(method.class_codes) - codes
        if unknown:
            problems.append(
                _("Methode %(method)s noemt onbekende klassen: %(codes)s.")
                % {"method": method.code, "codes": ", ".join(sorted(unknown))}
            )
    if not model.methods.exists():
        problems.append(_("Het model heeft geen controlemethoden."))
    return problems


# --- the assessment ------------------------------------------------------------------------------


def assessment_run(
    *, actor: Actor, model: RiskModel | None = None, as_of: datetime.date | None = None
) -> Assessment:
    """Score every site that exists on ``as_of`` with ``model`` (default: the model in force)."""
    user = require_user(actor, "planning.add_assessment")
    as_of = as_of or timezone.localdate()
    model = model or model_in_force(on=as_of)
    if model is None:
        raise DomainError(
            _("Er is geen vastgesteld risicomodel dat op %(day)s geldt.")
            % {"day": as_of.strftime("%d-%m-%Y")},
            code="no_model",
        )
    spec = spec_of(model)
    since = years_before(as_of, model.lookback_years)
    profiles = site_profiles(as_of=as_of)
    histories = supervision_histories(as_of=as_of, since=since)
    scores = []
    for profile in profiles:
        history = histories.get(profile.site_id)
        facts = risk.SiteFacts(
            sbi_codes=profile.sbi_codes,
            activities=profile.activities,
            categories=profile.categories,
            results=[in_order for _day, in_order in history.results] if history else (),
            open_violations=history.open_violations if history else 0,
            recidivism=history.recidivism if history else 0,
        )
        result = risk.score(spec, facts)
        explanation = result.explanation()
        explanation["facts"] = {
            "sbi": list(profile.sbi_codes),
            "activities": list(profile.activities),
            "categories": list(profile.categories),
        }
        explanation["history"] = {
            "results": [
                [day.isoformat(), in_order]
                for day, in_order in (history.results if history else [])
            ][: spec.last_inspections],
            "repair_due_on": (
                history.repair_due_on.isoformat() if history and history.repair_due_on else None
            ),
            "reinspection_planned": bool(history and history.reinspection_planned),
            "recidivism": history.recidivism if history else 0,
        }
        scores.append(
            (
                profile.site_id,
                profile.participant_id,
                round(result.effect, 4),
                round(result.base_probability, 4),
                round(result.probability, 4),
                round(result.risk, 4),
                result.risk_class.code,
                result.expertise,
                profile.site_type,
                profile.sbi_codes[0] if profile.sbi_codes else "",
                profile.categories[0] if profile.categories else "",
                history.last_inspected_on if history else None,
                history.open_violations if history else 0,
                history.repair_due_on if history else None,
                bool(history and history.reinspection_planned),
                history.unplanned_repair_due_on if history else None,
                explanation,
            )
        )
    with transaction.atomic():
        assessment = Assessment.objects.create(
            model=model, as_of=as_of, created_by=user, site_count=len(scores)
        )
        insert_rows(SiteRisk, SCORE_FIELDS, ((assessment.pk, *row) for row in scores))
        audit_create(actor=user, instance=assessment)
    return assessment


# --- the inspectors' capacity ------------------------------------------------------------------


def capacity_set(
    *,
    actor: Actor,
    year: int,
    employee: Employee,
    hours: Decimal,
    expertises: Sequence[Expertise],
    areas: Iterable[Participant] = (),
    note: str = "",
) -> InspectorCapacity:
    """Create or change an inspector's hours, expertise and area for a year."""
    user = require_user(actor, "planning.change_inspectorcapacity")
    if not expertises:
        raise DomainError(_("Kies ten minste één deskundigheid."), field="expertises")
    with transaction.atomic():
        row = InspectorCapacity.objects.filter(year=year, employee=employee).first()
        before = snapshot(row) if row else None
        if row is None:
            row = InspectorCapacity(year=year, employee=employee)
        row.hours = hours
        row.note = note
        row.full_clean()
        row.save()
        row.expertises.set(expertises)
        row.areas.set(list(areas))
        if before is None:
            audit_create(actor=user, instance=row)
        else:
            audit_update(actor=user, instance=row, before=before)
    return row


# --- programmes and scenarios ----------------------------------------------------------------


def plan_create(
    *,
    actor: Actor,
    year: int,
    assessment: Assessment | None = None,
    title: str = "",
    themes: Iterable[tuple[str, str, int]] = (),
    time_limit: float = 10.0,
    gap_target: float = 0.001,
) -> InspectionPlan:
    """Queue a programme for all participants for ``year``; the task solves it."""
    user = require_user(actor, "planning.add_inspectionplan")
    assessment = assessment or Assessment.objects.order_by("-as_of", "-pk").first()
    if assessment is None:
        raise DomainError(_("Bereken eerst de risico's van de locaties."), code="no_assessment")
    if not 1 <= time_limit <= 600:
        raise DomainError(_("De tijdslimiet ligt tussen 1 en 600 seconden."), field="time_limit")
    if not 0 <= gap_target <= 0.1:
        raise DomainError(_("De marge ligt tussen 0 en 10 %."), field="gap_target")
    theme_rows = list(themes)
    for kind, key, minimum in theme_rows:
        if kind not in RuleKind.values or not key or minimum < 1:
            raise DomainError(
                _("Een thema heeft een soort, een sleutel en een minimum van ten minste 1."),
                field="themes",
            )
    with transaction.atomic():
        plan = InspectionPlan.objects.create(
            year=year,
            title=title or _("Toezichtprogramma %(year)s") % {"year": year},
            assessment=assessment,
            time_limit=time_limit,
            gap_target=gap_target,
            created_by=user,
        )
        PlanTheme.objects.bulk_create(
            PlanTheme(plan=plan, kind=kind, key=key, minimum=minimum)
            for kind, key, minimum in theme_rows
        )
        audit_create(actor=user, instance=plan)
        transaction.on_commit(lambda: _enqueue(plan.pk))
    return plan


def scenario_create(
    *, actor: Actor, base: InspectionPlan, participant: Participant, hours: Decimal
) -> InspectionPlan:
    """What if ``participant`` orders ``hours`` more (or, negative, fewer) supervision hours:
    the base plan solved again with that change."""
    user = require_user(actor, "planning.run_scenario")
    if base.is_scenario:
        raise DomainError(
            _("Een scenario gaat uit van een programma, niet van een scenario."),
            code="scenario_of_scenario",
        )
    if base.status not in SOLVED_STATUSES:
        raise Conflict(_("Dit programma is nog niet (goed) doorgerekend."), code="plan_not_solved")
    if hours == 0:
        raise DomainError(
            _("Geef een aantal uren erbij of eraf."), field="hours", code="no_hours_changed"
        )
    with transaction.atomic():
        plan = InspectionPlan.objects.create(
            year=base.year,
            title=_("%(base)s: %(participant)s %(sign)s%(hours)s uur")
            % {
                "base": base.title,
                "participant": participant.name,
                "sign": "+" if hours > 0 else "",
                "hours": _dutch_hours(hours),
            },
            assessment=base.assessment,
            based_on=base,
            scenario_participant=participant,
            scenario_hours=hours,
            time_limit=base.time_limit,
            gap_target=base.gap_target,
            created_by=user,
        )
        PlanTheme.objects.bulk_create(
            PlanTheme(plan=plan, kind=t.kind, key=t.key, minimum=t.minimum)
            for t in base.themes.all()
        )
        audit_create(actor=user, instance=plan)
        transaction.on_commit(lambda: _enqueue(plan.pk))
    return plan


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` earlier; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _dutch_hours(hours: Decimal) -> str:
    """Decimal('2.00') -> '2', Decimal('-12.50') -> '-12,5'."""
    text = f"{hours.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _enqueue(plan_id: int) -> None:
    from grip.planning.tasks import solve_plan

    solve_plan.enqueue(plan_id)


def run_plan(plan_id: int) -> InspectionPlan:
    """The task's work: build the problem, solve it, and store every site's item, the totals
    per participant and the assignment to inspectors, in one transaction."""
    plan = InspectionPlan.objects.select_related("assessment__model").get(pk=plan_id)
    if plan.status not in (PlanStatus.QUEUED, PlanStatus.FAILED):
        return plan
    InspectionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.RUNNING, error="")
    plan.error = ""  # the final save writes the instance: no old error may come back
    started = time.perf_counter()
    try:
        build = programme.build(plan)
        built = time.perf_counter()
        solution = optimiser.solve(
            build.problem, time_limit=plan.time_limit, gap_target=plan.gap_target
        )
        solved = time.perf_counter()
        with transaction.atomic():
            PlanItem.objects.filter(plan=plan).delete()
            PlanParticipant.objects.filter(plan=plan).delete()
            notes = list(build.notes)
            if solution.status == "infeasible":
                plan.status = PlanStatus.INFEASIBLE
                plan.problems = solution.problems
            else:
                items = programme.items_of(build, solution)
                notes += programme.assign_inspectors(build, items)
                insert_rows(
                    PlanItem,
                    programme.ITEM_FIELDS,
                    ([getattr(item, name) for name in programme.ITEM_FIELDS] for item in items),
                )
                PlanParticipant.objects.bulk_create(programme.totals_of(build, items, solution))
                plan.status = (
                    PlanStatus.OPTIMAL if solution.status == "optimal" else PlanStatus.TIME_LIMIT
                )
                plan.objective = build.mandatory_value + solution.objective
                plan.bound = build.mandatory_value + solution.bound
                plan.gap = solution.gap
                plan.greedy_objective = (
                    None
                    if solution.greedy_objective is None
                    else build.mandatory_value + solution.greedy_objective
                )
                plan.problems = []
            plan.total_risk = sum(entry.score.risk for entry in build.entries)
            plan.solve_seconds = round(solved - built, 3)
            plan.statistics = {
                **solution.statistics,
                "build_seconds": round(built - started, 3),
                "write_seconds": round(time.perf_counter() - solved, 3),
                "sites": len(build.entries),
                "mandatory_value": round(build.mandatory_value, 4),
                "lp_bound": round(build.mandatory_value + solution.lp_bound, 4),
                "expertise_prices": {
                    code: round(float(solution.expertise_price[i]), 4)
                    for code, i in build.expertise_index.items()
                    if i < len(solution.expertise_price)
                },
                "notes": notes,
            }
            plan.finished_at = timezone.now()
            plan.save()
    except Exception as error:  # the plan records why it stopped
        logger.exception("Inspection plan %s failed", plan.pk)
        InspectionPlan.objects.filter(pk=plan.pk).update(
            status=PlanStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    return plan
