"""The decision-support rules as table tests over plain values (no database)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grip.enforcement import proposals
from grip.enforcement.constants import Rung
from grip.enforcement.proposals import (
    CellRule,
    Check,
    InstrumentRef,
    LadderState,
    PriorViolation,
    Step,
)

WARNING = InstrumentRef("waarschuwing", "waarschuwing", 2, "herstel")
INFO = InstrumentRef("informatie", "informatie/voorlichting geven", 1, "informeel")
LOD = InstrumentRef("last-onder-dwangsom", "last onder dwangsom", 4, "herstel", True, True)
LOB = InstrumentRef("last-onder-bestuursdwang", "last onder bestuursdwang", 5, "herstel", True)
FINE = InstrumentRef("bestuurlijke-boete", "bestuurlijke boete", 5, "bestraffend", True)
CRIMINAL = InstrumentRef("strafrechtelijk", "strafrechtelijk", 6, "strafrecht")

DAY = datetime.date(2026, 3, 2)


def cell(
    default: InstrumentRef = WARNING,
    allowed: tuple[InstrumentRef, ...] = (INFO, WARNING, LOD),
    term: int = 21,
    prosecutor: bool = False,
    code: str = "2B",
) -> CellRule:
    return CellRule(code, default, allowed, term, prosecutor, "Strategie 1")


def test_propose_splits_administrative_and_criminal_and_dates_the_term() -> None:
    proposal = proposals.propose(
        cell(LOD, (LOD, LOB, FINE, CRIMINAL), 14, True, "3C"), observed_on=DAY
    )
    assert proposal.default == LOD
    assert proposal.administrative == (LOD, LOB, FINE)
    assert proposal.criminal == (CRIMINAL,)
    assert proposal.repair_until == datetime.date(2026, 3, 16)
    assert proposal.prosecutor_consultation
    assert any("Openbaar Ministerie" in line for line in proposal.explanation)
    assert any("strafrechtelijk" in line for line in proposal.explanation)


def test_a_cell_without_term_asks_for_immediate_repair() -> None:
    proposal = proposals.propose(cell(LOB, (LOB,), 0), observed_on=DAY)
    assert proposal.repair_until is None
    assert "Direct herstellen" in proposal.explanation[1]


@pytest.mark.parametrize(
    ("instrument", "reason", "refused"),
    [
        (WARNING, "", False),  # inside the cell
        (LOD, "", False),
        (LOB, "", True),  # outside, no reason
        (LOB, "   ", True),  # a blank reason is no reason
        (LOB, "Acuut gevaar voor de omgeving", False),
    ],
)
def test_outside_the_cell_needs_a_reason(
    instrument: InstrumentRef, reason: str, refused: bool
) -> None:
    refusal = proposals.deviation_refusal(cell(), instrument=instrument, reason=reason)
    assert (refusal is not None) == refused
    if refusal:
        assert "2B" in refusal
        assert instrument.name in refusal


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Bal art. 2.11", "bal artikel 2.11"),
        ("Bal  art 2.11", "BAL art. 2.11"),
        ("PGS 15", "pgs 15"),
    ],
)
def test_rule_key_recognises_the_same_rule(first: str, second: str) -> None:
    assert proposals.rule_key(first) == proposals.rule_key(second)


def test_rule_key_keeps_different_articles_apart() -> None:
    assert proposals.rule_key("Bal art. 2.11") != proposals.rule_key("Bal art. 2.12")


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 3, 2), 24, datetime.date(2024, 3, 2)),
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2023, 2, 28)),
        (datetime.date(2026, 1, 15), 1, datetime.date(2025, 12, 15)),
    ],
)
def test_months_before(day: datetime.date, months: int, expected: datetime.date) -> None:
    assert proposals.months_before(day, months) == expected


@pytest.mark.parametrize(
    ("behaviour", "prior_on", "raised_to"),
    [
        ("A", datetime.date(2025, 6, 1), "B"),
        ("B", datetime.date(2024, 3, 2), "C"),  # exactly 24 months before still counts
        ("C", datetime.date(2026, 3, 1), "D"),
        ("D", datetime.date(2025, 6, 1), "D"),  # D stays D, the advice still shows
        ("A", datetime.date(2024, 3, 1), None),  # one day too old
        ("A", datetime.date(2026, 3, 2), None),  # the same day is not "before"
    ],
)
def test_recidivism_raises_the_behaviour_one_step(
    behaviour: str, prior_on: datetime.date, raised_to: str | None
) -> None:
    advice = proposals.recidivism_advice(
        behaviour=behaviour,
        prior=[PriorViolation("O-2025-000007", prior_on, "A")],
        observed_on=DAY,
        months=24,
    )
    if raised_to is None:
        assert advice is None
        return
    assert advice is not None
    assert advice.behaviour_to == raised_to
    assert advice.raises == (raised_to != behaviour)
    assert "O-2025-000007" in advice.explanation


def test_recidivism_cites_the_latest_prior_violation() -> None:
    advice = proposals.recidivism_advice(
        behaviour="A",
        prior=[
            PriorViolation("O-2024-000100", datetime.date(2024, 9, 1), "A"),
            PriorViolation("O-2025-000003", datetime.date(2025, 11, 4), "B"),
        ],
        observed_on=DAY,
        months=24,
    )
    assert advice is not None
    assert advice.prior.identification == "O-2025-000003"


@pytest.mark.parametrize(
    ("default", "term", "start"),
    [
        (WARNING, 21, Rung.WAARSCHUWING),
        (INFO, 42, Rung.WAARSCHUWING),
        (LOD, 14, Rung.VOORNEMEN),  # an order is announced first (Awb 4:8)
        (LOB, 0, Rung.LAST),  # urgent: no notice
        (CRIMINAL, 0, Rung.WAARSCHUWING),  # criminal law runs beside the ladder
    ],
)
def test_start_rung(default: InstrumentRef, term: int, start: Rung) -> None:
    assert proposals.start_rung(cell(default, (default,), term)) == start


def state(
    steps: tuple[Step, ...] = (),
    checks: tuple[Check, ...] = (),
    **kwargs: object,
) -> LadderState:
    return LadderState(cell(), DAY, steps, checks, **kwargs)  # type: ignore[arg-type]


WARNED = Step(Rung.WAARSCHUWING, datetime.date(2026, 3, 3), datetime.date(2026, 3, 24), "w")
NOTICE = Step(Rung.VOORNEMEN, datetime.date(2026, 4, 1), datetime.date(2026, 4, 22), "v")
ORDER = Step(Rung.LAST, datetime.date(2026, 5, 1), datetime.date(2026, 5, 22), "lod")
COLLECTED = Step(Rung.INVORDERING, datetime.date(2026, 6, 1), None, "lod")
TODAY = datetime.date(2026, 7, 1)


@pytest.mark.parametrize(
    ("steps", "checks", "rung", "due"),
    [
        ((), (), Rung.WAARSCHUWING, TODAY),
        ((WARNED,), (), Rung.HERCONTROLE, datetime.date(2026, 3, 24)),
        ((WARNED,), (Check(datetime.date(2026, 3, 24), False),), Rung.VOORNEMEN, TODAY),
        (
            (WARNED, NOTICE),
            (Check(datetime.date(2026, 3, 24), False),),  # the check before the notice
            Rung.HERCONTROLE,
            datetime.date(2026, 4, 22),
        ),
        ((WARNED, NOTICE), (Check(datetime.date(2026, 4, 22), False),), Rung.LAST, TODAY),
        ((NOTICE, ORDER), (Check(datetime.date(2026, 5, 22), False),), Rung.INVORDERING, TODAY),
        ((ORDER, COLLECTED), (Check(datetime.date(2026, 6, 2), False),), Rung.LAST, TODAY),
        ((WARNED,), (Check(datetime.date(2026, 3, 24), True),), None, None),
    ],
)
def test_next_step_climbs_the_ladder(
    steps: tuple[Step, ...],
    checks: tuple[Check, ...],
    rung: Rung | None,
    due: datetime.date | None,
) -> None:
    answer = proposals.next_step(state(steps, checks), today=TODAY)
    assert answer.rung == rung
    assert answer.due_on == due
    assert answer.explanation


def test_a_planned_check_sets_the_date_of_the_reinspection_step() -> None:
    planned = datetime.date(2026, 3, 30)
    answer = proposals.next_step(state((WARNED,), planned_check_on=planned), today=TODAY)
    assert (answer.rung, answer.due_on) == (Rung.HERCONTROLE, planned)


def test_the_next_order_proposes_the_orders_of_the_cell() -> None:
    answer = proposals.next_step(
        state((WARNED,), (Check(datetime.date(2026, 3, 24), False),)), today=TODAY
    )
    assert answer.instruments == (LOD,)


def test_repaired_or_not_enforced_has_no_next_step() -> None:
    repaired = proposals.next_step(state((WARNED,), repaired_on=DAY), today=TODAY)
    assert repaired.rung is None
    assert "hersteld" in repaired.explanation
    dropped = proposals.next_step(
        state(enforce=False, no_enforcement_reason="Bedrijf is gesloten."), today=TODAY
    )
    assert dropped.rung is None
    assert "Bedrijf is gesloten." in dropped.explanation


def test_ladder_marks_done_next_and_skipped_rungs() -> None:
    views = proposals.ladder(
        state((NOTICE, ORDER), (Check(datetime.date(2026, 5, 22), False),)), today=TODAY
    )
    assert [(v.rung, v.state) for v in views] == [
        (Rung.WAARSCHUWING, "overgeslagen"),
        (Rung.VOORNEMEN, "gedaan"),
        (Rung.HERCONTROLE, "gedaan"),
        (Rung.LAST, "gedaan"),
        (Rung.INVORDERING, "volgende"),
    ]


_STEPS = st.lists(
    st.builds(
        Step,
        rung=st.sampled_from([Rung.WAARSCHUWING, Rung.VOORNEMEN, Rung.LAST, Rung.INVORDERING]),
        on=st.dates(datetime.date(2026, 3, 2), datetime.date(2026, 12, 31)),
        until=st.none() | st.dates(datetime.date(2026, 3, 2), datetime.date(2027, 3, 1)),
        label=st.just("stap"),
    ),
    max_size=5,
)
_CHECKS = st.lists(
    st.builds(
        Check,
        on=st.dates(datetime.date(2026, 3, 2), datetime.date(2026, 12, 31)),
        repaired=st.just(False),
    ),
    max_size=4,
)


@settings(deadline=None)  # the first call loads the Dutch translations
@given(steps=_STEPS, checks=_CHECKS)
def test_an_unrepaired_violation_always_has_a_next_step(
    steps: list[Step], checks: list[Check]
) -> None:
    """Whatever happened so far, an open violation that is enforced is never left without a
    proposal, and the ladder always shows exactly one rung as next."""
    current = state(tuple(steps), tuple(checks))
    answer = proposals.next_step(current, today=TODAY)
    assert answer.rung is not None
    assert answer.due_on is not None
    views = proposals.ladder(current, today=TODAY)
    assert [v.state for v in views].count("volgende") == 1


@pytest.mark.parametrize(
    ("positions", "worst"),
    [
        ([(2, "A")], (2, "A")),
        ([(2, "A"), (1, "C")], (2, "C")),  # each axis on its own
        ([(4, "A"), (3, "D"), (1, "B")], (4, "D")),
    ],
)
def test_worst_position(positions: list[tuple[int, str]], worst: tuple[int, str]) -> None:
    assert proposals.worst_position(positions) == worst


def test_worst_position_needs_a_position() -> None:
    with pytest.raises(ValueError, match="at least one"):
        proposals.worst_position([])
