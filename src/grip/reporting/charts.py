"""The charts of a board report as Vega-Lite specifications, built with Altair.

One definition serves both outputs: the web page hands the specification to vega-embed, the PDF
turns the very same specification into SVG with vl-convert (:mod:`grip.reporting.rendering`).
Every chart has a data table beside it in the report, so nothing is told by the chart alone.
The specifications carry their own Dutch number locale, so the axes read "1.234,5" everywhere.
Chart data is the only place figures become floats: a drawing needs no exact decimals.
"""

from __future__ import annotations

import textwrap
from decimal import Decimal
from typing import Any

import altair as alt
from django.utils.translation import gettext as _

from grip.reporting.content import IndicatorLine, ReportContent

# The Vega-Lite version the specifications are written for (Altair 5.5's schema); vl-convert is
# asked for the same version, the pages' vendored vega-lite 5.23 reads it too.
VEGA_LITE_VERSION = "5.20"
WIDTH = 560
PLAN_COLOUR = "#8c8c8c"
REALISED_COLOUR = "#01689b"
TARGET_COLOUR = "#a4000f"

# d3's nl-NL locale (as vl_convert.get_format_locale("nl-NL") gives it), written out so the
# specification alone decides how its numbers and months read.
LOCALE: dict[str, Any] = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€\u00a0", ""]},
    "time": {
        "dateTime": "%a %e %B %Y %X",
        "date": "%d-%m-%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
        "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
        "months": [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
        "shortMonths": [
            "jan",
            "feb",
            "mrt",
            "apr",
            "mei",
            "jun",
            "jul",
            "aug",
            "sep",
            "okt",
            "nov",
            "dec",
        ],
    },
}


def _data(values: list[dict[str, Any]]) -> alt.Data:
    """Inline chart data (Altair's generated constructor is untyped)."""
    return alt.Data(values=values)  # type: ignore[no-untyped-call]


def _float(value: Decimal | int | None) -> float | None:
    return None if value is None else float(value)


def _spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart as a validated Vega-Lite specification with the report's look."""
    configured = chart.configure(
        locale=LOCALE,
        font="DejaVu Sans, Verdana, sans-serif",
        background="white",
    ).configure_title(anchor="start", fontSize=13, subtitleFontSize=11, subtitleColor="#444")
    # Not validated here (that costs a tenth of a second per chart); the tests validate every
    # chart against the Vega-Lite schema.
    spec: dict[str, Any] = configured.to_dict(validate=False)
    return spec


