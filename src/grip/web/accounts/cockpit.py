"""The account manager's cockpit: one card per participant they manage or stand in for, the
participant that asks most attention first (the order comes from grip.reporting.cockpit)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from grip.cases.selectors import DueFilter
from grip.participants.models import FollowUp, RequestStatus
from grip.reporting.cockpit import Account, cockpit_for
from grip.web.accounts.common import VIEW_COCKPIT, user_of
from grip.web.kpis import display


@dataclass(frozen=True)
class Card:
    """An account as its card shows it: what the template cannot work out itself."""

    account: Account
    follow_ups: list[tuple[FollowUp, bool]]  # open follow-ups, overdue first, and whether so
    off_target: list[dict[str, Any]]
    new_requests: int  # submitted, not yet taken up

    @property
    def participant(self) -> Any:
        return self.account.participant


def _card(account: Account) -> Card:
    today = account.today
    follow_ups = sorted(
        ((item, item.is_overdue(today)) for item in account.open_follow_ups),
        key=lambda pair: (not pair[1], pair[0].due_on, pair[0].pk),
    )
    off_target = [
        {
            "code": figure.indicator.code,
            "name": figure.indicator.name,
            "value": display.value_text(figure.measurement.value, figure.indicator.unit),
            "norm": display.norm_text(figure.norm, figure.indicator.unit),
        }
        for figure in account.off_target
    ]
    new_requests = sum(item.status == RequestStatus.SUBMITTED for item in account.open_requests)
    return Card(
        account=account, follow_ups=follow_ups, off_target=off_target, new_requests=new_requests
    )


@login_required
@permission_required(VIEW_COCKPIT, raise_exception=True)
@require_GET
def cockpit(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    today = timezone.localdate()
    cards = [_card(account) for account in cockpit_for(user=user, today=today)]
    context = {
        "cards": cards,
        "today": today,
        "overdue_filter": DueFilter.OVERDUE,
        "attention": sum(card.account.warnings > 0 for card in cards),
    }
    return render(request, "web/accounts/cockpit.html", context)
