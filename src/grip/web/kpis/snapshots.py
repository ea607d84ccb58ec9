"""The snapshot pages (*metingen*): the baseline and the quarters, freezing them, one snapshot's
frozen values and definitions, and the comparison with today's data.

A quarter is frozen through ``grip.reporting.services.quarter_freeze``, which freezes the
report figures in the same transaction. The comparison recomputes every indicator, so it is
loaded on demand (htmx), not with the page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from grip.core.errors import DomainError
from grip.core.models import User as UserModel
from grip.kpis import registry
from grip.kpis import selectors as kpis
from grip.kpis import services as kpi_services
from grip.kpis.constants import Direction, Scope, SnapshotKind, Unit
from grip.kpis.models import Snapshot, SnapshotValue
from grip.kpis.registry import Indicator
from grip.reporting import services as reporting_services
from grip.web.cases import ServiceForm, refusal_status
from grip.web.feedback import is_htmx
from grip.web.kpis import display
from grip.web.kpis.common import (
    FREEZE,
    REGION,
    VIEW_SNAPSHOTS,
    user_of,
)
from grip.web.kpis.display import Column, Matrix, Row
from grip.web.kpis.forms import BaselineFreezeForm, QuarterFreezeForm


def _list_page(
    request: HttpRequest,
    user: UserModel,
    *,
    quarter_form: QuarterFreezeForm | None = None,
    baseline_form: BaselineFreezeForm | None = None,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    may_freeze = user.has_perm(FREEZE)
    context: dict[str, Any] = {
        "snapshots": list(kpis.snapshot_list()),
        "may_freeze": may_freeze,
        "quarter_form": (quarter_form or QuarterFreezeForm()).style() if may_freeze else None,
        "baseline_form": (
            (baseline_form or BaselineFreezeForm(prefix="nulmeting")).style()
            if may_freeze
            else None
        ),
        "refused_anchor": refused,
        "section": "metingen",
    }
    return render(request, "web/kpis/snapshot_list.html", context, status=status)


@login_required
@permission_required(VIEW_SNAPSHOTS, raise_exception=True)
@require_GET
def snapshot_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, user_of(request))


def _refused(form: ServiceForm, error: DomainError | ValidationError) -> int:
    form.add_refusal(error)
    return refusal_status(error)


@login_required
@permission_required(FREEZE, raise_exception=True)
@require_POST
def freeze_quarter(request: HttpRequest) -> HttpResponse:
    """Freeze a quarter: every indicator and every report figure (reporting's quarter_freeze)."""
    user = user_of(request)
    form = QuarterFreezeForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            snapshot = reporting_services.quarter_freeze(
                actor=user, year=form.cleaned_data["year"], quarter=form.cleaned_data["quarter"]
            )
        except (DomainError, ValidationError) as error:
            status = _refused(form, error)
        else:
            messages.success(
                request,
                _("%(label)s is bevroren: de cijfers van deze meting veranderen niet meer.")
                % {"label": snapshot.label},
            )
            return redirect("web:snapshot-detail", pk=snapshot.pk)
    return _list_page(request, user, quarter_form=form, refused="kwartaal-bevriezen", status=status)


@login_required
@permission_required(FREEZE, raise_exception=True)
@require_POST
def freeze_baseline(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = BaselineFreezeForm(request.POST, prefix="nulmeting")
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            snapshot = kpi_services.baseline_freeze(
                actor=user,
                start=data["start"],
                end=data["end"],
                note=data["note"],
                codes=list(data["codes"]) or None,
            )
        except (DomainError, ValidationError) as error:
            status = _refused(form, error)
        else:
            messages.success(
                request,
                _("De nulmeting is bevroren voor %(count)s indicatoren.")
                % {"count": len(snapshot.definitions)},
            )
            return redirect("web:snapshot-detail", pk=snapshot.pk)
    return _list_page(
        request, user, baseline_form=form, refused="nulmeting-bevriezen", status=status
    )


# --- one snapshot -------------------------------------------------------------------------------


def _frozen_indicator(code: str, definition: dict[str, Any]) -> Indicator:
    """The registry's indicator, or a stand-in from the frozen definition (a retired one)."""
    indicator = registry.BY_CODE.get(code)
    if indicator is not None:
        return indicator
    return Indicator(
        code=code,
        name=definition.get("name", code),
        definition=definition.get("definition", ""),
        unit=Unit(definition.get("unit", Unit.COUNT)),
        direction=Direction(definition.get("direction", Direction.HIGHER)),
        datasets=tuple(definition.get("datasets", ())),
        formula=lambda context: {},
        scope=Scope(definition.get("scope", Scope.PARTICIPANT)),
    )


def _ordered_codes(snapshot: Snapshot) -> list[str]:
    order = {indicator.code: number for number, indicator in enumerate(registry.INDICATORS)}
    return sorted(snapshot.definitions, key=lambda code: (order.get(code, len(order)), code))


def snapshot_matrix(user: UserModel, snapshot: Snapshot) -> Matrix:
    """The frozen values the user may read: participants (and the region) by indicators."""
    codes = _ordered_codes(snapshot)
    indicators = {code: _frozen_indicator(code, snapshot.definitions[code]) for code in codes}
    values: dict[tuple[str, int | None], SnapshotValue] = {
        (value.indicator_code, value.participant_id): value
        for value in kpis.snapshot_values_for(user=user, snapshot=snapshot)
    }
    book = kpis.TargetBook(snapshot.year)
    matrix = Matrix(
        columns=[
            Column(
                code=code,
                name=snapshot.definitions[code].get("name", code),
                unit=snapshot.definitions[code].get("unit", indicators[code].unit),
                url=reverse("web:indicator-detail", args=[code])
                if code in registry.BY_CODE
                else "",
                organisation_wide=indicators[code].scope == Scope.ORGANISATION,
                short_name=display.SHORT_NAMES.get(code, ""),
            )
            for code in codes
        ]
    )

    def cells(key: int | None) -> list[display.Cell]:
        result = []
        for column in matrix.columns:
            value = values.get((column.code, key))
            if value is None:
                result.append(
                    display.empty_cell(
                        _("alleen voor de hele omgevingsdienst")
                        if column.organisation_wide and key is not None
                        else ""
                    )
                )
                continue
            indicator = indicators[column.code]
            result.append(
                display.cell_of(
                    indicator,
                    value=value.value,
                    numerator=value.numerator,
                    denominator=value.denominator,
                    norm=book.norm(indicator, key),
                    unit=column.unit,
                )
            )
        return result

    if kpis.sees_region(user=user):
        matrix.rows.append(Row(REGION, _("Regio (alle deelnemers)"), cells(None), is_region=True))
    for participant in kpis.visible_participants(user=user):
        matrix.rows.append(Row(str(participant.pk), participant.name, cells(participant.pk)))
    return matrix


def _definitions(snapshot: Snapshot) -> list[dict[str, Any]]:
    rows = []
    for code in _ordered_codes(snapshot):
        definition = snapshot.definitions[code]
        current = registry.BY_CODE.get(code)
        rows.append(
            {
                "code": code,
                "name": definition.get("name", code),
                "definition": definition.get("definition", ""),
                "version": definition.get("version"),
                "unit": display.unit_text(definition.get("unit", Unit.COUNT)),
                "direction": display.direction_text(definition.get("direction", Direction.HIGHER)),
                "datasets": definition.get("datasets", []),
                "changed": current is not None and current.version != definition.get("version"),
                "url": reverse("web:indicator-detail", args=[code]) if current else "",
            }
        )
    return rows


@login_required
@permission_required(VIEW_SNAPSHOTS, raise_exception=True)
@require_GET
def snapshot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    if not user.has_perm("kpis.view_snapshotvalue"):
        raise PermissionDenied
    snapshot = kpis.snapshot_detail(pk=pk)
    context = {
        "snapshot": snapshot,
        "is_baseline": snapshot.kind == SnapshotKind.BASELINE,
        "period": display.date_text(snapshot.start) + " t/m " + display.date_text(snapshot.end),
        "frozen_on": display.date_text(snapshot.frozen_at),
        "matrix": snapshot_matrix(user, snapshot),
        "definitions": _definitions(snapshot),
        "section": "metingen",
    }
    return render(request, "web/kpis/snapshot_detail.html", context)


@login_required
@permission_required(VIEW_SNAPSHOTS, raise_exception=True)
@require_GET
def snapshot_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Where today's data gives other figures than the frozen ones (recomputed on demand)."""
    user = user_of(request)
    if not user.has_perm("kpis.view_snapshotvalue"):
        raise PermissionDenied
    snapshot = kpis.snapshot_detail(pk=pk)
    differences = kpis.differences(user=user, snapshot=snapshot)
    units = {
        code: definition.get("unit", Unit.COUNT)
        for code, definition in snapshot.definitions.items()
    }
    rows = [
        {
            "difference": difference,
            "participant": difference.participant_name
            if difference.participant_id is not None
            else _("Regio (alle deelnemers)"),
            "frozen": display.value_text(
                difference.frozen, units.get(difference.indicator_code, Unit.COUNT)
            ),
            "now": display.value_text(
                difference.now, units.get(difference.indicator_code, Unit.COUNT)
            ),
            "frozen_counts": " / ".join(display.count_text(v) for v in difference.frozen_counts),
            "now_counts": " / ".join(display.count_text(v) for v in difference.now_counts),
            "url": reverse("web:indicator-detail", args=[difference.indicator_code])
            if difference.indicator_code in registry.BY_CODE
            else "",
        }
        for difference in differences
    ]
    context = {"snapshot": snapshot, "rows": rows, "today": display.date_text(timezone.localdate())}
    template = (
        "web/kpis/partials/differences.html"
        if is_htmx(request)
        else "web/kpis/snapshot_compare.html"
    )
    return render(request, template, context)
