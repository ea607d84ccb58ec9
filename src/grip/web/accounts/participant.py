"""The participant page: its master data and contacts for everyone who sees the participant,
and for the service's staff the account management around it (the interaction log, open
follow-ups, requests, account plans and satisfaction scores)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from grip.participants import selectors as participant_selectors
from grip.participants.models import FollowUpStatus, Participant, ParticipantRequest
from grip.web.accounts.common import (
    ADD_FOLLOW_UP,
    ADD_INTERACTION,
    CHANGE_ACCOUNT_PLAN,
    CHANGE_SATISFACTION,
    VIEW_ACCOUNT_PLAN,
    VIEW_FOLLOW_UP,
    VIEW_INTERACTION,
    VIEW_REQUEST,
    VIEW_SATISFACTION,
    manages,
    user_of,
)
from grip.web.accounts.forms import SatisfactionForm

RECENT_INTERACTIONS = 10
RECENT_REQUESTS = 10


def satisfaction_form(
    request: HttpRequest, participant: Participant, *args: Any, **kwargs: Any
) -> SatisfactionForm:
    contacts = participant_selectors.contact_list_for(user=user_of(request)).filter(
        participant=participant
    )
    return SatisfactionForm(*args, contacts=contacts, prefix="tevredenheid", **kwargs)


def _satisfaction_trend(scores: list[Any]) -> list[dict[str, Any]]:
    """The scores by year, newest first, each with the change since the year before it."""
    rows = []
    ordered = sorted(scores, key=lambda score: score.year)
    previous: Decimal | None = None
    for score in ordered:
        rows.append(
            {
                "score": score,
                "change": score.score - previous if previous is not None else None,
            }
        )
        previous = score.score
    return list(reversed(rows))


def _account_context(
    request: HttpRequest, participant: Participant, bound: SatisfactionForm | None
) -> dict[str, Any]:
    user = user_of(request)
    is_manager = manages(request, participant)
    today = timezone.localdate()
    context: dict[str, Any] = {"is_manager": is_manager, "this_year": today.year}
    if user.has_perm(VIEW_INTERACTION):
        interactions = participant_selectors.interaction_list_for(user=user).filter(
            participant=participant
        )
        context["interactions"] = list(interactions[:RECENT_INTERACTIONS])
        context["interaction_count"] = interactions.count()
        context["may_record"] = is_manager and user.has_perm(ADD_INTERACTION)
    if user.has_perm(VIEW_FOLLOW_UP):
        open_items = participant_selectors.follow_up_list_for(user=user).filter(
            participant=participant, status=FollowUpStatus.OPEN
        )
        context["follow_ups"] = [(item, item.is_overdue(today)) for item in open_items]
        context["may_add_follow_up"] = is_manager and user.has_perm(ADD_FOLLOW_UP)
    if user.has_perm(VIEW_REQUEST):
        requests: list[ParticipantRequest] = list(
            participant_selectors.request_list_for(user=user).filter(participant=participant)[
                :RECENT_REQUESTS
            ]
        )
        context["participant_requests"] = requests
    if user.has_perm(VIEW_ACCOUNT_PLAN):
        plans = list(
            participant_selectors.account_plan_list_for(user=user).filter(participant=participant)
        )
        context["account_plans"] = plans
        context["plan_years"] = sorted(
            {plan.year for plan in plans} | {today.year, today.year + 1}, reverse=True
        )
        context["may_plan"] = is_manager and user.has_perm(CHANGE_ACCOUNT_PLAN)
    if user.has_perm(VIEW_SATISFACTION):
        scores = list(
            participant_selectors.satisfaction_list_for(user=user).filter(participant=participant)
        )
        context["satisfaction_rows"] = _satisfaction_trend(scores)
        if bound is not None or (is_manager and user.has_perm(CHANGE_SATISFACTION)):
            form = bound or satisfaction_form(request, participant, initial={"year": today.year})
            context["satisfaction_form"] = form.style()
    return context


def participant_page(
    request: HttpRequest,
    participant: Participant,
    *,
    bound: SatisfactionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = user_of(request)
    contacts = participant_selectors.contact_list_for(user=user).filter(participant=participant)
    context = {
        "participant": participant,
        "contacts": contacts,
        **_account_context(request, participant, bound),
    }
    return render(request, "web/participant_detail.html", context, status=status)
