"""The forms of the enforcement pages. They only parse what was typed; the service they feed
decides, and says at which field a refusal belongs.

Nothing here is a rule: a field that is "not required" is often required by the service in
some situation (a reason outside the cell, the amount of a penalty), and the service says so.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grip.cases import selectors as case_selectors
from grip.cases.models import Case
from grip.core.errors import DomainError
from grip.core.models import User as UserModel
from grip.enforcement import selectors
from grip.enforcement.constants import (
    FindingResult,
    InspectionCause,
    InspectionType,
    PositioningReason,
    StrategyKind,
)
from grip.enforcement.models import (
    Checklist,
    Finding,
    Inspection,
    InspectionSubject,
    Instrument,
    StrategyCell,
    StrategyVersion,
)
from grip.enforcement.proposals import worst_position
from grip.frameworks.models import FrameworkVersion
from grip.organisation.models import Employee
from grip.sites import selectors as site_selectors
from grip.sites.models import Site
from grip.web.cases import DateInput, DutchDecimalField, ServiceForm
from grip.web.enforcement.common import (
    POSITIONS,
    employee_label,
    inspectors,
    position_label,
    today,
)
from grip.web.feedback import dutch_message

# --- the base and its fields --------------------------------------------------------------------


class EnforcementForm(ServiceForm):
    """A service form whose fields can be shown only when they apply (``wrappers``: a CSS
    class per field) and whose radio buttons are large touch targets."""

    wrappers: dict[str, str] = {}

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        prefix: str | None = None,
        target: Any = None,
        user: UserModel | None = None,
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, prefix=prefix, initial=initial)
        self.target = target
        self.user = user
        self.setup()

    def setup(self) -> None:
        """Fill querysets and initial values from ``target``."""

    @property
    def reader(self) -> UserModel:
        """The user whose visibility a lookup by number follows."""
        if self.user is None:  # pragma: no cover - the views always pass the user
            raise PermissionDenied
        return self.user

    def style(self) -> EnforcementForm:
        super().style()
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect) and not isinstance(
                field.widget, forms.CheckboxSelectMultiple
            ):
                field.widget.attrs["class"] = "grip-radio"
        return self

    @property
    def rows(self) -> list[tuple[forms.BoundField, str]]:
        return [(self[name], self.wrappers.get(name, "")) for name in self.fields]


class PositionedForm(EnforcementForm):
    """A form with one matrix picker (``position``, such as "2B") for the two axes the
    service names separately."""

    def add_refusal(self, error: DomainError | ValidationError) -> None:
        if isinstance(error, DomainError) and error.field in ("consequence", "behaviour"):
            self.add_error("position", dutch_message(error))
            return
        super().add_refusal(error)

    @staticmethod
    def axes(position: str) -> dict[str, Any]:
        return {
            "consequence": int(position[0]) if position else None,
            "behaviour": position[1] if position else "",
        }


def text_field(label: Any, *, required: bool = False, max_length: int = 240) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length)


def long_text_field(label: Any, *, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
    )


def date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


def amount_field(label: Any, *, required: bool = True, help_text: Any = "") -> DutchDecimalField:
    return DutchDecimalField(
        label=label,
        required=required,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=help_text,
    )


class _EmployeeChoiceField(forms.ModelChoiceField[Employee]):
    def label_from_instance(self, obj: Employee) -> str:
        return employee_label(obj)


class _FindingChoiceField(forms.ModelMultipleChoiceField[Finding]):
    def label_from_instance(self, obj: Finding) -> str:
        text = f"{obj.number}. {obj.subject.name}"
        if obj.point:
            text += f": {obj.point}"
        if obj.position:
            text += f" ({obj.position})"
        return text


# --- inspections --------------------------------------------------------------------------------


class InspectionForm(EnforcementForm):
    site = forms.CharField(
        label=gettext_lazy("Toezichtobject (identificatie)"),
        max_length=40,
        help_text=gettext_lazy("Typ een naam, adres of identificatie en kies uit de suggesties."),
    )
    inspection_type = forms.ChoiceField(
        label=gettext_lazy("Controletype"),
        choices=[c for c in InspectionType.choices if c[0] != InspectionType.HERCONTROLE],
        initial=InspectionType.PERIODIEK,
        help_text=gettext_lazy("Een hercontrole wordt gepland vanuit de overtreding."),
    )
    planned_on = date_field(gettext_lazy("Gepland op"))
    inspector = _EmployeeChoiceField(
        label=gettext_lazy("Toezichthouder"), queryset=Employee.objects.none()
    )
    checklist = forms.ModelChoiceField(
        label=gettext_lazy("Checklist"),
        queryset=Checklist.objects.none(),
        required=False,
        empty_label=gettext_lazy("Geen: bevindingen zelf toevoegen"),
        help_text=gettext_lazy("De punten van de checklist worden de bevindingen van de controle."),
    )
    cause = forms.ChoiceField(
        label=gettext_lazy("Aanleiding"),
        choices=[c for c in InspectionCause.choices if c[0] != InspectionCause.OVERTREDING],
        initial=InspectionCause.PROGRAMMA,
    )
    cause_case = forms.CharField(
        label=gettext_lazy("Aanleidende zaak (niet verplicht)"),
        max_length=30,
        required=False,
        help_text=gettext_lazy(
            "Het zaaknummer van het handhavingsverzoek, incident of de melding, zoals "
            "Z-2026-000123."
        ),
    )
    notes = long_text_field(gettext_lazy("Aantekeningen (niet verplicht)"))

    def setup(self) -> None:
        self.fields["inspector"].queryset = inspectors()  # type: ignore[attr-defined]
        self.fields["checklist"].queryset = selectors.checklist_list()  # type: ignore[attr-defined]
        self.fields["site"].widget.attrs.update(
            {
                "list": "toezichtobjecten",
                "autocomplete": "off",
                "hx-get": reverse("web:case-site-options"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#toezichtobjecten",
                "hx-swap": "outerHTML",
            }
        )

    def clean_site(self) -> Site:
        identification = self.cleaned_data["site"].strip()
        site = site_selectors.site_find_for(user=self.reader, identification=identification)
        if site is None:
            raise ValidationError(
                _("Geen toezichtobject gevonden met identificatie %(id)s.") % {"id": identification}
            )
        return site

    def clean_cause_case(self) -> Case | None:
        identification = self.cleaned_data["cause_case"].strip()
        if not identification:
            return None
        found = (
            case_selectors.case_list_for(user=self.reader)
            .filter(identification=identification)
            .first()
        )
        if found is None:
            raise ValidationError(
                _("Geen zaak gevonden met zaaknummer %(number)s.") % {"number": identification}
            )
        return found


class RescheduleForm(EnforcementForm):
    """Move a planned inspection to another day or another inspector."""

    planned_on = date_field(gettext_lazy("Nieuwe datum"))
    inspector = _EmployeeChoiceField(
        label=gettext_lazy("Toezichthouder"),
        queryset=Employee.objects.none(),
        required=False,
        empty_label=gettext_lazy("Dezelfde toezichthouder"),
    )

    def setup(self) -> None:
        inspection: Inspection = self.target
        self.fields["inspector"].queryset = inspectors()  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial = {
                "planned_on": inspection.planned_on,
                "inspector": inspection.inspector_id,
            }


class CancelForm(EnforcementForm):
    reason = long_text_field(
        gettext_lazy("Reden"),
        help_text=gettext_lazy(
            "Bijvoorbeeld: het bedrijf is gesloten. De reden komt bij de aantekeningen."
        ),
    )


class FindingForm(PositionedForm):
    """One finding: the CIM result and, when not met, its cell (the *bevindingoordeel*).

    Nothing is required here: the service says what is missing, at the field."""

    result = forms.ChoiceField(
        label=gettext_lazy("Resultaat"),
        choices=FindingResult.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    position = forms.ChoiceField(
        label=gettext_lazy("Bevindingoordeel: gevolg en gedrag"),
        choices=[(code, code) for code in POSITIONS],
        required=False,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Alleen bij 'niet akkoord': kies de cel van de interventiematrix. Gevolg 4 staat "
            "bovenaan, gedrag A links."
        ),
    )
    remarks = long_text_field(gettext_lazy("Bijzonderheden (niet verplicht)"))

    def setup(self) -> None:
        finding = self.target
        if finding is not None and not self.is_bound:
            self.initial = {
                "result": finding.result,
                "position": finding.position,
                "remarks": finding.remarks,
            }

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "result": data["result"],
            "remarks": data["remarks"],
            **self.axes(data["position"]),
        }


class FindingAddForm(EnforcementForm):
    subject = forms.ModelChoiceField(
        label=gettext_lazy("Controle-onderwerp"), queryset=InspectionSubject.objects.none()
    )
    point = text_field(gettext_lazy("Controle-aandachtspunt"))
    rule = text_field(gettext_lazy("Regel (niet verplicht)"), max_length=160)

    def setup(self) -> None:
        self.fields["subject"].queryset = selectors.subject_list(on=today())  # type: ignore[attr-defined]
        self.fields["rule"].help_text = _("Het voorschrift of artikel, zoals Bal art. 4.105.")


class CompleteForm(EnforcementForm):
    performed_on = date_field(gettext_lazy("Controledatum"))
    notes = long_text_field(gettext_lazy("Aantekeningen (niet verplicht)"))

    def setup(self) -> None:
        inspection: Inspection = self.target
        self.fields["performed_on"].widget.attrs["max"] = today().isoformat()
        if not self.is_bound:
            self.initial = {
                "performed_on": min(inspection.planned_on, today()),
                "notes": inspection.notes,
            }


# --- recording a violation ------------------------------------------------------------------------


ENFORCE_CHOICES = (
    ("ja", gettext_lazy("Ja, handhaven")),
    ("nee", gettext_lazy("Nee, niet handhaven")),
)


def _found_position(findings: list[Finding]) -> str:
    """The cell the findings put a violation in ("2B"), as the service takes it when no
    other position is chosen; '' without findings."""
    if not findings:
        return ""
    consequence, behaviour = worst_position([(f.consequence or 0, f.behaviour) for f in findings])
    return f"{consequence}{behaviour}"


class ViolationForm(PositionedForm):
    """Establish a violation from the findings not met that no violation covers yet."""

    findings = _FindingChoiceField(
        label=gettext_lazy("Bevindingen"),
        queryset=Finding.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    nature = text_field(gettext_lazy("Aard van de overtreding"))
    rule = text_field(gettext_lazy("Overtreden regel"), max_length=160)
    observed_on = date_field(gettext_lazy("Overtredingsdatum"))
    position = forms.ChoiceField(label=gettext_lazy("Interventiepositionering"), required=False)
    positioning_reason = forms.ChoiceField(
        label=gettext_lazy("Reden afwijkende positionering"),
        choices=[("", gettext_lazy("Geen: zoals de bevindingen")), *PositioningReason.choices],
        required=False,
    )
    positioning_explanation = long_text_field(gettext_lazy("Toelichting op de positionering"))
    enforce = forms.ChoiceField(
        label=gettext_lazy("Handhaven"), choices=ENFORCE_CHOICES, widget=forms.RadioSelect
    )
    no_enforcement_reason = long_text_field(gettext_lazy("Reden om niet te handhaven"))
    strategy_kind = forms.ChoiceField(
        label=gettext_lazy("Toegepaste strategie"),
        choices=[("", gettext_lazy("Die van de strategie in werking")), *StrategyKind.choices],
        required=False,
    )
    wrappers = {
        "positioning_reason": "grip-when-repositioned",
        "positioning_explanation": "grip-when-repositioned",
        "no_enforcement_reason": "grip-when-not-enforced",
    }

    def setup(self) -> None:
        inspection: Inspection = self.target
        pending = list(selectors.unrecorded_findings(inspection).order_by("number"))
        self.pending = pending
        self.found = _found_position(pending)
        fields = self.fields
        fields["findings"].queryset = selectors.unrecorded_findings(inspection)  # type: ignore[attr-defined]
        fields["position"].choices = [  # type: ignore[attr-defined]
            ("", _("Zoals de bevindingen: %(position)s") % {"position": self.found or "—"}),
            *((code, position_label(code)) for code in POSITIONS),
        ]
        fields["position"].help_text = _(
            "Wijkt de positie af van de bevindingen (recidive, financieel voordeel, andere "
            "omstandigheden), geef dan de reden en licht die toe."
        )
        fields["observed_on"].widget.attrs["max"] = today().isoformat()
        if not self.is_bound:
            self.initial = {
                "findings": [f.pk for f in pending],
                "rule": pending[0].rule if pending else "",
                "observed_on": inspection.performed_on,
                "enforce": "ja",
            }

    @classmethod
    def arguments(cls, data: dict[str, Any]) -> dict[str, Any]:
        """The service's arguments from the cleaned data (the picker gives both axes)."""
        return {
            "findings": list(data["findings"]),
            "nature": data["nature"],
            "rule": data["rule"],
            "observed_on": data["observed_on"],
            **cls.axes(data["position"]),
            "positioning_reason": data["positioning_reason"],
            "positioning_explanation": data["positioning_explanation"],
            "enforce": data["enforce"] == "ja",
            "no_enforcement_reason": data["no_enforcement_reason"],
            "strategy_kind": data["strategy_kind"],
        }

    def advice_input(self) -> tuple[str, str, datetime.date | None]:
        """Rule, behaviour and day the recidivism advice is asked for: as typed, else as
        prefilled."""
        inspection: Inspection = self.target
        rule = self.pending[0].rule if self.pending else ""
        behaviour = self.found[1:] if self.found else ""
        observed_on = inspection.performed_on
        if self.is_bound:
            rule = self.data.get(self.add_prefix("rule"), rule).strip() or rule
            chosen = self.data.get(self.add_prefix("position"), "")
            if chosen in POSITIONS:
                behaviour = chosen[1]
        return rule, behaviour, observed_on


