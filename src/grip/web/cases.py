"""Pages for VTH cases: the case list with deadline traffic lights and saved views, the intake,
the case page with its timeline and actions, the checked document download, and the signing
flow that shows the mandate chain before a decision is signed.

Views read through ``grip.cases.selectors`` (and the hours and mandates selectors for what the
case page combines) and write through the services, which check permissions, tenancy and the
rules again. A refused action never answers 500: the page comes back with the service's own
sentence next to the field (422, or 409 for a conflict with the case's state). The forms work
without JavaScript; htmx adds a live mandate preview to the signing flow and suggestions while
typing a site's identification at intake.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet, prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grip.cases import deadlines, selectors
from grip.cases import services as case_services
from grip.cases.constants import (
    CLOSED,
    SERVICE_ONLY,
    CaseStatus,
    DecisionKind,
    DocumentType,
    LegalRegime,
    RelationKind,
    SuspensionReason,
    allowed_next,
)
from grip.cases.models import Case, CaseType, Decision, DecisionType, Document
from grip.core.classification import Confidentiality
from grip.core.errors import DomainError
from grip.core.models import User as UserModel
from grip.core.tenancy import User, participant_id_of
from grip.dataplatform import accesslog
from grip.enforcement import selectors as enforcement_selectors
from grip.enforcement.models import Inspection
from grip.hours import selectors as hour_selectors
from grip.hours import services as hour_services
from grip.mandates import selectors as mandate_selectors
from grip.mandates import services as mandate_services
from grip.mandates.verdict import Verdict
from grip.organisation import selectors as organisation_selectors
from grip.organisation.models import Employee, Team
from grip.participants import selectors as participant_selectors
from grip.participants.models import Participant
from grip.sites import selectors as site_selectors
from grip.sites.models import Establishment, Site
from grip.web.feedback import dutch_amount, dutch_message, dutch_number, is_htmx

VIEW_PERMISSION = "cases.view_case"
PAGE_SIZE = 50
SITE_SUGGESTIONS = 15

TEXT_INPUT = "utrecht-textbox utrecht-textbox--html-input"
SELECT = "utrecht-select utrecht-select--html-select"
TEXTAREA = "utrecht-textarea utrecht-textarea--html-textarea"
CHECKBOX = "utrecht-checkbox utrecht-checkbox--html-input"


# --- forms that show a service's refusal at the field -----------------------------------------


class DateInput(forms.DateInput):
    """The browser's date picker; its value is always ISO (YYYY-MM-DD), whatever the locale."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class ServiceForm(forms.Form):
    """A form that only parses input; the service it feeds decides. Utrecht classes on every
    input, help texts and errors tied to their input, and a refusal shown where it belongs."""

    def style(self) -> ServiceForm:
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.FileInput):
                pass
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", CHECKBOX)
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", SELECT)
            elif isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("class", TEXTAREA)
                widget.attrs.setdefault("rows", 2)
            else:
                widget.attrs.setdefault("class", TEXT_INPUT)
            described = []
            if field.help_text:
                described.append(f"{self[name].auto_id}-hulp")
            if self.is_bound and self.errors.get(name):
                described.append(f"{self[name].auto_id}-fout")
                widget.attrs["aria-invalid"] = "true"
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)
        return self

    def add_refusal(self, error: DomainError | ValidationError) -> None:
        """Per field where the service names one of ours, else above the form."""
        if isinstance(error, ValidationError):
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                self.add_error(None, error)
            return
        target = error.field if error.field in self.fields else None
        self.add_error(target, dutch_message(error))


