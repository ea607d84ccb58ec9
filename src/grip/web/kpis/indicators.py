"""The indicator pages: today's figures of every indicator per participant against the
targets, and one indicator with its definition, lineage, targets and frozen values (trend).

Figures come from ``grip.kpis.selectors``: a participant user sees only its own participant,
and the region's totals only show for those who see every participant.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from grip.kpis import registry
from grip.kpis import selectors as kpis
from grip.kpis.constants import Scope, SnapshotKind
from grip.kpis.models import Snapshot
from grip.kpis.registry import REGION, Indicator
from grip.participants.models import Participant
from grip.web.kpis import display
from grip.web.kpis.common import (
    REGION as REGION_KEY,
)
from grip.web.kpis.common import (
    VIEW_INDICATORS,
    chosen_year,
    span_choices,
    span_of,
    user_of,
    years_offered,
)
from grip.web.kpis.display import Cell, Matrix, Row


def _organisation_only() -> str:
    return _("alleen voor de hele omgevingsdienst")


def _live_cell(
    figures: dict[int | None, kpis.Figure], indicator: Indicator, key: int | None
) -> Cell:
    figure = figures.get(key)
    if figure is None:
        if indicator.scope == Scope.ORGANISATION and key is not REGION:
            return display.empty_cell(_organisation_only())
        return display.empty_cell()
    measurement = figure.measurement
    return display.cell_of(
        indicator,
        value=measurement.value,
        numerator=measurement.numerator,
        denominator=measurement.denominator,
        norm=figure.norm,
    )


def _rows(
    participants: list[Participant],
    with_region: bool,
    cells: Any,
    url: Any = None,
) -> list[Row]:
    rows = []
    if with_region:
        rows.append(
            Row(
                REGION_KEY,
                _("Regio (alle deelnemers)"),
                cells(REGION),
                url(REGION) if url else "",
                True,
            )
        )
    for participant in participants:
        rows.append(
            Row(
                str(participant.pk),
                participant.name,
                cells(participant.pk),
                url(participant.pk) if url else "",
            )
        )
    return rows


@login_required
@permission_required(VIEW_INDICATORS, raise_exception=True)
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Every indicator, live, for the participants the user sees (and the region)."""
    user = user_of(request)
    years = years_offered()
    year = chosen_year(request, years)
    span = span_of(request.GET.get("periode", "ytd"), year)
    participants = kpis.visible_participants(user=user)
    with_region = kpis.sees_region(user=user)
    figures = kpis.live_figures(
        user=user, start=span.start, end=span.end, participants=participants
    )
    indicators = list(registry.INDICATORS)

    # Whose figures the table per indicator shows: the region, or one participant.
    keys: dict[str, int | None] = {str(p.pk): p.pk for p in participants}
    if with_region:
        keys = {REGION_KEY: REGION, **keys}
    requested = request.GET.get("deelnemer", "")
    subject_key = requested if requested in keys else next(iter(keys), "")
    subject = keys.get(subject_key)
    subjects = [(str(p.pk), p.name) for p in participants]
    if with_region:
        subjects.insert(0, (REGION_KEY, _("Regio (alle deelnemers)")))
    subject_name = dict(subjects).get(subject_key, "")
    lines = [
        {
            "column": display.column_of(indicator),
            "indicator": indicator,
            "direction": display.direction_text(indicator.direction),
            "cell": _live_cell(figures[indicator.code], indicator, subject),
        }
        for indicator in indicators
    ]
    matrix = Matrix(columns=[display.column_of(indicator) for indicator in indicators])
    query = f"jaar={year}&periode={span.code}"
    matrix.rows = _rows(
        participants,
        with_region,
        lambda key: [_live_cell(figures[i.code], i, key) for i in indicators],
        lambda key: f"?{query}&deelnemer={REGION_KEY if key is REGION else key}",
    )
    context: dict[str, Any] = {
        "years": years,
        "year": year,
        "span": span,
        "span_choices": span_choices(),
        "subjects": subjects,
        "subject_key": subject_key,
        "subject_name": subject_name,
        "lines": lines,
        "matrix": matrix,
        "show_matrix": len(matrix.rows) > 1,
        "section": "indicatoren",
    }
    return render(request, "web/kpis/indicator_overview.html", context)


