"""Fixtures of the planning tests: the people who plan and the small planning world."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from grip.enforcement.tests.factories import EnforcementWorld
from grip.planning import services
from grip.planning.models import Assessment, InspectionPlan
from grip.planning.tests.factories import AS_OF, YEAR, PlanningWorld
from grip.planning.tests.factories import planning_world as build_world


@pytest.fixture
def planner(make_user: Callable[..., Any]) -> Any:
    return make_user("programmamanager")


@pytest.fixture
def kis(make_user: Callable[..., Any]) -> Any:
    return make_user("kis")


@pytest.fixture
def planning_world(enforcement: EnforcementWorld, planner: Any, kis: Any) -> PlanningWorld:
    return build_world(enforcement, planner, kis)


@pytest.fixture
def assessment(planning_world: PlanningWorld) -> Assessment:
    return services.assessment_run(actor=planning_world.planner, as_of=AS_OF)


@pytest.fixture
def solve(
    planning_world: PlanningWorld, django_capture_on_commit_callbacks: Callable[..., Any]
) -> Callable[..., InspectionPlan]:
    """``solve(assessment, themes=[...])``: create a plan (its task runs on commit, in
    process) and hand it back as stored."""

    def run(assessment: Assessment, **kwargs: Any) -> InspectionPlan:
        kwargs.setdefault("year", YEAR)
        with django_capture_on_commit_callbacks(execute=True):
            plan = services.plan_create(
                actor=planning_world.planner, assessment=assessment, **kwargs
            )
        plan.refresh_from_db()
        return plan

    return run


@pytest.fixture
def plan(solve: Callable[..., InspectionPlan], assessment: Assessment) -> InspectionPlan:
    return solve(assessment)