class DutchDecimalField(forms.DecimalField):
    """A euro amount typed the Dutch way ('1.250,50', '5.000', '€ 250') or the international
    way ('1250.50'); see :func:`grip.web.feedback.dutch_amount`."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = dutch_amount(value)
        return super().to_python(value)


def refusal_status(error: DomainError | ValidationError) -> int:
    """403 and 409 keep their meaning; a refused value is 422 (Unprocessable Content)."""
    if isinstance(error, DomainError) and error.status in (403, 409):
        return error.status
    return 422


def _today() -> datetime.date:
    return timezone.localdate()


class StatusForm(ServiceForm):
    status = forms.ChoiceField(label=gettext_lazy("Nieuwe status"), choices=CaseStatus.choices)
    on = forms.DateField(label=gettext_lazy("Datum"), widget=DateInput())
    note = forms.CharField(
        label=gettext_lazy("Toelichting (niet verplicht)"), required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": _today()})
        super().__init__(*args, **kwargs)
        # The list offers the procedure's next steps; any status is accepted, so that a step
        # no longer allowed (the case moved on in another tab) hears the service's reason.
        self.fields["status"].widget.choices = [
            (status, CaseStatus(status).label) for status in next_statuses(case)
        ]


class SuspendForm(ServiceForm):
    start = forms.DateField(
        label=gettext_lazy("Opgeschort vanaf"),
        widget=DateInput(),
        help_text=gettext_lazy("De dag waarop de aanvrager is gevraagd de aanvraag aan te vullen."),
    )
    reason = forms.ChoiceField(label=gettext_lazy("Reden"), choices=SuspensionReason.choices)
    note = forms.CharField(
        label=gettext_lazy("Toelichting (niet verplicht)"), required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"start": _today()})
        super().__init__(*args, **kwargs)


class ResumeForm(ServiceForm):
    end = forms.DateField(
        label=gettext_lazy("Hervat op"),
        widget=DateInput(),
        help_text=gettext_lazy(
            "De dag waarop de aanvraag is aangevuld of de termijn voor aanvulling verliep."
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("Toelichting (niet verplicht)"), required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"end": _today()})
        super().__init__(*args, **kwargs)


class ExtendForm(ServiceForm):
    decided_on = forms.DateField(label=gettext_lazy("Verlengingsbesluit van"), widget=DateInput())
    weeks = forms.TypedChoiceField(label=gettext_lazy("Verlengen met"), coerce=int)
    reason = forms.CharField(label=gettext_lazy("Reden"), widget=forms.Textarea)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        maximum = case.case_type.max_extension_weeks
        kwargs.setdefault("initial", {"decided_on": _today(), "weeks": maximum})
        super().__init__(*args, **kwargs)
        self.fields["weeks"].choices = [  # type: ignore[attr-defined]
            (weeks, deadlines.Term(weeks=weeks).label) for weeks in range(1, maximum + 1)
        ]


class NoticeForm(ServiceForm):
    received_on = forms.DateField(
        label=gettext_lazy("Ingebrekestelling ontvangen op"), widget=DateInput()
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"received_on": _today()})
        super().__init__(*args, **kwargs)


class RelateForm(ServiceForm):
    other = forms.CharField(
        label=gettext_lazy("Zaaknummer"),
        max_length=30,
        help_text=gettext_lazy("Bijvoorbeeld Z-2026-000123; een zaak van dezelfde deelnemer."),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Relatie"), choices=RelationKind.choices, initial=RelationKind.ONDERWERP
    )

    def __init__(self, *args: Any, case: Case, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_other(self) -> Case:
        identification = self.cleaned_data["other"].strip()
        other = selectors.case_list_for(user=self.user).filter(identification=identification)
        found = other.first()
        if found is None:
            raise ValidationError(
                _("Geen zaak gevonden met zaaknummer %(number)s.") % {"number": identification}
            )
        return found


class DocumentForm(ServiceForm):
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=200)
    document_type = forms.ChoiceField(
        label=gettext_lazy("Documenttype"), choices=DocumentType.choices
    )
    confidentiality = forms.ChoiceField(
        label=gettext_lazy("Vertrouwelijkheid"),
        choices=Confidentiality.choices,
        initial=Confidentiality.ZAAKVERTROUWELIJK,
    )
    document_date = forms.DateField(label=gettext_lazy("Documentdatum"), widget=DateInput())
    author = forms.CharField(
        label=gettext_lazy("Auteur (niet verplicht)"),
        max_length=160,
        required=False,
        help_text=gettext_lazy("Leeg: uw eigen naam."),
    )
    file = forms.FileField(label=gettext_lazy("Bestand"))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"document_date": _today()})
        super().__init__(*args, **kwargs)


class HoursForm(ServiceForm):
    day = forms.DateField(label=gettext_lazy("Datum"), widget=DateInput())
    hours = forms.CharField(
        label=gettext_lazy("Uren"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": f"{TEXT_INPUT} grip-hours"}),
        help_text=gettext_lazy("In kwartieren, bijvoorbeeld 1,5."),
    )
    note = forms.CharField(
        label=gettext_lazy("Toelichting (niet verplicht)"), max_length=200, required=False
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"day": _today()})
        super().__init__(*args, **kwargs)


class WithdrawForm(ServiceForm):
    on = forms.DateField(label=gettext_lazy("Ingetrokken per"), widget=DateInput())
    reason = forms.CharField(label=gettext_lazy("Reden van intrekking"), widget=forms.Textarea)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": _today()})
        super().__init__(*args, **kwargs)


# --- what a user may do with a case -----------------------------------------------------------


def next_statuses(case: Case) -> list[str]:
    """The statuses a plain status change may reach: the procedure's next steps, without the
    ones that come from suspending or signing."""
    return sorted(
        status
        for status in allowed_next(case.case_type.procedure, case.status)
        if status not in SERVICE_ONLY
    )


@dataclass(frozen=True)
class Abilities:
    """Which actions to offer; the services check each one again when it is taken."""

    change_status: bool
    suspend: bool
    resume: bool
    extend: bool
    notice: bool
    relate: bool
    add_document: bool
    sign: bool
    withdraw: bool
    book_hours: bool


def _abilities(user: User, case: Case, employee: Employee | None) -> Abilities:
    staff = user.is_authenticated and participant_id_of(user) is None
    case_type = case.case_type
    running = case.decided_on is None and case.status not in CLOSED
    may_status = staff and user.has_perm("cases.change_case_status")
    may_change = staff and user.has_perm("cases.change_case")
    may_sign = staff and user.has_perm("cases.sign_decision")
    return Abilities(
        change_status=may_status and bool(next_statuses(case)),
        suspend=may_status
        and CaseStatus.OPGESCHORT in allowed_next(case_type.procedure, case.status),
        resume=may_status and case.status == CaseStatus.OPGESCHORT,
        extend=staff
        and user.has_perm("cases.extend_case")
        and running
        and case_type.max_extension_weeks > 0
        and getattr(case, "extension", None) is None,
        notice=may_change
        and running
        and deadlines.penalty_claim_applies(regime=case.regime, procedure=case_type.procedure),
        relate=may_change,
        add_document=staff and user.has_perm("cases.add_document"),
        sign=may_sign and case_type.decision_types.exists(),
        withdraw=may_sign,
        book_hours=employee is not None and user.has_perm("hours.add_hourentry"),
    )


# --- the case list ----------------------------------------------------------------------------

SORTS = {
    "ontvangen": ("-received_on", "-id"),
    "uiterste_datum": ("due_on", "id"),
}
FILTER_KEYS = ("deelnemer", "zaaktype", "team", "status", "termijn", "mijn", "zoek", "sorteer")


@dataclass(frozen=True)
class CaseFilter:
    """The case list's filter, read from the query string (unknown values are ignored)."""

    participant_id: int | None = None
    case_type_code: str = ""
    team_id: int | None = None
    status: str = ""
    due: str = ""
    mine: bool = False
    query: str = ""
    sort: str = "ontvangen"

    @classmethod
    def from_query(cls, query: QueryDict) -> CaseFilter:
        def number(key: str) -> int | None:
            raw = query.get(key, "").strip()
            return int(raw) if raw.isdigit() else None

        status = query.get("status", "")
        due = query.get("termijn", "")
        sort = query.get("sorteer", "")
        return cls(
            participant_id=number("deelnemer"),
            case_type_code=query.get("zaaktype", "").strip()[:40],
            team_id=number("team"),
            status=status if status in dict(_status_choices()) else "",
            due=due if due in selectors.DueFilter.VALUES else "",
            mine=query.get("mijn") == "ja",
            query=query.get("zoek", "").strip()[:100],
            sort=sort if sort in SORTS else "ontvangen",
        )

    def as_query(self) -> str:
        """The filter as a query string, in a fixed order: what a saved view keeps."""
        query = QueryDict(mutable=True)
        values = {
            "deelnemer": str(self.participant_id or ""),
            "zaaktype": self.case_type_code,
            "team": str(self.team_id or ""),
            "status": self.status,
            "termijn": self.due,
            "mijn": "ja" if self.mine else "",
            "zoek": self.query,
            "sorteer": "" if self.sort == "ontvangen" else self.sort,
        }
        for key in FILTER_KEYS:
            if values[key]:
                query[key] = values[key]
        return query.urlencode()


