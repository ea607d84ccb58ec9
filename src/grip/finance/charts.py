"""Vega-Lite specifications of the realisation charts, built in Python.

The pages embed them as JSON and vega-embed draws them; each chart also has a data table on
the page with the same figures, for screen readers and for anyone without JavaScript. Chart
data is the only place hours become floats: a drawing needs no cents.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from grip.finance.periods import MONTH_NAMES
from grip.finance.selectors import Realisation

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"


def _number(value: Decimal) -> float:
    return float(value)


def cumulative_plan_vs_actual(realisation: Realisation) -> dict[str, Any]:
    """Two lines over the months of the year: plan and realised hours, cumulative."""
    plan, actual = _("Plan"), _("Gerealiseerd")
    values: list[dict[str, Any]] = []
    for month in realisation.months:
        name = MONTH_NAMES[month.month - 1]
        values.append({"maand": name, "reeks": plan, "uren": _number(month.planned_cumulative)})
        if month.realised_cumulative is not None:
            values.append(
                {"maand": name, "reeks": actual, "uren": _number(month.realised_cumulative)}
            )
    return {
        "$schema": SCHEMA,
        "description": _("Cumulatieve uren: plan tegenover gerealiseerd, per maand"),
        "width": "container",
        "height": 260,
        "data": {"values": values},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "maand", "type": "ordinal", "sort": list(MONTH_NAMES), "title": None},
            "y": {"field": "uren", "type": "quantitative", "title": _("Uren (cumulatief)")},
            "color": {"field": "reeks", "type": "nominal", "title": None},
            "strokeDash": {"field": "reeks", "type": "nominal", "legend": None},
            "tooltip": [
                {"field": "maand", "title": _("Maand")},
                {"field": "reeks", "title": _("Reeks")},
                {"field": "uren", "type": "quantitative", "format": ",.2f", "title": _("Uren")},
            ],
        },
    }


def hours_by_task_kind(realisation: Realisation) -> dict[str, Any]:
    """Grouped bars per task kind: plan to date beside realised hours."""
    plan, actual = _("Plan tot en met periode"), _("Gerealiseerd")
    values = []
    for row in realisation.by_task_kind:
        values.append({"taaksoort": row.label, "reeks": plan, "uren": _number(row.planned_hours)})
        values.append(
            {"taaksoort": row.label, "reeks": actual, "uren": _number(row.realised_hours)}
        )
    return {
        "$schema": SCHEMA,
        "description": _("Uren per taaksoort: plan tegenover gerealiseerd"),
        "width": "container",
        "height": {"step": 14},
        "data": {"values": values},
        "mark": "bar",
        "encoding": {
            "y": {"field": "taaksoort", "type": "nominal", "title": None},
            "yOffset": {"field": "reeks"},
            "x": {"field": "uren", "type": "quantitative", "title": _("Uren")},
            "color": {"field": "reeks", "type": "nominal", "title": None},
            "tooltip": [
                {"field": "taaksoort", "title": _("Taaksoort")},
                {"field": "reeks", "title": _("Reeks")},
                {"field": "uren", "type": "quantitative", "format": ",.2f", "title": _("Uren")},
            ],
        },
    }
