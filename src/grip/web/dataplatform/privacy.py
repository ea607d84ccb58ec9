"""The processing register (AVG art. 30) and the access log of personal-data reads.

All staff read the register; a change is a new version (the privacy officer or the beheerder),
and every version keeps the page its identifier points at (``/verwerkingen/<code>/v<n>/``).
The access log is for who holds ``view_accesslogline`` (the privacy officer, the beheerder):
its lines newest first, filtered, and a check of the hash chain.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from grip.dataplatform import accesslog, privacy
from grip.dataplatform.models import AccessOutcome, Dataset, ProcessingActivity
from grip.web.accounts.common import submit, user_of
from grip.web.cases import DateInput, ServiceForm

VIEW_ACTIVITY = "dataplatform.view_processingactivity"
ADD_ACTIVITY = privacy.ADD_ACTIVITY
VIEW_LOG = "dataplatform.view_accesslogline"
LOG_PAGE_SIZE = 50
TEXT_FIELDS = (
    "purposes",
    "legal_basis_detail",
    "data_subjects",
    "data_categories",
    "recipients",
    "transfers_outside_eu",
    "retention",
    "security_measures",
)


# --- forms ------------------------------------------------------------------------------------


class DatasetChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_title} ({obj.identifier})"


class ActivityForm(ServiceForm):
    """One version of a processing activity; the service decides (dates, real change)."""

    def __init__(self, *args: Any, with_code: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if with_code:
            self.fields["code"] = forms.SlugField(
                label=gettext_lazy("Code"),
                max_length=60,
                help_text=gettext_lazy(
                    "Kort en blijvend, kleine letters en streepjes: deel van de identificatie."
                ),
            )
        fields = forms.fields_for_model(ProcessingActivity, fields=privacy.ACTIVITY_FIELDS)
        for name, field in fields.items():
            if field is None:
                continue
            field.label = capfirst(field.label)
            if name in TEXT_FIELDS:
                field.widget = forms.Textarea(attrs={"rows": 3})
            self.fields[name] = field
        self.fields["datasets"] = DatasetChoiceField(
            label=gettext_lazy("Datasets"),
            queryset=Dataset.objects.filter(present=True).order_by("identifier"),
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 8}),
            help_text=gettext_lazy("De tabellen met de persoonsgegevens van deze verwerking."),
        )
        self.fields["valid_from"] = forms.DateField(
            label=gettext_lazy("Geldig vanaf"),
            widget=DateInput(),
            required=False,
            help_text=gettext_lazy("Leeg: vandaag (of de dag na de start van de vorige versie)."),
        )


def _initial(activity: ProcessingActivity) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(activity, name) for name in privacy.ACTIVITY_FIELDS}
    initial["datasets"] = list(activity.datasets.all())
    return initial


# --- the register -----------------------------------------------------------------------------


@login_required
@permission_required(VIEW_ACTIVITY, raise_exception=True)
@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    """The register as it stands today: one row per activity, the version in force."""
    context = {
        "activities": [
            {"activity": activity, "uri": privacy.activity_uri(activity)}
            for activity in privacy.current_activities()
        ],
        "may_add": user_of(request).has_perm(ADD_ACTIVITY),
    }
    return render(request, "web/dataplatform/privacy/activity_list.html", context)


def _versions(code: str) -> list[ProcessingActivity]:
    versions = list(privacy.activity_versions(code))
    if not versions:
        raise Http404
    return versions


def _activity_page(
    request: HttpRequest, activity: ProcessingActivity, versions: list[ProcessingActivity]
) -> HttpResponse:
    today = timezone.localdate()
    current = privacy.current_activity(activity.code)
    context = {
        "activity": activity,
        "uri": privacy.activity_uri(activity),
        "is_current": activity.pk == current.pk,
        "current": current,
        "datasets": list(activity.datasets.order_by("identifier")),
        "versions": [
            {
                "activity": version,
                "uri": privacy.activity_uri(version),
                "in_force": privacy.in_force(version, today),
            }
            for version in versions
        ],
        "may_add": user_of(request).has_perm(ADD_ACTIVITY),
        "is_latest": activity.pk == versions[0].pk,
    }
    return render(request, "web/dataplatform/privacy/activity_detail.html", context)


@login_required
@permission_required(VIEW_ACTIVITY, raise_exception=True)
@require_GET
def activity_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The version in force today, with every version of the activity."""
    versions = _versions(code)
    return _activity_page(request, privacy.current_activity(code), versions)


