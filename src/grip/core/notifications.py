"""Notifications by e-mail, with a per-user choice per kind and never twice for one event.

Apps decide *who* hears of *what* (a follow-up due, a forecast warning, a published report) and
call :func:`notify`; this module keeps the preferences, the record of what was sent, and the
mail itself. Mail goes out after the transaction commits, so a rolled-back change sends nothing.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from grip.core.models import Notification, NotificationKind, NotificationPreference, User

logger = logging.getLogger(__name__)
_muted: ContextVar[bool] = ContextVar("grip_notifications_muted", default=False)


@contextlib.contextmanager
def muted() -> Iterator[None]:
    """Record notifications but mail none: loading the demo must not mail a thousand people."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    link: str = ""


def wants(user: User, kind: str) -> bool:
    """Whether ``user`` wants ``kind`` by e-mail: yes unless they switched it off."""
    choice = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("by_email", flat=True)
        .first()
    )
    return True if choice is None else bool(choice)


def preferences_of(user: User) -> dict[str, bool]:
    """Every kind with the user's choice (default on)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "by_email"))
    return {kind: chosen.get(kind, True) for kind in NotificationKind.values}


def set_preferences(*, user: User, choices: dict[str, bool]) -> None:
    """Store the user's own choices; unknown kinds are refused."""
    unknown = set(choices) - set(NotificationKind.values)
    if unknown:
        raise ValueError(f"Unknown notification kinds: {sorted(unknown)}")
    with transaction.atomic():
        for kind, by_email in choices.items():
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"by_email": by_email}
            )


def absolute(link: str) -> str:
    return f"{settings.BASE_URL}{link}" if link.startswith("/") else link


def notify(*, users: Iterable[User], kind: str, key: str, message: Message) -> list[Notification]:
    """Record ``message`` for each user who has not had this event yet, and mail those who want
    it. Returns the notifications made now (none for users who already had ``key``)."""
    made: list[Notification] = []
    for user in {user.pk: user for user in users if user is not None and user.is_active}.values():
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=user,
                    kind=kind,
                    key=key,
                    subject=message.subject,
                    body=message.body,
                    link=message.link,
                    emailed=bool(user.email) and not _muted.get() and wants(user, kind),
                )
        except IntegrityError:
            continue  # this user already heard of this event
        made.append(notification)
        if notification.emailed:
            transaction.on_commit(partial(_mail, notification, user.email))
    return made


def _mail(notification: Notification, address: str) -> None:
    body = notification.body
    if notification.link:
        body = f"{body}\n\n{absolute(notification.link)}"
    body += (
        "\n\n-- \nU ontvangt dit bericht van Grip. Welke meldingen u per e-mail krijgt, kiest u "
        f"zelf: {absolute('/meldingen/')}"
    )
    try:
        send_mail(notification.subject, body, None, [address])
    except Exception:
        # The notification stays (the page shows it); a mail server that is down must not undo
        # or break the change that caused it. The record says it was not mailed after all.
        logger.exception("Could not mail notification %s to %s", notification.pk, address)
        Notification.objects.filter(pk=notification.pk).update(emailed=False)
