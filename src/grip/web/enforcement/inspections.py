"""The inspector's pages: the work list, the inspections (list, planning, the page with its
findings as a tablet form with the matrix picker), moving or cancelling a planned inspection,
completing it and recording the violation it found."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grip.core.errors import DomainError
from grip.core.models import User as UserModel
from grip.enforcement import selectors, services
from grip.enforcement.constants import (
    Consequence,
    FindingResult,
    InspectionStatus,
    InspectionType,
)
from grip.enforcement.models import Finding, Inspection
from grip.organisation import selectors as organisation_selectors
from grip.participants import selectors as participant_selectors
from grip.web.cases import refusal_status
from grip.web.enforcement import common
from grip.web.enforcement.actions import (
    ActionSpec,
    DetailPage,
    Done,
    action_view,
    offered_actions,
)
from grip.web.enforcement.common import (
    BEHAVIOURS,
    CONSEQUENCES_TOP_DOWN,
    VIEW_INSPECTION,
    behaviour_headers,
    inspectors,
    is_staff,
    long_date,
    may,
    parse_id,
    position_label,
    today,
    user_of,
)
from grip.web.enforcement.forms import (
    CancelForm,
    CompleteForm,
    EnforcementForm,
    FindingAddForm,
    FindingForm,
    InspectionForm,
    RescheduleForm,
    ViolationForm,
)
from grip.web.feedback import is_htmx

# --- the work list ------------------------------------------------------------------------------


@login_required
@permission_required(VIEW_INSPECTION, raise_exception=True)
@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    """An inspector's planned inspections and re-inspections (overdue first), the performed
    ones that still need a violation, and how many of their violations are open."""
    user = user_of(request)
    staff = is_staff(user)
    own = organisation_selectors.employee_of(user) if staff else None
    chosen_id = parse_id(request.GET.get("toezichthouder"))
    inspector = own
    if staff and chosen_id is not None:
        inspector = organisation_selectors.employee_list().filter(pk=chosen_id).first() or own
    day = today()
    work = selectors.worklist_for(
        user=user, inspector_id=inspector.pk if inspector else None, today=day
    )
    context = {
        "today": day,
        "staff": staff,
        "own": own,
        "inspector": inspector,
        "work": work,
        "overdue": sum(1 for item in work.inspections if item.overdue),
        "inspectors": list(inspectors()) if staff else [],
        "may_plan": may(user, "enforcement.add_inspection"),
    }
    return render(request, "web/enforcement/worklist.html", context)


# --- the list and planning ----------------------------------------------------------------------


@dataclass(frozen=True)
class InspectionFilter:
    participant_id: int | None = None
    status: str = ""
    inspection_type: str = ""
    inspector_id: int | None = None
    query: str = ""

    @classmethod
    def from_query(cls, query: QueryDict) -> InspectionFilter:
        status = query.get("status", "")
        kind = query.get("controletype", "")
        return cls(
            participant_id=parse_id(query.get("deelnemer")),
            status=status if status in InspectionStatus.values else "",
            inspection_type=kind if kind in InspectionType.values else "",
            inspector_id=parse_id(query.get("toezichthouder")),
            query=query.get("zoek", "").strip()[:100],
        )

    def as_query(self) -> str:
        query = QueryDict(mutable=True)
        for key, value in (
            ("deelnemer", self.participant_id),
            ("status", self.status),
            ("controletype", self.inspection_type),
            ("toezichthouder", self.inspector_id),
            ("zoek", self.query),
        ):
            if value:
                query[key] = str(value)
        return query.urlencode()


@login_required
@permission_required(VIEW_INSPECTION, raise_exception=True)
@require_GET
def inspection_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    chosen = InspectionFilter.from_query(request.GET)
    inspections = selectors.inspection_list_for(
        user=user,
        participant_id=chosen.participant_id,
        inspector_id=chosen.inspector_id,
        status=chosen.status or None,
        inspection_type=chosen.inspection_type or None,
        query=chosen.query,
    ).order_by("-planned_on", "-id")
    page = Paginator(inspections, common.PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {
        "page": page,
        "filter": chosen,
        "query": chosen.as_query(),
        "participants": list(participant_selectors.participant_list_for(user=user)),
        "status_choices": InspectionStatus.choices,
        "type_choices": InspectionType.choices,
        "inspectors": list(inspectors()) if is_staff(user) else [],
        "may_plan": may(user, "enforcement.add_inspection"),
        "today": today(),
    }
    return render(request, "web/enforcement/inspection_list.html", context)


@login_required
@permission_required("enforcement.add_inspection", raise_exception=True)
@require_http_methods(["GET", "POST"])
def inspection_create(request: HttpRequest) -> HttpResponse:
    """Plan an inspection: the service numbers it, opens its case and copies the checklist."""
    user = user_of(request)
    if not is_staff(user):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = InspectionForm(request.POST, user=user)
        if form.is_valid():
            try:
                inspection = services.inspection_create(actor=user, **form.cleaned_data)
            except (DomainError, ValidationError) as error:
                form.add_refusal(error)
                status = refusal_status(error)
            else:
                messages.success(
                    request,
                    _("Controle %(number)s is gepland op %(day)s.")
                    % {
                        "number": inspection.identification,
                        "day": long_date(inspection.planned_on),
                    },
                )
                return redirect("web:inspection-detail", pk=inspection.pk)
        else:
            status = 422
    else:
        own = organisation_selectors.employee_of(user)
        form = InspectionForm(
            user=user,
            initial={
                "planned_on": today(),
                "inspector": own.pk if own else None,
                "site": request.GET.get("toezichtobject", ""),
            },
        )
    return render(
        request, "web/enforcement/inspection_create.html", {"form": form.style()}, status=status
    )


# --- the findings as cards ----------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One radio button of a finding's card."""

    id: str
    name: str
    value: str
    label: str
    checked: bool


