"""The programme optimiser against brute force, property tests, infeasible inputs and prices.

The feasibility checker here is independent of the code under test: the inspector constraint is
checked with a small max-flow (pools → expertises) for single programmes and with Hall's
condition, written out again, for the brute-force enumeration.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grip.planning.optimiser import (
    ExpertiseSlack,
    Pool,
    Problem,
    Theme,
    explain_infeasible,
    greedy,
    pool_split,
    solve,
)

TOL = 1e-7


# --- building problems -----------------------------------------------------------------------


@dataclass
class Spec:
    """A problem in plain lists, easy to write by hand and to generate."""

    capacity: list[float]
    mandatory_participant: list[float]
    expertises: int
    mandatory_expertise: list[float]
    pools: list[tuple[tuple[int, ...], float]]
    # per option: (site, participant, expertise, hours, value)
    options: list[tuple[int, int, int, float, float]]
    themes: list[tuple[list[int], int]]  # (sites of the theme, minimum)

    def problem(self) -> Problem:
        site = np.array([o[0] for o in self.options], dtype=np.int64)
        return Problem(
            participant_labels=[f"Deelnemer {p}" for p in range(len(self.capacity))],
            expertise_labels=[f"deskundigheid-{e}" for e in range(self.expertises)],
            capacity=np.array(self.capacity, dtype=float),
            mandatory_participant=np.array(self.mandatory_participant, dtype=float),
            mandatory_expertise=np.array(self.mandatory_expertise, dtype=float),
            pools=[Pool(tuple(expertises), hours) for expertises, hours in self.pools],
            site=site,
            participant=np.array([o[1] for o in self.options], dtype=np.int64),
            expertise=np.array([o[2] for o in self.options], dtype=np.int64),
            hours=np.array([o[3] for o in self.options], dtype=float),
            value=np.array([o[4] for o in self.options], dtype=float),
            themes=[
                Theme(
                    label=f"thema-{t}",
                    options=np.flatnonzero(np.isin(site, sites)).astype(np.int64),
                    minimum=minimum,
                    sites=len(set(sites) & set(site.tolist())),
                )
                for t, (sites, minimum) in enumerate(self.themes)
            ],
        )


def random_spec(rng: np.random.Generator, max_options: int = 14) -> Spec:
    """A small random instance: 1-3 participants, 2-3 expertises, pools (one of them holding
    two expertises), sites with one or two options, themes and mandatory hours. Hours are
    multiples of half an hour and values of a quarter, so that every comparison is exact."""
    participants = int(rng.integers(1, 4))
    expertises = int(rng.integers(2, 4))
    options: list[tuple[int, int, int, float, float]] = []
    site = 0
    target = int(rng.integers(6, max_options + 1))
    while len(options) < target:
        p = int(rng.integers(participants))
        count = 2 if rng.random() < 0.35 and len(options) + 2 <= target else 1
        for _ in range(count):
            options.append(
                (
                    site,
                    p,
                    int(rng.integers(expertises)),
                    float(rng.integers(1, 25)) / 2,
                    float(rng.integers(1, 200)) / 4,
                )
            )
        site += 1
    hours_of = [sum(o[3] for o in options if o[1] == p) for p in range(participants)]
    mandatory_participant = [
        float(rng.integers(0, 13)) / 2 if rng.random() < 0.6 else 0.0 for _ in hours_of
    ]
    # the hours after the mandatory work: mostly less than all options need; now and then
    # below the mandatory work itself
    capacity = [
        m + float(rng.integers(0, int(2 * h * 0.8) + 2)) / 2 - (8.0 if rng.random() < 0.04 else 0)
        for m, h in zip(mandatory_participant, hours_of, strict=True)
    ]
    pools: list[tuple[tuple[int, ...], float]] = []
    if rng.random() < 0.9:
        pair = tuple(sorted(rng.choice(expertises, size=2, replace=False).tolist()))
        pools.append((pair, float(rng.integers(10, 80)) / 2))
        for _ in range(int(rng.integers(0, 3))):
            size = int(rng.integers(1, expertises + 1))
            held = tuple(sorted(rng.choice(expertises, size=size, replace=False).tolist()))
            pools.append((held, float(rng.integers(2, 60)) / 2))
    mandatory_expertise = [
        float(rng.integers(0, 7)) / 2 if rng.random() < 0.4 else 0.0 for _ in range(expertises)
    ]
    themes: list[tuple[list[int], int]] = []
    for _ in range(int(rng.integers(0, 3))):
        sites = sorted(
            rng.choice(site, size=int(rng.integers(1, min(site, 4) + 1)), replace=False).tolist()
        )
        themes.append((sites, int(rng.integers(0, min(2, len(sites)) + 1))))
    return Spec(
        capacity=capacity,
        mandatory_participant=mandatory_participant,
        expertises=expertises,
        mandatory_expertise=mandatory_expertise,
        pools=pools,
        options=options,
        themes=themes,
    )


# --- an independent checker ------------------------------------------------------------------


def max_flow(pools: list[Pool], demand: list[float]) -> float:
    """Edmonds-Karp on source → pool (its hours) → expertise it holds (unbounded) → sink
    (the expertise's demand)."""
    k, e = len(pools), len(demand)
    nodes = 2 + k + e
    source, sink = 0, nodes - 1
    cap = [[0.0] * nodes for _ in range(nodes)]
    for i, pool in enumerate(pools):
        cap[source][1 + i] = pool.hours
        for x in pool.expertises:
            cap[1 + i][1 + k + x] = float("inf")
    for x, need in enumerate(demand):
        cap[1 + k + x][sink] = need
    flow = 0.0
    while True:
        parent = [-1] * nodes
        parent[source] = source
        queue = deque([source])
        while queue and parent[sink] < 0:
            u = queue.popleft()
            for v in range(nodes):
                if parent[v] < 0 and cap[u][v] > 1e-12:
                    parent[v] = u
                    queue.append(v)
        if parent[sink] < 0:
            return flow
        push, v = float("inf"), sink
        while v != source:
            push = min(push, cap[parent[v]][v])
            v = parent[v]
        v = sink
        while v != source:
            cap[parent[v]][v] -= push
            cap[v][parent[v]] += push
            v = parent[v]
        flow += push


def violations(problem: Problem, chosen: np.ndarray, *, themes: bool = True) -> list[str]:
    """What ``chosen`` breaks; empty when it is a feasible programme."""
    chosen = np.asarray(chosen, dtype=bool)
    found = []
    sites, counts = np.unique(problem.site[chosen], return_counts=True)
    found += [f"site {s} twice" for s, c in zip(sites, counts, strict=True) if c > 1]
    for p in range(len(problem.capacity)):
        used = problem.hours[chosen & (problem.participant == p)].sum()
        room = problem.capacity[p] - problem.mandatory_participant[p]
        if used > room + TOL:
            found.append(f"participant {p}: {used} > {room}")
    if problem.pools:
        demand = [
            float(problem.mandatory_expertise[e])
            + float(problem.hours[chosen & (problem.expertise == e)].sum())
            for e in range(len(problem.expertise_labels))
        ]
        if max_flow(list(problem.pools), demand) < sum(demand) - TOL:
            found.append(f"inspectors: demand {demand}")
    if themes:
        for theme in problem.themes:
            if chosen[theme.options].sum() < theme.minimum:
                found.append(f"{theme.label} below {theme.minimum}")
    return found


def brute_force(problem: Problem) -> float | None:
    """The optimum over all 0/1 vectors (None: none feasible), Hall's condition written out."""
    n = problem.size
    y = ((np.arange(1 << n)[:, None] >> np.arange(n)) & 1).astype(bool)
    ok = np.ones(len(y), dtype=bool)
    for s in np.unique(problem.site):
        ok &= y[:, problem.site == s].sum(axis=1) <= 1
    for p in range(len(problem.capacity)):
        used = y[:, problem.participant == p] @ problem.hours[problem.participant == p]
        ok &= used <= problem.capacity[p] - problem.mandatory_participant[p] + TOL
    if problem.pools:
        experts = len(problem.expertise_labels)
        demand = np.stack(
            [
                problem.mandatory_expertise[e]
                + y[:, problem.expertise == e] @ problem.hours[problem.expertise == e]
                for e in range(experts)
            ],
            axis=1,
        )
        for mask in range(1, 1 << experts):
            subset = [e for e in range(experts) if mask >> e & 1]
            supply = sum(p.hours for p in problem.pools if set(p.expertises) & set(subset))
            ok &= demand[:, subset].sum(axis=1) <= supply + TOL
    for theme in problem.themes:
        ok &= y[:, theme.options].sum(axis=1) >= theme.minimum
    if not ok.any():
        return None
    return float((y[ok] @ problem.value).max())


def test_the_checkers_agree_on_random_demands():
    """Max-flow and Hall's condition are two independent checks of the same thing."""
    rng = np.random.default_rng(7)
    for _ in range(300):
        experts = int(rng.integers(1, 4))
        pools = [
            Pool(
                tuple(sorted(rng.choice(experts, int(rng.integers(1, experts + 1)), False))),
                float(rng.integers(0, 20)),
            )
            for _ in range(int(rng.integers(1, 4)))
        ]
        demand = [float(rng.integers(0, 20)) for _ in range(experts)]
        hall = all(
            sum(demand[e] for e in range(experts) if mask >> e & 1)
            <= sum(p.hours for p in pools if any(mask >> e & 1 for e in p.expertises))
            for mask in range(1, 1 << experts)
        )
        assert (max_flow(pools, demand) >= sum(demand) - TOL) == hall


# --- brute force ------------------------------------------------------------------------------

SEEDS = range(160)


@pytest.mark.parametrize("seed", SEEDS)
def test_solve_reaches_the_brute_force_optimum(seed):
    problem = random_spec(np.random.default_rng(seed)).problem()
    best = brute_force(problem)
    solution = solve(problem, gap_target=0.0)
    if best is None:
        assert solution.status == "infeasible"
        assert solution.problems
        assert all(isinstance(line, str) and line for line in solution.problems)
        return
    assert solution.status == "optimal", solution.problems
    assert violations(problem, solution.chosen) == []
    assert solution.objective == pytest.approx(best, abs=1e-9)
    assert float(problem.value[solution.chosen].sum()) == pytest.approx(best, abs=1e-9)
    assert solution.bound >= best - 1e-6
    unreduced = solve(problem, gap_target=0.0, reduce=False)
    assert unreduced.status == "optimal"
    assert unreduced.objective == pytest.approx(best, abs=1e-9)
    assert violations(problem, unreduced.chosen) == []


def test_the_random_instances_cover_the_interesting_cases():
    """The seeds above hold feasible and infeasible instances (by the simple tests and by the
    themes), instances where greedy is not optimal, two-option sites, themes, mandatory hours,
    pools with two expertises and instances without pools."""
    specs = [random_spec(np.random.default_rng(seed)) for seed in SEEDS]
    problems = [spec.problem() for spec in specs]
    optima = [brute_force(problem) for problem in problems]
    simple = [bool(explain_infeasible(problem)) for problem in problems]
    assert sum(best is None and found for best, found in zip(optima, simple, strict=True)) >= 8
    assert sum(best is None and not found for best, found in zip(optima, simple, strict=True)) >= 8
    assert sum(best is not None and best > 0 for best in optima) >= 110
    greedy_short = sum(
        best is not None and float(problem.value[greedy(problem)[0]].sum()) < best - 1e-9
        for problem, best in zip(problems, optima, strict=True)
    )
    assert greedy_short >= 30
    assert all(len(spec.options) <= 14 for spec in specs)
    assert sum(len(spec.options) >= 12 for spec in specs) >= 40
    assert sum(len(np.unique(p.site)) < p.size for p in problems) >= 120
    assert sum(any(m > 0 for _s, m in spec.themes) for spec in specs) >= 60
    assert sum(any(spec.mandatory_participant) for spec in specs) >= 100
    assert sum(any(spec.mandatory_expertise) for spec in specs) >= 60
    assert sum(any(len(held) >= 2 for held, _h in spec.pools) for spec in specs) >= 120
    assert sum(not spec.pools for spec in specs) >= 5


# --- property tests ---------------------------------------------------------------------------


@st.composite
def instances(draw) -> Problem:
    participants = draw(st.integers(1, 3))
    expertises = draw(st.integers(1, 3))
    half_hours = st.integers(1, 24).map(lambda h: h / 2)
    sites = draw(st.integers(1, 9))
    options = []
    for s in range(sites):
        p = draw(st.integers(0, participants - 1))
        for _ in range(draw(st.integers(1, 2))):
            options.append(
                (
                    s,
                    p,
                    draw(st.integers(0, expertises - 1)),
                    draw(half_hours),
                    draw(st.integers(0, 200)) / 4,
                )
            )
    options = options[:12]
    pools = draw(
        st.lists(
            st.tuples(
                st.sets(st.integers(0, expertises - 1), min_size=1).map(
                    lambda held: tuple(sorted(held))
                ),
                st.integers(0, 60).map(lambda h: h / 2),
            ),
            max_size=3,
        )
    )
    used_sites = sorted({o[0] for o in options})
    themes = draw(
        st.lists(
            st.tuples(
                st.lists(st.sampled_from(used_sites), min_size=1, max_size=4, unique=True),
                st.integers(0, 2),
            ),
            max_size=2,
        )
    )
    mandatory = [draw(st.integers(0, 12)) / 2 for _ in range(participants)]
    # the hours left after the mandatory work; now and then less than nothing
    room = [draw(st.integers(-4, 60)) / 2 for _ in range(participants)]
    return Spec(
        capacity=[m + r for m, r in zip(mandatory, room, strict=True)],
        mandatory_participant=mandatory,
        expertises=expertises,
        mandatory_expertise=[
            draw(st.integers(0, 8)) / 2 if draw(st.booleans()) else 0.0 for _ in range(expertises)
        ],
        pools=pools,
        options=options,
        themes=themes,
    ).problem()


@settings(deadline=None, max_examples=120)
@given(instances())
def test_every_solution_keeps_every_constraint(problem):
    solution = solve(problem)
    best = brute_force(problem)
    assert solution.status in {"optimal", "time_limit", "infeasible"}
    if solution.status == "infeasible":
        assert best is None
        assert solution.problems
        return
    assert best is not None
    assert violations(problem, solution.chosen) == []
    assert solution.objective == pytest.approx(float(problem.value[solution.chosen].sum()))
    # the bound is a true upper bound and the gap is measured over the objective
    assert solution.bound >= best - 1e-6
    assert solution.bound >= solution.objective
    assert solution.bound <= solution.lp_bound + 1e-6
    if solution.objective > 0:
        assert solution.gap == pytest.approx(
            (solution.bound - solution.objective) / solution.objective, abs=1e-12
        )
    if solution.status == "optimal":
        assert solution.objective >= best * (1 - 0.001) - 1e-9
    # the greedy programme keeps every constraint but perhaps the theme minima
    chosen, themes_met = greedy(problem)
    assert violations(problem, chosen, themes=themes_met) == []
    if themes_met:
        assert np.array_equal(solution.greedy, chosen)
        assert solution.greedy_objective == pytest.approx(float(problem.value[chosen].sum()))
        assert solution.greedy_objective <= solution.objective + 1e-9
    else:  # a greedy plan that missed a theme is no plan: nothing is reported to compare
        assert solution.greedy_objective is None
        assert not solution.greedy.any()


@settings(deadline=None, max_examples=60)
@given(instances())
def test_greedy_never_breaks_a_hard_constraint(problem):
    if explain_infeasible(problem):
        return  # the mandatory work alone does not fit: greedy is not asked
    chosen, themes_met = greedy(problem)
    assert violations(problem, chosen, themes=False) == []
    assert themes_met == (violations(problem, chosen) == [])


# --- greedy and the expertise slack ----------------------------------------------------------


def test_expertise_slack_fits_and_take():
    # pools: {0} 10 h, {0, 1} 5 h, {2} 3 h; mandatory demand 4 h of 0 and 2 h of 1
    pools = [Pool((0,), 10.0), Pool((0, 1), 5.0), Pool((2,), 3.0)]
    slack = ExpertiseSlack(pools, 3, np.array([4.0, 2.0, 0.0]))
    # {0}: 15 - 4 = 11, {1}: 5 - 2 = 3, {0,1}: 15 - 6 = 9, {2}: 3, {0,2}: 14, {1,2}: 6,
    # {0,1,2}: 12 → room of 0: 9, of 1: 3, of 2: 3
    assert slack.room.tolist() == [9.0, 3.0, 3.0]
    assert slack.fits(1, 3.0)
    assert not slack.fits(1, 3.5)
    assert slack.fits(0, 9.0)
    assert not slack.fits(0, 9.5)
    slack.take(1, 3.0)
    # {1}: 0, {0,1}: 6, {1,2}: 3, {0,1,2}: 9: expertise 0 alone still has 11 hours, but the
    # shared pool is spent on expertise 1
    assert slack.room.tolist() == [6.0, 0.0, 3.0]
    assert slack.fits(0, 6.0)
    assert not slack.fits(0, 6.5)
    assert not slack.fits(1, 0.5)
    assert slack.fits(2, 3.0)
    assert slack.violated() == []
    slack.take(0, 8.0)  # beyond the room: {0,1} becomes -2, {0,1,2} -1
    assert slack.violated() == [(0, 1)]


def test_expertise_slack_without_an_inspector():
    slack = ExpertiseSlack([Pool((0,), 10.0)], 2, np.array([0.0, 0.0]))
    assert slack.room.tolist() == [10.0, 0.0]
    assert not slack.fits(1, 0.5)
    assert slack.fits(1, 0.0)


def hand_problem(options, capacity, themes=(), pools=(), expertises=1, mandatory=None):
    """Options as (hours, value), each its own site of participant 0 and expertise 0 unless
    given as (site, participant, expertise, hours, value)."""
    rows = [option if len(option) == 5 else (i, 0, 0, *option) for i, option in enumerate(options)]
    participants = max(row[1] for row in rows) + 1
    return Spec(
        capacity=list(capacity),
        mandatory_participant=list(mandatory or [0.0] * participants),
        expertises=expertises,
        mandatory_expertise=[0.0] * expertises,
        pools=list(pools),
        options=rows,
        themes=list(themes),
    ).problem()


def test_greedy_by_ratio_then_risk_then_index():
    # ratios 2, 3, 3, 3: option 2 before 1 (more risk), 1 before 3 (index)
    problem = hand_problem([(4, 8), (2, 6), (4, 12), (2, 6)], [8])
    chosen, met = greedy(problem)
    assert chosen.tolist() == [False, True, True, True]
    assert met


def test_greedy_serves_the_themes_first():
    # option 0 has the best ratio (10) but takes all hours; the theme asks for one of
    # options 1 and 2 (ratios 1 and 2): greedy takes option 2 first, then option 0 no longer
    # fits, option 1 (theme met already) does
    problem = hand_problem([(10, 100), (5, 5), (5, 10)], [10], themes=[([1, 2], 1)])
    chosen, met = greedy(problem)
    assert chosen.tolist() == [False, True, True]
    assert met
    solution = solve(problem, gap_target=0.0)
    assert solution.chosen.tolist() == [False, True, True]
    assert solution.objective == 15.0
    # without the theme the best ratio wins
    chosen, met = greedy(hand_problem([(10, 100), (5, 5), (5, 10)], [10]))
    assert chosen.tolist() == [True, False, False]


def test_greedy_reports_a_theme_it_cannot_meet():
    problem = hand_problem([(6, 3), (6, 2), (4, 100)], [10], themes=[([0, 1], 1), ([1], 1)])
    chosen, met = greedy(problem)
    assert chosen.tolist() == [True, False, True]  # theme-1 took option 0, option 1 no fit
    assert not met


def test_a_greedy_plan_that_misses_a_theme_is_not_reported():
    # theme-0 wants option 0 or 1, theme-1 wants option 1; 10 hours. Greedy serves theme-0
    # with option 0 (better ratio), then option 1 no longer fits: theme-1 is missed and
    # greedy ends at 3 + 100 = 103. The optimum takes options 1 and 2: 2 + 100 = 102.
    problem = hand_problem([(6, 3), (6, 2), (4, 100)], [10], themes=[([0, 1], 1), ([1], 1)])
    solution = solve(problem, gap_target=0.0)
    assert solution.status == "optimal"
    assert solution.chosen.tolist() == [False, True, True]
    assert solution.objective == 102.0
    assert solution.greedy_objective is None  # greedy's 103 misses theme-1: not a programme
    assert not solution.greedy.any()
    assert solution.statistics["themes_met_by_greedy"] == 0


def test_greedy_respects_the_inspectors():
    # one pool of 6 hours for expertise 0 and 1 together; participant has 100 hours
    options = [(0, 0, 0, 4.0, 40.0), (1, 0, 1, 4.0, 30.0), (2, 0, 1, 2.0, 10.0)]
    problem = hand_problem(options, [100], pools=[((0, 1), 6.0)], expertises=2)
    chosen, _met = greedy(problem)
    assert chosen.tolist() == [True, False, True]


# --- infeasible inputs ------------------------------------------------------------------------


def infeasible(problem: Problem) -> list[str]:
    solution = solve(problem)
    assert solution.status == "infeasible"
    assert not solution.chosen.any()
    assert solution.gap is None
    return solution.problems


def test_mandatory_hours_above_a_participants_capacity():
    spec = Spec(
        capacity=[1200.0, 500.0],
        mandatory_participant=[1500.0, 100.0],
        expertises=1,
        mandatory_expertise=[0.0],
        pools=[],
        options=[(0, 0, 0, 10.0, 5.0), (1, 1, 0, 10.0, 5.0)],
        themes=[],
    )
    assert infeasible(spec.problem()) == [
        "Deelnemer 0: de verplichte controles vragen 1.500 uur, het programma heeft 1.200 uur "
        "voor toezicht (tekort 300 uur)."
    ]


def test_mandatory_hours_of_an_expertise_above_its_inspectors():
    spec = Spec(
        capacity=[1000.0],
        mandatory_participant=[100.0],
        expertises=3,
        mandatory_expertise=[10.0, 80.0, 0.0],
        pools=[((0,), 50.0), ((1,), 60.0), ((2,), 40.0)],
        options=[(0, 0, 0, 10.0, 5.0)],
        themes=[],
    )
    assert infeasible(spec.problem()) == [
        "Deskundigheid deskundigheid-1: de verplichte controles vragen 80 uur, de "
        "toezichthouders met deze deskundigheid hebben 60 uur."
    ]


def test_mandatory_hours_of_an_expertise_nobody_holds():
    spec = Spec(
        capacity=[1000.0],
        mandatory_participant=[0.0],
        expertises=2,
        mandatory_expertise=[0.0, 8.0],
        pools=[((0,), 50.0)],
        options=[(0, 0, 0, 10.0, 5.0)],
        themes=[],
    )
    problems = infeasible(spec.problem())
    assert problems == [
        "Deskundigheid deskundigheid-1: de verplichte controles vragen 8 uur, de "
        "toezichthouders met deze deskundigheid hebben 0 uur."
    ]


def test_two_expertises_together_short_while_each_fits():
    # the only pool holds both: 60 + 60 > 100, each alone fits (Hall's condition)
    spec = Spec(
        capacity=[1000.0],
        mandatory_participant=[120.0],
        expertises=3,
        mandatory_expertise=[60.0, 60.0, 10.0],
        pools=[((0, 1), 100.0), ((2,), 20.0)],
        options=[(0, 0, 0, 10.0, 5.0)],
        themes=[],
    )
    assert infeasible(spec.problem()) == [
        "Deskundigheid deskundigheid-0, deskundigheid-1: de verplichte controles vragen 120 "
        "uur, de toezichthouders met deze deskundigheid hebben 100 uur."
    ]


def test_a_theme_asking_more_sites_than_exist():
    spec = Spec(
        capacity=[1000.0],
        mandatory_participant=[0.0],
        expertises=1,
        mandatory_expertise=[0.0],
        pools=[],
        options=[(0, 0, 0, 10.0, 5.0), (0, 0, 0, 5.0, 2.0), (1, 0, 0, 10.0, 5.0)],
        themes=[([0, 1], 3)],
    )
    assert infeasible(spec.problem()) == [
        "Thema thema-0: minimaal 3 locaties gevraagd, maar er komen er maar 2 in aanmerking."
    ]


def test_every_problem_is_named_at_once():
    spec = Spec(
        capacity=[10.0, 10.0],
        mandatory_participant=[20.0, 30.0],
        expertises=2,
        mandatory_expertise=[5.0, 0.0],
        pools=[((1,), 10.0)],
        options=[(0, 0, 0, 1.0, 1.0)],
        themes=[([0], 2)],
    )
    problems = infeasible(spec.problem())
    assert len(problems) == 4
    assert problems[0].startswith("Deelnemer 0: ")
    assert problems[1].startswith("Deelnemer 1: de verplichte controles vragen 30 uur")
    assert problems[2].startswith("Deskundigheid deskundigheid-0: ")
    assert problems[3].startswith("Thema thema-0: minimaal 2 locaties gevraagd")


def test_themes_that_exceed_the_hours():
    # three sites of 10 hours, the theme asks two, the participant has 15 hours after the
    # mandatory 5: the LP relaxation is infeasible already
    spec = Spec(
        capacity=[20.0],
        mandatory_participant=[5.0],
        expertises=1,
        mandatory_expertise=[0.0],
        pools=[],
        options=[(0, 0, 0, 10.0, 5.0), (1, 0, 0, 12.0, 5.0), (2, 0, 0, 10.0, 5.0)],
        themes=[([0, 1, 2], 2)],
    )
    assert infeasible(spec.problem()) == [
        "Thema thema-0: minimaal 2 locaties vragen ten minste 20 uur; de deelnemers van die "
        "locaties hebben samen nog 15 uur na de verplichte controles."
    ]


def test_themes_that_fit_fractionally_only():
    # the theme wants one of two 2-hour sites of two participants with 1 hour each: the LP
    # takes half of each, the MIP finds no programme
    spec = Spec(
        capacity=[1.0, 1.0],
        mandatory_participant=[0.0, 0.0],
        expertises=1,
        mandatory_expertise=[0.0],
        pools=[],
        options=[(0, 0, 0, 2.0, 5.0), (1, 1, 0, 2.0, 5.0)],
        themes=[([0, 1], 1)],
    )
    assert infeasible(spec.problem()) == [
        "Thema thema-0: minimaal 1 locaties vragen ten minste 2 uur; de deelnemers van die "
        "locaties hebben samen nog 2 uur na de verplichte controles."
    ]


def test_inspectors_too_few_for_a_theme():
    # the participant has the hours, the inspectors do not
    spec = Spec(
        capacity=[100.0],
        mandatory_participant=[0.0],
        expertises=1,
        mandatory_expertise=[0.0],
        pools=[((0,), 15.0)],
        options=[(0, 0, 0, 10.0, 5.0), (1, 0, 0, 10.0, 5.0)],
        themes=[([0, 1], 2)],
    )
    problems = infeasible(spec.problem())
    assert len(problems) == 1
    assert problems[0].startswith("Thema thema-0: minimaal 2 locaties vragen ten minste 20 uur")


# --- edges -----------------------------------------------------------------------------------


def test_no_options():
    spec = Spec([10.0], [2.0], 1, [0.0], [((0,), 5.0)], [], [])
    solution = solve(spec.problem())
    assert solution.status == "optimal"
    assert solution.objective == 0.0
    assert solution.chosen.tolist() == []


def test_nothing_fits():
    solution = solve(hand_problem([(10, 5.0), (20, 8.0)], [5]))
    assert solution.status == "optimal"
    assert solution.objective == 0.0
    assert solution.gap == 0.0
    assert not solution.chosen.any()


def test_a_site_gets_at_most_one_option():
    # both options of site 0 are worth taking alone; together they would fit the hours
    problem = hand_problem([(0, 0, 0, 2.0, 10.0), (0, 0, 0, 4.0, 16.0), (1, 0, 0, 4.0, 8.0)], [6])
    solution = solve(problem, gap_target=0.0)
    assert solution.objective == 18.0  # 10 + 8 beats 16
    assert solution.chosen.tolist() == [True, False, True]


def test_a_two_expertise_pool_is_used_for_either():
    # pools: {0} 4 h, {0, 1} 6 h; options: expertise 1 needs 6 h (value 30), expertise 0
    # needs 4 h (value 20): both fit only when the shared pool works for expertise 1
    options = [(0, 0, 0, 4.0, 20.0), (1, 0, 1, 6.0, 30.0)]
    problem = hand_problem(options, [100], pools=[((0,), 4.0), ((0, 1), 6.0)], expertises=2)
    solution = solve(problem, gap_target=0.0)
    assert solution.chosen.tolist() == [True, True]
    assert solution.objective == 50.0


# --- shadow prices ----------------------------------------------------------------------------


def test_participant_prices():
    # participant 0 (10 hours): ratios 2, 1.5, 1 of 4 hours each; the LP takes the first two
    # and half of the third, so one more hour buys a quarter of the third: a price of 1.
    # Participant 1 has 100 hours for a 5-hour option: not binding, price 0.
    options = [
        (0, 0, 0, 4.0, 8.0),
        (1, 0, 0, 4.0, 6.0),
        (2, 0, 0, 4.0, 4.0),
        (3, 1, 0, 5.0, 5.0),
    ]
    solution = solve(hand_problem(options, [10, 100]))
    assert solution.lp_bound == pytest.approx(8 + 6 + 2 + 5, abs=1e-9)
    assert solution.participant_price.tolist() == pytest.approx([1.0, 0.0], abs=1e-9)
    assert solution.objective == 19.0  # 8 + 6 + 5
    assert solution.expertise_price.tolist() == [0.0]


def test_expertise_prices():
    # the participant has all the hours it wants; the inspectors of expertise 0 have 10: the
    # same marginal option, now priced on the expertise; expertise 1 is not binding
    options = [
        (0, 0, 0, 4.0, 8.0),
        (1, 0, 0, 4.0, 6.0),
        (2, 0, 0, 4.0, 2.0),
        (3, 0, 1, 5.0, 5.0),
    ]
    pools = [((0,), 10.0), ((1,), 50.0)]
    solution = solve(hand_problem(options, [1000], pools=pools, expertises=2))
    assert solution.participant_price.tolist() == pytest.approx([0.0], abs=1e-9)
    assert solution.expertise_price.tolist() == pytest.approx([0.5, 0.0], abs=1e-9)
    assert solution.lp_bound == pytest.approx(8 + 6 + 1 + 5, abs=1e-9)


def test_pool_split_keeps_the_versatile_pool_for_the_scarce_expertise():
    # Pool 0 holds only expertise 1 (10 h); pool 1 holds 0 and 1 (10 h). Demand: 6 h of 0, 8 h
    # of 1. All 20 hours cover 14 of demand: the room to spare is t = 6/14 = 3/7 of each, so
    # expertise 0 gets 60/7 h of pool 1 and expertise 1 pool 0's 10 h plus pool 1's other 10/7.
    pools = [Pool((1,), 10.0), Pool((0, 1), 10.0)]
    split = pool_split(pools, np.array([6.0, 8.0]))
    assert split is not None
    assert split[0, 0] == 0.0
    assert split[1, 0] == pytest.approx(6 * (1 + 3 / 7))
    assert split[0, 1] + split[1, 1] == pytest.approx(8 * (1 + 3 / 7))
    assert split[1].sum() <= 10.0 + 1e-9
    assert split[0].sum() <= 10.0 + 1e-9


def test_pool_split_of_a_demand_that_does_not_fit_is_none():
    assert pool_split([Pool((0,), 5.0)], np.array([6.0])) is None
    assert pool_split([], np.array([1.0])) is None
