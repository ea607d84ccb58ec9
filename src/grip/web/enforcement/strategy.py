"""The enforcement strategy: its versions, the intervention matrix as a 4 × 4 grid, and for a
beheerder a draft to change cell by cell and adopt."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from grip.core.errors import DomainError
from grip.core.models import User as UserModel
from grip.enforcement import selectors, services
from grip.enforcement.models import StrategyCell, StrategyVersion
from grip.web.cases import refusal_status
from grip.web.enforcement.actions import ActionSpec, DetailPage, Done, action_view, offered_actions
from grip.web.enforcement.common import (
    POSITIONS,
    VIEW_STRATEGY,
    behaviour_headers,
    long_date,
    may,
    today,
    user_of,
)
from grip.web.enforcement.forms import (
    AdoptForm,
    CellForm,
    DraftForm,
    EnforcementForm,
    StrategyUpdateForm,
)


@login_required
@permission_required(VIEW_STRATEGY, raise_exception=True)
@require_GET
def strategy_list(request: HttpRequest) -> HttpResponse:
    strategies = list(selectors.strategy_list().order_by("-adopted_on", "-valid_from", "-id"))
    context = {
        "strategies": strategies,
        "in_force": selectors.strategy_in_force(on=today()),
    }
    return render(request, "web/enforcement/strategy_list.html", context)


# --- a version and its grid ---------------------------------------------------------------------


@dataclass(frozen=True)
class GridCell:
    """A cell of the strategy grid: its first intervention and the other allowed ones."""

    cell: StrategyCell
    others: tuple[str, ...]

    @classmethod
    def of(cls, cell: StrategyCell) -> GridCell:
        others = tuple(
            str(i.name) for i in cell.instruments.all() if i.pk != cell.default_instrument_id
        )
        return cls(cell, others)


@dataclass(frozen=True)
class GridRow:
    label: str
    cells: tuple[GridCell, ...]


def _load_strategy(user: UserModel, pk: int) -> StrategyVersion:
    return selectors.strategy_detail(pk=pk)


def _strategy_context(
    request: HttpRequest, strategy: StrategyVersion, bound: dict[str, EnforcementForm]
) -> dict[str, Any]:
    user = user_of(request)
    draft = strategy.is_draft
    offered = {
        "nieuwe-versie": may(user, "enforcement.add_strategyversion"),
        "wijzigen": draft and may(user, "enforcement.change_strategyversion"),
        "vaststellen": draft and may(user, "enforcement.adopt_strategyversion"),
    }
    return {
        "strategy": strategy,
        "matrix": [
            GridRow(row.label, tuple(GridCell.of(cell) for cell in row.cells))
            for row in selectors.matrix_of(strategy)
        ],
        "behaviours": behaviour_headers(),
        "may_edit_cells": draft and may(user, "enforcement.change_strategyversion"),
        "in_force": selectors.strategy_in_force(on=today()),
        "actions": offered_actions(STRATEGY_ACTIONS, offered, strategy, user, bound, strategy.pk),
    }


def _draft_create(user: UserModel, strategy: StrategyVersion, data: dict[str, Any]) -> Done:
    draft = services.strategy_draft_create(
        actor=user, based_on=strategy, name=data["name"], version=data["version"]
    )
    return Done(
        _("Concept %(version)s is gemaakt met de cellen van %(based)s.")
        % {"version": draft.version, "based": strategy.version},
        reverse("web:strategy-detail", args=[draft.pk]),
    )


def _update(user: UserModel, strategy: StrategyVersion, data: dict[str, Any]) -> Done:
    services.strategy_update(
        actor=user,
        strategy=strategy,
        name=data["name"],
        kind=data["kind"],
        recidivism_months=data["recidivism_months"],
        source=data["source"],
    )
    return Done(_("De gegevens van de strategie zijn gewijzigd."))


def _adopt(user: UserModel, strategy: StrategyVersion, data: dict[str, Any]) -> Done:
    adopted = services.strategy_adopt(
        actor=user,
        strategy=strategy,
        adopted_on=data["adopted_on"],
        valid_from=data["valid_from"],
        decision_reference=data["decision_reference"],
        framework_version=data["framework_version"],
    )
    return Done(
        _("Versie %(version)s is vastgesteld en geldt voor overtredingen vanaf %(day)s.")
        % {"version": adopted.version, "day": long_date(data["valid_from"])}
    )


STRATEGY_ACTIONS: dict[str, ActionSpec] = {
    "nieuwe-versie": ActionSpec(
        DraftForm,
        "enforcement.add_strategyversion",
        _draft_create,
        "web:strategy-draft-create",
        gettext_lazy("Nieuwe versie"),
        gettext_lazy("Concept maken"),
        gettext_lazy(
            "Een concept met een kopie van deze zestien cellen, om te wijzigen en vast te stellen."
        ),
    ),
    "wijzigen": ActionSpec(
        StrategyUpdateForm,
        "enforcement.change_strategyversion",
        _update,
        "web:strategy-update",
        gettext_lazy("Gegevens wijzigen"),
        gettext_lazy("Opslaan"),
    ),
    "vaststellen": ActionSpec(
        AdoptForm,
        "enforcement.adopt_strategyversion",
        _adopt,
        "web:strategy-adopt",
        gettext_lazy("Vaststellen"),
        gettext_lazy("Vaststellen"),
        gettext_lazy(
            "Daarna verandert deze versie niet meer. Overtredingen die al zijn vastgelegd, "
            "houden hun versie."
        ),
    ),
}

STRATEGY_PAGE = DetailPage(
    template="web/enforcement/strategy_detail.html",
    url_name="web:strategy-detail",
    load=_load_strategy,
    context=_strategy_context,
)


@login_required
@permission_required(VIEW_STRATEGY, raise_exception=True)
@require_GET
def strategy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = selectors.strategy_detail(pk=pk)
    return render(request, STRATEGY_PAGE.template, _strategy_context(request, strategy, {}))


strategy_draft_create = action_view(STRATEGY_PAGE, STRATEGY_ACTIONS, "nieuwe-versie")
strategy_update = action_view(STRATEGY_PAGE, STRATEGY_ACTIONS, "wijzigen")
strategy_adopt = action_view(STRATEGY_PAGE, STRATEGY_ACTIONS, "vaststellen")


# --- one cell of a draft ------------------------------------------------------------------------


def _cell(strategy: StrategyVersion, code: str) -> StrategyCell:
    if code.upper() not in POSITIONS:
        raise Http404
    try:
        return selectors.cell_for(
            strategy=strategy, consequence=int(code[0]), behaviour=code[1].upper()
        )
    except StrategyCell.DoesNotExist:
        raise Http404 from None


@login_required
@permission_required("enforcement.change_strategyversion", raise_exception=True)
@require_http_methods(["GET", "POST"])
def strategy_cell_update(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """Change one cell of a draft; an adopted version answers with the service's refusal."""
    user = user_of(request)
    strategy = selectors.strategy_detail(pk=pk)
    cell = _cell(strategy, code)
    status = 200
    if request.method == "POST":
        form = CellForm(request.POST, prefix="cel", target=cell, user=user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.strategy_cell_update(
                    actor=user,
                    cell=cell,
                    instruments=list(data["instruments"]),
                    default_instrument=data["default_instrument"],
                    repair_term_days=data["repair_term_days"],
                    prosecutor_consultation=data["prosecutor_consultation"],
                    guidance=data["guidance"],
                )
            except (DomainError, ValidationError) as error:
                form.add_refusal(error)
                status = refusal_status(error)
            else:
                messages.success(request, _("Cel %(cell)s is gewijzigd.") % {"cell": cell.code})
                return redirect(
                    reverse("web:strategy-detail", args=[strategy.pk]) + f"#cel-{cell.code}"
                )
        else:
            status = 422
    else:
        form = CellForm(prefix="cel", target=cell, user=user)
    context = {"strategy": strategy, "cell": cell, "form": form.style()}
    return render(request, "web/enforcement/strategy_cell_form.html", context, status=status)