@dataclass
class FindingRow:
    """One finding as the page shows it: a card with its form while the inspection is open."""

    finding: Finding
    form: EnforcementForm | None
    saved: bool = False

    @property
    def key(self) -> str:
        return finding_key(self.finding)

    @property
    def result_label(self) -> str:
        return str(FindingResult(self.finding.result).label) if self.finding.result else ""

    def _options(self, name: str, choices: Sequence[tuple[str, str]]) -> list[Option]:
        if self.form is None:  # a performed inspection: no form, no options
            return []
        field = self.form[name]
        chosen = str(field.value() or "")
        return [
            Option(f"{field.auto_id}_{value}", field.html_name, value, label, value == chosen)
            for value, label in choices
        ]

    @property
    def result_options(self) -> list[Option]:
        """The result radios, built once here rather than by a widget template per radio."""
        return self._options("result", [(v, str(label)) for v, label in FindingResult.choices])

    @property
    def picker(self) -> list[tuple[str, list[Option]]]:
        """The matrix picker: per consequence (4 on top) its label and four cells A-D."""
        rows = []
        for consequence in CONSEQUENCES_TOP_DOWN:
            codes = [f"{consequence}{behaviour}" for behaviour in BEHAVIOURS]
            options = self._options("position", [(code, position_label(code)) for code in codes])
            rows.append((str(Consequence(consequence).label), options))
        return rows


def finding_key(finding: Finding) -> str:
    return f"bevinding-{finding.pk}"


def _finding_row(
    finding: Finding, *, editable: bool, bound: EnforcementForm | None = None, saved: bool = False
) -> FindingRow:
    if not editable:
        return FindingRow(finding, None)
    form = bound if isinstance(bound, FindingForm) else None
    form = form or FindingForm(prefix=finding_key(finding), target=finding)
    return FindingRow(finding, form.style(), saved=saved)


# --- the inspection's page and its actions ------------------------------------------------------


def _load_inspection(user: UserModel, pk: int) -> Inspection:
    return selectors.inspection_detail_for(user=user, pk=pk)


def _recidivism(inspection: Inspection, form: EnforcementForm | None) -> Any:
    """The recidivism advice for the violation being recorded, as the form stands."""
    if not isinstance(form, ViolationForm):
        return None
    rule, behaviour, observed_on = form.advice_input()
    strategy = selectors.strategy_in_force(on=observed_on) if observed_on else None
    if strategy is None or observed_on is None or not (rule and behaviour):
        return None
    return selectors.recidivism_for(
        site_id=inspection.site_id,
        rule=rule,
        behaviour=behaviour,
        observed_on=observed_on,
        strategy=strategy,
    )


