"""External sources in the data catalogue: registering one (the VTH system's export, BAG, ...)
and keeping its columns, which nobody harvests. The ``dataplatform.add_dataset`` permission
(KIS, beheerder) does both; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grip.core.errors import DomainError
from grip.dataplatform import selectors, services
from grip.dataplatform.models import Column, Dataset, DatasetKind
from grip.web.accounts.common import submit, user_of
from grip.web.cases import ServiceForm, refusal_status
from grip.web.dataplatform.forms import model_fields
from grip.web.feedback import dutch_message

ADD_DATASET = services.ADD_DATASET
# The curated fields asked when registering: title, description and web page first.
_FIRST = ("title", "description", "landing_page")
REGISTER_FIELDS = (
    *_FIRST,
    *(name for name in services.EXTERNAL_DATASET_FIELDS if name not in _FIRST),
)
# A new column goes last; its position is not asked.
COLUMN_FORM_FIELDS = tuple(name for name in services.EXTERNAL_COLUMN_FIELDS if name != "position")


class ExternalDatasetForm(ServiceForm):
    identifier_slug = forms.CharField(
        label=gettext_lazy("Identificatie"),
        max_length=110,
        help_text=gettext_lazy(
            "Korte naam in kleine letters, zoals vth-export; de dataset heet dan extern:vth-export."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(model_fields(Dataset, REGISTER_FIELDS))
        self.fields["title"].required = True
        self.fields["title"].help_text = ""
        self.fields["description"].help_text = ""
        for name in ("description", "retention"):
            self.fields[name].widget = forms.Textarea(attrs={"rows": 3})


class ExternalColumnForm(ServiceForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(model_fields(Column, COLUMN_FORM_FIELDS))
        self.fields["name"].help_text = gettext_lazy("Zoals in de bron, bijvoorbeeld postcode.")
        self.fields["data_type"].help_text = gettext_lazy(
            "Bijvoorbeeld tekst, datum, geheel getal of tekst (16 cijfers)."
        )
        self.fields["description"].widget = forms.Textarea(attrs={"rows": 2})


def _external_for(pk: int) -> Dataset:
    return get_object_or_404(selectors.dataset_list().filter(kind=DatasetKind.EXTERNAL), pk=pk)


@login_required
@permission_required(ADD_DATASET, raise_exception=True)
@require_http_methods(["GET", "POST"])
def external_register(request: HttpRequest) -> HttpResponse:
    """Register an external source; then its columns are added on its own page."""
    form = ExternalDatasetForm(request.POST or None)
    status = 200
    if request.method == "POST":
        created: list[Dataset] = []

        def write(data: dict[str, Any]) -> str:
            extra = {name: data[name] for name in REGISTER_FIELDS[len(_FIRST) :]}
            dataset = services.external_dataset_register(
                actor=user_of(request),
                identifier_slug=data["identifier_slug"],
                title=data["title"],
                description=data["description"],
                landing_page=data["landing_page"],
                data=extra,
            )
            created.append(dataset)
            return _("De externe bron %(dataset)s is geregistreerd.") % {"dataset": dataset}

        result = submit(request, form, write)
        if result is None:
            return redirect(reverse("web:external-columns", args=[created[0].pk]))
        status = result
    return render(
        request,
        "web/dataplatform/external/register.html",
        {"form": form.style()},
        status=status,
    )


def _columns_page(
    request: HttpRequest,
    dataset: Dataset,
    *,
    form: ExternalColumnForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "dataset": dataset,
        "columns": list(dataset.columns.order_by("position", "name")),
        "form": (form or ExternalColumnForm()).style(),
    }
    return render(request, "web/dataplatform/external/columns.html", context, status=status)


@login_required
@permission_required(ADD_DATASET, raise_exception=True)
@require_GET
def external_columns(request: HttpRequest, pk: int) -> HttpResponse:
    """The columns of an external source, to add to and remove from."""
    return _columns_page(request, _external_for(pk))


@login_required
@permission_required(ADD_DATASET, raise_exception=True)
@require_POST
def external_column_add(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = _external_for(pk)
    form = ExternalColumnForm(request.POST)

    def write(data: dict[str, Any]) -> str:
        column = services.external_column_add(actor=user_of(request), dataset=dataset, data=data)
        return _("De kolom %(column)s is toegevoegd.") % {"column": column.name}

    status = submit(request, form, write)
    if status is None:
        return redirect(reverse("web:external-columns", args=[dataset.pk]))
    return _columns_page(request, dataset, form=form, status=status)


@login_required
@permission_required(ADD_DATASET, raise_exception=True)
@require_POST
def external_column_remove(request: HttpRequest, pk: int) -> HttpResponse:
    column = get_object_or_404(
        selectors.column_list().filter(dataset__kind=DatasetKind.EXTERNAL), pk=pk
    )
    dataset = column.dataset
    try:
        services.external_column_remove(actor=user_of(request), column=column)
    except DomainError as error:
        messages.error(request, dutch_message(error))
        return _columns_page(request, dataset, status=refusal_status(error))
    messages.success(request, _("De kolom %(column)s is verwijderd.") % {"column": column.name})
    return redirect(reverse("web:external-columns", args=[dataset.pk]))