def cumulative_hours(content: ReportContent) -> dict[str, Any] | None:
    """Two lines over the months of the year: planned and realised hours, cumulative."""
    months = content.sections.realisation.months
    if not months:
        return None
    plan, realised = _("Plan"), _("Gerealiseerd")
    order = [month.label for month in months]
    values: list[dict[str, Any]] = []
    for month in months:
        values.append(
            {"maand": month.label, "reeks": plan, "uren": _float(month.planned_cumulative)}
        )
        if month.realised_cumulative is not None:
            values.append(
                {
                    "maand": month.label,
                    "reeks": realised,
                    "uren": _float(month.realised_cumulative),
                }
            )
    series = alt.Scale(domain=[plan, realised], range=[PLAN_COLOUR, REALISED_COLOUR])
    chart = (
        alt.Chart(
            _data(values),
            title=alt.Title(
                _("Uren cumulatief: plan tegenover gerealiseerd"),
                subtitle=f"{content.participant_name}, {content.year}",
            ),
            description=_(
                "Lijngrafiek van de geplande en de gerealiseerde uren, cumulatief per maand. "
                "De tabel bij de grafiek bevat dezelfde cijfers."
            ),
            width=WIDTH,
            height=220,
        )
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X("maand:O", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("uren:Q", title=_("Uren (cumulatief)"), axis=alt.Axis(format=",.0f")),
            color=alt.Color("reeks:N", scale=series, title=None, legend=alt.Legend(orient="top")),
            strokeDash=alt.StrokeDash(
                "reeks:N",
                scale=alt.Scale(domain=[plan, realised], range=[[5, 3], [1, 0]]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("maand:N", title=_("Maand")),
                alt.Tooltip("reeks:N", title=_("Reeks")),
                alt.Tooltip("uren:Q", title=_("Uren"), format=",.2f"),
            ],
        )
    )
    return _spec(chart)


def _wrapped(name: str, width: int = 30) -> str:
    return "\n".join(textwrap.wrap(name, width)) or name


def _charted_indicators(content: ReportContent) -> list[IndicatorLine]:
    """The key indicators: those with a target and at least one value in their trend."""
    return [
        line
        for line in content.indicators
        if line.target is not None and any(point.value is not None for point in line.trend)
    ]


def indicator_trends(content: ReportContent) -> dict[str, Any] | None:
    """Small multiples: per key indicator its values since the baseline, the target as a rule."""
    lines = _charted_indicators(content)
    if not lines:
        return None
    points: list[str] = []
    values: list[dict[str, Any]] = []
    for line in lines:
        for point in line.trend:
            if point.label not in points:
                points.append(point.label)
            if point.value is None:
                continue
            values.append(
                {
                    "code": line.code,
                    "indicator": line.name,
                    "kop": _wrapped(line.name),
                    "punt": point.label,
                    "waarde": _float(point.value),
                    "norm": _float(line.target),
                    "normtekst": f"{line.comparison} {line.target}".strip(),
                }
            )
    heads = [_wrapped(line.name) for line in lines]
    x = alt.X("punt:O", sort=points, title=None, axis=alt.Axis(labelAngle=0))
    trend = (
        alt.Chart()
        .mark_line(point=True, color=REALISED_COLOUR, strokeWidth=2)
        .encode(
            x=x,
            y=alt.Y("waarde:Q", title=None, scale=alt.Scale(zero=False, nice=True)),
            tooltip=[
                alt.Tooltip("indicator:N", title=_("Indicator")),
                alt.Tooltip("punt:N", title=_("Meting")),
                alt.Tooltip("waarde:Q", title=_("Waarde"), format=",.1f"),
                alt.Tooltip("normtekst:N", title=_("Norm")),
            ],
        )
    )
    target = (
        alt.Chart()
        .mark_rule(color=TARGET_COLOUR, strokeDash=[4, 3], strokeWidth=1.5)
        .encode(y=alt.Y("mean(norm):Q"))
    )
    chart = (
        alt.layer(trend, target, data=_data(values), width=150, height=110)
        .facet(
            facet=alt.Facet(
                "kop:N",
                sort=heads,
                title=None,
                header=alt.Header(
                    labelExpr="split(datum.value, '\\n')",
                    labelAnchor="start",
                    labelAlign="left",
                    labelFontSize=10,
                    labelFontWeight="bold",
                    labelLimit=0,
                ),
            ),
            columns=3,
            title=alt.Title(
                _("Indicatoren tegenover de norm"),
                subtitle=_("Per meting sinds de nulmeting; stippellijn: de norm"),
            ),
            description=_(
                "Kleine grafieken per indicator met een norm: de waarde bij de nulmeting en "
                "per kwartaal als lijn, de norm als rode stippellijn. De tabel met indicatoren "
                "bevat dezelfde cijfers."
            ),
        )
        .resolve_scale(y="independent")
        .resolve_axis(x="independent")
    )
    return _spec(chart)


def inspections_by_type(content: ReportContent) -> dict[str, Any] | None:
    """Horizontal bars: the inspections performed in the period, per kind of inspection."""
    lines = content.sections.enforcement.by_type
    if not lines:
        return None
    values = [{"soort": line.label, "aantal": line.count} for line in lines]
    base = alt.Chart(_data(values)).encode(
        y=alt.Y("soort:N", sort=[line.label for line in lines], title=None),
        x=alt.X("aantal:Q", title=_("Aantal controles"), axis=alt.Axis(format=",d", tickMinStep=1)),
    )
    bars = base.mark_bar(color=REALISED_COLOUR).encode(
        tooltip=[
            alt.Tooltip("soort:N", title=_("Soort controle")),
            alt.Tooltip("aantal:Q", title=_("Aantal"), format=",d"),
        ]
    )
    labels = base.mark_text(align="left", dx=3, fontSize=10).encode(
        text=alt.Text("aantal:Q", format=",d")
    )
    chart = alt.layer(
        bars,
        labels,
        title=alt.Title(
            _("Uitgevoerde controles per soort"),
            subtitle=f"{content.participant_name}, {content.period_label}",
        ),
        description=_(
            "Staafdiagram van het aantal uitgevoerde controles per soort controle. "
            "De tabel bij de grafiek bevat dezelfde cijfers."
        ),
        width=WIDTH - 160,
        height=alt.Step(22),
    )
    return _spec(chart)


def participant_realisation(content: ReportContent) -> dict[str, Any] | None:
    """Regional report: horizontal bars of each participant's realisation, a rule at 100 %."""
    if not content.is_regional:
        return None
    lines = [line for line in content.participants if line.realisation_percent is not None]
    if not lines:
        return None
    values = [
        {"deelnemer": line.name, "realisatie": _float(line.realisation_percent)} for line in lines
    ]
    base = alt.Chart(_data(values)).encode(
        y=alt.Y("deelnemer:N", sort=[line.name for line in lines], title=None),
    )
    bars = base.mark_bar(color=REALISED_COLOUR).encode(
        x=alt.X("realisatie:Q", title=_("Realisatie in uren (%)")),
        tooltip=[
            alt.Tooltip("deelnemer:N", title=_("Deelnemer")),
            alt.Tooltip("realisatie:Q", title=_("Realisatie (%)"), format=",.1f"),
        ],
    )
    plan = (
        alt.Chart(_data([{"plan": 100}]))
        .mark_rule(color=TARGET_COLOUR, strokeDash=[4, 3], strokeWidth=1.5)
        .encode(x=alt.X("plan:Q"))
    )
    chart = alt.layer(
        bars,
        plan,
        title=alt.Title(
            _("Realisatie van het programma per deelnemer"),
            subtitle=_("Stippellijn: 100 % van het plan"),
        ),
        description=_(
            "Staafdiagram van de realisatie in uren per deelnemer, met een lijn bij 100 procent. "
            "De tabel met deelnemers bevat dezelfde cijfers."
        ),
        width=WIDTH - 160,
        height=alt.Step(16),
    )
    return _spec(chart)