def _inspection_context(
    request: HttpRequest, inspection: Inspection, bound: dict[str, EnforcementForm]
) -> dict[str, Any]:
    user = user_of(request)
    planned = inspection.status == InspectionStatus.GEPLAND
    editable = planned and may(user, "enforcement.change_inspection")
    findings = list(selectors.findings_of(inspection))
    rows = [_finding_row(f, editable=editable, bound=bound.get(finding_key(f))) for f in findings]
    performed = inspection.status == InspectionStatus.UITGEVOERD
    may_record = (
        performed
        and inspection.inspection_type != InspectionType.HERCONTROLE
        and may(user, "enforcement.add_violation")
        and selectors.unrecorded_findings(inspection).exists()
    )
    offered = {
        "bevinding-toevoegen": editable,
        "afronden": editable,
        "verplaatsen": editable,
        "vervallen": editable,
        "overtreding": may_record,
    }
    actions = offered_actions(INSPECTION_ACTIONS, offered, inspection, user, bound, inspection.pk)
    violation_form = actions["overtreding"].form if "overtreding" in actions else None
    return {
        "inspection": inspection,
        "rows": rows,
        "editable": editable,
        "behaviours": behaviour_headers(),
        "actions": actions,
        "recidivism": _recidivism(inspection, violation_form),
        "violations": list(
            selectors.violation_list_for(user=user).filter(inspection=inspection).order_by("id")
        ),
        # Whether "no violations found" may be said: no finding of this inspection was not met.
        "any_not_met": performed and any(f.result == FindingResult.NIET_AKKOORD for f in findings),
        "today": today(),
    }


def _add_finding(user: UserModel, inspection: Inspection, data: dict[str, Any]) -> Done:
    finding = services.finding_add(
        actor=user,
        inspection=inspection,
        subject=data["subject"],
        point=data["point"],
        rule=data["rule"],
    )
    return Done(
        _("Bevinding %(number)s is toegevoegd.") % {"number": finding.number},
        reverse("web:inspection-detail", args=[inspection.pk]) + f"#{finding_key(finding)}",
    )


def _complete(user: UserModel, inspection: Inspection, data: dict[str, Any]) -> Done:
    done = services.inspection_complete(
        actor=user, inspection=inspection, performed_on=data["performed_on"], notes=data["notes"]
    )
    return Done(
        _("Controle %(number)s is uitgevoerd op %(day)s.")
        % {"number": done.identification, "day": long_date(data["performed_on"])},
        reverse("web:inspection-detail", args=[inspection.pk]) + "#bevindingen",
    )


def _reschedule(user: UserModel, inspection: Inspection, data: dict[str, Any]) -> Done:
    moved = services.inspection_reschedule(
        actor=user,
        inspection=inspection,
        planned_on=data["planned_on"],
        inspector=data["inspector"],
    )
    return Done(
        _("Controle %(number)s is gepland op %(day)s bij %(inspector)s.")
        % {
            "number": moved.identification,
            "day": long_date(moved.planned_on),
            "inspector": moved.inspector.full_name,
        },
        reverse("web:inspection-detail", args=[inspection.pk]),
    )


def _cancel(user: UserModel, inspection: Inspection, data: dict[str, Any]) -> Done:
    cancelled = services.inspection_cancel(actor=user, inspection=inspection, reason=data["reason"])
    return Done(
        _("Controle %(number)s is vervallen.") % {"number": cancelled.identification},
        reverse("web:inspection-detail", args=[inspection.pk]),
    )


def _record_violation(user: UserModel, inspection: Inspection, data: dict[str, Any]) -> Done:
    violation = services.violation_record(
        actor=user, inspection=inspection, **ViolationForm.arguments(data)
    )
    return Done(
        _("Overtreding %(number)s is vastgelegd in cel %(cell)s.")
        % {"number": violation.identification, "cell": violation.position},
        reverse("web:violation-detail", args=[violation.pk]),
    )


