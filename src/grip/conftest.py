"""Fixtures shared by every app's tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from grip.core.tests.factories import UserFactory
from grip.enforcement.tests.factories import EnforcementWorld, enforcement_world
from grip.hours.tests.factories import HoursWorld, hours_world
from grip.mandates.tests.factories import CaseWorld, case_world
from grip.participants.models import Participant
from grip.participants.tests.factories import participant_user
from grip.programmes.tests.factories import ProgrammeWorld, programme_world


@pytest.fixture
def eindhoven(db: Any) -> Participant:
    return Participant.objects.get(code="GM0772")


@pytest.fixture
def asten(db: Any) -> Participant:
    return Participant.objects.get(code="GM0743")


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    """``make_user("beheerder")``; ``make_user("deelnemer", participant=p)`` binds to ``p``."""

    def make(
        role: str | None = None, *, participant: Participant | None = None, **kwargs: Any
    ) -> Any:
        if participant is not None:
            return participant_user(participant, **kwargs)
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def api_as(make_user: Callable[..., Any]) -> Callable[..., APIClient]:
    """An API client authenticated as a fresh user of ``role`` (None: anonymous)."""

    def login(role: str | None, **kwargs: Any) -> APIClient:
        client = APIClient()
        if role is not None:
            client.force_authenticate(make_user(role, **kwargs))
        return client

    return login


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def world(eindhoven: Participant) -> ProgrammeWorld:
    """Catalogues of 2025 and 2026, and Eindhoven's account manager and participant user."""
    return programme_world(eindhoven)


@pytest.fixture
def hours(world: ProgrammeWorld) -> HoursWorld:
    """Two employees and their team leader in one team, and targets to book on."""
    return hours_world(world)


@pytest.fixture
def cases(eindhoven: Participant, asten: Participant, make_user: Callable[..., Any]) -> CaseWorld:
    """Case handlers, the director, Eindhoven's mandate register and the director's sub-mandates."""
    return case_world(eindhoven, asten, make_user)


@pytest.fixture
def enforcement(cases: CaseWorld) -> EnforcementWorld:
    """A site in Eindhoven and in Asten, and the mandate for sanctions after an inspection."""
    return enforcement_world(cases)
