"""Who sees which figures: a participant user sees its own participant only, never the region."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from grip.kpis import registry, selectors, services
from grip.kpis.models import Snapshot
from grip.kpis.selectors import Norm
from grip.kpis.tests import kpi_world
from grip.kpis.tests.kpi_world import Q1_END, Q1_START, D
from grip.mandates.tests.factories import CaseWorld
from grip.participants.models import Participant

pytestmark = pytest.mark.django_db

PARTICIPANT_SCOPED = [i.code for i in registry.INDICATORS if i.scope == "deelnemer"]


@pytest.fixture
def kis(make_user: Callable[..., Any]) -> Any:
    return make_user("kis")


@pytest.fixture
def frozen(cases: CaseWorld, kis: Any) -> Snapshot:
    kpi_world.decisions(cases)
    kpi_world.complaints(cases)
    return services.snapshot_freeze(actor=kis, year=2026, quarter=1, today=D(2026, 4, 1))


def test_a_participant_user_sees_only_its_own_live_figures(
    cases: CaseWorld, make_user: Callable[..., Any]
) -> None:
    kpi_world.decisions(cases)
    user = cases.participant_user

    figures = selectors.live_figures(user=user, start=Q1_START, end=Q1_END)

    assert selectors.visible_participants(user=user) == [cases.eindhoven]
    assert selectors.sees_region(user=user) is False
    for code in PARTICIPANT_SCOPED:
        assert set(figures[code]) == {cases.eindhoven.pk}, code
    # The organisation's figure is everyone's: not for a participant.
    assert figures["declarabel-aandeel"] == {}
    own = figures["beslissingen-binnen-termijn"][cases.eindhoven.pk]
    assert (own.measurement.value, own.norm, own.met) == (
        Decimal("75.0"),
        Norm(Decimal("90"), "ge", "norm"),
        False,
    )
    board = selectors.live_figures(user=make_user("bestuur"), start=Q1_START, end=Q1_END)
    everyone = set(Participant.objects.values_list("pk", flat=True))
    assert set(board["beslissingen-binnen-termijn"]) == {*everyone, None}
    assert board["beslissingen-binnen-termijn"][None].measurement.value == Decimal("60.0")
    assert set(board["declarabel-aandeel"]) == {None}


def test_participant_for_refuses_another_participant(
    cases: CaseWorld, make_user: Callable[..., Any]
) -> None:
    user = cases.participant_user

    assert selectors.participant_for(user=user, pk=cases.eindhoven.pk) == cases.eindhoven
    with pytest.raises(Http404):
        selectors.participant_for(user=user, pk=cases.asten.pk)
    staff = make_user("medewerker")
    assert selectors.participant_for(user=staff, pk=cases.asten.pk) == cases.asten
    assert selectors.sees_region(user=staff) is True


def test_frozen_values_of_others_and_of_the_region_stay_hidden(
    frozen: Snapshot, cases: CaseWorld, kis: Any
) -> None:
    user = cases.participant_user

    own = selectors.snapshot_values_for(user=user, snapshot=frozen)

    assert own.count() == len(PARTICIPANT_SCOPED)
    assert set(own.values_list("participant_id", flat=True)) == {cases.eindhoven.pk}
    assert not selectors.snapshot_values_for(
        user=user, snapshot=frozen, participant_id=cases.asten.pk
    ).exists()
    assert selectors.snapshot_values_for(user=user).count() == len(PARTICIPANT_SCOPED)
    everything = selectors.snapshot_values_for(user=kis, snapshot=frozen)
    assert everything.count() == len(PARTICIPANT_SCOPED) * 23 + 1
    assert everything.filter(participant__isnull=True).count() == len(PARTICIPANT_SCOPED) + 1
    asten = selectors.snapshot_values_for(user=kis, snapshot=frozen, participant_id=cases.asten.pk)
    assert asten.count() == len(PARTICIPANT_SCOPED)


def test_differences_show_a_participant_only_its_own(
    frozen: Snapshot, cases: CaseWorld, kis: Any
) -> None:
    # A late decision in Asten and one in Eindhoven after the freeze.
    kpi_world.permit(cases, D(2026, 1, 5), D(2026, 3, 31), participant=cases.asten)
    kpi_world.permit(cases, D(2026, 1, 5), D(2026, 3, 31))

    own = selectors.differences(user=cases.participant_user, snapshot=frozen)
    everyone = selectors.differences(user=kis, snapshot=frozen)

    assert {d.participant_id for d in own} == {cases.eindhoven.pk}
    assert {d.participant_id for d in everyone} == {cases.eindhoven.pk, cases.asten.pk, None}
    assert [d for d in everyone if d.participant_id == cases.eindhoven.pk] == own


def test_cycles_are_scoped_and_the_regions_is_for_staff(
    world: Any, asten: Participant, kis: Any, make_user: Callable[..., Any]
) -> None:
    own = services.cycle_start(actor=kis, participant=world.participant, year=2026)
    other = services.cycle_start(actor=kis, participant=asten, year=2026)
    region = services.cycle_start(actor=kis, participant=None, year=2026)
    user = world.participant_user

    assert list(selectors.cycle_list_for(user=user)) == [own]
    assert list(selectors.cycle_list_for(user=user, year=2025)) == []
    assert set(selectors.cycle_list_for(user=make_user("bestuur"))) == {own, other, region}
    assert selectors.cycle_detail_for(user=user, pk=own.pk) == own
    for hidden in (other, region):
        with pytest.raises(Http404):
            selectors.cycle_detail_for(user=user, pk=hidden.pk)
        with pytest.raises(Http404):
            selectors.step_detail_for(user=user, pk=hidden.steps.get(number=1).pk)
    step = own.steps.get(number=7)
    assert selectors.step_detail_for(user=user, pk=step.pk) == step


def test_a_participant_sees_the_year_targets_and_its_own_not_anothers(
    world: Any, asten: Participant, kis: Any
) -> None:
    code = "beslissingen-binnen-termijn"
    year_wide = services.target_set(actor=kis, indicator_code=code, year=2026, value=Decimal(95))
    own = services.target_set(
        actor=kis, indicator_code=code, year=2026, value=Decimal(80), participant=world.participant
    )
    other = services.target_set(
        actor=kis, indicator_code=code, year=2026, value=Decimal(85), participant=asten
    )
    user = world.participant_user

    assert set(selectors.target_list_for(user=kis)) == {year_wide, own, other}
    with pytest.raises(Http404):
        selectors.target_detail_for(user=user, pk=other.pk)
    assert set(selectors.target_list_for(user=user, year=2026)) == {year_wide, own}


def test_live_figures_cost_the_same_queries_for_one_participant_as_for_all(
    frozen: Snapshot, cases: CaseWorld, kis: Any
) -> None:
    everyone = selectors.visible_participants(user=kis)
    selectors.live_figures(user=kis, start=Q1_START, end=Q1_END)  # warms the permission caches

    with CaptureQueriesContext(connection) as one:
        selectors.live_figures(user=kis, start=Q1_START, end=Q1_END, participants=[cases.eindhoven])
    with CaptureQueriesContext(connection) as all_of_them:
        result = selectors.live_figures(user=kis, start=Q1_START, end=Q1_END, participants=everyone)

    assert len(result["beslissingen-binnen-termijn"]) == 23
    assert len(one) == len(all_of_them)