# --- the strategy -------------------------------------------------------------------------------


class DraftForm(EnforcementForm):
    name = text_field(gettext_lazy("Naam"), max_length=160)
    version = text_field(gettext_lazy("Versie"), max_length=20)

    def setup(self) -> None:
        strategy: StrategyVersion = self.target
        self.fields["version"].help_text = _("Uniek, bijvoorbeeld 2027-1.")
        self.initial.setdefault("name", strategy.name)


class StrategyUpdateForm(EnforcementForm):
    name = text_field(gettext_lazy("Naam"), max_length=160)
    kind = forms.ChoiceField(label=gettext_lazy("Soort strategie"), choices=StrategyKind.choices)
    recidivism_months = forms.IntegerField(
        label=gettext_lazy("Recidivetermijn (maanden)"), min_value=1, max_value=120
    )
    source = long_text_field(gettext_lazy("Bron en toelichting"))

    def setup(self) -> None:
        strategy: StrategyVersion = self.target
        if not self.is_bound:
            self.initial = {
                "name": strategy.name,
                "kind": strategy.kind,
                "recidivism_months": strategy.recidivism_months,
                "source": strategy.source,
            }


class _FrameworkChoiceField(forms.ModelChoiceField[FrameworkVersion]):
    def label_from_instance(self, obj: FrameworkVersion) -> str:
        return str(obj)


