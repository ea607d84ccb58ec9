"""Pages for the beheerder to keep the product catalogue and the hourly tariffs.

The forms only render and parse; every change goes through ``grip.frameworks.services``, which
check the permission again, validate the row and record the audit trail. A refused change never
answers 500: the form is shown again with the reason next to the field or above the form.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from grip.core.errors import DomainError
from grip.frameworks import selectors, services
from grip.frameworks.models import Product
from grip.web.feedback import dutch_message

TEXT_INPUT = "utrecht-textbox utrecht-textbox--html-input"
SELECT = "utrecht-select utrecht-select--html-select"

PROTECTED_MESSAGE = gettext_lazy(
    "Dit product staat in een werkprogramma en kan niet worden verwijderd."
)


def _catalogue_url(year: int | None) -> str:
    url = reverse("web:catalogue")
    return f"{url}?jaar={year}" if year else url


# --- forms ------------------------------------------------------------------------------------

if TYPE_CHECKING:
    _ProductModelForm = forms.ModelForm[Product]
else:  # Django's ModelForm takes no type parameter at run time
    _ProductModelForm = forms.ModelForm


class _StyledForm(forms.BaseForm):
    """Utrecht classes on every input; the error messages tied to their input."""

    def style(self) -> None:
        for name, field in self.fields.items():
            css = SELECT if isinstance(field.widget, forms.Select) else TEXT_INPUT
            field.widget.attrs.setdefault("class", css)
            if self.is_bound and self.errors.get(name):
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-fout"

    def add_refusal(self, error: DomainError | ValidationError) -> None:
        """Show a service's refusal: per field where it names one of ours, else above the form."""
        if isinstance(error, ValidationError):
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                self.add_error(None, error)
            return
        target = error.field if error.field in self.fields else None
        self.add_error(target, dutch_message(error))


class ProductForm(_StyledForm, _ProductModelForm):
    class Meta:
        model = Product
        fields = services.PRODUCT_FIELDS
        widgets = {"norm_hours": forms.TextInput(attrs={"inputmode": "decimal"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = selectors.module_list()  # type: ignore[attr-defined]
        self.fields["norm_hours"].localize = True


class TariffForm(_StyledForm, forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Jaar"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(
        label=gettext_lazy("Uurtarief (€)"),
        min_value=Decimal("0.01"),
        max_digits=8,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class CopyForm(_StyledForm, forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Kopieer de catalogus van"), min_value=2000, max_value=2100
    )
    indexation_percent = forms.DecimalField(
        label=gettext_lazy("Indexering van het uurtarief (%)"),
        max_digits=5,
        decimal_places=2,
        localize=True,
        initial=Decimal("0"),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


def _year_from(request: HttpRequest) -> int | None:
    raw = request.GET.get("jaar", "")
    return int(raw) if raw.isdigit() else None


def _render(
    request: HttpRequest, template: str, form: _StyledForm, status: int = 200, **context: Any
) -> HttpResponse:
    form.style()
    return render(request, template, {"form": form, **context}, status=status)


# --- products ---------------------------------------------------------------------------------


@login_required
@permission_required("frameworks.add_product", raise_exception=True)
@require_http_methods(["GET", "POST"])
def product_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ProductForm(request.POST)
        if form.is_valid():
            try:
                product = services.product_create(actor=request.user, data=form.cleaned_data)
            except (DomainError, ValidationError) as error:
                form.add_refusal(error)
            else:
                messages.success(
                    request,
                    _("Product %(code)s is toegevoegd aan de catalogus van %(year)s.")
                    % {"code": product.code, "year": product.year},
                )
                return redirect(_catalogue_url(product.year))
    else:
        form = ProductForm(initial={"year": _year_from(request)})
    return _render(request, "web/catalogue_product_form.html", form, product=None)


@login_required
@permission_required("frameworks.change_product", raise_exception=True)
@require_http_methods(["GET", "POST"])
def product_update(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(selectors.product_list(), pk=pk)
    year = product.year
    if request.method == "POST":
        # The form parses into its own copy; the service changes the stored row.
        form = ProductForm(
            request.POST, instance=get_object_or_404(selectors.product_list(), pk=pk)
        )
        if form.is_valid():
            try:
                product = services.product_update(
                    actor=request.user, product=product, data=form.cleaned_data
                )
            except (DomainError, ValidationError) as error:
                form.add_refusal(error)
            else:
                messages.success(
                    request, _("Product %(code)s is opgeslagen.") % {"code": product.code}
                )
                return redirect(_catalogue_url(product.year))
    else:
        form = ProductForm(instance=product)
    return _render(request, "web/catalogue_product_form.html", form, product=product, year=year)


@login_required
@permission_required("frameworks.delete_product", raise_exception=True)
@require_http_methods(["GET", "POST"])
def product_delete(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(selectors.product_list(), pk=pk)
    error = None
    if request.method == "POST":
        try:
            services.product_delete(actor=request.user, product=product)
        except ProtectedError:
            error = str(PROTECTED_MESSAGE)
        except DomainError as refusal:
            error = dutch_message(refusal)
        else:
            messages.success(
                request,
                _("Product %(code)s is verwijderd uit de catalogus van %(year)s.")
                % {"code": product.code, "year": product.year},
            )
            return redirect(_catalogue_url(product.year))
    return render(
        request,
        "web/catalogue_product_delete.html",
        {"product": product, "error": error},
        status=409 if error else 200,
    )


# --- tariff and copying a year ----------------------------------------------------------------


@login_required
@permission_required("frameworks.change_hourlytariff", raise_exception=True)
@require_http_methods(["GET", "POST"])
def tariff_set(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = TariffForm(request.POST)
        if form.is_valid():
            year = form.cleaned_data["year"]
            try:
                tariff = services.tariff_set(
                    actor=request.user, year=year, amount=form.cleaned_data["amount"]
                )
            except (DomainError, ValidationError) as error:
                form.add_refusal(error)
            else:
                messages.success(
                    request,
                    _("Het uurtarief van %(year)s is € %(amount)s.")
                    % {"year": tariff.year, "amount": tariff.amount},
                )
                return redirect(_catalogue_url(year))
    else:
        year = _year_from(request)
        current = selectors.tariff_record(year=year) if year else None
        form = TariffForm(initial={"year": year, "amount": current.amount if current else None})
    return _render(request, "web/catalogue_tariff_form.html", form)


@login_required
@permission_required(
    ["frameworks.add_product", "frameworks.change_hourlytariff"], raise_exception=True
)
@require_http_methods(["GET", "POST"])
def catalogue_copy(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = CopyForm(request.POST)
        if form.is_valid():
            year = form.cleaned_data["year"]
            try:
                copies = services.catalogue_copy_to_next_year(
                    actor=request.user,
                    year=year,
                    indexation_percent=form.cleaned_data["indexation_percent"],
                )
            except (DomainError, ValidationError) as error:
                form.add_refusal(error)
            else:
                messages.success(
                    request,
                    _("De catalogus van %(year)s is naar %(next)s gekopieerd: %(count)s producten.")
                    % {"year": year, "next": year + 1, "count": len(copies)},
                )
                return redirect(_catalogue_url(year + 1))
    else:
        form = CopyForm(initial={"year": _year_from(request)})
    return _render(request, "web/catalogue_copy_form.html", form)
