"""What the account-management pages share: permissions, the logged-in user, scoped lookups
and how a service's refusal comes back on the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from grip.core.errors import DomainError
from grip.core.models import User as UserModel
from grip.participants import selectors as participant_selectors
from grip.participants.models import FollowUp, Interaction, Participant
from grip.web.cases import ServiceForm, refusal_status

# Reading: every member of staff; a participant user holds none of these.
VIEW_INTERACTION = "participants.view_interaction"
VIEW_FOLLOW_UP = "participants.view_followup"
VIEW_ACCOUNT_PLAN = "participants.view_accountplan"
VIEW_SATISFACTION = "participants.view_satisfactionscore"
VIEW_REQUEST = "participants.view_participantrequest"
# Writing: the account manager role (and per participant: its account manager or deputy).
ADD_INTERACTION = "participants.add_interaction"
ADD_FOLLOW_UP = "participants.add_followup"
CHANGE_FOLLOW_UP = "participants.change_followup"
CHANGE_ACCOUNT_PLAN = "participants.change_accountplan"
CHANGE_SATISFACTION = "participants.change_satisfactionscore"
# The cockpit is the account manager's page.
VIEW_COCKPIT = ADD_INTERACTION


def user_of(request: HttpRequest) -> UserModel:
    user = request.user
    if not isinstance(user, UserModel):  # pragma: no cover - every view requires a login
        raise PermissionDenied
    return user


def participant_for(request: HttpRequest, pk: int) -> Participant:
    """A participant the user may see; any other answers 404."""
    return get_object_or_404(
        participant_selectors.participant_list_for(user=user_of(request)), pk=pk
    )


def interaction_for(request: HttpRequest, pk: int) -> Interaction:
    return get_object_or_404(
        participant_selectors.interaction_list_for(user=user_of(request)), pk=pk
    )


def follow_up_for(request: HttpRequest, pk: int) -> FollowUp:
    return get_object_or_404(participant_selectors.follow_up_list_for(user=user_of(request)), pk=pk)


def manages(request: HttpRequest, participant: Participant) -> bool:
    """Whether the forms of the participant's account manager are offered to this user."""
    return participant_selectors.manages(request.user, participant)


def submit(
    request: HttpRequest, form: ServiceForm, write: Callable[[dict[str, Any]], str]
) -> int | None:
    """Validate and write. None when the write succeeded (its message is queued); otherwise the
    status to show the form again with (422, or 403 / 409 for a refusal of that kind)."""
    if not form.is_valid():
        return 422
    try:
        success = write(form.cleaned_data)
    except (DomainError, ValidationError) as error:
        form.add_refusal(error)
        return refusal_status(error)
    messages.success(request, success)
    return None
