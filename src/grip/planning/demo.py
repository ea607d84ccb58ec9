"""Demo planning: the inspectors' capacity for next year, a risk assessment of every site, next
year's risk-based programme for all participants and one scenario.

Runs after the hours (60): the sites (45) and their inspection histories (58) are there, and
the adopted programmes (50) give each participant's supervision hours. Next year's programmes
are not adopted yet on the demo's today, so the plan takes the hours of this year's adopted
programme and says so (see :mod:`grip.planning.programme`).

- Capacity: every inspector (function *toezichthouder*) of the supervision team gets hours for
  programmed inspections (their contract hours as a share of a full-time week × the declarable
  norm × 75 %: the rest goes to complaints, incidents and re-inspections of the current year),
  one or two expertises and an area (a cluster of participants; the Brzo/IPPC specialists work
  region-wide). The expertise mix follows the sites' (demo values).
- The assessment scores every site with the adopted risk model, as of today.
- The programme for next year has one theme minimum (sites storing hazardous substances in
  packaging, PGS 15) and is solved in the demo run itself; the scenario gives Asten 200 hours
  more.

Written through the services with the programme manager as actor.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from grip.core.demodata import DemoContext, demo_step
from grip.core.models import User
from grip.organisation.models import Employee
from grip.participants.models import Participant
from grip.planning import services
from grip.planning.constants import SOLVED_STATUSES, ModelStatus
from grip.planning.models import (
    Assessment,
    Expertise,
    InspectionPlan,
    InspectorCapacity,
    RiskModel,
)
from grip.planning.selectors import model_in_force

PROGRAMMED_SHARE = Decimal("0.75")
# (expertise, share of the inspectors, second expertise or None)
EXPERTISE_MIX = (
    ("algemeen", 0.19, None),
    ("agrarisch", 0.20, "algemeen"),
    ("gevaarlijke-stoffen", 0.16, "algemeen"),
    ("industrie", 0.14, "algemeen"),
    ("afval", 0.19, "industrie"),
    ("brzo-ippc", 0.12, "gevaarlijke-stoffen"),
)
# Areas by CBS code (the province, PV30, is served by the region-wide inspectors).
CLUSTERS = (
    ("GM0743", "GM0762", "GM1652", "GM1659", "GM0847"),  # de Peel
    ("GM1724", "GM1728", "GM0770", "GM0823", "GM1667", "GM1706", "GM1658"),  # de Kempen
    ("GM0772", "GM0794"),  # Eindhoven and Helmond
    ("GM0753", "GM1771", "GM0820", "GM0848", "GM0858", "GM0861", "GM0866"),  # around them
)
THEME = ("activiteit", "gevaarlijke-stoffen-verpakking", 40)
SCENARIO = ("GM0743", Decimal("200"))  # Asten


def _has_data() -> bool:
    return Assessment.objects.exists() or InspectorCapacity.objects.exists()


def _reset() -> None:
    InspectionPlan.objects.filter(based_on__isnull=False).delete()
    InspectionPlan.objects.all().delete()
    Assessment.objects.all().delete()
    InspectorCapacity.objects.all().delete()


def _planner() -> User:
    return User.objects.filter(groups__name="programmamanager", is_active=True).order_by("pk")[0]


def capacity_for(context: DemoContext, actor: User, year: int) -> int:
    expertises = {e.code: e for e in Expertise.objects.all()}
    participants = {p.code: p for p in Participant.objects.all()}
    inspectors = list(
        Employee.objects.filter(function__code="toezichthouder", team__code="toezicht-handhaving")
        .filter(end_date__isnull=True)
        .order_by("employee_number")
    )
    fulltime = Decimal(int(settings.GRIP_FULLTIME_HOURS))
    norm = Decimal(int(settings.GRIP_DECLARABLE_NORM_HOURS))
    bounds, total = [], 0.0
    for code, share, second in EXPERTISE_MIX:
        total += share
        bounds.append((total, code, second))
    for index, employee in enumerate(inspectors):
        position = (index + 0.5) / len(inspectors)
        _bound, code, second = next(b for b in bounds if position <= b[0] + 1e-9)
        chosen = [expertises[code]]
        if second and context.random.random() < 0.6:
            chosen.append(expertises[second])
        area = (
            []
            if code == "brzo-ippc"
            else [participants[c] for c in CLUSTERS[index % len(CLUSTERS)] if c in participants]
        )
        hours = (employee.contract_hours_per_week / fulltime * norm * PROGRAMMED_SHARE).quantize(
            Decimal("1")
        )
        services.capacity_set(
            actor=actor,
            year=year,
            employee=employee,
            hours=hours,
            expertises=chosen,
            areas=area,
            note="Demo: uren voor programmatoezicht",
        )
    return len(inspectors)


@demo_step(name="planning", order=62, has_data=_has_data, reset=_reset)
def generate_planning(context: DemoContext) -> None:
    actor = _planner()
    # As the other steps: the demo year ends today, or on 31 December of an earlier year.
    today = min(timezone.localdate(), datetime.date(context.year, 12, 31))
    year = today.year + 1
    steps = ["capaciteit", "risico's", "programma", "scenario"]
    for step in context.progress.track(
        steps, label="Risicogericht toezichtprogramma", total=len(steps)
    ):
        if step == "capaciteit":
            capacity_for(context, actor, year)
        elif step == "risico's":
            # A demo of an earlier year may lie before the first model's start: it then takes
            # the latest adopted model.
            model = model_in_force(on=today) or (
                RiskModel.objects.filter(status=ModelStatus.VASTGESTELD)
                .order_by("-valid_from")
                .first()
            )
            assessment = services.assessment_run(actor=actor, model=model, as_of=today)
        elif step == "programma":
            plan = services.plan_create(
                actor=actor,
                year=year,
                assessment=assessment,
                title=f"Toezichtprogramma {year}",
                themes=[THEME],
            )
            plan = services.run_plan(plan.pk)  # no-op when the task already ran it
        else:
            participant = Participant.objects.filter(code=SCENARIO[0]).first()
            if participant is not None and plan.status in SOLVED_STATUSES:
                scenario = services.scenario_create(
                    actor=actor, base=plan, participant=participant, hours=SCENARIO[1]
                )
                services.run_plan(scenario.pk)
