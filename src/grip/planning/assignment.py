"""Distribute a programme's inspections over the inspectors: a heuristic, not an optimum.

*Scarcest expertise first, then first fit decreasing with area preference, specialists first
and load balancing.* The inspections needing the expertise with the fewest inspector hours per
hour of work go first, so that an inspector who holds a scarce expertise and a common one is
not used up by the common work; within an expertise mandatory inspections first, then the
others, each largest first (big jobs are the hardest to place). Each inspection goes to an
inspector who holds its expertise and still has the hours for it; among those, one whose area
names the site's participant comes first, then one who works region-wide, then any other;
then the one with the fewest expertises (a specialist, keeping the versatile for later); then
the one with the lowest share of their hours used so far, so that work spreads evenly. What no
inspector can take stays unassigned and is reported.

With *budgets* (the optimiser's split of each pool of inspectors over the expertises, see
:func:`grip.planning.optimiser.pool_split`) a first pass keeps every inspector within their
hours per expertise, so that an inspector of Brzo/IPPC and hazardous substances is not filled
with hazardous-substance work the others could do; a second pass places the rest anywhere
it fits. Measured on demo programmes (~7,000 inspections, 51 inspectors): ordering by size
alone left 686 inspections unassigned; the scarcest expertise first 40 (another demo: 36);
with the budgets 7 on that other demo.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

EPS = 1e-6


@dataclass(frozen=True)
class Inspector:
    id: int
    hours: float
    expertises: frozenset[str]
    areas: frozenset[int] = frozenset()  # participant ids; empty: the whole region


@dataclass(frozen=True)
class Job:
    id: int
    participant: int
    expertise: str
    hours: float
    mandatory: bool = False


@dataclass
class Assignment:
    inspector_of: dict[int, int] = field(default_factory=dict)  # job id -> inspector id
    used: dict[int, float] = field(default_factory=dict)  # inspector id -> hours assigned
    unassigned: list[int] = field(default_factory=list)  # job ids


def _area_rank(inspector: Inspector, participant: int) -> int:
    if participant in inspector.areas:
        return 0
    return 1 if not inspector.areas else 2


def assign(
    jobs: Iterable[Job],
    inspectors: Sequence[Inspector],
    budgets: Mapping[int, Mapping[str, float]] | None = None,
) -> Assignment:
    """``budgets``: per inspector id the hours they should spend per expertise (the optimiser's
    split of their pool, :func:`grip.planning.optimiser.pool_split`). A first pass keeps every
    inspector within their budget per expertise; what it cannot place, a second pass places
    with any inspector of the expertise who still has the hours."""
    result = Assignment(used={inspector.id: 0.0 for inspector in inspectors})
    by_expertise: dict[str, list[Inspector]] = {}
    for inspector in inspectors:
        if inspector.hours <= 0:  # no hours for programmed work: nothing to assign to them
            continue
        for expertise in inspector.expertises:
            by_expertise.setdefault(expertise, []).append(inspector)
    jobs = list(jobs)
    demand: dict[str, float] = {}
    for job in jobs:
        demand[job.expertise] = demand.get(job.expertise, 0.0) + job.hours
    cover = {
        expertise: sum(i.hours for i in by_expertise.get(expertise, ())) / need
        if need > 0
        else float("inf")
        for expertise, need in demand.items()
    }
    ordered = sorted(
        jobs, key=lambda job: (cover[job.expertise], not job.mandatory, -job.hours, job.id)
    )
    left: dict[tuple[int, str], float] | None = None
    if budgets is not None:
        left = {
            (inspector_id, expertise): hours
            for inspector_id, shares in budgets.items()
            for expertise, hours in shares.items()
        }
    passes = [left, None] if left is not None else [None]
    for budget in passes:
        waiting: list[Job] = []
        for job in ordered:
            best = _best(job, by_expertise, result, budget)
            if best is None:
                waiting.append(job)
                continue
            result.inspector_of[job.id] = best.id
            result.used[best.id] += job.hours
            if budget is not None:
                budget[best.id, job.expertise] -= job.hours
        ordered = waiting
    result.unassigned = [job.id for job in ordered]
    return result


def _best(
    job: Job,
    by_expertise: Mapping[str, list[Inspector]],
    result: Assignment,
    budget: Mapping[tuple[int, str], float] | None,
) -> Inspector | None:
    best: Inspector | None = None
    best_key: tuple[int, int, float, int] | None = None
    for inspector in by_expertise.get(job.expertise, ()):
        used = result.used[inspector.id]
        if used + job.hours > inspector.hours + EPS:
            continue
        if budget is not None and budget.get((inspector.id, job.expertise), 0.0) < job.hours - EPS:
            continue
        key = (
            _area_rank(inspector, job.participant),
            len(inspector.expertises),
            used / inspector.hours,
            inspector.id,
        )
        if best_key is None or key < best_key:
            best, best_key = inspector, key
    return best