def _trend_snapshots(code: str, year: int) -> list[Snapshot]:
    """The baselines that hold the indicator, and the year's quarters, oldest first."""
    found = list(
        kpis.snapshot_list().filter(
            Q(kind=SnapshotKind.BASELINE, definitions__has_key=code)
            | Q(kind=SnapshotKind.QUARTER, year=year)
        )
    )
    baselines = sorted(
        (s for s in found if s.kind == SnapshotKind.BASELINE), key=lambda s: (s.frozen_at, s.pk)
    )
    quarters = sorted(
        (s for s in found if s.kind == SnapshotKind.QUARTER), key=lambda s: s.quarter or 0
    )
    return [*baselines, *quarters]


@login_required
@permission_required(VIEW_INDICATORS, raise_exception=True)
@require_GET
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One indicator: what it means, what it reads, its targets and its figures over time."""
    indicator = registry.BY_CODE.get(code)
    if indicator is None:
        raise Http404
    user = user_of(request)
    years = years_offered()
    year = chosen_year(request, years)
    span = span_of("ytd", year)
    participants = kpis.visible_participants(user=user)
    with_region = kpis.sees_region(user=user)
    organisation_wide = indicator.scope == Scope.ORGANISATION
    if organisation_wide:
        participants_shown: list[Participant] = []
    else:
        participants_shown = participants

    book = kpis.TargetBook(year)
    norms = []
    if with_region:
        norm = book.norm(indicator, REGION)
        norms.append(
            {
                "label": _("Alle deelnemers")
                if not organisation_wide
                else _("Hele omgevingsdienst"),
                "norm": display.norm_text(norm, indicator.unit),
                "source": display.norm_source_text(norm.source) if norm else "",
            }
        )
    for participant in participants_shown:
        norm = book.norm(indicator, participant.pk)
        norms.append(
            {
                "label": participant.name,
                "norm": display.norm_text(norm, indicator.unit),
                "source": display.norm_source_text(norm.source) if norm else "",
            }
        )
    targets = list(kpis.target_list_for(user=user, year=year).filter(indicator_code=code))

    snapshots = _trend_snapshots(code, year)
    frozen = {
        (value.snapshot_id, value.participant_id): value
        for value in kpis.snapshot_values_for(user=user).filter(
            indicator_code=code, snapshot__in=[s.pk for s in snapshots]
        )
    }
    live = kpis.live_figures(
        user=user,
        start=span.start,
        end=span.end,
        participants=participants,
        indicators=[indicator],
    )[code]

    def trend_cells(key: int | None) -> list[Cell]:
        cells = []
        for snapshot in snapshots:
            value = frozen.get((snapshot.pk, key))
            if value is None:
                cells.append(display.empty_cell())
                continue
            unit = snapshot.definitions.get(code, {}).get("unit", indicator.unit)
            cells.append(
                display.cell_of(
                    indicator,
                    value=value.value,
                    numerator=value.numerator,
                    denominator=value.denominator,
                    norm=book.norm(indicator, key),
                    unit=unit,
                )
            )
        cells.append(_live_cell(live, indicator, key))
        return cells

    trend = _rows(participants_shown, with_region, trend_cells)
    context: dict[str, Any] = {
        "indicator": indicator,
        "unit": display.unit_text(indicator.unit),
        "direction": display.direction_text(indicator.direction),
        "default_norm": (
            f"{indicator.comparison.label} {display.value_text(indicator.target, indicator.unit)}"
            if indicator.target is not None
            else ""
        ),
        "organisation_wide": organisation_wide,
        "datasets": indicator.datasets,
        "years": years,
        "year": year,
        "span": span,
        "norms": norms,
        "targets": targets,
        "snapshots": snapshots,
        "trend": trend,
        "section": "indicatoren",
        "targets_url": reverse("web:target-list") + f"?jaar={year}",
    }
    return render(request, "web/kpis/indicator_detail.html", context)
