"""The archive pages: destruction and transfer lists, from proposal to the record of a
destruction carried out. The beheerder proposes and carries out; the archivist approves or
rejects; both may leave cases out with a reason while a list is open. The services in
:mod:`grip.dataplatform.retention` decide; these pages only show and submit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from grip.dataplatform import retention
from grip.dataplatform.models import (
    DestructionList,
    DestructionListItem,
    ListKind,
)
from grip.web.accounts.common import submit, user_of
from grip.web.cases import DateInput, ServiceForm

VIEW = retention.VIEW
UNRESOLVED_ROWS = 500
# The two buttons of the archivist's decision (the ``besluit`` of the form).
DECISIONS = ("goedkeuren", "afwijzen")


class ProposeForm(ServiceForm):
    kind = forms.ChoiceField(label=gettext_lazy("Soort lijst"), choices=ListKind.choices)
    reference_date = forms.DateField(
        label=gettext_lazy("Peildatum"),
        widget=DateInput(),
        help_text=gettext_lazy(
            "Zaken met een archiefactiedatum op of vóór deze datum komen op de lijst."
        ),
    )
    name = forms.CharField(label=gettext_lazy("Naam van de lijst"), max_length=200)


class ExcludeForm(ServiceForm):
    exclusion_reason = forms.CharField(
        label=gettext_lazy("Reden van uitzondering"), widget=forms.Textarea
    )


class DecideForm(ServiceForm):
    note = forms.CharField(
        label=gettext_lazy("Toelichting"),
        required=False,
        widget=forms.Textarea,
        help_text=gettext_lazy("Verplicht bij afwijzen."),
    )


def _list_for(pk: int) -> DestructionList:
    return get_object_or_404(retention.destruction_lists(), pk=pk)


def _detail_url(destruction_list: DestructionList, anchor: str = "") -> str:
    return reverse("web:destruction-list-detail", args=[destruction_list.pk]) + anchor


def _today_name(kind: str) -> str:
    label = ListKind(kind).label
    return f"{label} {timezone.localdate():%d-%m-%Y}"


def _index_page(
    request: HttpRequest, *, form: ProposeForm | None = None, status: int = 200
) -> HttpResponse:
    user = user_of(request)
    if form is None and user.has_perm(retention.PROPOSE):
        form = ProposeForm(
            initial={
                "kind": ListKind.DESTROY,
                "reference_date": timezone.localdate(),
                "name": _today_name(ListKind.DESTROY),
            }
        )
    context = {
        "lists": retention.destruction_lists(),
        "form": form.style() if form else None,
        "unresolved_count": retention.cases_without_action_date().count(),
    }
    return render(request, "web/dataplatform/retention/list_index.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
@require_GET
def destruction_list_index(request: HttpRequest) -> HttpResponse:
    return _index_page(request)


@login_required
@permission_required(retention.PROPOSE, raise_exception=True)
@require_POST
def destruction_list_propose(request: HttpRequest) -> HttpResponse:
    form = ProposeForm(request.POST)
    created: list[DestructionList] = []

    def write(data: dict[str, Any]) -> str:
        destruction_list = retention.destruction_list_propose(
            actor=user_of(request),
            kind=data["kind"],
            reference_date=data["reference_date"],
            name=data["name"],
        )
        created.append(destruction_list)
        return _("De lijst %(name)s is voorgesteld; controleer de zaken en dien haar in.") % {
            "name": destruction_list.name
        }

    status = submit(request, form, write)
    if status is None:
        return redirect(_detail_url(created[0]))
    return _index_page(request, form=form, status=status)


def _detail_page(
    request: HttpRequest,
    destruction_list: DestructionList,
    *,
    exclude_form: tuple[int, ExcludeForm] | None = None,
    decide_form: DecideForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actions = retention.actions_for(user_of(request), destruction_list)
    may_edit, may_decide = actions.edit, actions.decide
    rows: list[dict[str, Any]] = []
    included = 0
    for item in retention.items_of(destruction_list):
        included += 0 if item.excluded else 1
        form: ExcludeForm | None = None
        if exclude_form is not None and exclude_form[0] == item.pk:
            form = exclude_form[1]
        elif may_edit and not item.excluded:
            form = ExcludeForm(prefix=f"regel{item.pk}")
        rows.append({"item": item, "form": form.style() if form else None})
    if decide_form is None and may_decide:
        decide_form = DecideForm()
    context = {
        "list": destruction_list,
        "rows": rows,
        "included": included,
        "may_edit": may_edit,
        "may_submit": actions.submit,
        "may_carry_out": actions.carry_out,
        "decide_form": decide_form.style() if decide_form else None,
        "own_list_waiting": actions.own_list_waiting,
        "record": retention.record_of(destruction_list),
        "is_transfer": destruction_list.kind == ListKind.TRANSFER,
    }
    return render(request, "web/dataplatform/retention/list_detail.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
@require_GET
def destruction_list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _list_for(pk))


def _act(
    request: HttpRequest,
    destruction_list: DestructionList,
    write: Callable[[dict[str, Any]], str],
    *,
    anchor: str = "",
) -> HttpResponse:
    """A button without input: the service's refusal comes back as the page's error."""
    form = ServiceForm(request.POST)
    status = submit(request, form, write)
    if status is None:
        return redirect(_detail_url(destruction_list, anchor))
    for error in form.non_field_errors():
        messages.error(request, str(error))
    return _detail_page(request, _list_for(destruction_list.pk), status=status)


@login_required
@permission_required(retention.CHANGE, raise_exception=True)
@require_POST
def destruction_list_submit(request: HttpRequest, pk: int) -> HttpResponse:
    destruction_list = _list_for(pk)

    def write(data: dict[str, Any]) -> str:
        retention.destruction_list_submit(actor=user_of(request), destruction_list=destruction_list)
        return _("De lijst is ingediend bij de archivaris.")

    return _act(request, destruction_list, write)


@login_required
@permission_required(retention.APPROVE, raise_exception=True)
@require_POST
def destruction_list_decide(request: HttpRequest, pk: int) -> HttpResponse:
    destruction_list = _list_for(pk)
    form = DecideForm(request.POST)
    decision = request.POST.get("besluit")
    if decision not in DECISIONS:
        messages.error(request, _("Kies goedkeuren of afwijzen."))
        return _detail_page(request, destruction_list, decide_form=form, status=400)
    approve = decision == "goedkeuren"

    def write(data: dict[str, Any]) -> str:
        retention.destruction_list_decide(
            actor=user_of(request),
            destruction_list=destruction_list,
            approve=approve,
            note=data["note"],
        )
        return _("De lijst is goedgekeurd.") if approve else _("De lijst is afgewezen.")

    status = submit(request, form, write)
    if status is None:
        return redirect(_detail_url(destruction_list))
    return _detail_page(request, _list_for(pk), decide_form=form, status=status)


@login_required
@permission_required(retention.CARRY_OUT, raise_exception=True)
@require_POST
def destruction_list_carry_out(request: HttpRequest, pk: int) -> HttpResponse:
    destruction_list = _list_for(pk)

    def write(data: dict[str, Any]) -> str:
        record = retention.destruction_list_carry_out(
            actor=user_of(request), destruction_list=destruction_list
        )
        if destruction_list.kind == ListKind.TRANSFER:
            return _("%(count)s zaken zijn als overgedragen vastgelegd.") % {
                "count": record.cases_destroyed
            }
        return _("%(count)s zaken zijn vernietigd.") % {"count": record.cases_destroyed}

    return _act(request, destruction_list, write, anchor="#verklaring")


def _item_for(pk: int) -> DestructionListItem:
    return get_object_or_404(DestructionListItem.objects.select_related("destruction_list"), pk=pk)


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def item_exclude(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(pk)
    form = ExcludeForm(request.POST, prefix=f"regel{item.pk}")

    def write(data: dict[str, Any]) -> str:
        retention.item_exclude(actor=user_of(request), item=item, reason=data["exclusion_reason"])
        return _("Zaak %(case)s is uitgezonderd.") % {"case": item.identification}

    status = submit(request, form, write)
    if status is None:
        return redirect(_detail_url(item.destruction_list, f"#regel-{item.pk}"))
    return _detail_page(
        request,
        _list_for(item.destruction_list_id),
        exclude_form=(item.pk, form),
        status=status,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def item_include(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(pk)

    def write(data: dict[str, Any]) -> str:
        retention.item_include(actor=user_of(request), item=item)
        return _("Zaak %(case)s staat weer op de lijst.") % {"case": item.identification}

    return _act(request, item.destruction_list, write, anchor=f"#regel-{item.pk}")


@login_required
@permission_required(VIEW, raise_exception=True)
@require_GET
def unresolved_cases(request: HttpRequest) -> HttpResponse:
    """Closed cases without a Selectielijst class or without an archive action date."""
    cases = retention.cases_without_action_date()
    context = {"cases": cases[:UNRESOLVED_ROWS], "count": cases.count(), "limit": UNRESOLVED_ROWS}
    return render(request, "web/dataplatform/retention/unresolved.html", context)
