"""The participants' requests (*verzoeken*): the list, submitting one, and its page with the
actions allowed to this user.

A participant user sees and submits its own participant's requests and may withdraw one while
it is open; the account manager (or deputy) takes it up, rejects it or closes it with an
answer, or takes it into an amendment of the work programme. Every change goes through
``grip.participants.services`` or ``grip.programmes.services``, which check who may; a refusal
is shown at the form (per field where the service names one). Another participant's request
answers 404, the same as one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grip.core.audit import history_of
from grip.core.errors import DomainError
from grip.core.models import User as UserModel
from grip.core.tenancy import participant_id_of, sees_all_participants
from grip.participants import selectors as participant_selectors
from grip.participants import services as participant_services
from grip.participants.models import (
    OPEN_REQUEST_STATUSES,
    ParticipantRequest,
    RequestKind,
    RequestStatus,
)
from grip.programmes import services as programme_services
from grip.web.cases import ServiceForm, refusal_status
from grip.web.feedback import dutch_message

VIEW = "participants.view_participantrequest"
SUBMIT = "participants.submit_request"
HANDLE = "participants.change_participantrequest"
PAGE_SIZE = 50

# The statuses from which a request may still be withdrawn, answered or taken up.


def user_of(request: HttpRequest) -> UserModel:
    user = request.user
    if not isinstance(user, UserModel):  # pragma: no cover - every view requires a login
        raise PermissionDenied
    return user


def _visible(user: UserModel, pk: int) -> ParticipantRequest:
    return get_object_or_404(participant_selectors.request_list_for(user=user), pk=pk)


# --- forms ------------------------------------------------------------------------------------


class RequestForm(ServiceForm):
    kind = forms.ChoiceField(label=gettext_lazy("Soort verzoek"), choices=RequestKind.choices)
    year = forms.TypedChoiceField(label=gettext_lazy("Programmajaar"), coerce=int)
    title = forms.CharField(label=gettext_lazy("Onderwerp"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Toelichting"),
        help_text=gettext_lazy("Wat vraagt u, waarom, en wanneer moet het klaar zijn?"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        years = [this_year, this_year + 1, this_year + 2]
        self.fields["year"].choices = [(year, str(year)) for year in years]  # type: ignore[attr-defined]
        self.fields["year"].initial = this_year + 1


class AnswerForm(ServiceForm):
    """Reject or close a request: the answer the participant reads."""

    answer = forms.CharField(
        label=gettext_lazy("Antwoord aan de deelnemer"),
        required=False,  # the service says when it is needed
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AmendmentForm(ServiceForm):
    explanation = forms.CharField(
        label=gettext_lazy("Toelichting bij de wijziging (niet verplicht)"),
        required=False,
        help_text=gettext_lazy(
            "Zonder toelichting wordt het onderwerp van het verzoek de toelichting; loopt er al "
            "een wijziging, dan komt het verzoek daarin."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- the list ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestFilter:
    participant: int | None
    status: str  # "", "open" or a status

    @classmethod
    def from_query(cls, query: QueryDict, *, staff: bool) -> RequestFilter:
        participant = query.get("deelnemer", "").strip() if staff else ""
        status = query.get("status", "")
        return cls(
            participant=int(participant) if participant.isdigit() else None,
            status=status if status == "open" or status in RequestStatus.values else "",
        )

    def apply(self, requests: QuerySet[ParticipantRequest]) -> QuerySet[ParticipantRequest]:
        if self.participant is not None:
            requests = requests.filter(participant_id=self.participant)
        if self.status == "open":
            requests = requests.filter(status__in=OPEN_REQUEST_STATUSES)
        elif self.status:
            requests = requests.filter(status=self.status)
        return requests


def _open_first(requests: QuerySet[ParticipantRequest]) -> QuerySet[ParticipantRequest]:
    return requests.annotate(
        closed=Case(
            When(status__in=OPEN_REQUEST_STATUSES, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("closed", "-created_at", "-pk")


@login_required
@permission_required(VIEW, raise_exception=True)
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    staff = sees_all_participants(user)
    chosen = RequestFilter.from_query(request.GET, staff=staff)
    requests = _open_first(chosen.apply(participant_selectors.request_list_for(user=user)))
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "page": page,
        "query": query.urlencode(),
        "filter": chosen,
        "staff": staff,
        "statuses": RequestStatus.choices,
        "participants": (
            list(participant_selectors.participant_list_for(user=user).order_by("name"))
            if staff
            else []
        ),
        "may_submit": user.has_perm(SUBMIT) and participant_id_of(user) is not None,
    }
    return render(request, "web/portal/request_list.html", context)


# --- submitting -------------------------------------------------------------------------------


@login_required
@permission_required(SUBMIT, raise_exception=True)
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if participant_id_of(user) is None:
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = RequestForm(request.POST)
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = participant_services.request_submit(
                    actor=user,
                    kind=data["kind"],
                    year=data["year"],
                    title=data["title"],
                    description=data["description"],
                )
            except (DomainError, ValidationError) as error:
                form.add_refusal(error)
                status = refusal_status(error)
            else:
                messages.success(
                    request,
                    _("Uw verzoek is ingediend; de accountmanager neemt het in behandeling."),
                )
                return redirect("web:request-detail", pk=created.pk)
    else:
        form = RequestForm()
    return render(request, "web/portal/request_form.html", {"form": form.style()}, status=status)


# --- the request's page -----------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One moment in the request's history: its status, who, when, and the answer given."""

    at: Any
    who: str
    status: str
    answer: str