def _status_choices() -> list[tuple[str, str]]:
    return [
        ("open", _("Open (alle lopende)")),
        ("gesloten", _("Gesloten (besloten of afgehandeld)")),
        *((value, str(label)) for value, label in CaseStatus.choices),
    ]


def _due_choices() -> list[tuple[str, str]]:
    return [(value, deadlines.DeadlineState(value).label) for value in selectors.DueFilter.VALUES]


def _case_type_choices() -> list[tuple[str, str]]:
    """One choice per case type code; the newest version names it."""
    names: dict[str, str] = {}
    for code, name in (
        selectors.case_type_list().order_by("code", "-version").values_list("code", "name")
    ):
        names.setdefault(code, name)
    return sorted(names.items(), key=lambda item: item[1])


def stored_deadline_status(case: Case, today: datetime.date) -> deadlines.DeadlineStatus | None:
    """A case's traffic light from the due date the services keep on it (the engine's answer
    for its suspensions and extension), so that a list needs no query per row."""
    if case.due_on is None:
        return None
    if case.status == CaseStatus.OPGESCHORT:
        # The stored date of a running suspension is provisional (it was computed when the
        # clock stopped); the case page computes the exact one.
        return deadlines.DeadlineStatus(deadlines.DeadlineState.OPGESCHORT, None, _("opgeschort"))
    stored = deadlines.Deadline(
        received=case.received_on,
        original_due=case.original_due_on or case.due_on,
        due=case.due_on,
        suspended_days=0,
        extension_days=0,
        suspended_now=case.status == CaseStatus.OPGESCHORT,
        adjustments=(),
    )
    decided_on = case.decided_on or (case.closed_on if case.status in CLOSED else None)
    return deadlines.deadline_status(
        stored, today=today, decided_on=decided_on, due_soon_days=selectors.DUE_SOON_DAYS
    )


def _filtered_cases(user: User, chosen: CaseFilter, today: datetime.date) -> QuerySet[Case]:
    assigned_to_id = None
    if chosen.mine:
        employee = organisation_selectors.employee_of(user)
        if employee is None:
            return Case.objects.none()
        assigned_to_id = employee.pk
    cases = selectors.case_list_for(
        user=user,
        participant_id=chosen.participant_id,
        case_type_code=chosen.case_type_code or None,
        team_id=chosen.team_id,
        status=chosen.status or None,
        due=chosen.due or None,
        assigned_to_id=assigned_to_id,
        query=chosen.query or None,
        today=today,
    )
    return cases.order_by(*SORTS[chosen.sort])


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """The cases the user may see: filters, totals per traffic light, saved views, pages."""
    today = _today()
    chosen = CaseFilter.from_query(request.GET)
    page = Paginator(_filtered_cases(request.user, chosen, today), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    rows = [(case, stored_deadline_status(case, today)) for case in page]
    query = chosen.as_query()
    context = {
        "page": page,
        "rows": rows,
        "filter": chosen,
        "query": query,
        "counts": selectors.case_counts_for(user=request.user, today=today),
        "saved_views": list(selectors.saved_views_of(user=request.user)),
        "participants": list(participant_selectors.participant_list_for(user=request.user)),
        "case_types": _case_type_choices(),
        "teams": list(organisation_selectors.team_list()),
        "status_choices": _status_choices(),
        "due_choices": _due_choices(),
        "sort_choices": [
            ("ontvangen", _("Ontvangen (nieuwste eerst)")),
            ("uiterste_datum", _("Uiterste datum (eerste eerst)")),
        ],
        "may_take_in": participant_id_of(request.user) is None
        and request.user.has_perm("cases.add_case"),
        "due_soon_days": selectors.DUE_SOON_DAYS,
    }
    return render(request, "cases/case_list.html", context)


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
@require_POST
def saved_view_save(request: HttpRequest) -> HttpResponse:
    """Save the current filter under a name (the same name again overwrites it)."""
    chosen = CaseFilter.from_query(QueryDict(request.POST.get("filter", "")))
    query = chosen.as_query()
    try:
        view = case_services.saved_view_set(
            actor=request.user, name=request.POST.get("naam", ""), query=query
        )
    except DomainError as error:
        messages.error(request, dutch_message(error))
    else:
        messages.success(
            request, _("Het overzicht '%(name)s' is opgeslagen.") % {"name": view.name}
        )
    return redirect(reverse("web:case-list") + (f"?{query}" if query else ""))


@login_required
@require_POST
def saved_view_delete(request: HttpRequest, pk: int) -> HttpResponse:
    view = get_object_or_404(selectors.saved_views_of(user=request.user), pk=pk)
    try:
        case_services.saved_view_delete(actor=request.user, view=view)
    except DomainError as error:
        messages.error(request, dutch_message(error))
    else:
        messages.success(
            request, _("Het overzicht '%(name)s' is verwijderd.") % {"name": view.name}
        )
    return redirect("web:case-list")


# --- intake -----------------------------------------------------------------------------------


class _EmployeeChoiceField(forms.ModelChoiceField[Employee]):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.full_name} ({obj.function})"


