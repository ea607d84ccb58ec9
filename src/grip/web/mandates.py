"""Pages for the mandate registers: a participant's register as it could publish it (with a
print layout and a CSV export), the director's sub-mandates, and editing for the beheerder.

Reads go through ``grip.mandates.selectors`` (a participant user sees only its own register;
another participant's answers 404) and writes through ``grip.mandates.services``, which check
the permission again and never delete: a mandate ends by expiry or revocation.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from grip.cases import selectors as case_selectors
from grip.cases.models import CaseType, DecisionType
from grip.core.errors import DomainError
from grip.core.tenancy import sees_all_participants
from grip.mandates import selectors, services
from grip.mandates.models import (
    MandateDecision,
    MandateLine,
    SubMandateDecision,
    SubMandateLine,
)
from grip.organisation import selectors as organisation_selectors
from grip.organisation.models import Function
from grip.participants import selectors as participant_selectors
from grip.participants.models import Participant
from grip.web.cases import DateInput, DutchDecimalField, ServiceForm, refusal_status

VIEW_PERMISSION = "mandates.view_mandatedecision"
KEEP_PERMISSION = "mandates.add_mandatedecision"
REVOKE_PERMISSION = "mandates.revoke_mandatedecision"


# --- forms ------------------------------------------------------------------------------------


class _CaseTypeChoices(forms.ModelMultipleChoiceField[CaseType]):
    def label_from_instance(self, obj: CaseType) -> str:
        return obj.name


def _decision_types(label: Any, *, required: bool = False) -> forms.ModelMultipleChoiceField[Any]:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=DecisionType.objects.none(),
        required=required,
        widget=forms.CheckboxSelectMultiple,
    )


def _amount() -> forms.DecimalField:
    return DutchDecimalField(
        label=gettext_lazy("Maximumbedrag in euro (niet verplicht)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class MandateDecisionForm(ServiceForm):
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=240)
    mandator = forms.CharField(
        label=gettext_lazy("Mandaatgever"),
        max_length=200,
        help_text=gettext_lazy(
            "Zoals in de namens-regel: 'het college van burgemeester en wethouders van …'."
        ),
    )
    decision_date = forms.DateField(label=gettext_lazy("Besluitdatum"), widget=DateInput())
    publication_reference = forms.CharField(
        label=gettext_lazy("Vindplaats publicatie"),
        max_length=240,
        required=False,
        help_text=gettext_lazy("Bijvoorbeeld het nummer in het Gemeenteblad."),
    )
    valid_from = forms.DateField(label=gettext_lazy("Geldig vanaf"), widget=DateInput())
    valid_to = forms.DateField(
        label=gettext_lazy("Geldig tot en met (niet verplicht)"), required=False, widget=DateInput()
    )


class MandateLineForm(ServiceForm):
    power = forms.CharField(label=gettext_lazy("Bevoegdheid"), max_length=240)
    legal_basis = forms.CharField(
        label=gettext_lazy("Wettelijke grondslag"), max_length=240, required=False
    )
    decision_types = _decision_types(gettext_lazy("Besluittypen"))
    case_types = _CaseTypeChoices(
        label=gettext_lazy("Zaaktypen"),
        queryset=CaseType.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Zonder besluittypen: alle besluittypen van deze zaaktypen. Met besluittypen: alleen "
            "in zaken van deze zaaktypen."
        ),
    )
    excluded_decision_types = _decision_types(gettext_lazy("Uitgezonderde besluittypen"))
    function = forms.ModelChoiceField(
        label=gettext_lazy("Gemandateerde functie"), queryset=Function.objects.none()
    )
    sub_mandate_allowed = forms.BooleanField(
        label=gettext_lazy("Ondermandaat toegestaan"), required=False
    )
    max_amount = _amount()
    conditions = forms.CharField(
        label=gettext_lazy("Voorwaarden"), required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = case_selectors.decision_type_list()
        self.fields["decision_types"].queryset = types  # type: ignore[attr-defined]
        self.fields["excluded_decision_types"].queryset = types  # type: ignore[attr-defined]
        self.fields["case_types"].queryset = case_selectors.case_type_list(  # type: ignore[attr-defined]
            on=timezone.localdate()
        ).order_by("name")
        self.fields["function"].queryset = organisation_selectors.function_list()  # type: ignore[attr-defined]


class SubMandateDecisionForm(ServiceForm):
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=240)
    mandator_function = forms.ModelChoiceField(
        label=gettext_lazy("Ondermandaatgever"),
        queryset=Function.objects.none(),
        help_text=gettext_lazy("De functie die het mandaat van de deelnemers heeft: de directeur."),
    )
    decision_date = forms.DateField(label=gettext_lazy("Besluitdatum"), widget=DateInput())
    reference = forms.CharField(label=gettext_lazy("Kenmerk"), max_length=120, required=False)
    valid_from = forms.DateField(label=gettext_lazy("Geldig vanaf"), widget=DateInput())
    valid_to = forms.DateField(
        label=gettext_lazy("Geldig tot en met (niet verplicht)"), required=False, widget=DateInput()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mandator_function"].queryset = organisation_selectors.function_list()  # type: ignore[attr-defined]


class SubMandateLineForm(ServiceForm):
    power = forms.CharField(label=gettext_lazy("Bevoegdheid"), max_length=240)
    decision_types = _decision_types(gettext_lazy("Besluittypen"), required=True)
    participants = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Alleen voor deze deelnemers"),
        queryset=Participant.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Niets aangevinkt: voor alle deelnemers."),
    )
    function = forms.ModelChoiceField(
        label=gettext_lazy("Ondergemandateerde functie"), queryset=Function.objects.none()
    )
    max_amount = _amount()
    conditions = forms.CharField(
        label=gettext_lazy("Voorwaarden"), required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision_types"].queryset = case_selectors.decision_type_list()  # type: ignore[attr-defined]
        self.fields["participants"].queryset = participant_selectors.participant_list_for(  # type: ignore[attr-defined]
            user=user
        ).order_by("name")
        self.fields["function"].queryset = organisation_selectors.function_list()  # type: ignore[attr-defined]


class RevokeForm(ServiceForm):
    on = forms.DateField(
        label=gettext_lazy("Ingetrokken per"),
        widget=DateInput(),
        help_text=gettext_lazy("Vanaf deze dag geldt het mandaat niet meer."),
    )
    reason = forms.CharField(label=gettext_lazy("Reden van intrekking"), widget=forms.Textarea)


# --- the registers ----------------------------------------------------------------------------


def _as_of(request: HttpRequest) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("peildatum", ""))
    except ValueError:
        return timezone.localdate()


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
@require_GET
def register_list(request: HttpRequest) -> HttpResponse:
    """Every participant the user may see, with how many mandate decisions its register has."""
    participants = participant_selectors.participant_list_for(user=request.user).order_by("name")
    counts = dict(
        selectors.mandate_decision_list_for(user=request.user)
        .prefetch_related(None)
        .order_by()
        .values_list("participant_id")
        .annotate(count=Count("id"))
    )
    context = {
        "rows": [(participant, counts.get(participant.pk, 0)) for participant in participants],
        "sees_all": sees_all_participants(request.user),
    }
    return render(request, "mandates/register_list.html", context)


def validity(decision: MandateDecision | SubMandateDecision, on: datetime.date) -> tuple[str, str]:
    """Whether a (sub-)mandate decision is in force on a day, as a code and a Dutch label."""
    if decision.revoked_on and decision.revoked_on <= on:
        return "ingetrokken", _("ingetrokken per %(day)s") % {
            "day": decision.revoked_on.strftime("%d-%m-%Y")
        }
    if decision.valid_to and decision.valid_to < on:
        return "verlopen", _("verlopen op %(day)s") % {
            "day": decision.valid_to.strftime("%d-%m-%Y")
        }
    if decision.valid_from > on:
        return "toekomstig", _("geldt vanaf %(day)s") % {
            "day": decision.valid_from.strftime("%d-%m-%Y")
        }
    return "geldig", _("in werking")


def _rows(
    decisions: Iterable[MandateDecision | SubMandateDecision], on: datetime.date
) -> list[dict[str, Any]]:
    rows = []
    for decision in decisions:
        code, label = validity(decision, on)
        rows.append({"decision": decision, "state": code, "state_label": label})
    return rows


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
@require_GET
def register(request: HttpRequest, participant_id: int) -> HttpResponse:
    """A participant's mandate register, as it could publish it; ``?peildatum=`` shows which
    mandates were in force on that day."""
    found = selectors.register_for(
        user=request.user, participant_id=participant_id, as_of=_as_of(request)
    )
    context = {
        "register": found,
        "decision_rows": _rows(found.decisions, found.as_of),
        # Only the sub-mandates with a line that applies to this participant.
        "sub_rows": _rows(
            [decision for decision in found.sub_mandates if list(decision.lines.all())],
            found.as_of,
        ),
        "may_keep": request.user.has_perm(KEEP_PERMISSION),
        "may_revoke": request.user.has_perm(REVOKE_PERMISSION),
        "today": timezone.localdate(),
    }
    return render(request, "mandates/register.html", context)


def _names(items: Iterable[Any]) -> str:
    return ", ".join(str(getattr(item, "name", item)) for item in items)


def _euro(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f}".replace(".", ",")


def _day(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


EXPORT_COLUMNS = (
    gettext_lazy("Soort"),
    gettext_lazy("Besluit"),
    gettext_lazy("Mandaatgever"),
    gettext_lazy("Besluitdatum"),
    gettext_lazy("Vindplaats of kenmerk"),
    gettext_lazy("Geldig vanaf"),
    gettext_lazy("Geldig tot en met"),
    gettext_lazy("Ingetrokken per"),
    gettext_lazy("Bevoegdheid"),
    gettext_lazy("Wettelijke grondslag"),
    gettext_lazy("Besluittypen"),
    gettext_lazy("Zaaktypen"),
    gettext_lazy("Uitgezonderde besluittypen"),
    gettext_lazy("Functie"),
    gettext_lazy("Ondermandaat toegestaan"),
    gettext_lazy("Maximumbedrag (euro)"),
    gettext_lazy("Voorwaarden"),
)


def register_rows(found: selectors.Register) -> list[list[str]]:
    """The register as rows of text: one per mandate line, then one per sub-mandate line."""
    yes, no = _("ja"), _("nee")
    rows: list[list[str]] = []
    for decision in found.decisions:
        for line in decision.lines.all():
            rows.append(
                [
                    _("mandaat"),
                    decision.title,
                    decision.mandator,
                    _day(decision.decision_date),
                    decision.publication_reference,
                    _day(decision.valid_from),
                    _day(decision.valid_to),
                    _day(decision.revoked_on),
                    line.power,
                    line.legal_basis,
                    _names(line.decision_types.all()),
                    _names(line.case_types.all()),
                    _names(line.excluded_decision_types.all()),
                    line.function.name,
                    yes if line.sub_mandate_allowed else no,
                    _euro(line.max_amount),
                    line.conditions,
                ]
            )
    for sub in found.sub_mandates:
        for sub_line in sub.lines.all():
            rows.append(
                [
                    _("ondermandaat"),
                    sub.title,
                    sub.mandator_function.name,
                    _day(sub.decision_date),
                    sub.reference,
                    _day(sub.valid_from),
                    _day(sub.valid_to),
                    _day(sub.revoked_on),
                    sub_line.power,
                    "",
                    _names(sub_line.decision_types.all()),
                    "",
                    "",
                    sub_line.function.name,
                    no,
                    _euro(sub_line.max_amount),
                    sub_line.conditions,
                ]
            )
    return rows


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
@require_GET
def register_export(request: HttpRequest, participant_id: int) -> HttpResponse:
    """The register as CSV (semicolons, UTF-8 with a byte-order mark, so that Excel in a Dutch
    locale opens it as it is): one row per mandate line and per sub-mandate line."""
    found = selectors.register_for(
        user=request.user, participant_id=participant_id, as_of=_as_of(request)
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(column) for column in EXPORT_COLUMNS])
    writer.writerows(register_rows(found))
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    filename = f"mandaatregister-{found.participant.code}-{found.as_of.isoformat()}.csv"
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=filename) or "attachment"
    )
    return response


# --- editing (beheerder) ----------------------------------------------------------------------


def _form_page(
    request: HttpRequest,
    form: ServiceForm,
    *,
    title: str,
    back_url: str,
    back_label: str,
    intro: str = "",
    button: str,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form.style(),
        "title": title,
        "back_url": back_url,
        "back_label": back_label,
        "intro": intro,
        "button": button,
    }
    return render(request, "mandates/form.html", context, status=status)


def _handle(
    request: HttpRequest,
    form: ServiceForm,
    write: Callable[[dict[str, Any]], str],
    done_url: str,
) -> tuple[HttpResponse | None, int]:
    """Validate and write; the redirect on success, or the status to show the form with."""
    if request.method != "POST":
        return None, 200
    if not form.is_valid():
        return None, 422
    try:
        success = write(form.cleaned_data)
    except (DomainError, ValidationError) as error:
        form.add_refusal(error)
        return None, refusal_status(error)
    messages.success(request, success)
    return redirect(done_url), 200


def _register_url(participant_id: int, anchor: str = "") -> str:
    url = reverse("web:mandate-register", args=[participant_id])
    return f"{url}#{anchor}" if anchor else url


def _default_mandator(participant: Participant) -> str:
    if participant.kind == "provincie":
        return _("gedeputeerde staten van Noord-Brabant")
    return _("het college van burgemeester en wethouders van %(name)s") % {"name": participant.name}


@login_required
@permission_required(KEEP_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def mandate_decision_create(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = get_object_or_404(
        participant_selectors.participant_list_for(user=request.user), pk=participant_id
    )
    today = timezone.localdate()
    form = (
        MandateDecisionForm(request.POST)
        if request.method == "POST"
        else MandateDecisionForm(
            initial={
                "mandator": _default_mandator(participant),
                "decision_date": today,
                "valid_from": today,
            }
        )
    )

    def write(data: dict[str, Any]) -> str:
        decision = services.mandate_decision_create(
            actor=request.user, participant=participant, **data
        )
        return _("Mandaatbesluit '%(title)s' is toegevoegd; voeg nu de regels toe.") % {
            "title": decision.title
        }

    response, status = _handle(request, form, write, _register_url(participant.pk))
    return response or _form_page(
        request,
        form,
        title=_("Mandaatbesluit toevoegen voor %(name)s") % {"name": participant.name},
        back_url=_register_url(participant.pk),
        back_label=_("Mandaatregister %(name)s") % {"name": participant.name},
        button=_("Mandaatbesluit toevoegen"),
        status=status,
    )


def _mandate_decision(request: HttpRequest, pk: int) -> MandateDecision:
    return selectors.mandate_decision_detail_for(user=request.user, pk=pk)


@login_required
@permission_required(KEEP_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def mandate_line_add(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _mandate_decision(request, pk)
    form = MandateLineForm(request.POST) if request.method == "POST" else MandateLineForm()

    def write(data: dict[str, Any]) -> str:
        line: MandateLine = services.mandate_line_add(
            actor=request.user,
            decision=decision,
            power=data["power"],
            function=data["function"],
            decision_types=list(data["decision_types"]),
            case_types=list(data["case_types"]),
            excluded_decision_types=list(data["excluded_decision_types"]),
            legal_basis=data["legal_basis"],
            sub_mandate_allowed=data["sub_mandate_allowed"],
            max_amount=data["max_amount"],
            conditions=data["conditions"],
        )
        return _("Regel '%(power)s' is aan het register toegevoegd.") % {"power": line.power}

    done = _register_url(decision.participant_id, f"mandaatbesluit-{decision.pk}")
    response, status = _handle(request, form, write, done)
    return response or _form_page(
        request,
        form,
        title=_("Regel toevoegen aan %(title)s") % {"title": decision.title},
        back_url=done,
        back_label=_("Mandaatregister %(name)s") % {"name": decision.participant.name},
        intro=_("Een regel noemt de besluittypen of zaaktypen die de functie mag nemen."),
        button=_("Regel toevoegen"),
        status=status,
    )


@login_required
@permission_required(REVOKE_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def mandate_decision_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _mandate_decision(request, pk)
    form = (
        RevokeForm(request.POST)
        if request.method == "POST"
        else RevokeForm(initial={"on": timezone.localdate()})
    )

    def write(data: dict[str, Any]) -> str:
        services.mandate_decision_revoke(actor=request.user, decision=decision, **data)
        return _("Mandaatbesluit '%(title)s' is ingetrokken per %(day)s.") % {
            "title": decision.title,
            "day": data["on"].strftime("%d-%m-%Y"),
        }

    done = _register_url(decision.participant_id, f"mandaatbesluit-{decision.pk}")
    response, status = _handle(request, form, write, done)
    return response or _form_page(
        request,
        form,
        title=_("%(title)s intrekken") % {"title": decision.title},
        back_url=done,
        back_label=_("Mandaatregister %(name)s") % {"name": decision.participant.name},
        intro=_(
            "Een ingetrokken mandaat blijft in het register staan; besluiten die eronder zijn "
            "genomen, houden hun mandaatketen."
        ),
        button=_("Intrekken"),
        status=status,
    )


# --- sub-mandates -----------------------------------------------------------------------------


def _require_staff(request: HttpRequest) -> None:
    """The director's sub-mandates concern every participant: staff of the service see them all;
    a participant user sees those that apply to it on its own register."""
    if not sees_all_participants(request.user):
        raise PermissionDenied


def _sub_mandates() -> QuerySet[SubMandateDecision]:
    return selectors.sub_mandate_decision_list()


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
@require_GET
def sub_mandate_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    today = timezone.localdate()
    context = {
        "rows": _rows(_sub_mandates(), today),
        "may_keep": request.user.has_perm(KEEP_PERMISSION),
        "may_revoke": request.user.has_perm(REVOKE_PERMISSION),
    }
    return render(request, "mandates/sub_mandate_list.html", context)


def _sub_url(anchor: str = "") -> str:
    url = reverse("web:sub-mandate-list")
    return f"{url}#{anchor}" if anchor else url


@login_required
@permission_required(KEEP_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def sub_mandate_decision_create(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    today = timezone.localdate()
    director = organisation_selectors.function_list().filter(code="directeur").first()
    form = (
        SubMandateDecisionForm(request.POST)
        if request.method == "POST"
        else SubMandateDecisionForm(
            initial={
                "mandator_function": director.pk if director else None,
                "decision_date": today,
                "valid_from": today,
            }
        )
    )

    def write(data: dict[str, Any]) -> str:
        decision = services.sub_mandate_decision_create(actor=request.user, **data)
        return _("Ondermandaatbesluit '%(title)s' is toegevoegd; voeg nu de regels toe.") % {
            "title": decision.title
        }

    response, status = _handle(request, form, write, _sub_url())
    return response or _form_page(
        request,
        form,
        title=_("Ondermandaatbesluit toevoegen"),
        back_url=_sub_url(),
        back_label=_("Ondermandaten"),
        button=_("Ondermandaatbesluit toevoegen"),
        status=status,
    )


@login_required
@permission_required(KEEP_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def sub_mandate_line_add(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    decision = get_object_or_404(_sub_mandates(), pk=pk)
    form = (
        SubMandateLineForm(request.POST, user=request.user)
        if request.method == "POST"
        else SubMandateLineForm(user=request.user)
    )

    def write(data: dict[str, Any]) -> str:
        line: SubMandateLine = services.sub_mandate_line_add(
            actor=request.user,
            decision=decision,
            power=data["power"],
            function=data["function"],
            decision_types=list(data["decision_types"]),
            participants=list(data["participants"]),
            max_amount=data["max_amount"],
            conditions=data["conditions"],
        )
        return _("Regel '%(power)s' is aan het ondermandaat toegevoegd.") % {"power": line.power}

    done = _sub_url(f"ondermandaat-{decision.pk}")
    response, status = _handle(request, form, write, done)
    return response or _form_page(
        request,
        form,
        title=_("Regel toevoegen aan %(title)s") % {"title": decision.title},
        back_url=done,
        back_label=_("Ondermandaten"),
        button=_("Regel toevoegen"),
        status=status,
    )


@login_required
@permission_required(REVOKE_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def sub_mandate_decision_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    decision = get_object_or_404(_sub_mandates(), pk=pk)
    form = (
        RevokeForm(request.POST)
        if request.method == "POST"
        else RevokeForm(initial={"on": timezone.localdate()})
    )

    def write(data: dict[str, Any]) -> str:
        services.sub_mandate_decision_revoke(actor=request.user, decision=decision, **data)
        return _("Ondermandaatbesluit '%(title)s' is ingetrokken per %(day)s.") % {
            "title": decision.title,
            "day": data["on"].strftime("%d-%m-%Y"),
        }

    done = _sub_url(f"ondermandaat-{decision.pk}")
    response, status = _handle(request, form, write, done)
    return response or _form_page(
        request,
        form,
        title=_("%(title)s intrekken") % {"title": decision.title},
        back_url=done,
        back_label=_("Ondermandaten"),
        button=_("Intrekken"),
        status=status,
    )
