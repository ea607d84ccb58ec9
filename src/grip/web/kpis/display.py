"""How an indicator's figure reads on a page: the value with its unit, the counts behind it,
the target it is held against and whether it was met, in words and with a symbol (never by
colour alone).

The pages of the indicators, the snapshots and the BIG-8 cycle share these small view models;
the figures themselves come from ``grip.kpis.selectors``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from grip.kpis.constants import BIG8_STEPS, Comparison, Direction, Scope, StepStatus, Unit
from grip.kpis.registry import Indicator
from grip.kpis.selectors import Norm

UNIT_SUFFIX = {Unit.PERCENT: " %", Unit.DAYS: " dagen", Unit.HOURS: " uur", Unit.COUNT: ""}

# Short names for the figure-of-eight, where the full names do not fit.
STEP_SHORT_NAMES = {
    1: "Analyse",
    2: "Doelen",
    3: "Strategieën",
    4: "Organisatie",
    5: "Programma",
    6: "Uitvoering",
    7: "Monitoring",
    8: "Evaluatie",
}


# Short column headers for the matrices, where twelve full names do not fit.
SHORT_NAMES = {
    "beslissingen-binnen-termijn": "Besluiten binnen termijn",
    "dwangsom-niet-tijdig": "Dwangsom niet tijdig",
    "handhaving-in-stand": "In stand bij de rechter",
    "naleving-eerste-controle": "Naleving eerste controle",
    "herstel-bij-hercontrole": "Hersteld bij hercontrole",
    "realisatie-uren": "Realisatie uren",
    "realisatie-producten": "Realisatie producten",
    "controles-uitgevoerd": "Controles uitgevoerd",
    "declarabel-aandeel": "Declarabel aandeel",
    "aandeel-gerelateerd-werk": "Gerelateerd werk",
    "doorlooptijd": "Doorlooptijd",
    "klachten-binnen-termijn": "Klachten binnen termijn",
}


def number_text(value: Decimal | None, places: int = 1) -> str:
    """'1.234,5' (Dutch grouping and decimal comma); '—' without a value."""
    if value is None:
        return "—"
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def count_text(value: Decimal | int | None) -> str:
    """A count as plainly as it allows: '37', '20,5', '12,25'."""
    if value is None:
        return "—"
    number = Decimal(value)
    for places in (0, 1, 2):
        if number == number.quantize(Decimal(1).scaleb(-places)):
            return number_text(number, places)
    return number_text(number, 2)


def value_text(value: Decimal | None, unit: str) -> str:
    """'92,5 %', '41,0 dagen'; '—' without a value."""
    if value is None:
        return "—"
    return f"{number_text(value)}{UNIT_SUFFIX.get(Unit(unit), '')}"


def norm_text(norm: Norm | None, unit: str) -> str:
    if norm is None:
        return ""
    return f"{Comparison(norm.comparison).label} {value_text(norm.value, unit)}"


def norm_source_text(source: str) -> str:
    return {
        "deelnemer": _("eigen streefwaarde"),
        "regio": _("streefwaarde voor alle deelnemers"),
        "norm": _("norm van de provincie"),
    }.get(source, "")


def direction_text(direction: str) -> str:
    return str(Direction(direction).label)


def unit_text(unit: str) -> str:
    return str(Unit(unit).label)


def date_text(value: datetime.date | datetime.datetime | None) -> str:
    """'2 maart 2026'."""
    if value is None:
        return "—"
    return formats.date_format(value, "j F Y")


@dataclass(frozen=True)
class Verdict:
    """Met, not met, or neither: a key for the style, a symbol and the words."""

    key: str
    symbol: str
    text: str


def verdict(met: bool | None, *, has_norm: bool, has_value: bool) -> Verdict:
    if not has_norm:
        return Verdict("geen", "\u2013", _("geen streefwaarde"))
    if not has_value or met is None:
        return Verdict("onbekend", "?", _("geen waarde"))
    if met:
        return Verdict("gehaald", "✓", _("gehaald"))
    return Verdict("niet-gehaald", "✗", _("niet gehaald"))


@dataclass(frozen=True)
class Cell:
    """One figure as a page shows it."""

    value: Decimal | None
    text: str
    counts: str
    norm: str
    norm_source: str
    verdict: Verdict
    empty: bool = False  # nothing to show here (an organisation-wide indicator's participant)


def counts_text(
    numerator: Decimal | None,
    denominator: Decimal | None,
    numerator_label: Any,
    denominator_label: Any,
) -> str:
    if numerator is None and denominator is None:
        return ""
    return (
        f"{count_text(numerator)} {numerator_label} / {count_text(denominator)} {denominator_label}"
    )


def cell_of(
    indicator: Indicator,
    *,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
    norm: Norm | None,
    unit: str | None = None,
) -> Cell:
    shown_unit = unit or indicator.unit
    return Cell(
        value=value,
        text=value_text(value, shown_unit),
        counts=counts_text(
            numerator, denominator, indicator.numerator_label, indicator.denominator_label
        ),
        norm=norm_text(norm, shown_unit),
        norm_source=norm_source_text(norm.source) if norm else "",
        verdict=verdict(
            norm.met_by(value) if norm else None,
            has_norm=norm is not None,
            has_value=value is not None,
        ),
    )


def empty_cell(reason: str = "") -> Cell:
    return Cell(
        value=None,
        text="—",
        counts=reason,
        norm="",
        norm_source="",
        verdict=Verdict("geen", "\u2013", reason or _("geen waarde")),
        empty=True,
    )


@dataclass(frozen=True)
class Column:
    """An indicator as a column of a matrix."""

    code: str
    name: str
    unit: str
    url: str
    organisation_wide: bool = False
    short_name: str = ""

    @property
    def header(self) -> str:
        return self.short_name or self.name

    @property
    def unit_label(self) -> str:
        return UNIT_SUFFIX.get(Unit(self.unit), "").strip() or unit_text(self.unit)


def column_of(indicator: Indicator, *, name: str | None = None, unit: str | None = None) -> Column:
    return Column(
        code=indicator.code,
        name=name or str(indicator.name),
        unit=unit or indicator.unit,
        url=reverse("web:indicator-detail", args=[indicator.code]),
        organisation_wide=indicator.scope == Scope.ORGANISATION,
        short_name=SHORT_NAMES.get(indicator.code, ""),
    )


@dataclass(frozen=True)
class Row:
    """A participant (or the region) as a row of a matrix."""

    key: str  # "regio" or the participant's id
    label: str
    cells: list[Cell]
    url: str = ""
    is_region: bool = False


@dataclass
class Matrix:
    """Participants (rows) by indicators (columns)."""

    columns: list[Column]
    rows: list[Row] = field(default_factory=list)


# --- the BIG-8 steps ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusLook:
    key: str
    symbol: str
    text: str


def status_look(status: str) -> StatusLook:
    symbols = {
        StepStatus.NOT_STARTED: "○",
        StepStatus.IN_PROGRESS: "◐",
        StepStatus.DONE: "✓",
        StepStatus.LATE: "!",
    }
    return StatusLook(status, symbols[StepStatus(status)], str(StepStatus(status).label))


def step_names() -> dict[int, str]:
    return {number: str(name) for number, _loop, name in BIG8_STEPS}


def step_loops() -> dict[int, str]:
    return {number: loop for number, loop, _name in BIG8_STEPS}
