"""Data quality pages: the dashboard (scores, trend, open incidents, failing checks), the checks
with their results, the check form, and the incidents with their moves and history. Every
member of staff reads them; KIS and the beheerder write checks and run them; who may handle an
incident the service decides (KIS, beheerder, the check's owner, the dataset's steward)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grip.core.errors import DomainError
from grip.dataplatform import quality, scores, selectors
from grip.dataplatform.models import (
    Check,
    CheckKind,
    Dataset,
    Dimension,
    Incident,
    IncidentStatus,
    Severity,
)
from grip.organisation import selectors as organisation_selectors
from grip.organisation.models import Employee, Team
from grip.web.accounts.common import submit, user_of
from grip.web.accounts.forms import EmployeeChoiceField, active_employees
from grip.web.cases import ServiceForm
from grip.web.dataplatform.forms import TeamChoiceField
from grip.web.feedback import dutch_message

VIEW_CHECK = "dataplatform.view_check"
VIEW_INCIDENT = "dataplatform.view_incident"
ADD_CHECK = "dataplatform.add_check"
CHANGE_CHECK = "dataplatform.change_check"
RUN_CHECK = quality.RUN_PERMISSION
TREND_DAYS = 30
RESULT_ROWS = 50
PAGE_SIZE = 50


# --- forms ----------------------------------------------------------------------------------


class CheckForm(ServiceForm):
    """A check: the definition (only of checks people made) and the fields people own."""

    code = forms.SlugField(label=gettext_lazy("Code"), max_length=80)
    name = forms.CharField(label=gettext_lazy("Naam"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Omschrijving"), required=False, widget=forms.Textarea
    )
    dataset = forms.ModelChoiceField(
        label=gettext_lazy("Dataset"), queryset=Dataset.objects.exclude(model_label="")
    )
    kind = forms.ChoiceField(label=gettext_lazy("Soort"), choices=CheckKind.choices)
    columns = forms.CharField(
        label=gettext_lazy("Kolommen"),
        required=False,
        help_text=gettext_lazy("Namen van de kolommen, gescheiden door komma's."),
    )
    params = forms.JSONField(
        label=gettext_lazy("Instellingen (JSON)"),
        required=False,
        widget=forms.Textarea,
        help_text=gettext_lazy(
            'Bijvoorbeeld {"preset": "postcode"}, {"values": ["a", "b"]}, {"min": 1}; '
            'elke soort kent ook {"filter": {"veld": waarde}}.'
        ),
    )
    dimension = forms.ChoiceField(
        label=gettext_lazy("Dimensie"),
        choices=[("", gettext_lazy("(volgt uit de soort)")), *Dimension.choices],
        required=False,
    )
    severity = forms.TypedChoiceField(
        label=gettext_lazy("Ernst"), choices=Severity.choices, coerce=int
    )
    threshold = forms.DecimalField(
        label=gettext_lazy("Drempel"),
        min_value=0,
        max_value=1,
        decimal_places=4,
        help_text=gettext_lazy("Het grootste aandeel afwijkende rijen dat nog goed is."),
    )
    owner_employee = EmployeeChoiceField(
        label=gettext_lazy("Eigenaar (medewerker)"),
        queryset=Employee.objects.none(),
        required=False,
        empty_label=gettext_lazy("(geen)"),
    )
    owner_team = TeamChoiceField(
        label=gettext_lazy("Eigenaar (team)"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=gettext_lazy("(geen)"),
        help_text=gettext_lazy("Een medewerker of een team, niet allebei."),
    )
    scheduled = forms.BooleanField(label=gettext_lazy("Dagelijks uitvoeren"), required=False)
    active = forms.BooleanField(label=gettext_lazy("Actief"), required=False)

    DEFINITION = (
        "code",
        "name",
        "description",
        "dataset",
        "kind",
        "columns",
        "params",
        "dimension",
    )

    def __init__(self, *args: Any, people_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_employee"].queryset = active_employees()  # type: ignore[attr-defined]
        self.fields["owner_team"].queryset = organisation_selectors.team_list()  # type: ignore[attr-defined]
        self.fields["description"].widget.attrs["rows"] = 3
        self.fields["params"].widget.attrs["rows"] = 3
        if people_only:
            for name in self.DEFINITION:
                del self.fields[name]

    def data_for_service(self, *, creating: bool) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if "columns" in data:
            data["columns"] = [c.strip() for c in (data["columns"] or "").split(",") if c.strip()]
        if "params" in data and data["params"] is None:
            data["params"] = {}
        if not creating:
            data.pop("code", None)
        return data


def check_initial(check: Check) -> dict[str, Any]:
    return {
        "code": check.code,
        "name": check.name,
        "description": check.description,
        "dataset": check.dataset_id,
        "kind": check.kind,
        "columns": ", ".join(check.columns),
        "params": check.params,
        "dimension": check.dimension,
        "severity": check.severity,
        "threshold": check.threshold,
        "owner_employee": check.owner_employee_id,
        "owner_team": check.owner_team_id,
        "scheduled": check.scheduled,
        "active": check.active,
    }


class AssignForm(ServiceForm):
    assignee = EmployeeChoiceField(
        label=gettext_lazy("Toewijzen aan"), queryset=Employee.objects.none()
    )
    note = forms.CharField(label=gettext_lazy("Toelichting"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = active_employees()  # type: ignore[attr-defined]


class AcknowledgeForm(ServiceForm):
    note = forms.CharField(label=gettext_lazy("Toelichting"), required=False)


class ResolveForm(ServiceForm):
    reason = forms.CharField(
        label=gettext_lazy("Reden"),
        widget=forms.Textarea,
        help_text=gettext_lazy("Wat is er gedaan, of waarom is dit geen probleem?"),
    )


# --- charts ---------------------------------------------------------------------------------


def trend_spec(points: list[tuple[Any, scores.Score]], title: str) -> dict[str, Any]:
    """A small Vega-Lite line of the score per day (the table beside it has the figures)."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": title,
        "width": "container",
        "height": 140,
        "data": {
            "values": [
                {"dag": day.isoformat(), "score": round(score.value * 100, 1)}
                for day, score in points
            ]
        },
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "dag", "type": "temporal", "title": _("Dag")},
            "y": {
                "field": "score",
                "type": "quantitative",
                "title": _("Score (%)"),
                "scale": {"domain": [0, 100]},
            },
        },
    }


