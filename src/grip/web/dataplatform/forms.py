"""The forms of the data catalogue pages. They only parse input; the dataplatform services
decide (who may, which values, which dates) and their refusal is shown at the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from grip.dataplatform.models import Column, DataRole, Dataset
from grip.dataplatform.services import COLUMN_FIELDS, DATASET_FIELDS
from grip.organisation import selectors as organisation_selectors
from grip.organisation.models import Employee, Team
from grip.web.accounts.forms import EmployeeChoiceField, active_employees
from grip.web.cases import DateInput, ServiceForm


def model_fields(model: type[Dataset] | type[Column], names: tuple[str, ...]) -> dict[str, Any]:
    """The curated fields as the model describes them (labels, choices, help texts)."""
    # A web address typed without a scheme is read as https (Django 6's default, asked now).
    fields = forms.fields_for_model(
        model,
        fields=names,
        formfield_callback=lambda field, **kwargs: field.formfield(
            **({"assume_scheme": "https"} if isinstance(field, models.URLField) else {}), **kwargs
        ),
    )
    for field in fields.values():
        if field is not None:
            field.label = capfirst(field.label)
    return dict(fields)


class DatasetForm(ServiceForm):
    """The curated metadata of a dataset: DCAT-AP-NL and Grip's own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(model_fields(Dataset, DATASET_FIELDS))
        for name in ("description", "retention"):
            self.fields[name].widget = forms.Textarea(attrs={"rows": 3})


class ColumnForm(ServiceForm):
    """The curated metadata of one column: its description and personal-data class."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(model_fields(Column, COLUMN_FIELDS))
        self.fields["description"].widget = forms.Textarea(attrs={"rows": 2})


class TeamChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class RoleForm(ServiceForm):
    role = forms.ChoiceField(label=gettext_lazy("Rol"), choices=DataRole.choices)
    employee = EmployeeChoiceField(
        label=gettext_lazy("Medewerker"),
        queryset=Employee.objects.none(),
        required=False,
        empty_label=gettext_lazy("(geen: een team)"),
    )
    team = TeamChoiceField(
        label=gettext_lazy("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=gettext_lazy("(geen: een medewerker)"),
        help_text=gettext_lazy("Kies een medewerker of een team, niet allebei."),
    )
    valid_from = forms.DateField(label=gettext_lazy("Vanaf"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = active_employees()  # type: ignore[attr-defined]
        self.fields["team"].queryset = organisation_selectors.team_list()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("employee")) == bool(data.get("team")):
            self.add_error("team", gettext_lazy("Kies een medewerker of een team, niet allebei."))
        return data

    def holder(self) -> Employee | Team:
        holder: Employee | Team = self.cleaned_data["employee"] or self.cleaned_data["team"]
        return holder
