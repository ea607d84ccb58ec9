"""The interaction log of a participant: the list with the form to record a contact, and one
interaction with its follow-ups and the form to add one."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grip.organisation import selectors as organisation_selectors
from grip.participants import selectors as participant_selectors
from grip.participants import services
from grip.participants.models import FollowUpStatus, Interaction, InteractionKind, Participant
from grip.web.accounts.common import (
    ADD_FOLLOW_UP,
    ADD_INTERACTION,
    VIEW_INTERACTION,
    interaction_for,
    manages,
    participant_for,
    submit,
    user_of,
)
from grip.web.accounts.forms import FollowUpForm, InteractionForm

PAGE_SIZE = 25


def _contacts(request: HttpRequest, participant: Participant) -> Any:
    return participant_selectors.contact_list_for(user=user_of(request)).filter(
        participant=participant
    )


def _new_interaction_form(request: HttpRequest, participant: Participant) -> InteractionForm:
    employee = organisation_selectors.employee_of(user_of(request))
    return InteractionForm(
        contacts=_contacts(request, participant),
        initial={
            "occurred_on": timezone.localdate(),
            "kind": InteractionKind.MEETING,
            "staff": [employee.pk] if employee else [],
        },
    )


def _list_page(
    request: HttpRequest,
    participant: Participant,
    form: InteractionForm | None,
    status: int = 200,
) -> HttpResponse:
    interactions = participant_selectors.interaction_list_for(user=user_of(request)).filter(
        participant=participant
    )
    page = Paginator(interactions, PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {
        "participant": participant,
        "page": page,
        "form": form.style() if form is not None else None,
    }
    return render(request, "web/accounts/interaction_list.html", context, status=status)


@login_required
@permission_required(VIEW_INTERACTION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def interaction_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The participant's contacts, newest first; its account manager records one here."""
    participant = participant_for(request, pk)
    may_record = request.user.has_perm(ADD_INTERACTION) and manages(request, participant)
    if request.method != "POST":
        form = _new_interaction_form(request, participant) if may_record else None
        return _list_page(request, participant, form)

    form = InteractionForm(request.POST, contacts=_contacts(request, participant))
    recorded: list[Interaction] = []

    def write(data: dict[str, Any]) -> str:
        recorded.append(
            services.interaction_record(
                actor=user_of(request),
                participant=participant,
                occurred_on=data["occurred_on"],
                kind=data["kind"],
                subject=data["subject"],
                summary=data["summary"],
                agreements=data["agreements"],
                staff=data["staff"],
                contacts=data["contacts"],
            )
        )
        return _("Het contactmoment '%(subject)s' is vastgelegd.") % {"subject": data["subject"]}

    status = submit(request, form, write)
    if status is None:
        return redirect(reverse("web:interaction-detail", args=[recorded[0].pk]))
    return _list_page(request, participant, form, status)


def _follow_up_form(request: HttpRequest) -> FollowUpForm:
    employee = organisation_selectors.employee_of(user_of(request))
    return FollowUpForm(initial={"owner": employee.pk if employee else None})


def _detail_page(
    request: HttpRequest,
    interaction: Interaction,
    form: FollowUpForm | None = None,
    status: int = 200,
) -> HttpResponse:
    participant = interaction.participant
    if form is None and request.user.has_perm(ADD_FOLLOW_UP) and manages(request, participant):
        form = _follow_up_form(request)
    today = timezone.localdate()
    follow_ups = [
        (item, item.status == FollowUpStatus.OPEN and item.is_overdue(today))
        for item in participant_selectors.follow_up_list_for(user=user_of(request)).filter(
            interaction=interaction
        )
    ]
    context = {
        "interaction": interaction,
        "participant": participant,
        "follow_ups": follow_ups,
        "form": form.style() if form is not None else None,
    }
    return render(request, "web/accounts/interaction_detail.html", context, status=status)


@login_required
@permission_required(VIEW_INTERACTION, raise_exception=True)
@require_GET
def interaction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, interaction_for(request, pk))


@login_required
@permission_required(VIEW_INTERACTION, raise_exception=True)
@require_POST
def interaction_follow_up_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A follow-up of this interaction, for its participant."""
    interaction = interaction_for(request, pk)
    form = FollowUpForm(request.POST)

    def write(data: dict[str, Any]) -> str:
        services.follow_up_add(
            actor=user_of(request),
            participant=interaction.participant,
            description=data["description"],
            owner=data["owner"],
            due_on=data["due_on"],
            interaction=interaction,
        )
        return _("De vervolgactie is toegevoegd.")

    status = submit(request, form, write)
    if status is None:
        return redirect(reverse("web:interaction-detail", args=[interaction.pk]) + "#vervolgacties")
    return _detail_page(request, interaction, form, status)
