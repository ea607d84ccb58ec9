"""``warn_forecasts``: a participant whose year-end forecast strays from its plan by more than
the threshold is signalled to its account managers and its own users, once a month.

The world of ``factories.book_year`` and ``test_realisations.asten_plan``, seen on 15 May 2026
(working-day profile, 89 of 261 days elapsed): Eindhoven has booked 26 of 100 planned hours,
forecast 70 h (-30 %: a warning); Asten 12 of 30 h, forecast 32.3 h (+7.6 %: within the 10 %).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from grip.core import links, schedule
from grip.core.models import Notification, NotificationKind
from grip.finance import notifications
from grip.finance.tests.factories import D, book_year
from grip.finance.tests.test_realisations import asten_plan
from grip.hours.tests.factories import HoursWorld
from grip.organisation.tests.factories import EmployeeFactory
from grip.participants.models import Participant
from grip.participants.tests.factories import participant_user

pytestmark = pytest.mark.django_db

MAY = D(2026, 5, 15)


@pytest.fixture
def booked(hours: HoursWorld, asten: Participant) -> HoursWorld:
    book_year(hours)
    asten_plan(hours, asten)
    return hours


@pytest.fixture
def eindhoven_people(booked: HoursWorld) -> list[Any]:
    """Eindhoven's account manager, a deputy and two of its own users."""
    world = booked.programmes
    deputy: Any = EmployeeFactory(user__role="accountmanager")
    world.participant.deputy_account_manager = deputy
    world.participant.save()
    return [
        world.account_manager,
        deputy.user,
        world.participant_user,
        participant_user(world.participant),
    ]


def warned(kind: str = NotificationKind.FORECAST_WARNING) -> list[tuple[int, str]]:
    return sorted(Notification.objects.filter(kind=kind).values_list("user_id", "key"))


def test_a_forecast_beyond_the_threshold_warns_managers_deputy_and_participant_users(
    booked: HoursWorld,
    eindhoven_people: list[Any],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    eindhoven = booked.programmes.participant

    with django_capture_on_commit_callbacks(execute=True):
        made = notifications.warn_forecasts(today=MAY)

    key = f"forecast:{eindhoven.pk}:2026-05"
    assert made == 4
    assert warned() == sorted((user.pk, key) for user in eindhoven_people)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        user.email for user in eindhoven_people
    )
    notification = Notification.objects.filter(kind=NotificationKind.FORECAST_WARNING).first()
    assert notification is not None
    assert notification.subject == "Prognose Eindhoven 2026 wijkt 30% af"
    assert "70 uur, onder het programma van 100 uur" in notification.body
    assert "-30.0%" in notification.body
    assert notification.link == links.page_of(eindhoven)


def test_a_forecast_within_the_threshold_and_no_plan_without_hours_warn_nobody(
    booked: HoursWorld, asten: Participant
) -> None:
    notifications.warn_forecasts(today=MAY)

    warned_about = {key.split(":")[1] for _, key in warned()}
    assert warned_about == {str(booked.programmes.participant.pk)}  # not Asten, nor the others
    assert not Notification.objects.filter(user=asten.account_manager.user).exists()  # type: ignore[union-attr]


def test_once_a_month_per_participant(booked: HoursWorld, eindhoven_people: list[Any]) -> None:
    assert notifications.warn_forecasts(today=MAY) == 4
    assert notifications.warn_forecasts(today=D(2026, 5, 29)) == 0  # still -37 %, same month
    assert notifications.warn_forecasts(today=D(2026, 6, 1)) == 4  # a new month, a new warning

    keys = {key for _, key in warned()}
    eindhoven = booked.programmes.participant.pk
    assert keys == {f"forecast:{eindhoven}:2026-05", f"forecast:{eindhoven}:2026-06"}


@override_settings(GRIP_FORECAST_WARNING_PERCENT=50)
def test_the_threshold_comes_from_the_settings(booked: HoursWorld) -> None:
    assert notifications.warn_forecasts(today=MAY) == 0


def test_the_daily_jobs_are_registered_and_the_scheduler_runs_them(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    runs: list[str] = []

    def warn_forecasts() -> int:
        runs.append("forecast")
        return 0

    monkeypatch.setattr(notifications, "warn_forecasts", warn_forecasts)
    seven = timezone.make_aware(datetime.datetime(2026, 5, 15, 7, 0))

    with django_capture_on_commit_callbacks(execute=True):
        enqueued = schedule.run_due(seven)
        again = schedule.run_due(seven + datetime.timedelta(hours=1))

    assert {"forecast-warnings", "follow-up-reminders"} <= set(enqueued)
    assert again == []
    assert runs == ["forecast"]
