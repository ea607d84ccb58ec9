"""Reads of participants, always through the tenancy scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from grip.core.classification import CONFIDENTIALITY_ORDER, levels_up_to
from grip.core.tenancy import User, scope_to_user, sees_all_participants
from grip.participants.models import (
    AccountPlan,
    ContactPerson,
    FollowUp,
    FollowUpStatus,
    Interaction,
    Participant,
    ParticipantMembership,
    ParticipantRequest,
    SatisfactionScore,
)


def participant_id_for_user(user: Any) -> int | None:
    """The tenancy resolver: the participant a user is bound to, if any."""
    return (
        ParticipantMembership.objects.filter(user_id=user.pk)
        .values_list("participant_id", flat=True)
        .first()
    )


def participant_list_for(*, user: User) -> QuerySet[Participant]:
    return scope_to_user(
        Participant.objects.select_related("account_manager", "deputy_account_manager"),
        user=user,
        participant_field="pk",
    )


def contact_list_for(*, user: User) -> QuerySet[ContactPerson]:
    return scope_to_user(ContactPerson.objects.select_related("participant"), user=user)


def participants_managed_by(*, user: User) -> QuerySet[Participant]:
    """The participants whose account manager, or deputy, is ``user``'s employee record."""
    if not user.is_authenticated:
        return Participant.objects.none()
    return Participant.objects.filter(
        Q(account_manager__user_id=user.pk) | Q(deputy_account_manager__user_id=user.pk)
    ).select_related("account_manager", "deputy_account_manager")


def manages(user: Any, participant: Participant) -> bool:
    """Whether ``user`` is the participant's account manager or its deputy."""
    if user is None or not user.is_authenticated:
        return False
    ids = {
        manager.user_id
        for manager in (participant.account_manager, participant.deputy_account_manager)
        if manager is not None and manager.user_id is not None
    }
    return user.pk in ids


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


# --- account management ----------------------------------------------------------------------
# The interaction log, follow-ups, account plans and satisfaction scores are the service's own
# notes about a participant: its staff read them, a participant user does not (its requests,
# below, it does read).


def _staff_only(queryset: QuerySet[Any], user: User) -> QuerySet[Any]:
    return queryset if sees_all_participants(user) else queryset.none()


def interaction_list_for(*, user: User) -> QuerySet[Interaction]:
    return _staff_only(
        Interaction.objects.select_related("participant", "recorded_by").prefetch_related(
            "staff", "contacts"
        ),
        user,
    )


def follow_up_list_for(*, user: User) -> QuerySet[FollowUp]:
    return _staff_only(FollowUp.objects.select_related("participant", "owner", "interaction"), user)


def open_follow_ups_of(*, user: User) -> QuerySet[FollowUp]:
    """Open follow-ups the user owns, soonest due first."""
    if not user.is_authenticated:
        return FollowUp.objects.none()
    return follow_up_list_for(user=user).filter(status=FollowUpStatus.OPEN, owner__user=user)


def account_plan_list_for(*, user: User) -> QuerySet[AccountPlan]:
    return _staff_only(AccountPlan.objects.select_related("participant"), user)


def satisfaction_list_for(*, user: User) -> QuerySet[SatisfactionScore]:
    return _staff_only(SatisfactionScore.objects.select_related("participant", "respondent"), user)


def request_list_for(*, user: User) -> QuerySet[ParticipantRequest]:
    """Requests: staff see all, a participant user those of its own participant."""
    return scope_to_user(
        ParticipantRequest.objects.select_related("participant", "submitted_by", "handled_by"),
        user=user,
    )