class IntakeForm(ServiceForm):
    participant = forms.ModelChoiceField(
        label=gettext_lazy("Deelnemer (bevoegd gezag)"), queryset=Participant.objects.none()
    )
    case_type = forms.ModelChoiceField(
        label=gettext_lazy("Zaaktype"), queryset=CaseType.objects.none()
    )
    subject = forms.CharField(label=gettext_lazy("Omschrijving"), max_length=240)
    received_on = forms.DateField(label=gettext_lazy("Ontvangen op"), widget=DateInput())
    regime = forms.ChoiceField(
        label=gettext_lazy("Rechtsregime"),
        choices=LegalRegime.choices,
        initial=LegalRegime.OMGEVINGSWET,
        help_text=gettext_lazy("Zaken die vóór 2024 zijn ontvangen, vallen onder de Wabo."),
    )
    site = forms.CharField(
        label=gettext_lazy("Toezichtobject (identificatie)"),
        max_length=40,
        required=False,
        help_text=gettext_lazy(
            "Typ een naam, adres of identificatie en kies uit de suggesties; of laat leeg en "
            "geef hieronder een locatie."
        ),
    )
    location_description = forms.CharField(
        label=gettext_lazy("Locatie (zonder toezichtobject)"), max_length=240, required=False
    )
    establishment = forms.CharField(
        label=gettext_lazy("Betrokken vestiging: KvK- of vestigingsnummer"),
        max_length=12,
        required=False,
        help_text=gettext_lazy("Leeg bij een toezichtobject: de vestiging van het object."),
    )
    person_name = forms.CharField(
        label=gettext_lazy("Of: naam betrokken persoon"),
        max_length=160,
        required=False,
        help_text=gettext_lazy("Alleen wat de zaak nodig heeft; geen BSN."),
    )
    person_contact = forms.CharField(
        label=gettext_lazy("Contactgegevens betrokken persoon"), max_length=240, required=False
    )
    assigned_to = _EmployeeChoiceField(
        label=gettext_lazy("Behandelaar"), queryset=Employee.objects.none(), required=False
    )
    team = forms.ModelChoiceField(
        label=gettext_lazy("Team"),
        queryset=Team.objects.none(),
        required=False,
        help_text=gettext_lazy("Leeg: het standaardteam van het zaaktype."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        today = _today()
        fields = self.fields
        fields["participant"].queryset = participant_selectors.participant_list_for(  # type: ignore[attr-defined]
            user=user
        ).order_by("name")
        fields["case_type"].queryset = selectors.case_type_list(on=today).order_by("name")  # type: ignore[attr-defined]
        fields["assigned_to"].queryset = (  # type: ignore[attr-defined]
            organisation_selectors.employee_list()
            .filter(end_date__isnull=True)
            .order_by("last_name", "first_name")
        )
        fields["team"].queryset = organisation_selectors.team_list()  # type: ignore[attr-defined]
        fields["received_on"].widget.attrs["max"] = today.isoformat()
        fields["site"].widget.attrs.update(
            {
                "list": "toezichtobjecten",
                "autocomplete": "off",
                "hx-get": reverse("web:case-site-options"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#toezichtobjecten",
                "hx-swap": "outerHTML",
                "hx-include": "[name=participant]",
            }
        )

    def clean_site(self) -> Site | None:
        identification = self.cleaned_data["site"].strip()
        if not identification:
            return None
        site = site_selectors.site_find_for(user=self.user, identification=identification)
        if site is None:
            raise ValidationError(
                _("Geen toezichtobject gevonden met identificatie %(id)s.") % {"id": identification}
            )
        return site

    def clean_establishment(self) -> Establishment | None:
        number = self.cleaned_data["establishment"].replace(" ", "")
        if not number:
            return None
        establishments = site_selectors.establishment_list_for(user=self.user)
        if len(number) == 12 and number.isdigit():
            found = establishments.filter(branch_number=number).first()
        elif len(number) == 8 and number.isdigit():
            found = (
                establishments.filter(kvk_number=number)
                .order_by("-is_main_branch", "branch_number")
                .first()
            )
        else:
            raise ValidationError(
                _("Een KvK-nummer heeft acht cijfers, een vestigingsnummer twaalf.")
            )
        if found is None:
            raise ValidationError(
                _("Geen vestiging gevonden met nummer %(number)s.") % {"number": number}
            )
        return found


def _may_take_in(user: User) -> None:
    if participant_id_of(user) is not None:
        raise PermissionDenied


@login_required
@permission_required("cases.add_case", raise_exception=True)
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    """Take in an application (or another case): the service numbers it and computes its term."""
    _may_take_in(request.user)
    status = 200
    if request.method == "POST":
        form = IntakeForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                case = case_services.case_create(actor=request.user, **form.cleaned_data)
            except (DomainError, ValidationError) as error:
                form.add_refusal(error)
                status = refusal_status(error)
            else:
                messages.success(
                    request,
                    _("Zaak %(number)s is aangemaakt; de uiterste datum is %(due)s.")
                    % {
                        "number": case.identification,
                        "due": deadlines.dutch_date(case.due_on) if case.due_on else _("geen"),
                    },
                )
                return redirect("web:case-detail", pk=case.pk)
        else:
            status = 422
    else:
        employee = organisation_selectors.employee_of(request.user)
        form = IntakeForm(
            user=request.user,
            initial={
                "received_on": _today(),
                "assigned_to": employee.pk if employee else None,
                "participant": request.GET.get("deelnemer") or None,
            },
        )
    return render(request, "cases/case_create.html", {"form": form.style()}, status=status)


@login_required
@permission_required("sites.view_site", raise_exception=True)
@require_GET
def site_options(request: HttpRequest) -> HttpResponse:
    """Suggestions for the intake's site field (a datalist), while typing."""
    text = request.GET.get("site", "").strip()
    participant = request.GET.get("participant", "")
    sites: list[Site] = []
    if len(text) >= 2:
        sites = list(
            site_selectors.site_list_for(
                user=request.user,
                participant=int(participant) if participant.isdigit() else None,
                q=text,
            )[:SITE_SUGGESTIONS]
        )
    return render(request, "cases/partials/site_options.html", {"sites": sites})


# --- the case page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEvent:
    day: datetime.date
    kind: str  # status, opschorting, hervatting, verlenging, ingebrekestelling, document, ...
    title: str
    detail: str = ""
    who: str = ""


_KIND_ORDER = (
    "status",
    "opschorting",
    "hervatting",
    "verlenging",
    "ingebrekestelling",
    "document",
    "besluit",
    "intrekking",
    "uren",
)


def _user_name(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def timeline(
    case: Case,
    *,
    history: Iterable[Any],
    documents: Iterable[Document],
    decisions: Iterable[Decision],
    hours: Iterable[Any],
) -> list[TimelineEvent]:
    """Everything that happened to a case, in date order (same day: in the order of the law's
    steps: status, suspension, extension, dossier, decision, hours)."""
    events: list[TimelineEvent] = []
    for change in history:
        label = CaseStatus(change.status).label
        title = (
            _("Status: %(from)s → %(to)s")
            % {"from": CaseStatus(change.from_status).label, "to": label}
            if change.from_status
            else _("Status: %(to)s") % {"to": label}
        )
        events.append(
            TimelineEvent(change.on, "status", title, change.note, _user_name(change.actor))
        )
    for suspension in case.suspensions.all():
        events.append(
            TimelineEvent(
                suspension.start,
                "opschorting",
                _("Termijn opgeschort: %(reason)s") % {"reason": suspension.get_reason_display()},
                suspension.note,
                _user_name(suspension.created_by),
            )
        )
        if suspension.end is not None:
            events.append(
                TimelineEvent(
                    suspension.end,
                    "hervatting",
                    _("Termijn hervat na %(days)s dagen opschorting")
                    % {"days": (suspension.end - suspension.start).days},
                )
            )
    extension = getattr(case, "extension", None)
    if extension is not None:
        events.append(
            TimelineEvent(
                extension.decided_on,
                "verlenging",
                _("Termijn verlengd met %(term)s")
                % {"term": deadlines.Term(weeks=extension.weeks).label},
                extension.reason,
                _user_name(extension.created_by),
            )
        )
    if case.notice_of_default_on:
        events.append(
            TimelineEvent(
                case.notice_of_default_on,
                "ingebrekestelling",
                _("Ingebrekestelling ontvangen (Awb 4:17)"),
            )
        )
    for document in documents:
        events.append(
            TimelineEvent(
                document.document_date,
                "document",
                _("Document: %(title)s") % {"title": document.title},
                " · ".join(
                    (document.get_document_type_display(), document.get_confidentiality_display())
                ),
                document.author,
            )
        )
    for decision in decisions:
        events.append(
            TimelineEvent(
                decision.decision_date,
                "besluit",
                _("Besluit: %(type)s") % {"type": decision.decision_type.name},
                decision.summary,
                decision.signer_name,
            )
        )
        if decision.withdrawn_on:
            events.append(
                TimelineEvent(
                    decision.withdrawn_on,
                    "intrekking",
                    _("Besluit ingetrokken: %(type)s") % {"type": decision.decision_type.name},
                    decision.withdrawal_reason,
                )
            )
    for entry in hours:
        events.append(
            TimelineEvent(
                entry.date,
                "uren",
                _("%(hours)s uur geboekt") % {"hours": _hours_text(entry.hours)},
                entry.note,
                entry.employee.full_name,
            )
        )
    # sorted() is stable: within a day and kind, events keep the order they happened in.
    return sorted(events, key=lambda event: (event.day, _KIND_ORDER.index(event.kind)))


def _hours_text(value: Any) -> str:
    from django.template.defaultfilters import floatformat

    return str(floatformat(value, "-2"))


ACTION_FORMS: dict[str, tuple[Callable[..., ServiceForm], str]] = {
    # key: (form, anchor on the case page); the key is also the form's prefix.
    "status": (StatusForm, "actie-status"),
    "opschorten": (SuspendForm, "actie-opschorten"),
    "hervatten": (ResumeForm, "actie-hervatten"),
    "verlengen": (ExtendForm, "actie-verlengen"),
    "ingebrekestelling": (NoticeForm, "actie-ingebrekestelling"),
    "relateren": (RelateForm, "actie-relateren"),
    "document": (DocumentForm, "actie-document"),
    "uren": (HoursForm, "actie-uren"),
}


def _form(key: str, case: Case, user: User, *args: Any) -> ServiceForm:
    form_class, _anchor = ACTION_FORMS[key]
    extra: dict[str, Any] = {"user": user} if form_class is RelateForm else {}
    return form_class(*args, prefix=key, case=case, **extra)


def _case_inspections(user: User, case: Case) -> list[Inspection]:
    """The inspections carried out in this case, for who may read them."""
    if not isinstance(user, UserModel) or not user.has_perm("enforcement.view_inspection"):
        return []
    inspections = enforcement_selectors.inspection_list_for(user=user).filter(case=case)
    return list(inspections.order_by("planned_on", "id")[:50])


def _case_context(
    request: HttpRequest,
    case: Case,
    *,
    bound: ServiceForm | None = None,
    bound_key: str = "",
) -> dict[str, Any]:
    user = request.user
    today = _today()
    employee = organisation_selectors.employee_of(user)
    abilities = _abilities(user, case, employee)
    history = list(selectors.status_history_of(case))
    documents = list(selectors.document_list_for(user=user, case=case))
    decisions = list(selectors.decision_list_for(user=user, case=case))
    hours = hour_selectors.case_hours(user=user, case=case)
    action_forms = {
        key: (bound if key == bound_key and bound is not None else _form(key, case, user)).style()
        for key in ACTION_FORMS
    }
    decision_rows = []
    for decision in decisions:
        key = f"intrekken-{decision.pk}"
        form = (
            bound if key == bound_key and bound is not None else WithdrawForm(prefix=key, case=case)
        )
        decision_rows.append(
            {
                "key": key,
                "decision": decision,
                "mandate": mandate_selectors.mandate_used_by(decision.pk),
                "withdraw_form": form.style(),
                "superseded_by": getattr(decision, "superseded_by", None),
            }
        )
    case_type = case.case_type
    term = deadlines.Term(weeks=case_type.term_weeks, days=case_type.term_days)
    return {
        "case": case,
        "today": today,
        "term_label": term.label if term.as_days else "",
        "deadline": selectors.case_deadline(case, today=today),
        "penalty_applies": deadlines.penalty_claim_applies(
            regime=case.regime, procedure=case.case_type.procedure
        ),
        "abilities": abilities,
        "forms": action_forms,
        "refused_key": bound_key if bound is not None else "",
        "history": history,
        "suspensions": list(case.suspensions.all()),
        "extension": getattr(case, "extension", None),
        "documents": documents,
        "decision_rows": decision_rows,
        "related": selectors.related_cases_for(user=user, case=case),
        "inspections": _case_inspections(user, case),
        "hours": hours,
        "timeline": timeline(
            case,
            history=history,
            documents=documents,
            decisions=decisions,
            hours=hours.entries,
        ),
    }


def _case(request: HttpRequest, pk: int) -> Case:
    case = selectors.case_detail_for(user=request.user, pk=pk)
    # The deadline, the timeline and the actions all read the suspensions: read them once.
    prefetch_related_objects([case], "suspensions__created_by")
    return case


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    read = accesslog.RequestRead(request, name=accesslog.CASE_READ)
    try:
        case = _case(request, pk)
    except Http404:
        # A case that exists but is outside the user's scope: the refusal is logged too.
        read.refused_case(pk)
        raise
    response = render(request, "cases/case_detail.html", _case_context(request, case))
    # The page shows the person of the case: one line in the access log (none without one).
    read.shown(case)
    return response


def _case_url(case: Case, anchor: str = "") -> str:
    url = reverse("web:case-detail", args=[case.pk])
    return f"{url}#{anchor}" if anchor else url


def _act(
    request: HttpRequest,
    case: Case,
    key: str,
    form: ServiceForm,
    action: Callable[[dict[str, Any]], str],
    anchor: str,
    refused_anchor: str = "",
) -> HttpResponse:
    """Run one action of the case page: on success back to the page with a message; on a
    refusal the page again, with the reason at the field and the input kept."""
    status = 422
    if form.is_valid():
        try:
            success = action(form.cleaned_data)
        except (DomainError, ValidationError) as error:
            form.add_refusal(error)
            status = refusal_status(error)
        else:
            messages.success(request, success)
            return redirect(_case_url(case, anchor))
    read = accesslog.RequestRead(request, name=accesslog.CASE_READ)
    case = _case(request, case.pk)
    context = _case_context(request, case, bound=form, bound_key=key)
    context["refused_anchor"] = refused_anchor or anchor
    response = render(request, "cases/case_detail.html", context, status=status)
    # The page shows the case's person again: logged as the page itself is.
    read.shown(case)
    return response


def _action_view(
    key: str, permission: str, action: Callable[[HttpRequest, Case, dict[str, Any]], str]
) -> Callable[[HttpRequest, int], HttpResponse]:
    """A POST view for one of the case page's action forms."""

    @login_required
    @permission_required(permission, raise_exception=True)
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        case = _case(request, pk)
        form = _form(key, case, request.user, request.POST, request.FILES)
        return _act(
            request,
            case,
            key,
            form,
            lambda data: action(request, case, data),
            ACTION_FORMS[key][1],
        )

    view.__name__ = view.__qualname__ = f"case_{key}"
    return view


def _due_text(case: Case) -> str:
    case.refresh_from_db(fields=["due_on"])
    return deadlines.dutch_date(case.due_on) if case.due_on else _("geen")


def _change_status(request: HttpRequest, case: Case, data: dict[str, Any]) -> str:
    case_services.status_change(
        actor=request.user, case=case, to_status=data["status"], on=data["on"], note=data["note"]
    )
    return _("De status is gewijzigd naar '%(status)s'.") % {
        "status": CaseStatus(data["status"]).label
    }


def _suspend(request: HttpRequest, case: Case, data: dict[str, Any]) -> str:
    case_services.suspend(
        actor=request.user,
        case=case,
        start=data["start"],
        reason=data["reason"],
        note=data["note"],
    )
    return _("De zaak is opgeschort vanaf %(day)s; de termijn staat stil.") % {
        "day": deadlines.dutch_date(data["start"])
    }


def _resume(request: HttpRequest, case: Case, data: dict[str, Any]) -> str:
    case_services.resume(actor=request.user, case=case, end=data["end"], note=data["note"])
    return _("De zaak is hervat op %(day)s; de uiterste datum is nu %(due)s.") % {
        "day": deadlines.dutch_date(data["end"]),
        "due": _due_text(case),
    }


def _extend(request: HttpRequest, case: Case, data: dict[str, Any]) -> str:
    case_services.extend(
        actor=request.user,
        case=case,
        decided_on=data["decided_on"],
        weeks=data["weeks"],
        reason=data["reason"],
    )
    return _("De termijn is verlengd met %(term)s; de uiterste datum is nu %(due)s.") % {
        "term": deadlines.Term(weeks=data["weeks"]).label,
        "due": _due_text(case),
    }


def _record_notice(request: HttpRequest, case: Case, data: dict[str, Any]) -> str:
    case_services.notice_of_default_record(
        actor=request.user, case=case, received_on=data["received_on"]
    )
    return _("De ingebrekestelling van %(day)s is vastgelegd.") % {
        "day": deadlines.dutch_date(data["received_on"])
    }


def _relate(request: HttpRequest, case: Case, data: dict[str, Any]) -> str:
    other: Case = data["other"]
    case_services.relate(actor=request.user, case=case, other=other, kind=data["kind"])
    return _("Zaak %(number)s is aan deze zaak gerelateerd.") % {"number": other.identification}


def _add_document(request: HttpRequest, case: Case, data: dict[str, Any]) -> str:
    document = case_services.document_add(
        actor=request.user,
        case=case,
        title=data["title"],
        document_type=data["document_type"],
        upload=data["file"],
        document_date=data["document_date"],
        confidentiality=data["confidentiality"],
        author=data["author"],
    )
    return _("Document '%(title)s' is aan het dossier toegevoegd.") % {"title": document.title}


def _book_hours(request: HttpRequest, case: Case, data: dict[str, Any]) -> str:
    entry = hour_services.case_entry_create(
        actor=request.user,
        case=case,
        day=data["day"],
        hours=dutch_number(data["hours"]),
        note=data["note"],
    )
    return _("%(hours)s uur geboekt op deze zaak.") % {"hours": _hours_text(entry.hours)}


case_status = _action_view("status", "cases.change_case_status", _change_status)
case_suspend = _action_view("opschorten", "cases.change_case_status", _suspend)
case_resume = _action_view("hervatten", "cases.change_case_status", _resume)
case_extend = _action_view("verlengen", "cases.extend_case", _extend)
case_notice = _action_view("ingebrekestelling", "cases.change_case", _record_notice)
case_relate = _action_view("relateren", "cases.change_case", _relate)
case_document_add = _action_view("document", "cases.add_document", _add_document)
case_hours_book = _action_view("uren", "hours.add_hourentry", _book_hours)


@login_required
@permission_required("cases.sign_decision", raise_exception=True)
@require_POST
def decision_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_detail_for(user=request.user, pk=pk)
    case = _case(request, decision.case_id)
    key = f"intrekken-{decision.pk}"
    form = WithdrawForm(request.POST, prefix=key, case=case)

    def withdraw(data: dict[str, Any]) -> str:
        case_services.decision_withdraw(
            actor=request.user, decision=decision, on=data["on"], reason=data["reason"]
        )
        return _("Het besluit '%(type)s' is ingetrokken per %(day)s.") % {
            "type": decision.decision_type.name,
            "day": deadlines.dutch_date(data["on"]),
        }

    return _act(request, case, key, form, withdraw, f"besluit-{decision.pk}", key)


@login_required
@permission_required("cases.view_document", raise_exception=True)
@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """A dossier document, only for who may see the case and is cleared for its level."""
    read = accesslog.RequestRead(request, name=accesslog.DOCUMENT_DOWNLOAD)
    try:
        document = selectors.document_detail_for(user=request.user, pk=pk)
    except Http404:
        read.refused_document(pk)
        raise
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # A document of a case with a person is personal data: one line in the access log.
    read.shown(document.case, document=document)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=document.file_name,
        content_type=document.content_type or "application/octet-stream",
    )


# --- signing a decision -----------------------------------------------------------------------


class _DecisionChoiceField(forms.ModelChoiceField[Decision]):
    def label_from_instance(self, obj: Decision) -> str:
        return f"{obj.decision_type.name}, {obj.decision_date:%d-%m-%Y} ({obj.case.identification})"


class _DocumentChoiceField(forms.ModelChoiceField[Document]):
    def label_from_instance(self, obj: Document) -> str:
        return f"{obj.title} ({obj.document_date:%d-%m-%Y})"


class SignForm(ServiceForm):
    decision_type = forms.ModelChoiceField(
        label=gettext_lazy("Besluittype"), queryset=DecisionType.objects.none()
    )
    decision_date = forms.DateField(label=gettext_lazy("Besluitdatum"), widget=DateInput())
    summary = forms.CharField(
        label=gettext_lazy("Inhoud van het besluit"),
        required=False,  # the signing service asks for it; the preview does not need it
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    amount = DutchDecimalField(
        label=gettext_lazy("Bedrag in euro (niet verplicht)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=gettext_lazy("Voor een dwangsom of boete: de mandaatgrens wordt getoetst."),
    )
    contested_decision = _DecisionChoiceField(
        label=gettext_lazy("Bestreden besluit"),
        queryset=Decision.objects.none(),
        required=False,
        help_text=gettext_lazy("Alleen bij een besluit op bezwaar (Awb 10:3 lid 2)."),
    )
    report_author = _EmployeeChoiceField(
        label=gettext_lazy("Opsteller van het rapport"),
        queryset=Employee.objects.none(),
        required=False,
        help_text=gettext_lazy("Alleen bij een bestuurlijke boete (Awb 10:3 lid 4)."),
    )
    document = _DocumentChoiceField(
        label=gettext_lazy("Besluitdocument uit het dossier (niet verplicht)"),
        queryset=Document.objects.none(),
        required=False,
    )
    supersedes = _DecisionChoiceField(
        label=gettext_lazy("Vervangt het ingetrokken besluit"),
        queryset=Decision.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, case: Case, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = selectors.decision_type_list().filter(case_types=case.case_type)
        kinds = set(types.values_list("kind", flat=True))
        fields = self.fields
        fields["decision_type"].queryset = types  # type: ignore[attr-defined]
        fields["decision_date"].widget.attrs["max"] = _today().isoformat()
        if DecisionKind.BESLUIT_OP_BEZWAAR in kinds:
            related = [
                case.pk,
                *(other.pk for _label, other in selectors.related_cases_for(user=user, case=case)),
            ]
            fields["contested_decision"].queryset = (  # type: ignore[attr-defined]
                selectors.decision_list_for(user=user)
                .filter(case_id__in=related, withdrawn_on__isnull=True)
                .select_related("case")
            )
        else:
            del fields["contested_decision"]
        if DecisionKind.BESTUURLIJKE_BOETE in kinds:
            fields["report_author"].queryset = organisation_selectors.employee_list().order_by(  # type: ignore[attr-defined]
                "last_name", "first_name"
            )
        else:
            del fields["report_author"]
        fields["document"].queryset = selectors.document_list_for(user=user, case=case)  # type: ignore[attr-defined]
        withdrawn = selectors.decision_list_for(user=user, case=case).filter(
            withdrawn_on__isnull=False, superseded_by__isnull=True
        )
        if withdrawn.exists():
            fields["supersedes"].queryset = withdrawn  # type: ignore[attr-defined]
        else:
            del fields["supersedes"]

    def signing_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for optional in ("contested_decision", "report_author", "supersedes"):
            data.setdefault(optional, None)
        return data


@login_required
@permission_required("cases.sign_decision", raise_exception=True)
@require_http_methods(["GET", "POST"])
def decision_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the decision, see the mandate chain it will use (or why it may not be signed),
    then sign. A refusal writes nothing and says which link is missing."""
    case = _case(request, pk)
    if participant_id_of(request.user) is not None:
        raise PermissionDenied
    verdict: Verdict | None = None
    status = 200
    if request.method == "POST":
        form = SignForm(request.POST, case=case, user=request.user)
        signing = request.POST.get("actie") == "ondertekenen"
        if form.is_valid():
            data = form.signing_data()
            if signing:
                try:
                    decision = mandate_services.decision_sign(actor=request.user, case=case, **data)
                except mandate_services.MandateRefused as refusal:
                    verdict = Verdict(False, refusal.message)
                    status = 409
                except (DomainError, ValidationError) as error:
                    form.add_refusal(error)
                    status = refusal_status(error)
                else:
                    messages.success(
                        request,
                        _("Het besluit '%(type)s' is ondertekend.")
                        % {"type": decision.decision_type.name},
                    )
                    return redirect(_case_url(case, f"besluit-{decision.pk}"))
            else:
                verdict, status = _preview(request, case, form, data)
        else:
            status = 422
        if is_htmx(request):
            status = 200  # htmx swaps only successful answers; the preview explains itself
    else:
        form = SignForm(case=case, user=request.user, initial={"decision_date": _today()})
    context = {
        "case": case,
        "form": form.style(),
        "verdict": verdict,
        "deadline": selectors.case_deadline(case),
    }
    return render(request, "cases/decision_sign.html", context, status=status)


def _preview(
    request: HttpRequest, case: Case, form: SignForm, data: dict[str, Any]
) -> tuple[Verdict | None, int]:
    try:
        case_services.decision_check_before_signing(
            case=case, decision_type=data["decision_type"], decision_date=data["decision_date"]
        )
    except DomainError as error:
        form.add_refusal(error)
        return None, refusal_status(error)
    user = request.user
    if not isinstance(user, UserModel):  # pragma: no cover - the view requires a login
        raise PermissionDenied
    verdict = mandate_services.signing_verdict(
        actor=user,
        case=case,
        decision_type=data["decision_type"],
        decision_date=data["decision_date"],
        amount=data["amount"],
        contested_decision=data["contested_decision"],
        report_author=data["report_author"],
    )
    return verdict, 200
