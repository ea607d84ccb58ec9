"""Reads of participants, always through the tenancy scope."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from grip.core.classification import CONFIDENTIALITY_ORDER, levels_up_to
from grip.core.tenancy import User, scope_to_user, sees_all_participants
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


def clearance_of(*, user: User) -> tuple[str, ...]:
    """The confidentiality levels of documents ``user`` may read.

    Staff of the service who see every participant read every level; a participant user reads
    up to the clearance of its membership; anyone else reads nothing.
    """
    if sees_all_participants(user):
        return CONFIDENTIALITY_ORDER
    if not user.is_authenticated:
        return ()
    clearance = (
        ParticipantMembership.objects.filter(user_id=user.pk)
        .values_list("clearance", flat=True)
        .first()
    )
    return levels_up_to(clearance) if clearance else ()
