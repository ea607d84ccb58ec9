"""The planning benchmarks' probes, on a small world and small synthetic instances, and how
``make bench`` prints them (no timing)."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from grip import bench
from grip.frameworks.models import Module, Product
from grip.planning import synthetic
from grip.planning.models import Assessment, InspectionPlan, PlanItem
from grip.programmes import services as programme_services
from grip.programmes.tests.factories import YEAR, ProgrammeWorld
from grip.sites.tests.factories import SiteFactory


def _adopted_programme(world: ProgrammeWorld) -> None:
    """Eindhoven orders two TH-02 (12.5 hours) and one TH-03 (16) in its adopted programme."""
    Product.objects.create(
        year=YEAR,
        code="TH-03",
        name="Product TH-03",
        module=Module.objects.get(code="milieu-basistaken"),
        task_kind="toezicht",
        unit="stuk",
        settlement="pxq",
        norm_hours=Decimal("16"),
    )
    version = programme_services.programme_create(
        actor=world.account_manager, participant=world.participant, year=YEAR
    )
    for code, quantity in (("TH-02", 2), ("TH-03", 1)):
        programme_services.line_set(
            actor=world.account_manager,
            version=version,
            product=Product.objects.get(year=YEAR, code=code),
            quantity=quantity,
        )
    programme_services.version_submit(actor=world.account_manager, version=version)
    programme_services.version_adopt(
        actor=world.participant_user,
        version=version,
        adopted_on=datetime.date(YEAR, 1, 2),
        decision_reference="B&W",
    )


@pytest.mark.django_db
def test_the_programme_probe_assesses_plans_and_exports(world, make_user):
    _adopted_programme(world)
    for sbi in ("3822", "0146", "4730", "4711"):  # classes A, B, C and E (see test_excel)
        SiteFactory(participant=world.participant, sbi=(sbi,))
    make_user("programmamanager", username=bench.PLANNING_USER)

    figures = bench.probe_planning()

    plan = InspectionPlan.objects.get(title="Benchmark")
    assert Assessment.objects.get().site_count == 4
    assert plan.year == datetime.date.today().year + 1
    assert figures["seconds"] > 0
    assert figures["queries"] > 5
    assert "run_plan" in figures["measured"]
    extra = figures["extra"]
    # 41 hours: the mandatory A site (16), then the pig farm and the petrol station (12.5 each).
    assert extra["status"] == "optimaal"
    assert extra["sites"] == 4
    assert extra["options"] == 2  # the pig farm's full inspection; the petrol station's two
    assert extra["objective"] == 20.4
    assert extra["greedy_objective"] == round(plan.greedy_objective, 3)
    assert extra["gain_percent"] == bench._gain_percent(plan.objective, plan.greedy_objective)
    assert extra["themes"] == 0
    assert extra["gap"] == plan.gap
    assert extra["solve_seconds"] == plan.solve_seconds
    assert extra["xlsx_bytes"] > 1000
    assert extra["planning_assessment_seconds"] > 0
    assert isinstance(extra["goal_met"], bool)
    assert PlanItem.objects.filter(plan=plan, selected=True).count() == 3


def test_the_solver_probe_solves_the_synthetic_instance():
    figures = bench.probe_planning_solver(2000, 5)

    made = synthetic.instance(2000, participants=5, seed=bench.SOLVER_SEED, theme=True)
    extra = figures["extra"]
    assert figures["seconds"] > 0
    assert "2000 sites, 5 participants" in figures["measured"]
    assert extra["solver_options"] == made.problem.size
    assert extra["mandatory_sites"] == made.mandatory_sites
    assert extra["status"] == "optimal"
    assert extra["gap"] <= bench.PLANNING_GOAL_GAP
    assert extra["objective"] >= extra["greedy_objective"]
    assert extra["lp_bound"] >= extra["objective"]
    assert extra["statistics"]["options"] == made.problem.size


def test_the_national_probe_solves_services_in_turn_and_one_instance():
    figures = bench.probe_planning_national(3, 500, 2000, 8, 30.0)

    extra = figures["extra"]
    assert extra["national_services"] == 3
    assert extra["sites_each"] == 500
    assert extra["services_options"] == sum(
        made.problem.size for made in synthetic.services(3, 500, seed=bench.SOLVER_SEED)
    )
    assert extra["services_all_optimal"] is True
    assert extra["services_worst_gap"] <= bench.PLANNING_GOAL_GAP
    assert figures["seconds"] >= extra["services_max_seconds"]
    whole = extra["monolithic"]
    assert whole["sites"] == 2000
    assert whole["participants"] == 8
    assert whole["status"] == "optimal"
    assert whole["time_limit"] == 30.0
    assert whole["objective"] >= whole["greedy_objective"]
    json.dumps(figures)  # the child process prints it as JSON


def test_the_planning_benchmarks_print_their_figures(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bench, "baseline_seconds", lambda: 1.0)
    programme = bench.Measurement(
        12.5,
        queries=40,
        measured="run_plan",
        extra={
            "planning_assessment_seconds": 9.04,
            "status": "optimaal",
            "sites": 33937,
            "options": 41183,
            "fixed": 9701,
            "free": 31482,
            "build_seconds": 3.76,
            "solve_seconds": 1.513,
            "write_seconds": 6.24,
            "gap": 0.000158,
            "objective": 22756.319,
            "greedy_objective": 21947.675,
            "gain_percent": 3.684,
            "xlsx_seconds": 2.3,
            "goal": bench.PLANNING_GOAL,
            "goal_met": True,
        },
    )
    solver: dict[str, Any] = {
        "solver_options": 48463,
        "sites": 35000,
        "status": "time_limit",
        "gap": 0.0021,
        "gain_percent": 0.2,
        "statistics": {"fixed": 542, "lp_seconds": 0.76, "mip_seconds": 9.1},
        "goal": bench.PLANNING_GOAL,
        "goal_met": False,
    }
    national: dict[str, Any] = {
        "national_services": 29,
        "sites_each": 35000,
        "services_max_seconds": 4.2,
        "services_worst_gap": 0.0006,
        "services_all_optimal": True,
        "services_goal_met": 29,
        "monolithic": {
            "sites": 300000,
            "participants": 200,
            "options": 411271,
            "status": "optimal",
            "seconds": 101.6,
            "time_limit": 300.0,
            "gap": 0.00044,
            "gain_percent": 0.45,
            "statistics": {"lp_seconds": 24.9, "mip_seconds": 66.7},
        },
    }
    monkeypatch.setattr(
        bench,
        "BENCHMARKS",
        [
            bench.Benchmark("programme", "", lambda: programme, ("odzob",)),
            bench.Benchmark(
                "solver", "", lambda: bench.Measurement(10.2, extra=solver), ("odzob",)
            ),
            bench.Benchmark(
                "national", "", lambda: bench.Measurement(95.1, extra=national), ("odzob",)
            ),
        ],
    )
    output = tmp_path / "r.json"

    bench.main(["--repeat", "1", "--scale", "odzob", "--output", str(output)])

    printed = capsys.readouterr().out
    assert (
        "assessment 9.0 s; run_plan: build 3.8 s, solve 1.51 s, write 6.2 s; optimaal, gap "
        "0.016 % (goal gap <= 0.1 % and solve < 10 s: met)"
    ) in printed
    assert (
        "33937 sites, 41183 options (9701 fixed, 31482 free); optimum 22756.3 vs greedy 21947.7 "
        "(+3.68 %); xlsx 2.3 s"
    ) in printed
    assert (
        "35000 sites, 48463 options (542 fixed); time_limit, gap 0.210 %, LP 0.76 s, MIP 9.10 s "
        "(goal gap <= 0.1 % and solve < 10 s: NOT met); optimum vs greedy +0.20 %"
    ) in printed
    assert (
        "29 services x 35000 sites: 95.1 s in all, slowest 4.20 s, worst gap 0.060 %, all "
        "optimal: yes (29 within the odzob goal)"
    ) in printed
    assert (
        "one instance, 300000 sites, 200 participants, 411271 options: optimal after 101.6 s "
        "(limit 300 s; LP 24.9 s, MIP 66.7 s), gap 0.044 %, optimum vs greedy +0.45 %"
    ) in printed
    results = json.loads(output.read_text())["results"]
    assert results[2]["monolithic"]["status"] == "optimal"


def test_the_planning_benchmarks_are_in_the_table():
    names = {benchmark.name: benchmark for benchmark in bench.BENCHMARKS}
    assert names["planning-odzob"].scales == ("odzob",)
    assert names["planning-solver-odzob"].scales == ("odzob",)
    assert names["planning-national"].scales == ("national",)
