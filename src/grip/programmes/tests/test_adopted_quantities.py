"""``adopted_quantities``: the quantities ordered in each participant's adopted programme."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grip.organisation.tests.factories import EmployeeFactory
from grip.participants.models import Participant
from grip.programmes import selectors, services
from grip.programmes.constants import VersionStatus
from grip.programmes.models import ProgrammeVersion
from grip.programmes.tests.factories import ProgrammeWorld

pytestmark = pytest.mark.django_db

D = datetime.date


def draft(
    world: ProgrammeWorld, version: ProgrammeVersion, quantities: dict[str, int], **kwargs: Any
) -> ProgrammeVersion:
    products = kwargs.pop("products", world.products)
    for code, quantity in quantities.items():
        services.line_set(
            actor=world.account_manager, version=version, product=products[code], quantity=quantity
        )
    return version


def adopt(world: ProgrammeWorld, version: ProgrammeVersion) -> ProgrammeVersion:
    services.version_submit(actor=world.account_manager, version=version)
    return services.version_adopt(
        actor=world.participant_user,
        version=version,
        adopted_on=D(2026, 1, 2),
        decision_reference="B&W 2026-01",
    )


def test_the_adopted_version_counts_not_a_draft_nor_another_year(
    world: ProgrammeWorld, asten: Participant
) -> None:
    eindhoven = world.participant
    first = services.programme_create(actor=world.account_manager, participant=eindhoven, year=2026)
    adopt(world, draft(world, first, {"TH-01": 10, "VV-04": 5}))
    last_year = services.programme_create(
        actor=world.account_manager, participant=eindhoven, year=2025
    )
    adopt(world, draft(world, last_year, {"TH-01": 99}, products=world.last_year_products))
    amendment = services.version_amend(
        actor=world.account_manager, programme=first.programme, explanation="Meer controles."
    )
    draft(world, amendment, {"TH-01": 14, "HH-01": 2})
    manager: Any = EmployeeFactory(user__role="accountmanager")
    asten.account_manager = manager
    asten.save()
    asten_draft = services.programme_create(actor=manager.user, participant=asten, year=2026)
    services.line_set(
        actor=manager.user, version=asten_draft, product=world.products["TH-01"], quantity=3
    )

    quantities = selectors.adopted_quantities(participant_ids=[eindhoven.pk, asten.pk], year=2026)

    # The amendment is still a draft; Asten's programme is not adopted at all.
    assert quantities == {
        eindhoven.pk: {
            "TH-01": ("Product TH-01", Decimal("10")),
            "VV-04": ("Product VV-04", Decimal("5")),
        }
    }
    assert selectors.adopted_quantities(participant_ids=[eindhoven.pk], year=2025) == {
        eindhoven.pk: {"TH-01": ("Product TH-01", Decimal("99"))}
    }
    assert selectors.adopted_quantities(participant_ids=[asten.pk], year=2026) == {}

    adopted = adopt(world, amendment)

    assert adopted.status == VersionStatus.ADOPTED
    assert selectors.adopted_quantities(participant_ids=[eindhoven.pk], year=2026) == {
        eindhoven.pk: {
            "HH-01": ("Product HH-01", Decimal("2")),
            "TH-01": ("Product TH-01", Decimal("14")),
            "VV-04": ("Product VV-04", Decimal("5")),
        }
    }


def test_adopted_quantities_cost_one_query(world: ProgrammeWorld) -> None:
    version = services.programme_create(
        actor=world.account_manager, participant=world.participant, year=2026
    )
    adopt(world, draft(world, version, {"TH-01": 10}))
    everyone = list(Participant.objects.values_list("pk", flat=True))

    with CaptureQueriesContext(connection) as captured:
        quantities = selectors.adopted_quantities(participant_ids=iter(everyone), year=2026)

    assert len(captured) == 1
    assert quantities == {world.participant.pk: {"TH-01": ("Product TH-01", Decimal("10"))}}
