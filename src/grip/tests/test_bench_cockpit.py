"""The cockpit benchmark's probe times the cockpit of the account manager who manages the most
participants, as account manager or deputy (no timing asserted)."""

from __future__ import annotations

from typing import Any

import pytest

from grip import bench
from grip.organisation.tests.factories import EmployeeFactory
from grip.participants.models import Participant


@pytest.mark.django_db
def test_the_probe_times_the_cockpit_of_the_busiest_account_manager(
    eindhoven: Participant, asten: Participant
) -> None:
    busiest: Any = EmployeeFactory(user__role="accountmanager")
    other: Any = EmployeeFactory(user__role="accountmanager")
    helmond = Participant.objects.get(code="GM0794")
    # busiest: Eindhoven's manager, Asten's and Helmond's deputy (3); other manages two
    eindhoven.account_manager = busiest
    asten.account_manager, asten.deputy_account_manager = other, busiest
    helmond.account_manager, helmond.deputy_account_manager = other, busiest
    for participant in (eindhoven, asten, helmond):
        participant.save()

    figures = bench.probe_cockpit()

    assert figures["seconds"] > 0
    assert figures["queries"] > 0
    assert "cockpit_for" in figures["measured"]
    extra = figures["extra"]
    assert (extra["cockpit_participants"], extra["as_deputy"], extra["accounts"]) == (3, 2, 3)
    assert extra["cold_seconds"] > 0
    # no programmes at all: each participant's two programme years ask for attention
    assert extra["needing_attention"] == 3
    assert extra["warnings"] >= 6


@pytest.mark.django_db
def test_the_probe_needs_an_account_manager_with_participants() -> None:
    with pytest.raises(RuntimeError, match="no account manager"):
        bench.probe_cockpit()


def test_the_cockpit_benchmark_is_in_the_table() -> None:
    names = {benchmark.name: benchmark for benchmark in bench.BENCHMARKS}
    assert names["cockpit-odzob"].scales == ("odzob",)
