"""Reads of participants, always through the tenancy scope."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from grip.core.tenancy import User, scope_to_user
from grip.participants.models import ContactPerson, Participant, ParticipantMembership


def participant_id_for_user(user: Any) -> int | None:
    """The tenancy resolver: the participant a user is bound to, if any."""
    return (
        ParticipantMembership.objects.filter(user_id=user.pk)
        .values_list("participant_id", flat=True)
        .first()
    )


def participant_list_for(*, user: User) -> QuerySet[Participant]:
    return scope_to_user(
        Participant.objects.select_related("account_manager"), user=user, participant_field="pk"
    )


def contact_list_for(*, user: User) -> QuerySet[ContactPerson]:
    return scope_to_user(ContactPerson.objects.select_related("participant"), user=user)


def participants_managed_by(*, user: User) -> QuerySet[Participant]:
    """The participants whose account manager is ``user``'s employee record."""
    if not user.is_authenticated:
        return Participant.objects.none()
    return Participant.objects.filter(account_manager__user_id=user.pk)
