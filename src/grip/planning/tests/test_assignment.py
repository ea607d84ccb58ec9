"""The assignment heuristic: scarcest expertise first, then first fit decreasing with area
preference, specialists first and load balancing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grip.planning.assignment import Inspector, Job, assign


def inspector(id_, hours, *expertises, areas=()):
    return Inspector(id_, float(hours), frozenset(expertises or ("x",)), frozenset(areas))


def job(id_, hours, expertise="x", participant=1, mandatory=False):
    return Job(id_, participant, expertise, float(hours), mandatory)


def test_expertise_is_respected():
    inspectors = [inspector(1, 100, "afval"), inspector(2, 5, "agrarisch")]
    jobs = [job(1, 4, "agrarisch"), job(2, 3, "agrarisch"), job(3, 2, "industrie")]
    result = assign(jobs, inspectors)
    # nobody holds "industrie" (no hours for it: the scarcest, tried first); job 1 to the only
    # agricultural inspector; job 2 no longer fits there, and the inspector with a hundred
    # hours cannot do it
    assert result.inspector_of == {1: 2}
    assert result.unassigned == [3, 2]
    assert result.used == {1: 0.0, 2: 4.0}


def test_never_above_an_inspectors_hours():
    result = assign([job(1, 5), job(2, 5), job(3, 0.5)], [inspector(1, 10)])
    assert result.inspector_of == {1: 1, 2: 1}  # exactly full
    assert result.unassigned == [3]
    assert result.used == {1: 10.0}
    result = assign([job(1, 5), job(2, 5.5)], [inspector(1, 10)])
    assert result.inspector_of == {2: 1}
    assert result.unassigned == [1]


@pytest.mark.parametrize(
    ("participant", "order"),
    [(7, [1, 2, 3]), (8, [3, 2, 1]), (9, [2, 1, 3])],
    ids=["area-of-the-first", "area-of-the-third", "nobody's-area"],
)
def test_area_preference(participant, order):
    # inspector 1 works for participant 7, inspector 2 region-wide, inspector 3 for 8; three
    # jobs of a whole inspector's hours each fill them in order of preference
    inspectors = [inspector(1, 10, areas={7}), inspector(2, 10), inspector(3, 10, areas={8})]
    jobs = [job(j, 10, participant=participant) for j in (1, 2, 3, 4)]
    result = assign(jobs, inspectors)
    assert result.inspector_of == dict(zip((1, 2, 3), order, strict=True))
    assert result.unassigned == [4]


def test_area_comes_before_load():
    # inspector 1 works for participant 7 and fills up to 90 % while inspector 2 stays idle
    inspectors = [inspector(1, 10, areas={7}), inspector(2, 10)]
    result = assign([job(1, 5, participant=7), job(2, 4, participant=7)], inspectors)
    assert result.inspector_of == {1: 1, 2: 1}
    assert result.used == {1: 9.0, 2: 0.0}


def test_an_inspector_with_other_areas_only_when_nobody_else_can():
    inspectors = [inspector(1, 10, areas={8}), inspector(2, 4)]
    result = assign([job(1, 4, participant=7), job(2, 4, participant=7)], inspectors)
    assert result.inspector_of == {1: 2, 2: 1}


def test_load_balancing_by_share_of_hours_then_id():
    # 10 and 20 hours, jobs of 4: shares 0/0 → 1 (lower id); .4/0 → 2; .4/.2 → 2;
    # .4/.4 → 1 (lower id); .8/.4 → inspector 1 has no room for 4 more: 2
    inspectors = [inspector(1, 10), inspector(2, 20)]
    result = assign([job(j, 4) for j in range(1, 6)], inspectors)
    assert result.inspector_of == {1: 1, 2: 2, 3: 2, 4: 1, 5: 2}
    assert result.used == {1: 8.0, 2: 12.0}
    assert result.unassigned == []


def test_specialists_before_the_versatile_and_the_scarcest_expertise_first():
    inspectors = [inspector(1, 10, "x"), inspector(2, 10, "x", "y"), inspector(3, 10, "y")]
    result = assign([job(1, 6, "y"), job(2, 2, "x"), job(3, 1, "x")], inspectors)
    # "y" has 20 hours for 6 of work, "x" 20 for 3: "y" first. Job 1 to inspector 3, the
    # specialist, before inspector 2 who also holds "x"; jobs 2 and 3 to inspector 1, the "x"
    # specialist, although inspector 2 is idle
    assert result.inspector_of == {1: 3, 2: 1, 3: 1}


def test_a_versatile_inspector_is_kept_for_the_scarce_expertise():
    # Inspector 1 holds both; "a" is scarce (5 hours of inspectors for 5 of work, "b" 15 for
    # 5). By size and id alone job 1 ("b") would go first, to inspector 1 (idle, lower id),
    # and leave job 2 without anyone.
    inspectors = [inspector(1, 5, "a", "b"), inspector(2, 10, "b")]
    result = assign([job(1, 5, "b"), job(2, 5, "a")], inspectors)
    assert result.inspector_of == {2: 1, 1: 2}
    assert result.unassigned == []


def test_mandatory_first():
    # the optional job is larger and has the lower id; the mandatory one goes first
    result = assign([job(1, 8), job(2, 5, mandatory=True)], [inspector(1, 10)])
    assert result.inspector_of == {2: 1}
    assert result.unassigned == [1]


def test_mandatory_first_even_when_small():
    jobs = [job(1, 9), job(2, 1, mandatory=True), job(3, 2, mandatory=True)]
    result = assign(jobs, [inspector(1, 10)])
    assert result.inspector_of == {3: 1, 2: 1}
    assert result.unassigned == [1]  # 3 + 9 > 10


def test_largest_first():
    # first fit in id order would place 3 + 3 and leave the 8 out; largest first places 8
    result = assign([job(1, 3), job(2, 8), job(3, 3)], [inspector(1, 10)])
    assert result.inspector_of == {2: 1}
    assert result.unassigned == [1, 3]  # reported in the order they were tried


def test_largest_first_spreads_big_jobs():
    inspectors = [inspector(1, 10), inspector(2, 10)]
    result = assign([job(1, 2), job(2, 2), job(3, 7), job(4, 8)], inspectors)
    # 8 → 1; 7 → 2 (idle); 2 → 2 (share .7 below .8); 2 → 1 (2 has no room for 9 + 2)
    assert result.inspector_of == {4: 1, 3: 2, 1: 2, 2: 1}
    assert result.unassigned == []
    assert result.used == {1: 10.0, 2: 9.0}


def test_no_inspectors_leaves_everything_unassigned():
    result = assign([job(2, 1), job(1, 1, mandatory=True)], [])
    assert result.inspector_of == {}
    assert result.used == {}
    assert result.unassigned == [1, 2]


def test_an_inspector_without_hours():
    result = assign([job(1, 0)], [inspector(1, 0), inspector(2, 5)])
    assert result.inspector_of == {1: 2}


# --- property ---------------------------------------------------------------------------------

EXPERTISES = ("a", "b", "c")


@st.composite
def worlds(draw):
    inspectors = [
        Inspector(
            i,
            draw(st.integers(1, 80)) / 2,
            frozenset(draw(st.sets(st.sampled_from(EXPERTISES), min_size=1))),
            frozenset(draw(st.sets(st.integers(1, 4), max_size=2))),
        )
        for i in range(draw(st.integers(0, 5)))
    ]
    jobs = [
        Job(
            j,
            draw(st.integers(1, 4)),
            draw(st.sampled_from(EXPERTISES)),
            draw(st.integers(1, 40)) / 2,
            draw(st.booleans()),
        )
        for j in range(draw(st.integers(0, 25)))
    ]
    return jobs, inspectors


@settings(deadline=None, max_examples=200)
@given(worlds())
def test_assignment_keeps_hours_and_expertise(world):
    jobs, inspectors = world
    result = assign(jobs, inspectors)
    by_id = {i.id: i for i in inspectors}
    hours = {j.id: j for j in jobs}
    # every job exactly once: assigned or reported
    assert sorted([*result.inspector_of, *result.unassigned]) == sorted(hours)
    assert len(result.unassigned) == len(set(result.unassigned))
    for job_id, inspector_id in result.inspector_of.items():
        assert hours[job_id].expertise in by_id[inspector_id].expertises
    for inspector_ in inspectors:
        assigned = sum(hours[j].hours for j, i in result.inspector_of.items() if i == inspector_.id)
        assert result.used[inspector_.id] == pytest.approx(assigned)
        assert assigned <= inspector_.hours + 1e-9
    # first fit: rooms only shrink, so a job left out fits no inspector of its expertise now
    for job_id in result.unassigned:
        needed = hours[job_id]
        for inspector_ in inspectors:
            if needed.expertise in inspector_.expertises:
                assert inspector_.hours - result.used[inspector_.id] < needed.hours


def test_budgets_keep_a_versatile_inspector_for_the_expertise_that_needs_them():
    # Inspector 1 holds "a" and "b", inspector 2 only "b"; inspector 1's budget has no hours
    # of "b", so the "a" jobs fill inspector 1.
    inspectors = [inspector(1, 10, "a", "b"), inspector(2, 4, "b")]
    jobs = [job(1, 6, "b"), job(2, 5, "a"), job(3, 5, "a")]
    budgets = {1: {"a": 10.0, "b": 0.0}, 2: {"b": 4.0}}
    result = assign(jobs, inspectors, budgets)
    # job 1 (6 h of "b") fits no budget and inspector 2 has only 4 hours: in the second pass
    # it would need inspector 1, who is full with the two "a" jobs
    assert result.inspector_of == {2: 1, 3: 1}
    assert result.unassigned == [1]


def test_without_room_in_the_budgets_the_second_pass_places_the_job():
    inspectors = [inspector(1, 10, "a", "b"), inspector(2, 4, "b")]
    budgets = {1: {"a": 5.0, "b": 0.0}, 2: {"b": 4.0}}
    result = assign([job(1, 5, "b"), job(2, 5, "a")], inspectors, budgets)
    # "a" within inspector 1's budget; "b" fits no budget (inspector 2 has 4 h): the second
    # pass gives it to inspector 1, who still has 5 hours
    assert result.inspector_of == {2: 1, 1: 1}
    assert result.unassigned == []