@login_required
@permission_required(VIEW_ACTIVITY, raise_exception=True)
@require_GET
def activity_version(request: HttpRequest, code: str, version: int) -> HttpResponse:
    """One version: the page an access log line's processing activity id points at."""
    versions = _versions(code)
    chosen = next((found for found in versions if found.version == version), None)
    if chosen is None:
        raise Http404
    return _activity_page(request, chosen, versions)


@login_required
@permission_required(ADD_ACTIVITY, raise_exception=True)
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    form = ActivityForm(request.POST or None, with_code=True)
    status = 200
    if request.method == "POST":
        made: list[ProcessingActivity] = []

        def write(data: dict[str, Any]) -> str:
            data = dict(data)
            code = data.pop("code")
            made.append(privacy.activity_create(actor=user_of(request), code=code, data=data))
            return _("De verwerking %(name)s staat in het register.") % {"name": made[0].name}

        result = submit(request, form, write)
        if result is None:
            return redirect(reverse("web:processing-detail", args=[made[0].code]))
        status = result
    context = {"form": form.style(), "activity": None}
    return render(request, "web/dataplatform/privacy/activity_form.html", context, status=status)


@login_required
@permission_required(ADD_ACTIVITY, raise_exception=True)
@require_http_methods(["GET", "POST"])
def activity_new_version(request: HttpRequest, code: str) -> HttpResponse:
    """Change an activity: the form starts from the latest version; saving makes a new one."""
    latest = _versions(code)[0]
    if request.method == "POST":
        form = ActivityForm(request.POST)
        made: list[ProcessingActivity] = []

        def write(data: dict[str, Any]) -> str:
            made.append(
                privacy.activity_new_version(actor=user_of(request), activity=latest, data=data)
            )
            return _("Versie %(version)s van %(name)s is vastgelegd.") % {
                "version": made[0].version,
                "name": made[0].name,
            }

        status = submit(request, form, write)
        if status is None:
            new = made[0]
            return redirect(reverse("web:processing-version", args=[new.code, new.version]))
    else:
        form = ActivityForm(initial=_initial(latest))
        status = 200
    context = {"form": form.style(), "activity": latest}
    return render(request, "web/dataplatform/privacy/activity_form.html", context, status=status)


# --- the access log ---------------------------------------------------------------------------


class LogFilterForm(ServiceForm):
    dataset = forms.CharField(label=gettext_lazy("Dataset"), required=False, max_length=120)
    object = forms.CharField(label=gettext_lazy("Object (id)"), required=False, max_length=64)
    actor = forms.CharField(
        label=gettext_lazy("Gebruiker"),
        required=False,
        max_length=150,
        help_text=gettext_lazy("Gebruikersnaam of gebruikers-id."),
    )
    start = forms.DateField(label=gettext_lazy("Vanaf"), required=False, widget=DateInput())
    end = forms.DateField(label=gettext_lazy("Tot en met"), required=False, widget=DateInput())
    outcome = forms.ChoiceField(
        label=gettext_lazy("Uitkomst"),
        required=False,
        choices=[("", gettext_lazy("Alle")), *AccessOutcome.choices],
    )


@login_required
@permission_required(VIEW_LOG, raise_exception=True)
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    """The lines, newest first; filters; and on request the check of the hash chain."""
    form = LogFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    found = accesslog.line_list(
        dataset=data.get("dataset", ""),
        object_pk=data.get("object", ""),
        actor=data.get("actor", ""),
        outcome=data.get("outcome", ""),
        start=data.get("start"),
        end=data.get("end"),
    )
    page = Paginator(found, LOG_PAGE_SIZE).get_page(request.GET.get("pagina"))
    lines = list(page)
    users = accesslog.actor_usernames(lines)
    names = privacy.activity_names()
    rows = [
        {
            "line": line,
            "actor": users.get(line.actor, line.actor or _("systeem")),
            "activity": names.get(line.processing_activity_id, line.processing_activity_id),
            "activity_path": line.processing_activity_id.removeprefix(settings.BASE_URL),
        }
        for line in lines
    ]
    kept = request.GET.copy()
    kept.pop("pagina", None)
    checked = request.GET.get("controleer") == "1"
    kept.pop("controleer", None)
    context: dict[str, Any] = {
        "form": form.style(),
        "page": page,
        "rows": rows,
        "query": kept.urlencode(),
        "checked": checked,
        "problems": accesslog.verify() if checked else [],
        "head": accesslog.head(),
        "anchor": accesslog.latest_anchor(),
        "total": accesslog.line_count(),
    }
    return render(request, "web/dataplatform/privacy/access_log.html", context)