def _history(item: ParticipantRequest) -> list[Step]:
    labels = dict(RequestStatus.choices)
    steps = []
    for record in reversed(list(history_of(item).select_related("actor"))):
        before = record.before or {}
        after = record.after or {}
        changed_status = after.get("status") != before.get("status")
        changed_answer = after.get("answer") != before.get("answer") and after.get("answer")
        if not after or not (changed_status or changed_answer):
            continue
        actor = record.actor
        steps.append(
            Step(
                at=record.at,
                who=(actor.get_full_name() or actor.get_username()) if actor else _("systeem"),
                status=str(labels.get(after.get("status", ""), after.get("status", ""))),
                answer=str(after.get("answer") or "") if changed_answer else "",
            )
        )
    return steps


def _version_url(version: Any) -> str:
    return reverse("web:programme-detail", args=[version.programme_id]) + f"?versie={version.pk}"


def _detail(
    request: HttpRequest,
    item: ParticipantRequest,
    *,
    answer_form: AnswerForm | None = None,
    amendment_form: AmendmentForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = user_of(request)
    versions = [
        {"version": version, "url": _version_url(version)}
        for version in item.programme_versions.select_related("programme").order_by("pk")
    ]
    context = {
        "item": item,
        "history": _history(item),
        "versions": versions,
        "abilities": participant_services.request_actions(user, item),
        "answer_form": (answer_form or AnswerForm()).style(),
        "amendment_form": (amendment_form or AmendmentForm()).style(),
        "error": error,
    }
    return render(request, "web/portal/request_detail.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible(user_of(request), pk))


_MOVE_MESSAGES = {
    RequestStatus.WITHDRAWN: gettext_lazy("Het verzoek is ingetrokken."),
    RequestStatus.IN_PROGRESS: gettext_lazy("U hebt het verzoek in behandeling genomen."),
    RequestStatus.REJECTED: gettext_lazy(
        "Het verzoek is afgewezen; de deelnemer ziet uw antwoord."
    ),
    RequestStatus.DONE: gettext_lazy("Het verzoek is afgehandeld; de deelnemer ziet uw antwoord."),
}


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def request_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw, take up, reject or close: ``status`` says which, ``answer`` the answer."""
    user = user_of(request)
    item = _visible(user, pk)
    to_status = request.POST.get("status", "")
    if to_status not in _MOVE_MESSAGES:
        return _detail(request, item, error=_("Kies wat er met het verzoek gebeurt."), status=422)
    form = AnswerForm(request.POST)
    form.is_valid()
    try:
        participant_services.request_move(
            actor=user,
            request=item,
            to_status=to_status,
            answer=form.cleaned_data.get("answer", ""),
        )
    except (DomainError, ValidationError) as error:
        if to_status in (RequestStatus.REJECTED, RequestStatus.DONE):
            form.add_refusal(error)
            return _detail(request, item, answer_form=form, status=refusal_status(error))
        return _detail(request, item, error=_refusal_text(error), status=refusal_status(error))
    messages.success(request, str(_MOVE_MESSAGES[RequestStatus(to_status)]))
    return redirect("web:request-detail", pk=item.pk)


def _refusal_text(error: DomainError | ValidationError) -> str:
    if isinstance(error, DomainError):
        return dutch_message(error)
    return " ".join(error.messages)


@login_required
@permission_required(HANDLE, raise_exception=True)
@require_POST
def request_to_amendment(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the request into an amendment of the programme, then show that version."""
    user = user_of(request)
    item = _visible(user, pk)
    form = AmendmentForm(request.POST)
    form.is_valid()
    try:
        version = programme_services.request_to_amendment(
            actor=user, request=item, explanation=form.cleaned_data.get("explanation", "")
        )
    except (DomainError, ValidationError) as error:
        form.add_refusal(error)
        return _detail(request, item, amendment_form=form, status=refusal_status(error))
    messages.success(
        request,
        _("Het verzoek is opgenomen in conceptversie %(number)s; werk de regels bij.")
        % {"number": version.number},
    )
    return redirect(_version_url(version))
