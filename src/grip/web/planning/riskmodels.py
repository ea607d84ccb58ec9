"""The risk model's versions: the list, and a version's parameters, rules, classes and
inspection methods. A draft changes (parameters, and a rule, class or method at a time) and is
adopted from a date; any version can be copied into a new draft, the way to change an adopted
one. The services check the permissions and refuse what does not hold."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grip.core.errors import DomainError
from grip.core.models import User as UserModel
from grip.planning import selectors, services
from grip.planning.models import InspectionMethod, RiskClass, RiskModel, RiskRule
from grip.web.cases import ServiceForm, refusal_status
from grip.web.feedback import dutch_message
from grip.web.planning.common import (
    ADD_MODEL,
    ADOPT_MODEL,
    CHANGE_MODEL,
    VIEW_MODEL,
    next_year,
    refuse,
    user_of,
)
from grip.web.planning.forms import (
    ClassForm,
    MethodForm,
    ModelAdoptForm,
    ModelCopyForm,
    ModelFieldsForm,
    ModelParametersForm,
    RuleForm,
)


@login_required
@permission_required(VIEW_MODEL, raise_exception=True)
@require_GET
def model_list(request: HttpRequest) -> HttpResponse:
    context = {
        "models": list(selectors.risk_model_list()),
        "in_force": selectors.model_in_force(on=timezone.localdate()),
        "section": "model",
    }
    return render(request, "web/planning/model_list.html", context)


# --- one version ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    label: str
    value: Any
    help_text: str


def parameters_of(model: RiskModel) -> list[Parameter]:
    rows = []
    for name in ModelParametersForm.field_names:
        field = RiskModel._meta.get_field(name)
        rows.append(
            Parameter(
                label=str(field.verbose_name),  # type: ignore[union-attr]
                value=getattr(model, name),
                help_text=str(getattr(field, "help_text", "")),
            )
        )
    return rows


def _model_context(
    request: HttpRequest,
    model: RiskModel,
    *,
    bound: dict[str, ServiceForm] | None = None,
    refused: str = "",
) -> dict[str, Any]:
    user = user_of(request)
    bound = bound or {}
    draft = model.is_editable
    may_change = draft and bool(user.has_perm(CHANGE_MODEL))
    may_adopt = draft and bool(user.has_perm(ADOPT_MODEL))
    may_copy = bool(user.has_perm(ADD_MODEL))
    forms: dict[str, ServiceForm | None] = {
        "parameters": (
            bound.get("parameters") or ModelParametersForm(instance=model, prefix="parameters")
        )
        if may_change
        else None,
        "adopt": (
            bound.get("adopt")
            or ModelAdoptForm(prefix="vaststellen", initial={"valid_from": f"{next_year()}-01-01"})
        )
        if may_adopt
        else None,
        "copy": (bound.get("copy") or ModelCopyForm(prefix="kopie")) if may_copy else None,
    }
    return {
        "model": model,
        "in_force": selectors.model_in_force(on=timezone.localdate()),
        "parameters": parameters_of(model),
        "rules": list(selectors.rules_of(model)),
        "classes": list(selectors.classes_of(model)),
        "methods": list(selectors.methods_of(model)),
        "problems": services.model_problems(model) if draft else [],
        "may_change": may_change,
        "parameters_form": forms["parameters"].style() if forms["parameters"] else None,
        "adopt_form": forms["adopt"].style() if forms["adopt"] else None,
        "copy_form": forms["copy"].style() if forms["copy"] else None,
        "refused_anchor": refused,
        "section": "model",
    }


@login_required
@permission_required(VIEW_MODEL, raise_exception=True)
@require_GET
def model_detail(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.risk_model_detail(pk=pk)
    return render(request, "web/planning/model_detail.html", _model_context(request, model))


def _model_action(
    request: HttpRequest,
    pk: int,
    key: str,
    form: ServiceForm,
    run: Callable[[UserModel, RiskModel, dict[str, Any]], tuple[str, str]],
) -> HttpResponse:
    """Run one form of a version's page: on success back with the message; on a refusal the
    page again with the reason at the form (nothing was written)."""
    user = user_of(request)
    model = selectors.risk_model_detail(pk=pk)
    status = 422
    if form.is_valid():
        try:
            message, url = run(user, model, form.cleaned_data)
        except (DomainError, ValidationError) as error:
            status = refuse(form, error)
        else:
            messages.success(request, message)
            return redirect(url)
    model = selectors.risk_model_detail(pk=pk)
    context = _model_context(request, model, bound={key: form}, refused=key)
    if context[f"{key}_form"] is None:
        context["refused_reasons"] = [e for errors in form.errors.values() for e in errors]
    return render(request, "web/planning/model_detail.html", context, status=status)


def _detail_url(model: RiskModel, anchor: str = "") -> str:
    url = reverse("web:planning-model-detail", args=[model.pk])
    return f"{url}#{anchor}" if anchor else url


@login_required
@permission_required(CHANGE_MODEL, raise_exception=True)
@require_POST
def model_update(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: UserModel, model: RiskModel, data: dict[str, Any]) -> tuple[str, str]:
        services.risk_model_update(actor=user, model=model, **data)
        return _("De parameters van het model zijn opgeslagen."), _detail_url(model, "parameters")

    return _model_action(
        request, pk, "parameters", ModelParametersForm(request.POST, prefix="parameters"), run
    )


@login_required
@permission_required(ADOPT_MODEL, raise_exception=True)
@require_POST
def model_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: UserModel, model: RiskModel, data: dict[str, Any]) -> tuple[str, str]:
        adopted = services.risk_model_adopt(actor=user, model=model, valid_from=data["valid_from"])
        return (
            _("Risicomodel %(version)s is vastgesteld en geldt vanaf %(day)s.")
            % {"version": adopted.version, "day": data["valid_from"].strftime("%d-%m-%Y")},
            _detail_url(adopted),
        )

    return _model_action(
        request, pk, "adopt", ModelAdoptForm(request.POST, prefix="vaststellen"), run
    )


@login_required
@permission_required(ADD_MODEL, raise_exception=True)
@require_POST
def model_copy(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: UserModel, model: RiskModel, data: dict[str, Any]) -> tuple[str, str]:
        copy = services.risk_model_copy(
            actor=user, model=model, version=data["version"], name=data["name"]
        )
        return (
            _("Concept %(version)s is gemaakt met alles van %(based)s.")
            % {"version": copy.version, "based": model.version},
            _detail_url(copy),
        )

    return _model_action(request, pk, "copy", ModelCopyForm(request.POST, prefix="kopie"), run)


# --- a rule, class or method of a draft ------------------------------------------------------


@dataclass(frozen=True)
class RowKind:
    """A kind of row of a model: its form, how to find it, and the service that saves it."""

    model: type[Model]
    form: type[ModelFieldsForm]
    save: Callable[[UserModel, Any], Any]
    delete: Callable[[UserModel, Any], None]
    anchor: str
    name: Any  # 'regel'
    new_title: Any
    saved: Any
    deleted: Any
    url_prefix: str  # 'web:planning-rule'


ROWS = {
    "rule": RowKind(
        model=RiskRule,
        form=RuleForm,
        save=lambda user, row: services.rule_save(actor=user, rule=row),
        delete=lambda user, row: services.rule_delete(actor=user, rule=row),
        anchor="regels",
        name=gettext_lazy("regel"),
        new_title=gettext_lazy("Regel toevoegen"),
        saved=gettext_lazy("Regel %(row)s is opgeslagen."),
        deleted=gettext_lazy("Regel %(row)s is verwijderd."),
        url_prefix="web:planning-rule",
    ),
    "class": RowKind(
        model=RiskClass,
        form=ClassForm,
        save=lambda user, row: services.class_save(actor=user, risk_class=row),
        delete=lambda user, row: services.class_delete(actor=user, risk_class=row),
        anchor="klassen",
        name=gettext_lazy("risicoklasse"),
        new_title=gettext_lazy("Risicoklasse toevoegen"),
        saved=gettext_lazy("Risicoklasse %(row)s is opgeslagen."),
        deleted=gettext_lazy("Risicoklasse %(row)s is verwijderd."),
        url_prefix="web:planning-class",
    ),
    "method": RowKind(
        model=InspectionMethod,
        form=MethodForm,
        save=lambda user, row: services.method_save(actor=user, method=row),
        delete=lambda user, row: services.method_delete(actor=user, method=row),
        anchor="methoden",
        name=gettext_lazy("controlemethode"),
        new_title=gettext_lazy("Controlemethode toevoegen"),
        saved=gettext_lazy("Controlemethode %(row)s is opgeslagen."),
        deleted=gettext_lazy("Controlemethode %(row)s is verwijderd."),
        url_prefix="web:planning-method",
    ),
}


def _row_page(
    request: HttpRequest,
    kind: RowKind,
    model: RiskModel,
    row: Model | None,
    form: ModelFieldsForm,
    *,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "kind": kind,
        "model": model,
        "row": row,
        "form": form.style(),
        "title": kind.new_title if row is None else f"{str(kind.name).capitalize()} {row}",
        "action": (
            reverse(f"{kind.url_prefix}-create", args=[model.pk])
            if row is None
            else reverse(f"{kind.url_prefix}-update", args=[row.pk])
        ),
        "delete_url": reverse(f"{kind.url_prefix}-delete", args=[row.pk]) if row else "",
        "problem": problem,
        "back": _detail_url(model, kind.anchor),
        "section": "model",
    }
    return render(request, "web/planning/model_row_form.html", context, status=status)


def _save_row(
    request: HttpRequest, kind: RowKind, model: RiskModel, row: Model | None
) -> HttpResponse:
    user = user_of(request)
    if request.method != "POST":
        if not model.is_editable:
            messages.error(
                request,
                _("Een vastgesteld risicomodel verandert niet meer; maak een nieuwe versie."),
            )
            return redirect(_detail_url(model))
        return _row_page(request, kind, model, row, kind.form(instance=row, prefix="rij"))
    form = kind.form(request.POST, prefix="rij")
    status = 422
    if form.is_valid():
        target = row if row is not None else kind.model(model=model)
        form.apply_to(target)
        try:
            kind.save(user, target)
        except (DomainError, ValidationError) as error:
            status = refuse(form, error)
        else:
            messages.success(request, str(kind.saved) % {"row": target})
            return redirect(_detail_url(model, kind.anchor))
    return _row_page(request, kind, model, row, form, status=status)


def _row(kind: RowKind, pk: int) -> Model:
    return get_object_or_404(kind.model._default_manager.select_related("model"), pk=pk)


def row_create(key: str) -> Callable[[HttpRequest, int], HttpResponse]:
    kind = ROWS[key]

    @login_required
    @permission_required(CHANGE_MODEL, raise_exception=True)
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return _save_row(request, kind, selectors.risk_model_detail(pk=pk), None)

    view.__name__ = view.__qualname__ = f"{key}_create"
    return view


def row_update(key: str) -> Callable[[HttpRequest, int], HttpResponse]:
    kind = ROWS[key]

    @login_required
    @permission_required(CHANGE_MODEL, raise_exception=True)
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        row = _row(kind, pk)
        return _save_row(request, kind, row.model, row)  # type: ignore[attr-defined]

    view.__name__ = view.__qualname__ = f"{key}_update"
    return view


def row_delete(key: str) -> Callable[[HttpRequest, int], HttpResponse]:
    kind = ROWS[key]

    @login_required
    @permission_required(CHANGE_MODEL, raise_exception=True)
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        user = user_of(request)
        row = _row(kind, pk)
        model: RiskModel = row.model  # type: ignore[attr-defined]
        label = str(row)
        try:
            kind.delete(user, row)
        except DomainError as error:
            form = kind.form(instance=row, prefix="rij")
            return _row_page(
                request,
                kind,
                model,
                row,
                form,
                problem=dutch_message(error),
                status=refusal_status(error),
            )
        messages.success(request, str(kind.deleted) % {"row": label})
        return redirect(_detail_url(model, kind.anchor))

    view.__name__ = view.__qualname__ = f"{key}_delete"
    return view


rule_create = row_create("rule")
rule_update = row_update("rule")
rule_delete = row_delete("rule")
class_create = row_create("class")
class_update = row_update("class")
class_delete = row_delete("class")
method_create = row_create("method")
method_update = row_update("method")
method_delete = row_delete("method")
