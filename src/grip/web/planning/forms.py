"""The forms of the planning pages. They only parse what was typed (numbers the Dutch way or the
international way); the planning services decide, and their refusals show at the field they
name."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import Model, QuerySet
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grip.organisation.models import Employee
from grip.participants.models import Participant
from grip.planning.constants import RuleKind
from grip.planning.models import (
    Assessment,
    Expertise,
    InspectionMethod,
    RiskClass,
    RiskModel,
    RiskRule,
)
from grip.planning.services import MODEL_FIELDS
from grip.web.cases import DateInput, ServiceForm
from grip.web.feedback import dutch_number

THEME_ROWS = 3


class DutchNumberField(forms.DecimalField):
    """A number typed the Dutch way ('12,5', '-1.250,5') or the international way ('12.5'),
    shown with a decimal comma."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = dutch_number(value)
        return super().to_python(value)


class _ParticipantChoiceField(forms.ModelChoiceField[Participant]):
    def label_from_instance(self, obj: Participant) -> str:
        return obj.name


class _ParticipantsField(forms.ModelMultipleChoiceField[Participant]):
    def label_from_instance(self, obj: Participant) -> str:
        return obj.name


class _AssessmentChoiceField(forms.ModelChoiceField[Assessment]):
    def label_from_instance(self, obj: Assessment) -> str:
        return f"{obj.model.version} per {obj.as_of:%d-%m-%Y} ({obj.site_count} locaties)"


class _EmployeeChoiceField(forms.ModelChoiceField[Employee]):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.full_name} ({obj.employee_number})"


class _ExpertisesField(forms.ModelMultipleChoiceField[Expertise]):
    def label_from_instance(self, obj: Expertise) -> str:
        return obj.name


# --- the risk assessment and programmes ----------------------------------------------------


class AssessmentForm(ServiceForm):
    """Recompute the risks: no input, the model in force and today."""


class PlanForm(ServiceForm):
    year = forms.IntegerField(label=gettext_lazy("Jaar"), min_value=2000, max_value=2999)
    title = forms.CharField(
        label=gettext_lazy("Titel (niet verplicht)"),
        required=False,
        max_length=160,
        help_text=gettext_lazy("Leeg: 'Toezichtprogramma' en het jaar."),
    )
    assessment = _AssessmentChoiceField(
        label=gettext_lazy("Risicobeoordeling"),
        queryset=Assessment.objects.none(),
        required=False,  # none yet: the service says to compute the risks first
        empty_label=None,
    )
    time_limit = DutchNumberField(
        label=gettext_lazy("Tijdslimiet (seconden)"),
        max_digits=6,
        decimal_places=1,
        help_text=gettext_lazy("Hoe lang de rekenmachine hooguit zoekt naar het optimum."),
    )

    def __init__(
        self,
        *args: Any,
        assessments: QuerySet[Assessment],
        year: int,
        latest: Assessment | None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault(
            "initial",
            {"year": year, "assessment": latest.pk if latest else None, "time_limit": 10},
        )
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = assessments  # type: ignore[attr-defined]
        for number in range(1, THEME_ROWS + 1):
            self.fields[f"theme_{number}_kind"] = forms.ChoiceField(
                label=_("Thema %(number)s: soort") % {"number": number},
                required=False,
                choices=[("", gettext_lazy("Geen thema")), *RuleKind.choices],
            )
            self.fields[f"theme_{number}_key"] = forms.CharField(
                label=_("Thema %(number)s: sleutel") % {"number": number},
                required=False,
                max_length=60,
            )
            self.fields[f"theme_{number}_minimum"] = forms.IntegerField(
                label=_("Thema %(number)s: minimaal aantal locaties") % {"number": number},
                required=False,
                min_value=0,
            )

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("year", "title", "assessment", "time_limit")]

    @property
    def theme_rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (
                number,
                [self[f"theme_{number}_{part}"] for part in ("kind", "key", "minimum")],
            )
            for number in range(1, THEME_ROWS + 1)
        ]

    def themes(self) -> list[tuple[str, str, int]]:
        """The rows with anything filled in, as the service takes them: it refuses a row that
        lacks a kind, a key or a minimum."""
        data = self.cleaned_data
        rows = []
        for number in range(1, THEME_ROWS + 1):
            kind = data.get(f"theme_{number}_kind") or ""
            key = (data.get(f"theme_{number}_key") or "").strip()
            minimum = data.get(f"theme_{number}_minimum")
            if kind or key or minimum is not None:
                rows.append((kind, key, minimum or 0))
        return rows


