"""The data catalogue: the datasets of Grip and outside it, one dataset with its columns,
owners and history, and the glossary. Every member of staff reads it; the KIS role keeps the
curated metadata, the columns' classification and the owners."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from grip.core import selectors as core_selectors
from grip.dataplatform import selectors, services
from grip.dataplatform.models import Dataset
from grip.dataplatform.services import DATASET_FIELDS
from grip.web.accounts.common import submit, user_of
from grip.web.dataplatform.forms import ColumnForm, DatasetForm, RoleForm
from grip.web.dataplatform.lineage import dataset_lineage
from grip.web.dataplatform.quality import dataset_quality_context

VIEW_DATASET = "dataplatform.view_dataset"
CHANGE_DATASET = "dataplatform.change_dataset"
CHANGE_COLUMN = "dataplatform.change_column"
ADD_ROLE = "dataplatform.add_datasetrole"
PAGE_SIZE = 50
HISTORY_ROWS = 30


@login_required
@permission_required(VIEW_DATASET, raise_exception=True)
@require_GET
def dataset_list(request: HttpRequest) -> HttpResponse:
    """Every dataset, searchable (name, description, column, term) and by domain."""
    query = request.GET.get("q", "").strip()
    domain = request.GET.get("domein", "").strip()
    datasets = selectors.dataset_list_with_column_counts(query=query, domain=domain)
    page = Paginator(datasets, PAGE_SIZE).get_page(request.GET.get("pagina"))
    domains = (
        selectors.dataset_list()
        .exclude(domain="")
        .order_by("domain")
        .values_list("domain", flat=True)
        .distinct()
    )
    kept = request.GET.copy()
    kept.pop("pagina", None)
    context = {
        "page": page,
        "q": query,
        "domain": domain,
        "domains": list(domains),
        "query": kept.urlencode(),
    }
    return render(request, "web/dataplatform/dataset_list.html", context)


def _dataset_for(pk: int) -> Dataset:
    return get_object_or_404(selectors.dataset_list(), pk=pk)


def _dataset_page(
    request: HttpRequest,
    dataset: Dataset,
    *,
    dataset_form: DatasetForm | None = None,
    column_form: tuple[int, ColumnForm] | None = None,
    role_form: RoleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The dataset page; a bound form (with its errors) replaces the fresh one."""
    user = user_of(request)
    may_edit = user.has_perm(CHANGE_DATASET)
    may_edit_columns = user.has_perm(CHANGE_COLUMN)
    may_assign = user.has_perm(ADD_ROLE)
    if dataset_form is None and may_edit:
        dataset_form = DatasetForm(
            initial={name: getattr(dataset, name) for name in DATASET_FIELDS}
        )
    if role_form is None and may_assign:
        role_form = RoleForm()
    columns = []
    for column in dataset.columns.prefetch_related("terms").order_by("-present", "position"):
        form: ColumnForm | None = None
        if column_form is not None and column_form[0] == column.pk:
            form = column_form[1]
        elif may_edit_columns:
            form = ColumnForm(
                prefix=f"kolom{column.pk}",
                initial={"description": column.description, "personal_data": column.personal_data},
            )
        columns.append({"column": column, "form": form.style() if form else None})
    context: dict[str, Any] = {
        "dataset": dataset,
        "terms": list(dataset.terms.all()),
        "roles_today": selectors.roles_on(dataset),
        "role_history": list(selectors.role_history_of(dataset)),
        "columns": columns,
        "open_column": column_form[0] if column_form else None,
        "history": list(core_selectors.audit_history_of(dataset)[:HISTORY_ROWS]),
        "dataset_form": dataset_form.style() if dataset_form else None,
        "role_form": role_form.style() if role_form else None,
        "lineage": dataset_lineage(dataset),
        **dataset_quality_context(dataset),
    }
    return render(request, "web/dataplatform/dataset_detail.html", context, status=status)


def _detail_url(dataset: Dataset, anchor: str = "") -> str:
    return reverse("web:dataset-detail", args=[dataset.pk]) + anchor


@login_required
@permission_required(VIEW_DATASET, raise_exception=True)
@require_GET
def dataset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _dataset_page(request, _dataset_for(pk))


@login_required
@permission_required(CHANGE_DATASET, raise_exception=True)
@require_POST
def dataset_update(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = _dataset_for(pk)
    form = DatasetForm(request.POST)

    def write(data: dict[str, Any]) -> str:
        saved = services.dataset_update(actor=user_of(request), dataset=dataset, data=data)
        return _("De gegevens van %(dataset)s zijn opgeslagen.") % {"dataset": saved}

    status = submit(request, form, write)
    if status is None:
        return redirect(_detail_url(dataset))
    return _dataset_page(request, dataset, dataset_form=form, status=status)


@login_required
@permission_required(CHANGE_COLUMN, raise_exception=True)
@require_POST
def column_update(request: HttpRequest, pk: int) -> HttpResponse:
    column = get_object_or_404(selectors.column_list(), pk=pk)
    dataset = _dataset_for(column.dataset_id)
    form = ColumnForm(request.POST, prefix=f"kolom{column.pk}")

    def write(data: dict[str, Any]) -> str:
        services.column_update(actor=user_of(request), column=column, data=data)
        return _("De kolom %(column)s is opgeslagen.") % {"column": column.name}

    status = submit(request, form, write)
    if status is None:
        return redirect(_detail_url(dataset, f"#kolom-{column.pk}"))
    return _dataset_page(request, dataset, column_form=(column.pk, form), status=status)


@login_required
@permission_required(ADD_ROLE, raise_exception=True)
@require_POST
def role_assign(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = _dataset_for(pk)
    form = RoleForm(request.POST)

    def write(data: dict[str, Any]) -> str:
        assignment = services.role_assign(
            actor=user_of(request),
            dataset=dataset,
            role=data["role"],
            holder=form.holder(),
            valid_from=data["valid_from"],
        )
        return _("%(role)s is vastgelegd.") % {"role": assignment.get_role_display()}

    status = submit(request, form, write)
    if status is None:
        return redirect(_detail_url(dataset, "#rollen"))
    return _dataset_page(request, dataset, role_form=form, status=status)


@login_required
@permission_required(VIEW_DATASET, raise_exception=True)
@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    """The terms of the domain, the English used in code, and the datasets that use them."""
    terms = selectors.glossary()
    return render(request, "web/dataplatform/glossary.html", {"terms": terms})
