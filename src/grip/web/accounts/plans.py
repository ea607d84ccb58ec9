"""The account plan of a participant for a year (with its history from the audit trail) and
the satisfaction score, recorded from the participant page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from grip.core import selectors as core_selectors
from grip.participants import selectors as participant_selectors
from grip.participants import services
from grip.web.accounts.common import (
    CHANGE_ACCOUNT_PLAN,
    VIEW_ACCOUNT_PLAN,
    VIEW_SATISFACTION,
    manages,
    participant_for,
    submit,
    user_of,
)
from grip.web.accounts.forms import AccountPlanForm
from grip.web.accounts.participant import participant_page, satisfaction_form

FIRST_YEAR, LAST_YEAR = 2000, 2100
HISTORY_ROWS = 30


@login_required
@permission_required(VIEW_ACCOUNT_PLAN, raise_exception=True)
@require_http_methods(["GET", "POST"])
def account_plan(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The plan of one year: read by staff, kept by the account manager or deputy."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    participant = participant_for(request, pk)
    user = user_of(request)
    plan = (
        participant_selectors.account_plan_list_for(user=user)
        .filter(participant=participant, year=year)
        .first()
    )
    may_edit = user.has_perm(CHANGE_ACCOUNT_PLAN) and manages(request, participant)
    status = 200
    form: AccountPlanForm | None = None
    if request.method == "POST":
        form = AccountPlanForm(request.POST)

        def write(data: dict[str, Any]) -> str:
            services.account_plan_save(actor=user, participant=participant, year=year, data=data)
            return _("Het accountplan %(year)s van %(participant)s is opgeslagen.") % {
                "year": year,
                "participant": participant.name,
            }

        result = submit(request, form, write)
        if result is None:
            return redirect(reverse("web:account-plan", args=[participant.pk, year]))
        status = result
    elif may_edit:
        form = AccountPlanForm(
            initial={
                "goals": plan.goals if plan else "",
                "risks": plan.risks if plan else "",
                "agreements": plan.agreements if plan else "",
            }
        )
    context = {
        "participant": participant,
        "year": year,
        "plan": plan,
        "form": form.style() if form is not None else None,
        "history": list(core_selectors.audit_history_of(plan)[:HISTORY_ROWS]) if plan else [],
        "years": (year - 1, year + 1),
    }
    return render(request, "web/accounts/account_plan.html", context, status=status)


@login_required
@permission_required(VIEW_SATISFACTION, raise_exception=True)
@require_POST
def satisfaction_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record (or correct) the participant's mark for a year, from the participant page."""
    participant = participant_for(request, pk)
    form = satisfaction_form(request, participant, request.POST)

    def write(data: dict[str, Any]) -> str:
        services.satisfaction_record(
            actor=user_of(request),
            participant=participant,
            year=data["year"],
            score=data["score"],
            comments=data["comments"],
            respondent=data["respondent"],
        )
        return _("Het tevredenheidscijfer %(year)s is vastgelegd.") % {"year": data["year"]}

    status = submit(request, form, write)
    if status is None:
        return redirect(reverse("web:participant-detail", args=[participant.pk]) + "#tevredenheid")
    return participant_page(request, participant, bound=form, status=status)
