"""Choose the inspections of a programme: a mixed-integer programme solved with HiGHS, and the
greedy ratio heuristic it is compared with. Plain numpy arrays in, no Django.

The model (ADR 0005). An *option* is one way to inspect one site (a method: full periodic,
administrative, ...), with its hours h, the risk it covers v, the participant p of the site and
the expertise e it needs. Mandatory inspections are fixed beforehand: they only use hours.

    maximise    Σ v_o y_o
    subject to  Σ_{o of p} h_o y_o                   ≤ C_p - M_p        each participant p
                Σ_{o needing e} h_o y_o - Σ_k x_{k,e} ≤ -M_e            each expertise e
                Σ_{e of k} x_{k,e}                     ≤ H_k            each inspector pool k
                Σ_{o of s} y_o                         ≤ 1              each site s with ≥ 2 options
                Σ_{o in t} y_o                         ≥ m_t            each theme t
                y_o ∈ {0, 1},  x_{k,e} ≥ 0

C_p are the hours of the participant's adopted programme, M_p and M_e the hours of its (and
the expertise's) mandatory inspections. A pool k is the inspectors with the same set of
expertises and H_k their hours; x_{k,e} is how many of those hours go to expertise e, so an
inspector with two expertises can be used for either.

How it is solved (DESIGN.md's pitfalls: HiGHS started cold on tens of thousands of binaries
can stall, and its presolve has been seen to hang on such a model):

1. the greedy heuristic gives a feasible programme and a lower bound L;
2. the LP relaxation gives an upper bound U and reduced costs d_o. Flipping a variable away
   from its LP value costs at least |d_o|, so a variable with U - |d_o| < L has the same value
   in every programme better than the greedy one: it is fixed (*reduced-cost fixing*, exact);
3. HiGHS solves the MIP over the variables left, presolve off, warm-started with greedy,
   within a time limit and a relative gap;
4. the gap is reported over the objective as (bound - value) / value, with bound =
   min(U, max(L, value of the fixed part + HiGHS's dual bound)).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

import highspy
import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

EPS = 1e-6
MAX_EXPERTISES = 14  # the greedy feasibility test keeps one slack per subset of expertises


@dataclass(frozen=True)
class Pool:
    """Inspectors with the same expertises, and their hours for programmed inspections."""

    expertises: tuple[int, ...]
    hours: float


@dataclass(frozen=True)
class Theme:
    label: str
    options: IntArray  # indices of the options whose site belongs to the theme
    minimum: int  # sites still to select after the mandatory ones in the theme
    sites: int = 0  # sites of the theme with at least one option


@dataclass
class Problem:
    participant_labels: Sequence[str]
    expertise_labels: Sequence[str]
    capacity: FloatArray  # hours per participant
    mandatory_participant: FloatArray  # mandatory hours per participant
    mandatory_expertise: FloatArray  # mandatory hours per expertise
    pools: Sequence[Pool]  # empty: no inspector constraint
    site: IntArray  # per option: the site (at most one option per site)
    participant: IntArray
    expertise: IntArray
    hours: FloatArray
    value: FloatArray
    themes: Sequence[Theme] = ()

    @property
    def size(self) -> int:
        return len(self.value)

    @property
    def uses_inspectors(self) -> bool:
        return bool(self.pools)


@dataclass
class Solution:
    status: str  # "optimal", "time_limit" or "infeasible"
    chosen: BoolArray
    objective: float
    bound: float
    gap: float | None
    greedy: BoolArray  # all False when greedy missed a theme minimum (no feasible plan)
    greedy_objective: float | None  # None when greedy missed a theme minimum
    lp_bound: float
    problems: list[str] = field(default_factory=list)
    statistics: dict[str, float | int | str] = field(default_factory=dict)
    # The LP's shadow prices: what one more hour of a participant, or of inspectors of an
    # expertise, would add to the risk covered. An option pays off when its risk per hour is
    # at least the price of its participant plus that of its expertise.
    participant_price: FloatArray = field(default_factory=lambda: np.zeros(0))
    expertise_price: FloatArray = field(default_factory=lambda: np.zeros(0))


# --- the expertise constraint as slack per subset (Hall's condition) -------------------------


class ExpertiseSlack:
    """The inspectors can do a set of inspections exactly when, for every set S of expertises,
    the hours the inspections need in S are at most the hours of the inspectors who hold any
    expertise in S (Hall's theorem for a transport problem). One slack per S is kept, so that
    the test for one more inspection needing e is: min over S ∋ e of slack(S) ≥ h."""

    def __init__(self, pools: Sequence[Pool], expertises: int, demand: FloatArray) -> None:
        if expertises > MAX_EXPERTISES:
            raise ValueError(f"At most {MAX_EXPERTISES} expertises, not {expertises}.")
        subsets = np.arange(1 << expertises)
        self.containing = [(subsets >> e) & 1 == 1 for e in range(expertises)]
        supply = np.zeros(1 << expertises)
        for pool in pools:
            mask = sum(1 << e for e in pool.expertises)
            supply += np.where(subsets & mask, pool.hours, 0.0)
        need = np.zeros(1 << expertises)
        for e in range(expertises):
            need += np.where(self.containing[e], demand[e], 0.0)
        self.slack = supply - need
        self.slack[0] = np.inf  # the empty set constrains nothing
        self.expertises = expertises
        self.room = np.array([self.slack[c].min() for c in self.containing])

    def fits(self, expertise: int, hours: float) -> bool:
        return bool(self.room[expertise] >= hours - EPS)

    def take(self, expertise: int, hours: float) -> None:
        self.slack[self.containing[expertise]] -= hours
        self.room = np.array([self.slack[c].min() for c in self.containing])

    def violated(self) -> list[tuple[int, ...]]:
        """The smallest sets of expertises whose demand exceeds their inspectors' hours."""
        found: list[tuple[int, ...]] = []
        for size in range(1, self.expertises + 1):
            for subset in combinations(range(self.expertises), size):
                if any(set(smaller) <= set(subset) for smaller in found):
                    continue
                mask = sum(1 << e for e in subset)
                if self.slack[mask] < -EPS:
                    found.append(subset)
        return found


def supply_of(pools: Sequence[Pool], subset: Sequence[int]) -> float:
    return sum(pool.hours for pool in pools if set(pool.expertises) & set(subset))


# --- what does not fit --------------------------------------------------------------------------


def _hours(value: float) -> str:
    """Whole hours with a Dutch thousands separator: 12.345."""
    return f"{value:,.0f}".replace(",", ".")


def explain_infeasible(problem: Problem) -> list[str]:
    """Dutch sentences naming what mandatory work or which theme does not fit; empty when
    these simple tests find nothing."""
    problems: list[str] = []
    for p, label in enumerate(problem.participant_labels):
        need, have = problem.mandatory_participant[p], problem.capacity[p]
        if need > have + EPS:
            problems.append(
                f"{label}: de verplichte controles vragen {_hours(need)} uur, het programma "
                f"heeft {_hours(have)} uur voor toezicht (tekort {_hours(need - have)} uur)."
            )
    if problem.uses_inspectors:
        slack = ExpertiseSlack(
            problem.pools, len(problem.expertise_labels), problem.mandatory_expertise
        )
        for subset in slack.violated():
            names = ", ".join(problem.expertise_labels[e] for e in subset)
            need = float(sum(problem.mandatory_expertise[e] for e in subset))
            have = supply_of(problem.pools, subset)
            problems.append(
                f"Deskundigheid {names}: de verplichte controles vragen {_hours(need)} uur, de "
                f"toezichthouders met deze deskundigheid hebben {_hours(have)} uur."
            )
    for theme in problem.themes:
        if theme.minimum > theme.sites:
            problems.append(
                f"Thema {theme.label}: minimaal {theme.minimum} locaties gevraagd, maar er "
                f"komen er maar {theme.sites} in aanmerking."
            )
    return problems


def explain_themes(problem: Problem) -> list[str]:
    """When the simple tests pass and the LP is still infeasible: the themes' cheapest sites
    against the hours left."""
    left = np.maximum(problem.capacity - problem.mandatory_participant, 0)
    problems = []
    for theme in problem.themes:
        if theme.minimum <= 0:
            continue
        cheapest = np.sort(problem.hours[theme.options])[: theme.minimum].sum()
        participants = np.unique(problem.participant[theme.options])
        problems.append(
            f"Thema {theme.label}: minimaal {theme.minimum} locaties vragen ten minste "
            f"{_hours(cheapest)} uur; de deelnemers van die locaties hebben samen nog "
            f"{_hours(left[participants].sum())} uur na de verplichte controles."
        )
    return problems or [
        "De verplichte controles en themaminima passen samen niet binnen de uren van de "
        "deelnemers en de toezichthouders."
    ]


# --- greedy ----------------------------------------------------------------------------------


def ratio_order(problem: Problem) -> IntArray:
    """Options by risk covered per hour, highest first (ties: more risk, then index)."""
    ratio = problem.value / np.maximum(problem.hours, EPS)
    return np.lexsort((np.arange(problem.size), -problem.value, -ratio))


def greedy(problem: Problem, order: IntArray | None = None) -> tuple[BoolArray, bool]:
    """The greedy ratio heuristic: themes first (each its best options up to its minimum),
    then every option by ratio, taken when its site is free and it fits the participant's
    hours and the inspectors. Returns the choice and whether it met every theme minimum.
    ``order`` replaces the ratio order (the solver passes the LP solution's)."""
    chosen = np.zeros(problem.size, dtype=bool)
    left = problem.capacity - problem.mandatory_participant
    slack = (
        ExpertiseSlack(problem.pools, len(problem.expertise_labels), problem.mandatory_expertise)
        if problem.uses_inspectors
        else None
    )
    used_site: set[int] = set()
    if order is None:
        order = ratio_order(problem)
    rank = np.empty(problem.size, dtype=np.int64)
    rank[order] = np.arange(problem.size)

    def take(o: int) -> bool:
        site, p, h = int(problem.site[o]), int(problem.participant[o]), float(problem.hours[o])
        if site in used_site or left[p] < h - EPS:
            return False
        if slack is not None and not slack.fits(int(problem.expertise[o]), h):
            return False
        chosen[o] = True
        used_site.add(site)
        left[p] -= h
        if slack is not None:
            slack.take(int(problem.expertise[o]), h)
        return True

    themes_met = True
    for theme in problem.themes:
        have = int(chosen[theme.options].sum())
        for o in theme.options[np.argsort(rank[theme.options])]:
            if have >= theme.minimum:
                break
            have += take(int(o))
        themes_met &= have >= theme.minimum
    for o in order:
        if not chosen[o]:
            take(int(o))
    return chosen, themes_met


# --- the HiGHS model ---------------------------------------------------------------------------


@dataclass
class _Matrix:
    """The model in column-wise form, before any column is fixed."""

    rows: int
    row_lower: FloatArray
    row_upper: FloatArray
    # per option: the (row, value) entries, as parallel arrays with the option index
    option_col: IntArray
    option_row: IntArray
    option_val: FloatArray
    flow_rows: list[tuple[int, int]]  # per flow variable: (expertise row, pool row)


def _matrix(problem: Problem) -> _Matrix:
    n, participants = problem.size, len(problem.capacity)
    experts = len(problem.expertise_labels) if problem.uses_inspectors else 0
    pools = len(problem.pools)
    lower: list[float] = []
    upper: list[float] = []
    lower += [-np.inf] * participants
    upper += list(problem.capacity - problem.mandatory_participant)
    expertise_row0 = len(lower)
    if experts:
        lower += [-np.inf] * experts
        upper += list(-problem.mandatory_expertise[:experts])
        pool_row0 = len(lower)
        lower += [-np.inf] * pools
        upper += [pool.hours for pool in problem.pools]
    sites, site_index, counts = np.unique(problem.site, return_inverse=True, return_counts=True)
    multi = counts > 1
    site_row = np.full(len(sites), -1)
    site_row[multi] = len(lower) + np.arange(int(multi.sum()))
    lower += [-np.inf] * int(multi.sum())
    upper += [1.0] * int(multi.sum())
    theme_row0 = len(lower)
    lower += [float(theme.minimum) for theme in problem.themes]
    upper += [np.inf] * len(problem.themes)

    cols = [np.arange(n), np.arange(n) if experts else np.empty(0, dtype=np.int64)]
    rows = [problem.participant.astype(np.int64)]
    vals = [problem.hours]
    if experts:
        rows.append(expertise_row0 + problem.expertise.astype(np.int64))
        vals.append(problem.hours)
    in_multi = site_row[site_index] >= 0
    cols.append(np.flatnonzero(in_multi))
    rows.append(site_row[site_index][in_multi])
    vals.append(np.ones(int(in_multi.sum())))
    for t, theme in enumerate(problem.themes):
        cols.append(theme.options.astype(np.int64))
        rows.append(np.full(len(theme.options), theme_row0 + t))
        vals.append(np.ones(len(theme.options)))
    flow_rows = []
    if experts:
        for k, pool in enumerate(problem.pools):
            for e in pool.expertises:
                flow_rows.append((expertise_row0 + e, pool_row0 + k))
    return _Matrix(
        rows=len(lower),
        row_lower=np.array(lower, dtype=float),
        row_upper=np.array(upper, dtype=float),
        option_col=np.concatenate(cols).astype(np.int64),
        option_row=np.concatenate(rows).astype(np.int64),
        option_val=np.concatenate(vals).astype(float),
        flow_rows=flow_rows,
    )


def _highs(
    problem: Problem,
    matrix: _Matrix,
    free: IntArray,
    fixed_one: BoolArray,
    *,
    integer: bool,
) -> highspy.Highs:
    """A HiGHS instance over the options ``free`` (then the flows), with the rows' bounds
    shifted by what the options fixed at one use."""
    lower, upper = matrix.row_lower.copy(), matrix.row_upper.copy()
    fixed_entries = fixed_one[matrix.option_col]
    used = np.zeros(matrix.rows)
    np.add.at(used, matrix.option_row[fixed_entries], matrix.option_val[fixed_entries])
    lower, upper = lower - used, upper - used

    position = np.full(problem.size, -1)
    position[free] = np.arange(len(free))
    keep = position[matrix.option_col] >= 0
    col = position[matrix.option_col[keep]]
    row = matrix.option_row[keep]
    val = matrix.option_val[keep]
    flows = len(matrix.flow_rows)
    if flows:
        flow_col = len(free) + np.repeat(np.arange(flows), 2)
        flow_row = np.array([r for pair in matrix.flow_rows for r in pair], dtype=np.int64)
        flow_val = np.tile([-1.0, 1.0], flows)
        col = np.concatenate([col, flow_col])
        row = np.concatenate([row, flow_row])
        val = np.concatenate([val, flow_val])
    order = np.lexsort((row, col))
    columns = len(free) + flows
    starts = np.searchsorted(col[order], np.arange(columns + 1))

    lp = highspy.HighsLp()
    lp.num_col_ = columns
    lp.num_row_ = matrix.rows
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.concatenate([problem.value[free], np.zeros(flows)])
    lp.col_lower_ = np.zeros(columns)
    lp.col_upper_ = np.concatenate([np.ones(len(free)), np.full(flows, highspy.kHighsInf)])
    lp.row_lower_ = np.where(np.isinf(lower), -highspy.kHighsInf, lower)
    lp.row_upper_ = np.where(np.isinf(upper), highspy.kHighsInf, upper)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = starts.astype(np.int32)
    lp.a_matrix_.index_ = row[order].astype(np.int32)
    lp.a_matrix_.value_ = val[order]
    if integer:
        kinds = [highspy.HighsVarType.kInteger] * len(free)
        lp.integrality_ = kinds + [highspy.HighsVarType.kContinuous] * flows
    solver = highspy.Highs()  # type: ignore[no-untyped-call]
    solver.setOptionValue("output_flag", False)
    solver.passModel(lp)
    return solver


def solve(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    gap_target: float = 0.001,
    reduce: bool = True,
) -> Solution:
    """Solve ``problem``; see the module's docstring for how."""
    started = time.perf_counter()
    empty = np.zeros(problem.size, dtype=bool)
    problems = explain_infeasible(problem)
    if problems:
        return Solution("infeasible", empty, 0.0, 0.0, None, empty, 0.0, 0.0, problems)

    chosen_greedy, themes_met = greedy(problem)
    greedy_value = float(problem.value[chosen_greedy].sum())
    greedy_seconds = time.perf_counter() - started
    matrix = _matrix(problem)
    everything = np.arange(problem.size)

    lp_started = time.perf_counter()
    relaxation = _highs(problem, matrix, everything, empty, integer=False)
    relaxation.run()
    if relaxation.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
        return Solution(
            "infeasible", empty, 0.0, 0.0, None, empty, 0.0, 0.0, explain_themes(problem)
        )
    lp_bound = float(relaxation.getInfo().objective_function_value)
    lp_solution = relaxation.getSolution()
    lp_value = np.asarray(lp_solution.col_value)[: problem.size]
    reduced_cost = np.abs(np.asarray(lp_solution.col_dual)[: problem.size])
    row_dual = np.abs(np.asarray(lp_solution.row_dual))
    participants = len(problem.capacity)
    participant_price = row_dual[:participants]
    expertise_price = (
        row_dual[participants : participants + len(problem.expertise_labels)]
        if problem.uses_inspectors
        else np.zeros(len(problem.expertise_labels))
    )
    lp_seconds = time.perf_counter() - lp_started

    # A second incumbent from the LP: its ones first, then its fractions, then the rest by
    # ratio, through the same feasibility tests. Usually within a few options of the bound,
    # so that reduced-cost fixing decides nearly every variable.
    ratio_rank = np.empty(problem.size, dtype=np.int64)
    ratio_rank[ratio_order(problem)] = np.arange(problem.size)
    guided, guided_met = greedy(problem, np.lexsort((ratio_rank, -np.round(lp_value, 6))))
    guided_value = float(problem.value[guided].sum())
    incumbent, incumbent_value, have_incumbent = chosen_greedy, greedy_value, themes_met
    if guided_met and (not themes_met or guided_value > greedy_value):
        incumbent, incumbent_value, have_incumbent = guided, guided_value, True

    fixed_zero = np.zeros(problem.size, dtype=bool)
    fixed_one = np.zeros(problem.size, dtype=bool)
    if reduce and have_incumbent:
        tolerance = 1e-9 * max(1.0, abs(lp_bound))
        decided = reduced_cost > lp_bound - incumbent_value + tolerance
        fixed_zero = decided & (lp_value < EPS)
        fixed_one = decided & (lp_value > 1 - EPS)
    free = np.flatnonzero(~(fixed_zero | fixed_one))
    fixed_value = float(problem.value[fixed_one].sum())

    mip_started = time.perf_counter()
    chosen = fixed_one.copy()
    status, mip_bound = "optimal", fixed_value
    if len(free):
        mip = _highs(problem, matrix, free, fixed_one, integer=True)
        mip.setOptionValue("presolve", "off")
        mip.setOptionValue("time_limit", float(time_limit))
        mip.setOptionValue("mip_rel_gap", float(gap_target))
        if have_incumbent:  # the best heuristic programme as the start (HiGHS adds flows)
            mip.setSolution(
                len(free), np.arange(len(free), dtype=np.int32), incumbent[free].astype(float)
            )
        mip.run()
        model_status = mip.getModelStatus()
        info = mip.getInfo()
        if model_status == highspy.HighsModelStatus.kInfeasible:
            return Solution(
                "infeasible", empty, 0.0, 0.0, None, empty, 0.0, 0.0, explain_themes(problem)
            )
        values = np.asarray(mip.getSolution().col_value)[: len(free)]
        if len(values) == len(free) and info.objective_function_value > -np.inf:
            chosen[free] = values > 0.5
        mip_bound = fixed_value + float(info.mip_dual_bound)
        if model_status != highspy.HighsModelStatus.kOptimal:
            status = "time_limit"
    objective = float(problem.value[chosen].sum())
    # A greedy programme that missed a theme minimum is not a programme: nothing to compare.
    reported_greedy = chosen_greedy if themes_met else np.zeros(problem.size, dtype=bool)
    if have_incumbent and incumbent_value > objective:  # never less than a heuristic found
        chosen, objective = incumbent.copy(), incumbent_value
    bound = min(lp_bound, max(incumbent_value if have_incumbent else -np.inf, mip_bound))
    bound = max(bound, objective)
    gap = (bound - objective) / objective if objective > 0 else 0.0
    if status == "time_limit" and gap <= gap_target:
        status = "optimal"
    return Solution(
        status=status,
        chosen=chosen,
        objective=objective,
        bound=bound,
        gap=gap,
        greedy=reported_greedy,
        greedy_objective=greedy_value if themes_met else None,
        lp_bound=lp_bound,
        participant_price=participant_price,
        expertise_price=expertise_price,
        statistics={
            "options": problem.size,
            "fixed": int(fixed_zero.sum() + fixed_one.sum()),
            "free": len(free),
            "greedy_seconds": round(greedy_seconds, 4),
            "lp_seconds": round(lp_seconds, 4),
            "mip_seconds": round(time.perf_counter() - mip_started, 4),
            "seconds": round(time.perf_counter() - started, 4),
            "themes_met_by_greedy": int(themes_met),
            "lp_guided_objective": round(guided_value, 4),
        },
    )


def pool_split(pools: Sequence[Pool], demand: FloatArray) -> FloatArray | None:
    """How many hours of each pool go to each expertise (pools × expertises) so that every
    expertise's demand is met with the most room to spare, spread in proportion to the demand:
    maximise t with Σ_k x[k, e] ≥ (1 + t) · demand[e] and Σ_e x[k, e] ≤ hours of k. None when
    the demand does not fit. The assignment gives each inspector these shares as budgets, so
    that versatile inspectors are kept for the expertise that needs them."""
    expertises = len(demand)
    pairs = [(k, e) for k, pool in enumerate(pools) for e in pool.expertises]
    if not pairs:
        return None if demand.sum() > EPS else np.zeros((len(pools), expertises))
    columns = len(pairs) + 1  # the flows, then t
    rows = expertises + len(pools)
    entries: list[tuple[int, int, float]] = []
    for column, (k, e) in enumerate(pairs):
        entries.append((e, column, 1.0))
        entries.append((expertises + k, column, 1.0))
    for e in range(expertises):
        entries.append((e, len(pairs), -float(demand[e])))
    entries.sort(key=lambda entry: (entry[1], entry[0]))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = columns, rows
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.array([0.0] * len(pairs) + [1.0])
    lp.col_lower_ = np.zeros(columns)
    lp.col_upper_ = np.array([highspy.kHighsInf] * len(pairs) + [10.0])
    lp.row_lower_ = np.concatenate([demand.astype(float), np.full(len(pools), -highspy.kHighsInf)])
    lp.row_upper_ = np.concatenate(
        [np.full(expertises, highspy.kHighsInf), [pool.hours for pool in pools]]
    )
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.searchsorted(
        np.array([column for _row, column, _value in entries]), np.arange(columns + 1)
    ).astype(np.int32)
    lp.a_matrix_.index_ = np.array([row for row, _column, _value in entries], dtype=np.int32)
    lp.a_matrix_.value_ = np.array([value for _row, _column, value in entries])
    solver = highspy.Highs()  # type: ignore[no-untyped-call]
    solver.setOptionValue("output_flag", False)
    solver.passModel(lp)
    solver.run()
    if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    values = np.asarray(solver.getSolution().col_value)
    split = np.zeros((len(pools), expertises))
    for column, (k, e) in enumerate(pairs):
        split[k, e] = max(values[column], 0.0)
    return split
