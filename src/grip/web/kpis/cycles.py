"""The BIG-8 pages (*beleidscyclus*): where every participant and the region stand in a year,
and one cycle as the figure-of-eight with its eight steps, their owners, dates, documents and
the Grip data that feeds them.

The cycle is kept through ``grip.kpis.services``: an account manager keeps the cycles of their
participants, KIS every cycle and the region's; the services check it, and a refusal shows in
Dutch beside the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from grip.core.errors import DomainError
from grip.core.models import User as UserModel
from grip.kpis import selectors as kpis
from grip.kpis import services
from grip.kpis.models import Cycle, CycleStep
from grip.participants.models import Participant
from grip.web.cases import ServiceForm, refusal_status
from grip.web.feedback import dutch_message
from grip.web.kpis import display
from grip.web.kpis.common import (
    CHANGE_STEP,
    MANAGE_ALL_CYCLES,
    REGION,
    VIEW_CYCLES,
    chosen_year,
    today,
    user_of,
    years_offered,
)
from grip.web.kpis.feeds import FeedLine, cycle_feeds
from grip.web.kpis.figure import Figure, figure_of
from grip.web.kpis.forms import DocumentForm, StepForm, owner_candidates


def may_keep(user: UserModel, participant: Participant | None) -> bool:
    """Whether to offer keeping this cycle; the services check it again."""
    if not user.has_perm(CHANGE_STEP):
        return False
    if user.has_perm(MANAGE_ALL_CYCLES):
        return True
    manager = participant.account_manager if participant is not None else None
    return manager is not None and manager.user_id == user.pk


# --- the overview -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepCell:
    number: int
    name: str
    status: display.StatusLook


@dataclass(frozen=True)
class OverviewRow:
    key: str
    label: str
    participant: Participant | None
    cycle: Cycle | None
    steps: list[StepCell]
    done: int
    may_start: bool


def _step_cells(cycle: Cycle, names: dict[int, str]) -> list[StepCell]:
    steps = sorted(cycle.steps.all(), key=lambda step: step.number)
    return [
        StepCell(step.number, names[step.number], display.status_look(step.status))
        for step in steps
    ]


@login_required
@permission_required(VIEW_CYCLES, raise_exception=True)
@require_GET
def cycle_overview(request: HttpRequest) -> HttpResponse:
    """Each participant (and the region) by the eight steps, for one year."""
    user = user_of(request)
    years = years_offered()
    year = chosen_year(request, years)
    names = display.step_names()
    cycles = {cycle.participant_id: cycle for cycle in kpis.cycle_list_for(user=user, year=year)}
    subjects: list[tuple[str, str, Participant | None]] = []
    if kpis.sees_region(user=user):
        subjects.append((REGION, _("Regio"), None))
    subjects.extend(
        (str(participant.pk), participant.name, participant)
        for participant in kpis.visible_participants(user=user)
    )
    rows = []
    for key, label, participant in subjects:
        cycle = cycles.get(participant.pk if participant else None)
        steps = _step_cells(cycle, names) if cycle else []
        rows.append(
            OverviewRow(
                key=key,
                label=label,
                participant=participant,
                cycle=cycle,
                steps=steps,
                done=sum(1 for step in steps if step.status.key == "gereed"),
                may_start=cycle is None and may_keep(user, participant),
            )
        )
    context = {
        "years": years,
        "year": year,
        "rows": rows,
        "step_headers": [
            (number, names[number], display.STEP_SHORT_NAMES[number]) for number in range(1, 9)
        ],
        "legend": [
            display.status_look(status) for status in ("niet_gestart", "bezig", "gereed", "achter")
        ],
    }
    return render(request, "web/kpis/cycle_overview.html", context)


@login_required
@permission_required(CHANGE_STEP, raise_exception=True)
@require_POST
def cycle_start(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    raw_year = request.POST.get("jaar", "")
    raw_who = request.POST.get("deelnemer", "")
    if not raw_year.isdigit() or not (raw_who == REGION or raw_who.isdigit()):
        raise Http404
    year = int(raw_year)
    participant = None if raw_who == REGION else kpis.participant_for(user=user, pk=int(raw_who))
    try:
        cycle = services.cycle_start(actor=user, participant=participant, year=year)
    except DomainError as error:
        messages.error(request, dutch_message(error))
        return redirect(f"{reverse('web:cycle-overview')}?jaar={year}")
    messages.success(
        request,
        _("De beleidscyclus %(year)s van %(who)s is gestart.")
        % {"year": year, "who": participant.name if participant else _("de regio")},
    )
    return redirect("web:cycle-detail", pk=cycle.pk)


# --- one cycle ----------------------------------------------------------------------------------


@dataclass
class StepView:
    step: CycleStep
    name: str
    loop: str
    status: display.StatusLook
    feeds: list[FeedLine]
    form: ServiceForm | None
    document_form: ServiceForm | None
    refused: bool = False  # one of its forms comes back with a refusal

    @property
    def anchor(self) -> str:
        return f"stap-{self.step.number}"

    @property
    def form_anchor(self) -> str:
        return form_anchor(f"stap-{self.step.number}")

    @property
    def document_anchor(self) -> str:
        return form_anchor(f"document-{self.step.number}")


def form_anchor(key: str) -> str:
    return f"{key}-formulier"


def _cycle_context(
    request: HttpRequest,
    cycle: Cycle,
    *,
    bound: ServiceForm | None = None,
    bound_key: str = "",
) -> dict[str, Any]:
    user = user_of(request)
    names = display.step_names()
    loops = display.step_loops()
    offer_forms = user.has_perm(CHANGE_STEP)
    feeds = cycle_feeds(user, cycle, today())
    steps = sorted(cycle.steps.all(), key=lambda step: step.number)
    views = []
    for step in steps:
        form: ServiceForm | None = None
        document_form: ServiceForm | None = None
        if offer_forms:
            key = f"stap-{step.number}"
            form = (
                bound
                if bound is not None and bound_key == key
                else StepForm(prefix=key, step=step, owners=owner_candidates(step))
            )
            document_key = f"document-{step.number}"
            document_form = (
                bound
                if bound is not None and bound_key == document_key
                else DocumentForm(prefix=document_key)
            )
            form.style()
            document_form.style()
        views.append(
            StepView(
                step=step,
                name=names[step.number],
                loop=loops[step.number],
                status=display.status_look(step.status),
                feeds=feeds.get(step.number, []),
                form=form,
                document_form=document_form,
                refused=bound is not None
                and bound_key in (f"stap-{step.number}", f"document-{step.number}"),
            )
        )
    figure: Figure = figure_of([(view.step.number, view.name, view.status) for view in views])
    who = cycle.participant.name if cycle.participant else _("de regio")
    return {
        "cycle": cycle,
        "who": who,
        "steps": views,
        "strategic": [view for view in views if view.loop == "strategisch"],
        "operational": [view for view in views if view.loop == "operationeel"],
        "figure": figure,
        "may_keep": may_keep(user, cycle.participant),
        "offer_forms": offer_forms,
        "done": sum(1 for view in views if view.status.key == "gereed"),
        "refused_anchor": form_anchor(bound_key) if bound is not None else "",
    }


@login_required
@permission_required(VIEW_CYCLES, raise_exception=True)
@require_GET
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = kpis.cycle_detail_for(user=user_of(request), pk=pk)
    return render(request, "web/kpis/cycle_detail.html", _cycle_context(request, cycle))


def _refused_page(
    request: HttpRequest, cycle: Cycle, form: ServiceForm, key: str, status: int
) -> HttpResponse:
    cycle = kpis.cycle_detail_for(user=user_of(request), pk=cycle.pk)
    context = _cycle_context(request, cycle, bound=form, bound_key=key)
    return render(request, "web/kpis/cycle_detail.html", context, status=status)


@login_required
@permission_required(CHANGE_STEP, raise_exception=True)
@require_POST
def step_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    step = kpis.step_detail_for(user=user, pk=pk)
    key = f"stap-{step.number}"
    form = StepForm(request.POST, prefix=key, step=step, owners=owner_candidates(step))
    status = 422
    if form.is_valid():
        try:
            done = services.cycle_step_update(actor=user, step=step, **form.changes())
        except (DomainError, ValidationError) as error:
            form.add_refusal(error)
            status = refusal_status(error)
        else:
            messages.success(
                request,
                _("Stap %(number)s is bijgewerkt: %(status)s.")
                % {"number": done.number, "status": done.get_status_display()},
            )
            return redirect(f"{reverse('web:cycle-detail', args=[step.cycle_id])}#{key}")
    return _refused_page(request, step.cycle, form, key, status)


@login_required
@permission_required(CHANGE_STEP, raise_exception=True)
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    step = kpis.step_detail_for(user=user, pk=pk)
    key = f"document-{step.number}"
    form = DocumentForm(request.POST, prefix=key)
    status = 422
    if form.is_valid():
        try:
            document = services.cycle_document_add(
                actor=user,
                step=step,
                title=form.cleaned_data["title"],
                url=form.cleaned_data["url"],
            )
        except (DomainError, ValidationError) as error:
            form.add_refusal(error)
            status = refusal_status(error)
        else:
            messages.success(
                request,
                _("'%(title)s' is toegevoegd aan stap %(number)s.")
                % {"title": document.title, "number": step.number},
            )
            return redirect(
                f"{reverse('web:cycle-detail', args=[step.cycle_id])}#stap-{step.number}"
            )
    return _refused_page(request, step.cycle, form, key, status)
