"""Who hears of what about a participant, and the daily reminder of follow-ups falling due."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.core import links
from grip.core.models import NotificationKind, User
from grip.core.notifications import Message, notify
from grip.participants.models import (
    FollowUp,
    FollowUpStatus,
    Participant,
    ParticipantRequest,
    RequestStatus,
)


def account_managers_of(participant: Participant) -> list[User]:
    """The users of the account manager and the deputy."""
    return list(
        User.objects.filter(
            Q(employee__pk=participant.account_manager_id)
            | Q(employee__pk=participant.deputy_account_manager_id)
        ).exclude(employee__isnull=True)
    )


def participant_users_of(participant: Participant) -> list[User]:
    """The participant's own users (municipality or province staff with a Grip log-in)."""
    return list(User.objects.filter(participant_membership__participant=participant))


def remind_follow_ups(*, today: datetime.date | None = None) -> int:
    """Mail each owner of an open follow-up that is due within the reminder window or overdue.

    Once per follow-up and due date: moving the date earns a new reminder, a rerun does not.
    Returns how many reminders were made.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.GRIP_FOLLOW_UP_REMINDER_DAYS)
    due = (
        FollowUp.objects.filter(status=FollowUpStatus.OPEN, due_on__lte=horizon)
        .exclude(owner__user__isnull=True)
        .select_related("participant", "owner__user")
        .order_by("due_on", "pk")
    )
    made = 0
    for follow_up in due:
        owner = follow_up.owner.user
        if owner is None:  # pragma: no cover - excluded by the query
            continue
        when = (
            _("was uiterlijk %(date)s af")
            if follow_up.due_on < today
            else _("moet uiterlijk %(date)s af")
        ) % {"date": follow_up.due_on.strftime("%d-%m-%Y")}
        message = Message(
            subject=_("Vervolgactie %(participant)s: %(when)s")
            % {"participant": follow_up.participant, "when": when},
            body=_("Uw vervolgactie voor %(participant)s %(when)s:\n\n%(description)s")
            % {
                "participant": follow_up.participant,
                "when": when,
                "description": follow_up.description,
            },
            link=links.page_of(follow_up),
        )
        made += len(
            notify(
                users=[owner],
                kind=NotificationKind.FOLLOW_UP_DUE,
                key=f"follow-up:{follow_up.pk}:{follow_up.due_on.isoformat()}",
                message=message,
            )
        )
    return made


def request_submitted(request: ParticipantRequest) -> None:
    """A participant asked something: its account manager and deputy hear of it."""
    notify(
        users=account_managers_of(request.participant),
        kind=NotificationKind.REQUEST_UPDATE,
        key=f"request:{request.pk}:{RequestStatus.SUBMITTED}",
        message=Message(
            subject=_("Nieuw verzoek van %(participant)s: %(title)s")
            % {"participant": request.participant, "title": request.title},
            body=_("%(participant)s vraagt (%(kind)s, %(year)s):\n\n%(description)s")
            % {
                "participant": request.participant,
                "kind": request.get_kind_display().lower(),
                "year": request.year,
                "description": request.description,
            },
            link=links.page_of(request),
        ),
    )


def request_moved(request: ParticipantRequest) -> None:
    """The service took up, answered or amended for a request: the participant's users hear
    of it (not of their own withdrawal)."""
    if request.status == RequestStatus.WITHDRAWN:
        return
    answer = f"\n\n{request.answer}" if request.answer else ""
    notify(
        users=participant_users_of(request.participant),
        kind=NotificationKind.REQUEST_UPDATE,
        key=f"request:{request.pk}:{request.status}",
        message=Message(
            subject=_("Uw verzoek '%(title)s' is %(status)s")
            % {"title": request.title, "status": request.get_status_display().lower()},
            body=_("Het verzoek '%(title)s' van %(participant)s is %(status)s.%(answer)s")
            % {
                "title": request.title,
                "participant": request.participant,
                "status": request.get_status_display().lower(),
                "answer": answer,
            },
            link=links.page_of(request),
        ),
    )
