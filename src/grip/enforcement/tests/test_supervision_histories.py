"""``supervision_histories``: the compliance history of the sites as the risk model reads it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from grip.enforcement import services
from grip.enforcement.constants import FindingResult
from grip.enforcement.models import Inspection, Violation
from grip.enforcement.selectors import SupervisionHistory, supervision_histories
from grip.enforcement.tests.factories import EnforcementWorld, instrument
from grip.sites.tests.factories import SiteFactory

pytestmark = pytest.mark.django_db

D = datetime.date
AS_OF = D(2026, 11, 1)
SINCE = D(2021, 11, 1)


def _violation(world: EnforcementWorld, inspection: Inspection, number: int) -> Violation:
    return services.violation_record(
        actor=world.inspector,
        inspection=inspection,
        findings=list(inspection.findings.filter(number=number, result=FindingResult.NIET_AKKOORD)),
        nature=f"Overtreding bij bevinding {number}",
    )


def _warn(world: EnforcementWorld, violation: Violation, *, on: D, repair_until: D) -> None:
    services.measure_impose(
        actor=world.inspector,
        violations=[violation],
        instrument=instrument("waarschuwing"),
        imposed_on=on,
        repair_until=repair_until,
    )


@pytest.fixture
def history(enforcement: EnforcementWorld, eindhoven: Any) -> dict[str, Any]:
    """The metal works (``site``): in order in 2019 (before the look-back) and 2022; not in
    order in 2024 (repaired at the re-inspection of 1 March 2024); twice not in order on
    1 October 2025, the first a repeat of 2024, both warned with their re-inspections planned
    (repair by 15 January and 1 March 2026); a periodic inspection planned for December.

    The farm (``asten_site``): not in order on 1 May 2026, one violation without a measure
    (open, no repair date, nothing planned) and one not enforced.

    An old site: in order in 2018 only. A new site: nothing at all."""
    world = enforcement
    site = world.site
    world.performed(site=site, performed_on=D(2019, 5, 1))
    world.performed(site=site, performed_on=D(2022, 3, 1))
    first = _violation(
        world, world.performed(site=site, performed_on=D(2024, 2, 1), not_met={1: "2B"}), 1
    )
    _warn(world, first, on=D(2024, 2, 2), repair_until=D(2024, 3, 1))
    reinspection = world.reinspect(first, repaired=True, on=D(2024, 3, 1))
    twice = world.performed(site=site, performed_on=D(2025, 10, 1), not_met={1: "2B", 2: "2B"})
    repeat, other = _violation(world, twice, 1), _violation(world, twice, 2)
    _warn(world, repeat, on=D(2025, 10, 2), repair_until=D(2026, 1, 15))
    _warn(world, other, on=D(2025, 10, 2), repair_until=D(2026, 3, 1))
    world.inspection(site=site, planned_on=D(2026, 12, 1))

    farm = world.asten_site
    checked = world.performed(site=farm, performed_on=D(2026, 5, 1), not_met={1: "2B", 2: "2B"})
    open_one = _violation(world, checked, 1)
    dropped = _violation(world, checked, 2)
    services.violation_no_enforcement(
        actor=world.inspector, violation=dropped, reason="Gering belang, direct hersteld."
    )
    old = SiteFactory(participant=eindhoven, name="Oude locatie")
    world.performed(site=old, performed_on=D(2018, 6, 1))
    new = SiteFactory(participant=eindhoven, name="Nieuwe locatie")
    return {
        "site": site,
        "farm": farm,
        "old": old,
        "new": new,
        "first": first,
        "reinspection": reinspection,
        "repeat": repeat,
        "other": other,
        "open_one": open_one,
    }


def test_the_history_of_each_site_with_any(history: dict[str, Any]) -> None:
    histories = supervision_histories(as_of=AS_OF, since=SINCE)

    assert history["reinspection"].performed_on == D(2024, 3, 1)
    assert history["repeat"].recidivism_of_id == history["first"].pk
    history["first"].refresh_from_db()
    assert history["first"].repaired_on == D(2024, 3, 1)
    assert histories == {
        # Newest first; the re-inspection of 1 March 2024 is not a result; 2019 lies before
        # the look-back. Two open violations, the earliest repair date, re-inspections
        # planned, one repeat.
        history["site"].pk: SupervisionHistory(
            results=[(D(2025, 10, 1), False), (D(2024, 2, 1), False), (D(2022, 3, 1), True)],
            last_inspected_on=D(2025, 10, 1),
            open_violations=2,
            repair_due_on=D(2026, 1, 15),
            reinspection_planned=True,
            recidivism=1,
        ),
        # The violation not enforced is not open; the open one has no repair date and no
        # re-inspection.
        history["farm"].pk: SupervisionHistory(
            results=[(D(2026, 5, 1), False)],
            last_inspected_on=D(2026, 5, 1),
            open_violations=1,
            repair_due_on=None,
            reinspection_planned=False,
            recidivism=0,
        ),
        # Inspected only before the look-back: no results, but the last inspection is known.
        history["old"].pk: SupervisionHistory(results=[], last_inspected_on=D(2018, 6, 1)),
    }


def test_as_of_an_earlier_day(history: dict[str, Any]) -> None:
    """On 30 September 2025 the inspection of 1 October and its violations had not happened."""
    histories = supervision_histories(as_of=D(2025, 9, 30), since=D(2020, 9, 30))

    assert histories[history["site"].pk] == SupervisionHistory(
        results=[(D(2024, 2, 1), False), (D(2022, 3, 1), True)],
        last_inspected_on=D(2024, 2, 1),
    )
    assert history["farm"].pk not in histories


def test_a_shorter_look_back_keeps_the_last_inspection(history: dict[str, Any]) -> None:
    histories = supervision_histories(as_of=AS_OF, since=D(2025, 1, 1))

    site = histories[history["site"].pk]
    assert site.results == [(D(2025, 10, 1), False)]
    assert site.last_inspected_on == D(2025, 10, 1)
    assert site.open_violations == 2
    assert site.recidivism == 1
    # The repeat counts when it lies in the look-back, whenever the first one was.
    assert supervision_histories(as_of=AS_OF, since=D(2025, 10, 2))[
        history["site"].pk
    ] == SupervisionHistory(
        results=[],
        last_inspected_on=D(2025, 10, 1),
        open_violations=2,
        repair_due_on=D(2026, 1, 15),
        reinspection_planned=True,
        recidivism=0,
    )


def test_repairing_the_earliest_moves_the_repair_date(
    history: dict[str, Any], enforcement: EnforcementWorld
) -> None:
    services.violation_repaired(
        actor=enforcement.inspector,
        violation=history["repeat"],
        on=D(2025, 11, 1),
        note="Factuur van de nieuwe afzuiging",
    )

    site = supervision_histories(as_of=AS_OF, since=SINCE)[history["site"].pk]
    assert (site.open_violations, site.repair_due_on, site.reinspection_planned) == (
        1,
        D(2026, 3, 1),
        True,
    )


def test_only_the_sites_asked_for(history: dict[str, Any]) -> None:
    histories = supervision_histories(
        as_of=AS_OF, since=SINCE, site_ids=[history["farm"].pk, history["new"].pk]
    )

    assert list(histories) == [history["farm"].pk]
    assert supervision_histories(as_of=AS_OF, since=SINCE, site_ids=[]) == {}


def test_a_fixed_number_of_queries(
    history: dict[str, Any], enforcement: EnforcementWorld, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(5):
        assert len(supervision_histories(as_of=AS_OF, since=SINCE)) == 3
    for number in range(3):
        site = SiteFactory(participant=enforcement.cases.eindhoven, name=f"Extra {number}")
        _violation(
            enforcement,
            enforcement.performed(site=site, performed_on=D(2026, 4, 1), not_met={1: "2B"}),
            1,
        )
    with django_assert_num_queries(5):
        assert len(supervision_histories(as_of=AS_OF, since=SINCE)) == 6
