"""The forms of the indicator, snapshot and BIG-8 pages. They only parse what was typed; the
kpis and reporting services decide, and their refusals show at the field they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from grip.core.models import User as UserModel
from grip.kpis import registry
from grip.kpis.constants import Comparison, StepStatus
from grip.kpis.models import CycleStep
from grip.participants.models import Participant
from grip.web.cases import DateInput, DutchDecimalField, ServiceForm
from grip.web.kpis.common import last_ended_quarter, today


def indicator_choices() -> list[tuple[str, str]]:
    return [(indicator.code, str(indicator.name)) for indicator in registry.INDICATORS]


class _ParticipantChoiceField(forms.ModelChoiceField[Participant]):
    def label_from_instance(self, obj: Participant) -> str:
        return obj.name


class TargetForm(ServiceForm):
    indicator_code = forms.ChoiceField(label=gettext_lazy("Indicator"), choices=())
    year = forms.IntegerField(label=gettext_lazy("Jaar"), min_value=2000, max_value=2999)
    participant = _ParticipantChoiceField(
        label=gettext_lazy("Voor"),
        queryset=Participant.objects.none(),
        required=False,
        empty_label=gettext_lazy("Alle deelnemers (zonder eigen streefwaarde)"),
    )
    comparison = forms.ChoiceField(
        label=gettext_lazy("Vergelijking"),
        required=False,
        choices=(),
        help_text=gettext_lazy("Leeg: zoals de norm van de indicator (≥ of ≤ naar de richting)."),
    )
    value = DutchDecimalField(
        label=gettext_lazy("Streefwaarde"),
        max_digits=10,
        decimal_places=1,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=gettext_lazy("In de eenheid van de indicator, zoals 90 voor 90 %."),
    )
    note = forms.CharField(
        label=gettext_lazy("Toelichting (niet verplicht)"), required=False, max_length=240
    )

    def __init__(
        self, *args: Any, participants: QuerySet[Participant], year: int, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {"year": year})
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = indicator_choices()  # type: ignore[attr-defined]
        self.fields["participant"].queryset = participants  # type: ignore[attr-defined]
        self.fields["comparison"].choices = [  # type: ignore[attr-defined]
            ("", gettext_lazy("Zoals de norm")),
            *Comparison.choices,
        ]


class QuarterFreezeForm(ServiceForm):
    year = forms.IntegerField(label=gettext_lazy("Jaar"), min_value=2000, max_value=2999)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Kwartaal"),
        coerce=int,
        choices=[(number, f"Q{number}") for number in range(1, 5)],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        last = last_ended_quarter()
        kwargs.setdefault("initial", {"year": last.year, "quarter": last.number})
        super().__init__(*args, **kwargs)


class BaselineFreezeForm(ServiceForm):
    start = forms.DateField(label=gettext_lazy("Van"), widget=DateInput())
    end = forms.DateField(label=gettext_lazy("Tot en met"), widget=DateInput())
    note = forms.CharField(
        label=gettext_lazy("Toelichting (niet verplicht)"), required=False, max_length=240
    )
    codes = forms.MultipleChoiceField(
        label=gettext_lazy("Indicatoren (niet verplicht)"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Niets aangevinkt: alle indicatoren die nog geen nulmeting hebben. Een indicator "
            "houdt zijn eerste nulmeting als beginpunt."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        year = today().year - 1
        kwargs.setdefault("initial", {"start": f"{year}-01-01", "end": f"{year}-12-31"})
        super().__init__(*args, **kwargs)
        self.fields["codes"].choices = indicator_choices()  # type: ignore[attr-defined]


class _UserChoiceField(forms.ModelChoiceField[UserModel]):
    def label_from_instance(self, obj: UserModel) -> str:
        return obj.get_full_name() or obj.username


def owner_candidates(step: CycleStep) -> QuerySet[UserModel]:
    """Staff in service, and whoever owns the step now."""
    return (
        UserModel.objects.filter(
            Q(employee__isnull=False, employee__end_date__isnull=True, is_active=True)
            | Q(pk=step.owner_id or 0)
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class StepForm(ServiceForm):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=StepStatus.choices)
    owner = _UserChoiceField(
        label=gettext_lazy("Eigenaar"),
        queryset=UserModel.objects.none(),
        required=False,
        empty_label=gettext_lazy("Niemand"),
    )
    planned_on = forms.DateField(
        label=gettext_lazy("Gepland gereed"), widget=DateInput(), required=False
    )
    completed_on = forms.DateField(
        label=gettext_lazy("Gereed op"),
        widget=DateInput(),
        required=False,
        help_text=gettext_lazy("Alleen bij 'gereed'; leeg is vandaag."),
    )
    notes = forms.CharField(
        label=gettext_lazy("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args: Any, step: CycleStep, owners: QuerySet[UserModel], **kwargs: Any
    ) -> None:
        kwargs.setdefault(
            "initial",
            {
                "status": step.status,
                "owner": step.owner_id,
                "planned_on": step.planned_on,
                "completed_on": step.completed_on,
                "notes": step.notes,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "status": data["status"],
            "owner": data["owner"],
            "planned_on": data["planned_on"],
            "completed_on": data["completed_on"],
            "notes": data["notes"],
        }


class DocumentForm(ServiceForm):
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=200)
    url = forms.URLField(
        label=gettext_lazy("Link"),
        max_length=500,
        assume_scheme="https",
        help_text=gettext_lazy("Het adres van het document, zoals https://…"),
    )