def quality_summary(identifier: str | None) -> dict[str, Any]:
    """Score, per-dimension scores and trend of one dataset (or of all)."""
    points = scores.trend(identifier, days=TREND_DAYS)
    overall: scores.Score | None
    if identifier is None:
        overall = scores.overall_score()
    else:
        overall = scores.dataset_scores([identifier]).get(identifier)
    dimensions = scores.dimension_scores(identifier)
    return {
        "score": overall,
        "dimensions": [(label, dimensions.get(value)) for value, label in Dimension.choices],
        "trend": points,
        "trend_spec": trend_spec(points, _("Kwaliteitsscore per dag")) if points else None,
    }


# --- pages ----------------------------------------------------------------------------------


@login_required
@permission_required(VIEW_CHECK, raise_exception=True)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    rows = scores.dataset_score_rows()
    failing = [
        (check, result)
        for check, result in quality.with_latest_results(quality.check_list().filter(active=True))
        if result is not None and not result.passed
    ]
    context = {
        "overall": quality_summary(None),
        "datasets": rows,
        "open_incidents": list(quality.incident_list(status="open")[:20]),
        "failing": failing,
    }
    return render(request, "web/dataplatform/quality/dashboard.html", context)


@login_required
@permission_required(VIEW_CHECK, raise_exception=True)
@require_GET
def check_list(request: HttpRequest) -> HttpResponse:
    rows = quality.with_latest_results(quality.check_list())
    return render(request, "web/dataplatform/quality/check_list.html", {"rows": rows})


def _check_page(
    request: HttpRequest, check: Check, *, form: CheckForm | None = None, status: int = 200
) -> HttpResponse:
    user = user_of(request)
    if form is None and user.has_perm(CHANGE_CHECK):
        form = CheckForm(initial=check_initial(check), people_only=check.shipped)
    incident = quality.incident_list(status="open").filter(check_rule=check).first()
    context = {
        "check": check,
        "results": list(quality.result_list().filter(check_rule=check)[:RESULT_ROWS]),
        "incident": incident,
        "incidents": list(quality.incident_list().filter(check_rule=check)[:10]),
        "form": form.style() if form else None,
        "may_run": user.has_perm(RUN_CHECK),
    }
    return render(request, "web/dataplatform/quality/check_detail.html", context, status=status)


def _check_for(pk: int) -> Check:
    return get_object_or_404(quality.check_list(), pk=pk)


@login_required
@permission_required(VIEW_CHECK, raise_exception=True)
@require_GET
def check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _check_page(request, _check_for(pk))


@login_required
@permission_required(CHANGE_CHECK, raise_exception=True)
@require_POST
def check_update(request: HttpRequest, pk: int) -> HttpResponse:
    check = _check_for(pk)
    form = CheckForm(request.POST, people_only=check.shipped)

    def write(data: dict[str, Any]) -> str:
        quality.check_update(
            actor=user_of(request), check=check, data=form.data_for_service(creating=False)
        )
        return _("De controle %(name)s is opgeslagen.") % {"name": check.name}

    status = submit(request, form, write)
    if status is None:
        return redirect(reverse("web:check-detail", args=[check.pk]))
    return _check_page(request, check, form=form, status=status)


