"""Publishing a participant's report tells its own users and its account managers; the
regional report has no participant to tell. The renderers are replaced by fakes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail

from grip.core import links
from grip.core.models import Notification, NotificationKind
from grip.core.notifications import set_preferences
from grip.kpis.models import Snapshot
from grip.organisation.tests.factories import EmployeeFactory
from grip.participants.models import Participant
from grip.participants.tests.factories import participant_user
from grip.programmes.tests.factories import ProgrammeWorld
from grip.reporting import excel, rendering, services
from grip.reporting.constants import ReportKind
from grip.reporting.models import Report
from grip.reporting.tests.fixtures_domain import fake_pdf, fake_xlsx, freeze

pytestmark = pytest.mark.django_db


@pytest.fixture
def kis(make_user: Callable[..., Any]) -> Any:
    return make_user("kis")


@pytest.fixture
def q1(kis: Any) -> Snapshot:
    return freeze(kis, 1)


@pytest.fixture(autouse=True)
def fake_renderers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rendering, "render_pdf", fake_pdf, raising=False)
    monkeypatch.setattr(excel, "render_xlsx", fake_xlsx, raising=False)


@pytest.fixture
def deputy(world: ProgrammeWorld) -> Any:
    employee: Any = EmployeeFactory(user__role="accountmanager")
    world.participant.deputy_account_manager = employee
    world.participant.save()
    return employee.user


def draft(actor: Any, snapshot: Snapshot, participant: Participant | None) -> Report:
    return services.report_create(
        actor=actor, snapshot=snapshot, participant=participant, kind=ReportKind.QUARTER
    )


def report_notifications() -> list[Notification]:
    return list(
        Notification.objects.filter(kind=NotificationKind.REPORT_PUBLISHED).order_by("user_id")
    )


def test_publishing_tells_the_participants_users_and_account_managers(
    world: ProgrammeWorld,
    q1: Snapshot,
    deputy: Any,
    make_user: Callable[..., Any],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    manager = world.account_manager
    colleague = participant_user(world.participant)
    make_user(participant=Participant.objects.get(code="GM0743"))  # Asten's: not told
    make_user("bestuur")  # reads every report, but is not told of each
    report = draft(manager, q1, world.participant)

    with django_capture_on_commit_callbacks(execute=True):
        services.report_publish(actor=manager, report=report)

    told = [world.participant_user, colleague, manager, deputy]
    notes = report_notifications()
    assert sorted(note.user_id for note in notes) == sorted(user.pk for user in told)
    assert {note.key for note in notes} == {f"report:{report.pk}"}
    assert {note.link for note in notes} == {links.page_of(report)}
    assert notes[0].subject == "Kwartaalrapportage Q1 2026 Eindhoven is gepubliceerd"
    assert "Eindhoven" in notes[0].body
    assert sorted(message.to[0] for message in mail.outbox) == sorted(user.email for user in told)


def test_a_user_who_switched_reports_off_is_told_without_mail(
    world: ProgrammeWorld,
    q1: Snapshot,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    manager = world.account_manager
    set_preferences(user=world.participant_user, choices={NotificationKind.REPORT_PUBLISHED: False})

    with django_capture_on_commit_callbacks(execute=True):
        services.report_publish(actor=manager, report=draft(manager, q1, world.participant))

    emailed = {note.user_id: note.emailed for note in report_notifications()}
    assert emailed == {world.participant_user.pk: False, manager.pk: True}
    assert [message.to for message in mail.outbox] == [[manager.email]]


def test_the_regional_report_notifies_nobody(
    world: ProgrammeWorld,
    q1: Snapshot,
    kis: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.report_publish(actor=kis, report=draft(kis, q1, None))

    assert report_notifications() == []
    assert mail.outbox == []


def test_the_pack_tells_each_participant_once(
    world: ProgrammeWorld,
    q1: Snapshot,
    kis: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = services.pack_start(actor=kis, snapshot=q1, kind=ReportKind.QUARTER)
    services.run_pack(run.pk)  # a rerun publishes nothing new, so tells nobody again

    eindhoven = Report.objects.get(snapshot=q1, participant=world.participant)
    assert sorted((note.user_id, note.key) for note in report_notifications()) == sorted(
        (user.pk, f"report:{eindhoven.pk}")
        for user in (world.participant_user, world.account_manager)
    )
    assert len(mail.outbox) == 2
