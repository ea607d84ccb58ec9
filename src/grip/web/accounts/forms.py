"""The forms of the account-management pages. They only parse input; the participants services
decide (who may, which dates, which contacts) and their refusal is shown at the field."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from grip.core.models import NotificationKind
from grip.organisation import selectors as organisation_selectors
from grip.organisation.models import Employee
from grip.participants.models import ContactPerson, InteractionKind
from grip.web.cases import DateInput, DutchDecimalField, ServiceForm


def active_employees(on: datetime.date | None = None) -> QuerySet[Employee]:
    """Who can attend or own an action: employees still in service on ``on`` (today)."""
    day = on or timezone.localdate()
    return organisation_selectors.employee_list().filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )


class EmployeeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.first_name} {obj.last_name}".strip()


class EmployeeMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.first_name} {obj.last_name}".strip()


class ContactMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        role = obj.get_role_display() if obj.role else obj.position
        return f"{obj.name} ({role})" if role else obj.name


class InteractionForm(ServiceForm):
    occurred_on = forms.DateField(label=gettext_lazy("Datum"), widget=DateInput())
    kind = forms.ChoiceField(label=gettext_lazy("Soort"), choices=InteractionKind.choices)
    subject = forms.CharField(label=gettext_lazy("Onderwerp"), max_length=200)
    summary = forms.CharField(
        label=gettext_lazy("Verslag"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    agreements = forms.CharField(
        label=gettext_lazy("Afspraken"),
        required=False,
        help_text=gettext_lazy("Wat is afgesproken, in de woorden van beide."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    staff = EmployeeMultipleChoiceField(
        label=gettext_lazy("Namens de dienst"),
        queryset=Employee.objects.none(),
        required=False,
        help_text=gettext_lazy("Houd Ctrl (of Cmd) ingedrukt om meer mensen te kiezen."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    contacts = ContactMultipleChoiceField(
        label=gettext_lazy("Namens de deelnemer"),
        queryset=ContactPerson.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, contacts: QuerySet[ContactPerson], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = active_employees()  # type: ignore[attr-defined]
        self.fields["contacts"].queryset = contacts  # type: ignore[attr-defined]


class FollowUpForm(ServiceForm):
    description = forms.CharField(
        label=gettext_lazy("Actie"), widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = EmployeeChoiceField(label=gettext_lazy("Eigenaar"), queryset=Employee.objects.none())
    due_on = forms.DateField(label=gettext_lazy("Uiterlijk op"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = active_employees()  # type: ignore[attr-defined]


class CloseForm(ServiceForm):
    DONE = "afgerond"
    CANCELLED = "vervallen"

    outcome = forms.ChoiceField(
        label=gettext_lazy("Uitkomst"),
        choices=(
            (DONE, gettext_lazy("Afgerond: de actie is gedaan")),
            (CANCELLED, gettext_lazy("Vervallen: de actie is niet meer nodig")),
        ),
        initial=DONE,
    )
    note = forms.CharField(
        label=gettext_lazy("Toelichting"),
        required=False,
        help_text=gettext_lazy("Verplicht als de actie vervalt: waarom?"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RescheduleForm(ServiceForm):
    due_on = forms.DateField(label=gettext_lazy("Nieuwe datum"), widget=DateInput())
    owner = EmployeeChoiceField(
        label=gettext_lazy("Eigenaar"),
        queryset=Employee.objects.none(),
        required=False,
        empty_label=gettext_lazy("(blijft dezelfde)"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = active_employees()  # type: ignore[attr-defined]


class AccountPlanForm(ServiceForm):
    goals = forms.CharField(
        label=gettext_lazy("Doelen"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    risks = forms.CharField(
        label=gettext_lazy("Risico's"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    agreements = forms.CharField(
        label=gettext_lazy("Afspraken"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class SatisfactionForm(ServiceForm):
    year = forms.IntegerField(label=gettext_lazy("Jaar"), min_value=2000, max_value=2100)
    score = DutchDecimalField(
        label=gettext_lazy("Cijfer"),
        min_value=Decimal("1"),
        max_value=Decimal("10"),
        max_digits=3,
        decimal_places=1,
        help_text=gettext_lazy("Van 1 tot en met 10, met ten hoogste één decimaal (7,5)."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    comments = forms.CharField(
        label=gettext_lazy("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    respondent = forms.ModelChoiceField(
        label=gettext_lazy("Gegeven door"),
        queryset=ContactPerson.objects.none(),
        required=False,
        empty_label=gettext_lazy("(niet vastgelegd)"),
    )

    def __init__(self, *args: Any, contacts: QuerySet[ContactPerson], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["respondent"].queryset = contacts  # type: ignore[attr-defined]


class PreferencesForm(ServiceForm):
    """One checkbox per kind of notification: by e-mail or not."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.BooleanField(label=label, required=False)

    def choices(self) -> dict[str, bool]:
        return {kind: bool(self.cleaned_data.get(kind)) for kind in NotificationKind.values}