class AdoptForm(EnforcementForm):
    adopted_on = date_field(gettext_lazy("Vastgesteld op"))
    valid_from = date_field(gettext_lazy("Geldt voor overtredingen vanaf"))
    decision_reference = text_field(gettext_lazy("Kenmerk vaststellingsbesluit"), max_length=80)
    framework_version = _FrameworkChoiceField(
        label=gettext_lazy("Uitvoeringskader (niet verplicht)"),
        queryset=FrameworkVersion.objects.none(),
        required=False,
    )

    def setup(self) -> None:
        self.fields["framework_version"].queryset = FrameworkVersion.objects.order_by(  # type: ignore[attr-defined]
            "-valid_from"
        )
        self.initial.setdefault("adopted_on", today())


class _InstrumentMultipleChoiceField(forms.ModelMultipleChoiceField[Instrument]):
    def label_from_instance(self, obj: Instrument) -> str:
        return f"{obj.name} ({obj.get_track_display()})"


class CellForm(EnforcementForm):
    instruments = _InstrumentMultipleChoiceField(
        label=gettext_lazy("Toegestane interventies"),
        queryset=Instrument.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    default_instrument = forms.ModelChoiceField(
        label=gettext_lazy("Eerste interventie"), queryset=Instrument.objects.none()
    )
    repair_term_days = forms.IntegerField(
        label=gettext_lazy("Hersteltermijn (dagen)"),
        help_text=gettext_lazy("0 is: direct herstellen."),
    )
    prosecutor_consultation = forms.BooleanField(
        label=gettext_lazy("Afstemmen met het Openbaar Ministerie"), required=False
    )
    guidance = long_text_field(gettext_lazy("Toelichting (niet verplicht)"))

    def setup(self) -> None:
        cell: StrategyCell = self.target
        instruments = selectors.instrument_list(on=today())
        self.fields["instruments"].queryset = instruments  # type: ignore[attr-defined]
        self.fields["default_instrument"].queryset = instruments  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial = {
                "instruments": [i.pk for i in cell.instruments.all()],
                "default_instrument": cell.default_instrument_id,
                "repair_term_days": cell.repair_term_days,
                "prosecutor_consultation": cell.prosecutor_consultation,
                "guidance": cell.guidance,
            }
