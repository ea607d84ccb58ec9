"""``grip.core.notifications``: once per user and event, the user's own choice, and a mail
server that fails never undoes the change that caused the notification."""

from __future__ import annotations

import contextlib
import smtplib
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings

from grip.core import notifications
from grip.core.models import Notification, NotificationKind
from grip.core.notifications import Message, notify, preferences_of, set_preferences
from grip.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KIND = NotificationKind.REPORT_PUBLISHED
MESSAGE = Message(
    subject="Kwartaalrapportage Q1 is gepubliceerd",
    body="De rapportage staat klaar.",
    link="/rapportages/1/",
)


@pytest.fixture
def capture(django_capture_on_commit_callbacks: Callable[..., Any]) -> Callable[..., Any]:
    """Run what would run on commit (the mail) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@override_settings(BASE_URL="https://grip.example")
def test_notify_records_and_mails_each_user_once_with_an_absolute_link(capture):
    anna, bert = UserFactory(), UserFactory()

    with capture():
        made = notify(users=[anna, bert, anna, None], kind=KIND, key="report:1", message=MESSAGE)

    assert sorted(item.user_id for item in made) == sorted([anna.pk, bert.pk])
    assert all(item.emailed for item in made)
    assert sorted(message.to[0] for message in mail.outbox) == sorted([anna.email, bert.email])
    sent = mail.outbox[0]
    assert sent.subject == MESSAGE.subject
    assert "De rapportage staat klaar." in sent.body
    assert "https://grip.example/rapportages/1/" in sent.body
    assert "https://grip.example/meldingen/" in sent.body  # where to change the choice


def test_the_same_event_is_notified_once_per_user(capture):
    anna, bert = UserFactory(), UserFactory()
    with capture():
        notify(users=[anna], kind=KIND, key="report:1", message=MESSAGE)
    with capture():
        again = notify(users=[anna, bert], kind=KIND, key="report:1", message=MESSAGE)
        other_event = notify(users=[anna], kind=KIND, key="report:2", message=MESSAGE)

    assert [item.user_id for item in again] == [bert.pk]  # only the one who had not heard
    assert len(other_event) == 1
    assert Notification.objects.filter(user=anna).count() == 2
    assert Notification.objects.filter(key="report:1").count() == 2
    assert [message.to for message in mail.outbox] == [[anna.email], [bert.email], [anna.email]]


def test_a_user_who_switched_a_kind_off_gets_the_record_but_no_mail(capture):
    anna, bert = UserFactory(), UserFactory()
    set_preferences(user=anna, choices={KIND: False})

    with capture():
        made = notify(users=[anna, bert], kind=KIND, key="report:1", message=MESSAGE)
        other_kind = notify(
            users=[anna], kind=NotificationKind.FOLLOW_UP_DUE, key="follow-up:1", message=MESSAGE
        )

    emailed = {item.user_id: item.emailed for item in made}
    assert emailed == {anna.pk: False, bert.pk: True}
    assert other_kind[0].emailed  # only the kind she switched off
    assert [message.to for message in mail.outbox] == [[bert.email], [anna.email]]


def test_preferences_default_on_and_can_be_switched_back():
    anna = UserFactory()
    assert preferences_of(anna) == dict.fromkeys(NotificationKind.values, True)

    set_preferences(user=anna, choices={NotificationKind.FORECAST_WARNING: False})
    assert preferences_of(anna)[NotificationKind.FORECAST_WARNING] is False
    assert preferences_of(anna)[NotificationKind.FOLLOW_UP_DUE] is True
    set_preferences(user=anna, choices={NotificationKind.FORECAST_WARNING: True})
    assert all(preferences_of(anna).values())

    with pytest.raises(ValueError, match="Unknown notification kinds"):
        set_preferences(user=anna, choices={"nonsense": True})


def test_muted_records_without_mailing_and_ends_with_its_block(capture):
    anna = UserFactory()
    with capture(), notifications.muted():
        made = notify(users=[anna], kind=KIND, key="report:1", message=MESSAGE)
    assert [item.emailed for item in made] == [False]
    assert mail.outbox == []

    with capture():
        after = notify(users=[anna], kind=KIND, key="report:2", message=MESSAGE)
    assert [item.emailed for item in after] == [True]
    assert len(mail.outbox) == 1


def test_users_without_an_address_are_recorded_and_inactive_users_skipped(capture):
    no_address = UserFactory(email="")
    gone = UserFactory(is_active=False)

    with capture():
        made = notify(users=[no_address, gone], kind=KIND, key="report:1", message=MESSAGE)

    assert [(item.user_id, item.emailed) for item in made] == [(no_address.pk, False)]
    assert not Notification.objects.filter(user=gone).exists()
    assert mail.outbox == []


def test_a_failing_mail_server_raises_nothing_and_keeps_the_record(capture, monkeypatch, caplog):
    anna = UserFactory()

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise smtplib.SMTPServerDisconnected("connection lost")  # an OSError

    monkeypatch.setattr(notifications, "send_mail", refuse)
    with capture():
        made = notify(users=[anna], kind=KIND, key="report:1", message=MESSAGE)

    # The record stays, and says it was not mailed after all.
    assert Notification.objects.get(pk=made[0].pk).emailed is False
    assert mail.outbox == []
    assert "Could not mail notification" in caplog.text


def test_nothing_is_mailed_when_the_change_rolls_back(capture):
    anna = UserFactory()
    with capture(), contextlib.suppress(RuntimeError), transaction.atomic():
        notify(users=[anna], kind=KIND, key="report:1", message=MESSAGE)
        raise RuntimeError("the change that caused it fails")
    assert mail.outbox == []
    assert not Notification.objects.exists()