class ScenarioForm(ServiceForm):
    participant = _ParticipantChoiceField(
        label=gettext_lazy("Deelnemer"), queryset=Participant.objects.none()
    )
    hours = DutchNumberField(
        label=gettext_lazy("Uren erbij (of eraf, met een min)"),
        max_digits=8,
        decimal_places=2,
        help_text=gettext_lazy("Bijvoorbeeld 200 of -50,5."),
    )

    def __init__(self, *args: Any, participants: QuerySet[Participant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants  # type: ignore[attr-defined]


# --- the risk model --------------------------------------------------------------------------


class ModelCopyForm(ServiceForm):
    version = forms.CharField(
        label=gettext_lazy("Nieuwe versie"),
        max_length=20,
        help_text=gettext_lazy("Bijvoorbeeld 2027.1."),
    )
    name = forms.CharField(
        label=gettext_lazy("Naam (niet verplicht)"),
        required=False,
        max_length=160,
        help_text=gettext_lazy("Leeg: de naam van dit model."),
    )


class ModelAdoptForm(ServiceForm):
    valid_from = forms.DateField(label=gettext_lazy("Geldig vanaf"), widget=DateInput())


class ModelFieldsForm(ServiceForm):
    """A form with the fields of a model (labels, help texts, limits from the model), numbers
    typed with a decimal comma or point."""

    model: ClassVar[type[Model]]
    field_names: ClassVar[tuple[str, ...]]

    def __init__(self, *args: Any, instance: Model | None = None, **kwargs: Any) -> None:
        if instance is not None:
            kwargs.setdefault("initial", model_to_dict(instance, fields=self.field_names))
        super().__init__(*args, **kwargs)
        self.fields.update(
            fields_for_model(self.model, fields=self.field_names, localized_fields="__all__")
        )
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField):
                field.widget.attrs.setdefault("inputmode", "decimal")

    def apply_to(self, instance: Model) -> Model:
        for name in self.field_names:
            setattr(instance, name, self.cleaned_data[name])
        return instance


class ModelParametersForm(ModelFieldsForm):
    model = RiskModel
    field_names = tuple(f.name for f in RiskModel._meta.fields if f.name in MODEL_FIELDS)


class RuleForm(ModelFieldsForm):
    model = RiskRule
    field_names = (
        "kind",
        "key",
        "effect_air",
        "effect_soil",
        "effect_water",
        "effect_noise",
        "effect_safety",
        "base_probability",
        "expertise",
        "note",
    )


class ClassForm(ModelFieldsForm):
    model = RiskClass
    field_names = ("code", "name", "min_risk", "target_frequency", "mandatory")


class MethodForm(ModelFieldsForm):
    model = InspectionMethod
    field_names = (
        "code",
        "name",
        "inspection_type",
        "product_code",
        "coverage",
        "classes",
        "site_types",
        "expertise",
    )


# --- the inspectors' capacity ------------------------------------------------------------


class CapacityForm(ServiceForm):
    employee = _EmployeeChoiceField(
        label=gettext_lazy("Toezichthouder"), queryset=Employee.objects.none()
    )
    hours = DutchNumberField(
        label=gettext_lazy("Uren voor programmatoezicht"),
        max_digits=8,
        decimal_places=2,
        min_value=0,
        help_text=gettext_lazy("0 uur: doet dit jaar geen programmatoezicht."),
    )
    expertises = _ExpertisesField(
        label=gettext_lazy("Deskundigheden"),
        queryset=Expertise.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = _ParticipantsField(
        label=gettext_lazy("Werkgebied (niet verplicht)"),
        queryset=Participant.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Niets aangevinkt: de hele regio."),
    )
    note = forms.CharField(
        label=gettext_lazy("Toelichting (niet verplicht)"), required=False, max_length=240
    )

    def __init__(
        self,
        *args: Any,
        employees: QuerySet[Employee],
        expertises: QuerySet[Expertise],
        participants: QuerySet[Participant],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees  # type: ignore[attr-defined]
        self.fields["expertises"].queryset = expertises  # type: ignore[attr-defined]
        self.fields["areas"].queryset = participants  # type: ignore[attr-defined]
