"""The shipped default strategy, cell by cell, and how a new version is drafted and adopted."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.enforcement import proposals, selectors, services
from grip.enforcement.constants import InstrumentTrack
from grip.enforcement.models import Instrument, StrategyCell, StrategyVersion
from grip.enforcement.tests.factories import EnforcementWorld, instrument

pytestmark = pytest.mark.django_db

# The documented default (docs/handhavingsstrategie.md): first intervention, allowed
# interventions, repair term in days, prosecutor consultation.
W, EIS, LOD, LOB = "waarschuwing", "eis", "last-onder-dwangsom", "last-onder-bestuursdwang"
INFO, GESPREK, ZORG = "informatie", "bestuurlijk-gesprek", "zorginstrument"
BOETE, RAPPORT, STRAF, BEVEL = (
    "bestuurlijke-boete",
    "boeterapport",
    "strafrechtelijk",
    ("bevel-tot-stillegging"),
)
VERZEGELEN, EXPLOITATIE, BUITEN = (
    "verzegelen-verwijderen",
    "exploitatieverbod",
    ("buitenwerkingstelling"),
)
DEFAULT = {
    "1A": (W, {INFO, GESPREK, W}, 42, False),
    "1B": (W, {GESPREK, W, EIS, LOD}, 28, False),
    "1C": (LOD, {W, EIS, LOD, RAPPORT, BOETE, STRAF}, 28, False),
    "1D": (LOD, {LOD, RAPPORT, BOETE, STRAF}, 14, False),
    "2A": (W, {INFO, GESPREK, W, EIS, LOD}, 28, False),
    "2B": (W, {W, EIS, LOD, LOB}, 21, False),
    "2C": (LOD, {LOD, LOB, RAPPORT, BOETE, STRAF}, 14, False),
    "2D": (LOD, {LOD, LOB, BOETE, STRAF}, 14, True),
    "3A": (W, {ZORG, W, EIS, LOD, LOB}, 14, False),
    "3B": (LOD, {W, LOD, LOB, BOETE, STRAF}, 14, False),
    "3C": (LOD, {LOD, LOB, BOETE, EXPLOITATIE, STRAF}, 7, True),
    "3D": (LOB, {LOD, LOB, EXPLOITATIE, BUITEN, VERZEGELEN, STRAF, BEVEL}, 7, True),
    "4A": (LOB, {LOD, LOB, VERZEGELEN, BUITEN, BEVEL}, 2, False),
    "4B": (LOB, {LOD, LOB, VERZEGELEN, BUITEN, STRAF, BEVEL}, 2, True),
    "4C": (LOB, {LOB, VERZEGELEN, EXPLOITATIE, BUITEN, STRAF, BEVEL}, 0, True),
    "4D": (LOB, {LOB, VERZEGELEN, EXPLOITATIE, BUITEN, STRAF, BEVEL}, 0, True),
}


def default_strategy() -> StrategyVersion:
    return StrategyVersion.objects.get(version="grip-1")


def test_the_default_strategy_is_adopted_and_applies_from_the_wabo() -> None:
    strategy = default_strategy()
    assert not strategy.is_draft
    assert selectors.strategy_in_force(on=datetime.date(2010, 10, 1)) == strategy
    assert selectors.strategy_in_force(on=datetime.date(2010, 9, 30)) is None
    assert [row.consequence for row in selectors.matrix_of(strategy)] == [4, 3, 2, 1]
    assert all(len(row.cells) == 4 for row in selectors.matrix_of(strategy))


@pytest.mark.parametrize("code", sorted(DEFAULT))
def test_the_proposal_of_every_default_cell(code: str) -> None:
    first, allowed, term, prosecutor = DEFAULT[code]
    cell = selectors.cell_for(
        strategy=default_strategy(), consequence=int(code[0]), behaviour=code[1]
    )
    proposal = proposals.propose(selectors.cell_rule(cell), observed_on=datetime.date(2026, 3, 2))
    assert proposal.cell == code
    assert proposal.default.code == first
    offered = {i.code for i in proposal.administrative} | {i.code for i in proposal.criminal}
    assert offered == allowed
    assert {i.code for i in proposal.criminal} == {
        c for c in allowed if Instrument.objects.get(code=c).track == InstrumentTrack.STRAFRECHT
    }
    assert proposal.repair_term_days == term
    assert proposal.prosecutor_consultation == prosecutor
    assert proposal.default.code in allowed


def test_the_default_grows_heavier_with_consequence_and_behaviour() -> None:
    """Moving down or right in the matrix never proposes a lighter first intervention."""
    severity = {
        (cell.consequence, cell.behaviour): cell.default_instrument.severity
        for cell in selectors.cells_of(default_strategy())
    }
    for (consequence, behaviour), value in severity.items():
        if consequence < 4:
            assert severity[(consequence + 1, behaviour)] >= value
        if behaviour < "D":
            assert severity[(consequence, chr(ord(behaviour) + 1))] >= value


def draft(enforcement: EnforcementWorld) -> StrategyVersion:
    return services.strategy_draft_create(
        actor=enforcement.cases.beheerder,
        based_on=default_strategy(),
        name="Handhavingsstrategie ODZOB 2026",
        version="2026.1",
    )


def test_a_draft_copies_the_cells_and_may_be_changed(enforcement: EnforcementWorld) -> None:
    new = draft(enforcement)
    assert new.is_draft
    assert new.cells.count() == 16
    cell = new.cells.get(consequence=2, behaviour="B")
    services.strategy_cell_update(
        actor=enforcement.cases.beheerder,
        cell=cell,
        instruments=[instrument(W), instrument(LOD)],
        default_instrument=instrument(LOD),
        repair_term_days=10,
        prosecutor_consultation=True,
    )
    cell.refresh_from_db()
    assert cell.default_instrument.code == LOD
    assert set(cell.instruments.values_list("code", flat=True)) == {W, LOD}
    # The version it was based on did not change.
    original = default_strategy().cells.get(consequence=2, behaviour="B")
    assert original.default_instrument.code == W


def test_an_adopted_strategy_is_frozen(enforcement: EnforcementWorld) -> None:
    cell = default_strategy().cells.get(consequence=1, behaviour="A")
    with pytest.raises(Conflict) as refused:
        services.strategy_cell_update(
            actor=enforcement.cases.beheerder,
            cell=cell,
            instruments=[instrument(LOD)],
            default_instrument=instrument(LOD),
            repair_term_days=1,
            prosecutor_consultation=False,
        )
    assert refused.value.code == "strategy_adopted"
    assert StrategyCell.objects.get(pk=cell.pk).default_instrument.code == W


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"instruments": []}, "required"),
        ({"default_instrument": "bestuurlijke-boete"}, "default_not_allowed"),
        ({"repair_term_days": 400}, "invalid"),
    ],
)
def test_a_cell_change_is_checked(
    enforcement: EnforcementWorld, change: dict[str, Any], code: str
) -> None:
    cell = draft(enforcement).cells.get(consequence=1, behaviour="A")
    arguments: dict[str, Any] = {
        "instruments": [instrument(W)],
        "default_instrument": instrument(W),
        "repair_term_days": 14,
        "prosecutor_consultation": False,
    }
    for key, value in change.items():
        arguments[key] = instrument(value) if key == "default_instrument" else value
    with pytest.raises(DomainError) as refused:
        services.strategy_cell_update(actor=enforcement.cases.beheerder, cell=cell, **arguments)
    assert refused.value.code == code


def test_only_the_beheerder_changes_the_strategy(enforcement: EnforcementWorld) -> None:
    with pytest.raises(NotAllowed):
        services.strategy_draft_create(
            actor=enforcement.inspector, based_on=default_strategy(), name="x", version="x"
        )


def test_a_new_strategy_affects_only_violations_established_after_it(
    enforcement: EnforcementWorld,
) -> None:
    before = enforcement.violation(position="2B", performed_on=datetime.date(2026, 3, 2))
    new = draft(enforcement)
    services.strategy_cell_update(
        actor=enforcement.cases.beheerder,
        cell=new.cells.get(consequence=2, behaviour="B"),
        instruments=[instrument(LOD), instrument(LOB)],
        default_instrument=instrument(LOD),
        repair_term_days=10,
        prosecutor_consultation=False,
    )
    services.strategy_adopt(
        actor=enforcement.cases.beheerder,
        strategy=new,
        adopted_on=datetime.date(2026, 3, 10),
        valid_from=datetime.date(2026, 4, 1),
        decision_reference="AB 2026-03",
    )
    old = default_strategy()
    assert old.valid_to == datetime.date(2026, 3, 31)

    on_last_day = enforcement.violation(position="2B", performed_on=datetime.date(2026, 3, 31))
    after = enforcement.violation(position="2B", performed_on=datetime.date(2026, 4, 1))
    assert before.strategy == old
    assert on_last_day.strategy == old
    assert after.strategy == new
    advice_before = selectors.violation_advice(before, today=datetime.date(2026, 4, 2))
    advice_after = selectors.violation_advice(after, today=datetime.date(2026, 4, 2))
    assert advice_before.proposal.default.code == W
    assert advice_before.proposal.repair_term_days == 21
    assert advice_after.proposal.default.code == LOD
    assert advice_after.proposal.repair_term_days == 10


def test_adoption_may_not_start_before_recorded_violations(enforcement: EnforcementWorld) -> None:
    enforcement.violation(performed_on=datetime.date(2026, 3, 2))
    new = draft(enforcement)
    with pytest.raises(Conflict) as refused:
        services.strategy_adopt(
            actor=enforcement.cases.beheerder,
            strategy=new,
            adopted_on=datetime.date(2026, 2, 1),
            valid_from=datetime.date(2026, 3, 1),
            decision_reference="AB 2026-02",
        )
    assert refused.value.code == "violations_after_start"
    new.refresh_from_db()
    assert new.is_draft
    assert default_strategy().valid_to is None
