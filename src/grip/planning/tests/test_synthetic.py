"""The synthetic instances: deterministic, the sizes asked, consistent shapes, and solvable."""

from __future__ import annotations

import numpy as np
import pytest

from grip.planning import optimiser, synthetic


def _arrays(problem: optimiser.Problem) -> list[np.ndarray]:
    return [
        problem.capacity,
        problem.mandatory_participant,
        problem.mandatory_expertise,
        problem.site,
        problem.participant,
        problem.expertise,
        problem.hours,
        problem.value,
    ]


def test_the_same_seed_gives_the_same_instance_and_another_seed_another():
    first = synthetic.instance(3000, seed=7, theme=True)
    again = synthetic.instance(3000, seed=7, theme=True)
    other = synthetic.instance(3000, seed=8, theme=True)

    for a, b in zip(_arrays(first.problem), _arrays(again.problem), strict=True):
        assert np.array_equal(a, b)
    assert first.problem.pools == again.problem.pools
    assert np.array_equal(first.problem.themes[0].options, again.problem.themes[0].options)
    assert (first.mandatory_sites, first.mandatory_value) == (
        again.mandatory_sites,
        again.mandatory_value,
    )
    assert not np.array_equal(first.problem.value, other.problem.value)


def test_the_sizes_are_those_asked():
    made = synthetic.instance(5000, participants=9, expertises=8, seed=3)
    problem = made.problem

    assert made.sites == 5000
    assert problem.participant_labels[0] == "Deelnemer 001"
    assert len(problem.participant_labels) == len(problem.capacity) == 9
    assert problem.expertise_labels == [
        "algemeen",
        "agrarisch",
        "gevaarlijke-stoffen",
        "industrie",
        "afval",
        "brzo-ippc",
        "deskundigheid-7",
        "deskundigheid-8",
    ]
    assert len(problem.mandatory_expertise) == 8
    assert problem.themes == []
    assert made.seed == 3


def test_the_shapes_are_consistent():
    made = synthetic.instance(20_000, seed=11, theme=True)
    problem = made.problem
    n = problem.size

    assert {len(array) for array in _arrays(problem)[3:]} == {n}
    assert problem.site.min() >= 0
    assert problem.site.max() < made.sites
    assert np.all(np.diff(problem.site) >= 0)  # options of a site side by side
    assert set(np.unique(problem.participant)) <= set(range(22))
    assert set(np.unique(problem.expertise)) <= set(range(6))
    assert set(np.unique(problem.hours)) <= set(synthetic.HOURS)
    assert np.all(problem.value > 0)
    # At most two options a site: then the full one and the administrative one (35 %).
    sites, counts = np.unique(problem.site, return_counts=True)
    assert set(np.unique(counts)) == {1, 2}
    pairs = np.flatnonzero(np.isin(problem.site, sites[counts == 2]))
    low, high = pairs[::2], pairs[1::2]
    assert np.array_equal(problem.site[low], problem.site[high])
    administrative = np.where(problem.hours[low] == 2.0, low, high)
    full = np.where(problem.hours[low] == 2.0, high, low)
    assert np.all(problem.hours[administrative] == 2.0)
    assert np.allclose(problem.value[administrative], problem.value[full] * 0.35, atol=1e-4)
    assert np.all(problem.participant[low] == problem.participant[high])
    # Sites with options, mandatory sites and the rest add up.
    assert len(sites) + made.mandatory_sites == made.due_sites
    assert made.due_sites < made.sites
    # Mandatory hours: the same whichever way they are counted.
    assert problem.mandatory_participant.sum() == pytest.approx(problem.mandatory_expertise.sum())
    assert np.all(problem.mandatory_participant <= problem.capacity)
    # Pools: each expertise alone and some shared by two.
    assert {pool.expertises for pool in problem.pools} == {
        (0,),
        (1,),
        (2,),
        (3,),
        (4,),
        (5,),
        (0, 1),
        (0, 2),
        (0, 3),
        (3, 4),
        (2, 5),
    }
    theme = problem.themes[0]
    assert theme.sites == len(np.unique(problem.site[theme.options]))
    assert theme.minimum == round(0.25 * theme.sites)


def test_the_capacities_follow_the_assumptions():
    made = synthetic.instance(35_000, seed=1)
    problem = made.problem
    capacity = problem.capacity.sum()
    inspectors = sum(pool.hours for pool in problem.pools)

    assert 0.14 <= capacity / made.full_hours <= 0.16
    assert 0.33 <= problem.mandatory_participant.sum() / capacity <= 0.38
    assert 0.96 <= inspectors / capacity <= 1.04
    # The risk has a heavy tail: the highest is many times the median.
    assert problem.value.max() > 5 * np.median(problem.value)


def test_small_instances_solve_and_keep_every_constraint():
    for seed in range(3):
        problem = synthetic.instance(600, participants=4, seed=seed, theme=True).problem

        solution = optimiser.solve(problem, time_limit=20, gap_target=0.0)

        assert solution.status == "optimal"
        assert solution.gap == pytest.approx(0.0, abs=1e-9)
        chosen = solution.chosen
        used = np.bincount(problem.participant[chosen], weights=problem.hours[chosen], minlength=4)
        assert np.all(used <= problem.capacity - problem.mandatory_participant + 1e-6)
        assert len(np.unique(problem.site[chosen])) == int(chosen.sum())
        assert int(chosen[problem.themes[0].options].sum()) >= problem.themes[0].minimum
        assert solution.objective >= solution.greedy_objective - 1e-9


def test_the_national_picture_is_independent_services():
    made = synthetic.services(4, 800, seed=2)

    assert [service.sites for service in made] == [800] * 4
    assert [service.seed for service in made] == [2000, 2001, 2002, 2003]
    assert all(6 <= len(service.problem.capacity) <= 20 for service in made)
    assert all(len(service.problem.themes) == 1 for service in made)
    again = synthetic.services(4, 800, seed=2)
    assert [s.problem.capacity.tolist() for s in made] == [
        s.problem.capacity.tolist() for s in again
    ]


def test_the_running_sum_restarts_in_each_group():
    groups = np.array([0, 0, 1, 1, 1, 3])
    values = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])

    assert synthetic._group_cumsum(groups, values).tolist() == [0.0, 1.0, 0.0, 3.0, 7.0, 0.0]


def test_nonsense_sizes_are_refused():
    with pytest.raises(ValueError, match="sites and participants"):
        synthetic.instance(0)
    with pytest.raises(ValueError, match="expertises"):
        synthetic.instance(10, expertises=15)