@login_required
@permission_required(ADD_CHECK, raise_exception=True)
@require_http_methods(["GET", "POST"])
def check_create(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = CheckForm(
            initial={"severity": Severity.MAJOR, "threshold": 0, "active": True, "scheduled": True}
        )
        return render(request, "web/dataplatform/quality/check_form.html", {"form": form.style()})
    form = CheckForm(request.POST)
    created: list[Check] = []

    def write(data: dict[str, Any]) -> str:
        created.append(
            quality.check_create(actor=user_of(request), data=form.data_for_service(creating=True))
        )
        return _("De controle %(name)s is aangemaakt.") % {"name": created[0].name}

    status = submit(request, form, write)
    if status is None:
        return redirect(reverse("web:check-detail", args=[created[0].pk]))
    return render(
        request, "web/dataplatform/quality/check_form.html", {"form": form.style()}, status=status
    )


def _run(request: HttpRequest, checks: list[Check]) -> None:
    try:
        count = quality.request_run(actor=user_of(request), checks=checks)
    except DomainError as error:
        messages.error(request, dutch_message(error))
        return
    messages.success(
        request,
        _("%(count)s controle(s) uitgevoerd of ingepland.") % {"count": count},
    )


@login_required
@permission_required(RUN_CHECK, raise_exception=True)
@require_POST
def check_run(request: HttpRequest, pk: int) -> HttpResponse:
    check = _check_for(pk)
    _run(request, [check])
    return redirect(reverse("web:check-detail", args=[check.pk]))


@login_required
@permission_required(RUN_CHECK, raise_exception=True)
@require_POST
def dataset_checks_run(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = get_object_or_404(selectors.dataset_list(), pk=pk)
    _run(request, list(quality.check_list(dataset=dataset).filter(active=True).order_by("pk")))
    return redirect(reverse("web:dataset-detail", args=[dataset.pk]) + "#kwaliteit")


@login_required
@permission_required(VIEW_INCIDENT, raise_exception=True)
@require_GET
def incident_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    if status not in {"open", "", *IncidentStatus.values}:
        status = "open"
    incidents = quality.incident_list(status=status)
    page = Paginator(incidents, PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {"page": page, "status": status, "statuses": IncidentStatus.choices}
    return render(request, "web/dataplatform/quality/incident_list.html", context)


# The incident's moves: the form of each and its prefix on the incident page.
MOVE_FORMS: dict[str, tuple[type[ServiceForm], str]] = {
    "acknowledge": (AcknowledgeForm, "erkennen"),
    "assign": (AssignForm, "toewijzen"),
    "resolve": (ResolveForm, "oplossen"),
}


def _move_form(which: str, data: Any = None) -> ServiceForm:
    form_class, prefix = MOVE_FORMS[which]
    return form_class(data, prefix=prefix)


def _incident_for(pk: int) -> Incident:
    return get_object_or_404(quality.incident_list(), pk=pk)


def _incident_page(
    request: HttpRequest,
    incident: Incident,
    *,
    bound: tuple[str, ServiceForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    moves = quality.moves_for(user_of(request), incident)
    forms_ = {which: _move_form(which) if which in moves else None for which in quality.MOVES_FROM}
    if bound is not None:
        forms_[bound[0]] = bound[1]
    context: dict[str, Any] = {
        "incident": incident,
        "events": list(incident.events.select_related("actor", "result")),
        "last_run_passed": quality.last_run_passed(incident),
        **{f"{which}_form": form.style() if form else None for which, form in forms_.items()},
    }
    return render(request, "web/dataplatform/quality/incident_detail.html", context, status=status)


@login_required
@permission_required(VIEW_INCIDENT, raise_exception=True)
@require_GET
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _incident_page(request, _incident_for(pk))


def _incident_move(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    incident = _incident_for(pk)
    form = _move_form(which, request.POST)

    def write(data: dict[str, Any]) -> str:
        actor = user_of(request)
        if which == "acknowledge":
            quality.incident_acknowledge(actor=actor, incident=incident, note=data["note"])
            return _("Het incident is erkend.")
        if which == "assign":
            quality.incident_assign(
                actor=actor, incident=incident, assignee=data["assignee"], note=data["note"]
            )
            return _("Het incident is toegewezen.")
        quality.incident_resolve(actor=actor, incident=incident, reason=data["reason"])
        return _("Het incident is opgelost.")

    status = submit(request, form, write)
    if status is None:
        return redirect(reverse("web:incident-detail", args=[incident.pk]))
    return _incident_page(request, incident, bound=(which, form), status=status)


@login_required
@permission_required(VIEW_INCIDENT, raise_exception=True)
@require_POST
def incident_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _incident_move(request, pk, "acknowledge")


@login_required
@permission_required(VIEW_INCIDENT, raise_exception=True)
@require_POST
def incident_assign(request: HttpRequest, pk: int) -> HttpResponse:
    return _incident_move(request, pk, "assign")


@login_required
@permission_required(VIEW_INCIDENT, raise_exception=True)
@require_POST
def incident_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    return _incident_move(request, pk, "resolve")


def dataset_quality_context(dataset: Dataset) -> dict[str, Any]:
    """The "Kwaliteit" section of the dataset page."""
    summary = quality_summary(dataset.identifier)
    return {
        "quality": {
            **summary,
            "checks": quality.with_latest_results(quality.check_list(dataset=dataset)),
        }
    }