INSPECTION_ACTIONS: dict[str, ActionSpec] = {
    "bevinding-toevoegen": ActionSpec(
        FindingAddForm,
        "enforcement.change_inspection",
        _add_finding,
        "web:inspection-finding-add",
        gettext_lazy("Bevinding toevoegen"),
        gettext_lazy("Bevinding toevoegen"),
        gettext_lazy("Een punt dat niet op de checklist staat."),
    ),
    "afronden": ActionSpec(
        CompleteForm,
        "enforcement.change_inspection",
        _complete,
        "web:inspection-complete",
        gettext_lazy("Controle afronden"),
        gettext_lazy("Controle afronden"),
        gettext_lazy("Elke bevinding heeft dan een resultaat."),
    ),
    "verplaatsen": ActionSpec(
        RescheduleForm,
        "enforcement.change_inspection",
        _reschedule,
        "web:inspection-reschedule",
        gettext_lazy("Verplaatsen"),
        gettext_lazy("Verplaatsen"),
        gettext_lazy("Een andere datum of een andere toezichthouder."),
    ),
    "vervallen": ActionSpec(
        CancelForm,
        "enforcement.change_inspection",
        _cancel,
        "web:inspection-cancel",
        gettext_lazy("Laten vervallen"),
        gettext_lazy("Laten vervallen"),
        gettext_lazy("De controle gaat niet door; dat is niet terug te draaien."),
    ),
    "overtreding": ActionSpec(
        ViolationForm,
        "enforcement.add_violation",
        _record_violation,
        "web:violation-record",
        gettext_lazy("Overtreding vastleggen"),
        gettext_lazy("Overtreding vastleggen"),
    ),
}

INSPECTION_PAGE = DetailPage(
    template="web/enforcement/inspection_detail.html",
    url_name="web:inspection-detail",
    load=_load_inspection,
    context=_inspection_context,
)


@login_required
@permission_required(VIEW_INSPECTION, raise_exception=True)
@require_GET
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _load_inspection(user_of(request), pk)
    return render(request, INSPECTION_PAGE.template, _inspection_context(request, inspection, {}))


inspection_finding_add = action_view(INSPECTION_PAGE, INSPECTION_ACTIONS, "bevinding-toevoegen")
inspection_complete = action_view(INSPECTION_PAGE, INSPECTION_ACTIONS, "afronden")
inspection_reschedule = action_view(INSPECTION_PAGE, INSPECTION_ACTIONS, "verplaatsen")
inspection_cancel = action_view(INSPECTION_PAGE, INSPECTION_ACTIONS, "vervallen")
violation_record = action_view(INSPECTION_PAGE, INSPECTION_ACTIONS, "overtreding")


# --- one finding at a time ----------------------------------------------------------------------


def _card(request: HttpRequest, row: FindingRow) -> HttpResponse:
    """One finding's card, for htmx to swap in place."""
    context = {"row": row, "behaviours": behaviour_headers()}
    return render(request, "web/enforcement/partials/finding_card.html", context)


@login_required
@permission_required("enforcement.change_inspection", raise_exception=True)
@require_POST
def finding_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Save one finding. With htmx the card comes back in place (also when refused, with the
    reason at the field); without script the page reloads at the card."""
    user = user_of(request)
    finding = selectors.finding_detail_for(user=user, pk=pk)
    key = finding_key(finding)
    form = FindingForm(request.POST, prefix=key, target=finding, user=user)
    status = 422
    if form.is_valid():
        try:
            saved = services.finding_record(actor=user, finding=finding, **form.arguments())
        except (DomainError, ValidationError) as error:
            form.add_refusal(error)
            status = refusal_status(error)
        else:
            if is_htmx(request):
                saved.subject = finding.subject
                return _card(request, _finding_row(saved, editable=True, saved=True))
            messages.success(
                request, _("Bevinding %(number)s is opgeslagen.") % {"number": finding.number}
            )
            return redirect(
                reverse("web:inspection-detail", args=[finding.inspection_id]) + f"#{key}"
            )
    if is_htmx(request):
        # htmx swaps only successful answers; the card explains the refusal itself.
        return _card(request, _finding_row(finding, editable=True, bound=form))
    inspection = _load_inspection(user, finding.inspection_id)
    context = _inspection_context(request, inspection, {key: form})
    context["refused_anchor"] = key
    return render(request, INSPECTION_PAGE.template, context, status=status)
