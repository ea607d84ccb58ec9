"""Follow-ups: adding one for a participant, one follow-up with the forms to close or
reschedule it, and the user's own open follow-ups (overdue first)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grip.core import selectors as core_selectors
from grip.organisation import selectors as organisation_selectors
from grip.participants import selectors as participant_selectors
from grip.participants import services
from grip.participants.models import FollowUp, FollowUpStatus
from grip.web.accounts.common import (
    CHANGE_FOLLOW_UP,
    VIEW_FOLLOW_UP,
    follow_up_for,
    manages,
    participant_for,
    submit,
    user_of,
)
from grip.web.accounts.forms import CloseForm, FollowUpForm, RescheduleForm
from grip.web.cases import ServiceForm


def _detail_url(follow_up: FollowUp) -> str:
    return reverse("web:follow-up-detail", args=[follow_up.pk])


@login_required
@permission_required(VIEW_FOLLOW_UP, raise_exception=True)
@require_http_methods(["GET", "POST"])
def follow_up_add(request: HttpRequest, pk: int) -> HttpResponse:
    """An action for the participant that stands on its own (not from an interaction)."""
    participant = participant_for(request, pk)
    if request.method == "POST":
        form = FollowUpForm(request.POST)
        added: list[FollowUp] = []

        def write(data: dict[str, Any]) -> str:
            added.append(
                services.follow_up_add(
                    actor=user_of(request),
                    participant=participant,
                    description=data["description"],
                    owner=data["owner"],
                    due_on=data["due_on"],
                )
            )
            return _("De vervolgactie is toegevoegd.")

        status = submit(request, form, write)
        if status is None:
            return redirect(_detail_url(added[0]))
    else:
        employee = organisation_selectors.employee_of(user_of(request))
        form = FollowUpForm(initial={"owner": employee.pk if employee else None})
        status = 200
    context = {"participant": participant, "form": form.style()}
    return render(request, "web/accounts/follow_up_add.html", context, status=status)


def _may_change(request: HttpRequest, follow_up: FollowUp) -> bool:
    """Whether the forms are offered; the service decides again when they are sent."""
    user = user_of(request)
    return (
        follow_up.status == FollowUpStatus.OPEN
        and user.has_perm(CHANGE_FOLLOW_UP)
        and (follow_up.owner.user_id == user.pk or manages(request, follow_up.participant))
    )


def _detail_page(
    request: HttpRequest,
    follow_up: FollowUp,
    *,
    bound: ServiceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_change = _may_change(request, follow_up)
    close_form = bound if isinstance(bound, CloseForm) else CloseForm(prefix="afsluiten")
    reschedule_form = (
        bound
        if isinstance(bound, RescheduleForm)
        else RescheduleForm(prefix="verplaatsen", initial={"due_on": follow_up.due_on})
    )
    context = {
        "follow_up": follow_up,
        "participant": follow_up.participant,
        "overdue": follow_up.status == FollowUpStatus.OPEN
        and follow_up.is_overdue(timezone.localdate()),
        "may_change": may_change or bound is not None,
        "close_form": close_form.style(),
        "reschedule_form": reschedule_form.style(),
        "refused": "afsluiten" if isinstance(bound, CloseForm) else "verplaatsen" if bound else "",
        "history": core_selectors.audit_history_of(follow_up)[:20],
    }
    return render(request, "web/accounts/follow_up_detail.html", context, status=status)


@login_required
@permission_required(VIEW_FOLLOW_UP, raise_exception=True)
@require_GET
def follow_up_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, follow_up_for(request, pk))


@login_required
@permission_required(VIEW_FOLLOW_UP, raise_exception=True)
@require_POST
def follow_up_close(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = follow_up_for(request, pk)
    form = CloseForm(request.POST, prefix="afsluiten")

    def write(data: dict[str, Any]) -> str:
        done = data["outcome"] == CloseForm.DONE
        services.follow_up_close(
            actor=user_of(request), follow_up=follow_up, done=done, note=data["note"]
        )
        return _("De actie is afgerond.") if done else _("De actie is vervallen.")

    status = submit(request, form, write)
    if status is None:
        return redirect(_detail_url(follow_up))
    return _detail_page(request, follow_up_for(request, pk), bound=form, status=status)


@login_required
@permission_required(VIEW_FOLLOW_UP, raise_exception=True)
@require_POST
def follow_up_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = follow_up_for(request, pk)
    form = RescheduleForm(request.POST, prefix="verplaatsen")

    def write(data: dict[str, Any]) -> str:
        moved = services.follow_up_reschedule(
            actor=user_of(request), follow_up=follow_up, due_on=data["due_on"], owner=data["owner"]
        )
        return _("De actie staat nu op %(day)s voor %(owner)s.") % {
            "day": moved.due_on.strftime("%d-%m-%Y"),
            "owner": f"{moved.owner.first_name} {moved.owner.last_name}",
        }

    status = submit(request, form, write)
    if status is None:
        return redirect(_detail_url(follow_up))
    return _detail_page(request, follow_up_for(request, pk), bound=form, status=status)


@login_required
@permission_required(VIEW_FOLLOW_UP, raise_exception=True)
@require_GET
def my_follow_ups(request: HttpRequest) -> HttpResponse:
    """The open follow-ups the user owns: the overdue ones first, then by due date."""
    today = timezone.localdate()
    rows = [
        (item, item.is_overdue(today))
        for item in participant_selectors.open_follow_ups_of(user=user_of(request))
    ]
    rows.sort(key=lambda row: (not row[1], row[0].due_on, row[0].pk))
    context = {"rows": rows, "overdue": sum(overdue for _item, overdue in rows)}
    return render(request, "web/accounts/follow_up_mine.html", context)
