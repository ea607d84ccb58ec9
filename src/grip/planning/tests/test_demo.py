"""The demo's planning: the inspectors' capacity for next year, an assessment of every site,
next year's programme for all participants and a scenario for Asten.

Loaded once for the class at scale small for a past year (2025), so that the result does not
depend on the day the tests run; every test reads it in its own savepoint.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.db.models import Sum
from django.test import TestCase

from grip.core.demodata import Progress, load_demo, registered_steps
from grip.organisation.models import Employee
from grip.planning.constants import ModelStatus, PlanStatus, Reason
from grip.planning.models import (
    Assessment,
    InspectionPlan,
    InspectorCapacity,
    PlanItem,
    PlanParticipant,
    SiteRisk,
)
from grip.sites.models import Site

YEAR = 2025
SEED = 5


class DemoPlanningTest(TestCase):
    output: io.StringIO

    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = io.StringIO()
        load_demo(scale="small", seed=SEED, year=YEAR, progress=Progress(cls.output))

    def test_the_step_runs_after_the_enforcement_and_hours_and_before_the_indicators(self):
        names = [step.name for step in registered_steps()]
        assert names.index("enforcement") < names.index("hours") < names.index("planning")
        assert names.index("planning") < names.index("kpis")
        assert "Risicogericht toezichtprogramma: 4 in " in self.output.getvalue()

    def test_every_current_inspector_has_hours_expertise_and_next_years_capacity(self):
        inspectors = Employee.objects.filter(
            function__code="toezichthouder", team__code="toezicht-handhaving", end_date=None
        )
        rows = InspectorCapacity.objects.filter(year=YEAR + 1)
        assert rows.count() == inspectors.count() > 0
        for row in rows.prefetch_related("expertises", "areas"):
            assert 1 <= row.expertises.count() <= 2
            assert row.hours > 0
            brzo = row.expertises.filter(code="brzo-ippc").exists()
            # specialists for Brzo/IPPC work region-wide; the others in one cluster
            assert (row.areas.count() == 0) == brzo

    def test_every_existing_site_is_scored_by_the_adopted_model(self):
        assessment = Assessment.objects.get()
        assert assessment.model.status == ModelStatus.VASTGESTELD
        assert assessment.as_of == datetime.date(YEAR, 12, 31)
        existing = Site.objects.filter(end_date__isnull=True).count()
        assert assessment.site_count == SiteRisk.objects.filter(assessment=assessment).count()
        assert assessment.site_count >= existing

    def test_next_years_programme_is_solved_for_all_participants_with_its_theme(self):
        plan = InspectionPlan.objects.get(based_on=None)
        assert plan.year == YEAR + 1
        assert plan.status == PlanStatus.OPTIMAL
        assert plan.gap is not None
        assert plan.gap <= plan.gap_target
        assert plan.greedy_objective is not None
        assert plan.objective is not None
        assert plan.objective >= plan.greedy_objective
        assert plan.totals.count() == 22
        theme = plan.themes.get()
        assert (theme.kind, theme.key, theme.minimum) == (
            "activiteit",
            "gevaarlijke-stoffen-verpakking",
            40,
        )
        # Every participant's planned hours stay within the hours of its programme.
        for total in PlanParticipant.objects.filter(plan=plan):
            assert total.selected_hours <= total.capacity_hours
        # Every site has its reason; the selected ones are all assigned or reported.
        assert PlanItem.objects.filter(plan=plan, explanation="").count() == 0
        assert set(PlanItem.objects.filter(plan=plan).values_list("reason", flat=True)) <= set(
            Reason.values
        )

    def test_the_scenario_gives_asten_two_hundred_hours_more(self):
        plan = InspectionPlan.objects.get(based_on=None)
        scenario = InspectionPlan.objects.get(based_on=plan)
        assert scenario.scenario_participant is not None
        assert scenario.scenario_participant.code == "GM0743"
        assert scenario.scenario_hours == Decimal("200.00")
        assert scenario.status == PlanStatus.OPTIMAL
        base = PlanParticipant.objects.get(plan=plan, participant__code="GM0743")
        more = PlanParticipant.objects.get(plan=scenario, participant__code="GM0743")
        assert more.capacity_hours == base.capacity_hours + Decimal("200")
        assert more.selected_hours >= base.selected_hours
        assert scenario.objective is not None
        assert plan.objective is not None
        assert scenario.objective >= plan.objective - 1e-6
        selected = PlanItem.objects.filter(plan=scenario, selected=True)
        assert selected.aggregate(hours=Sum("hours"))["hours"] == sum(
            (t.selected_hours for t in scenario.totals.all()), Decimal("0")
        )
