"""What a board report says, as data: the one source of the page, the PDF and the workbook.

A report's content is built from a frozen snapshot (:mod:`grip.reporting.building`) and, once
published, stored as JSON with the report; the three outputs render the stored content, so the
page, the PDF and the Excel file always carry the same figures. Numbers stay ``Decimal``
(stored as strings), dates ISO strings.
"""

from __future__ import annotations

import datetime
import types
from dataclasses import dataclass, field, fields, is_dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from grip.reporting.annotations import Annotation

# --- the sections -------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigure:
    """A headline figure of the summary."""

    label: str
    value: Decimal | None
    unit: str  # "%", "uren", "€", "aantal", "dagen"


@dataclass(frozen=True)
class TrendPoint:
    label: str  # "Nulmeting", "Q1", "Q2", ...
    value: Decimal | None


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator: its frozen value against the target, with the trend since the baseline."""

    code: str
    name: str
    definition: str
    definition_version: int
    unit: str  # kpis.constants.Unit value
    direction: str  # kpis.constants.Direction value
    scope: str  # kpis.constants.Scope value
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    numerator_label: str
    denominator_label: str
    target: Decimal | None
    comparison: str  # "≥", ">", "≤", "<" (empty without a target)
    target_source: str  # "deelnemer", "regio", "norm" or ""
    met: bool | None
    baseline: Decimal | None
    baseline_period: str
    trend: list[TrendPoint]
    snapshot_id: int
    snapshot_label: str


@dataclass(frozen=True)
class MonthPoint:
    month: int
    label: str
    planned_cumulative: Decimal
    realised_cumulative: Decimal | None


@dataclass(frozen=True)
class ProductLine:
    code: str
    name: str
    planned_hours: Decimal  # to the end of the period
    realised_hours: Decimal
    ordered: Decimal | None  # quantity in the adopted programme (None: not ordered)
    due: Decimal | None  # ordered, pro rata to the end of the period
    delivered: int | None  # cases of this product ended in the period (None: not counted)


@dataclass(frozen=True)
class RelatedLine:
    kind: str
    label: str
    planned_hours: Decimal  # to the end of the period
    realised_hours: Decimal

    @property
    def percent(self) -> Decimal | None:
        return _percent(self.realised_hours, self.planned_hours)


@dataclass(frozen=True)
class RealisationSection:
    has_programme: bool  # an adopted programme exists for the year
    tariff: Decimal | None
    plan_year_hours: Decimal
    plan_year_amount: Decimal
    planned_hours: Decimal  # to the end of the period
    planned_amount: Decimal
    realised_hours: Decimal
    realised_amount: Decimal
    forecast_hours: Decimal | None
    forecast_amount: Decimal | None
    forecast_deviation_percent: Decimal | None
    forecast_warning: bool
    months: list[MonthPoint]
    products: list[ProductLine]

    @property
    def percent(self) -> Decimal | None:
        return _percent(self.realised_hours, self.planned_hours)


@dataclass(frozen=True)
class CaseLine:
    case_type: str
    received: int
    ended: int
    decided: int
    decided_within_term: int
    open_at_end: int
    overdue_at_end: int
    average_days: Decimal | None

    @property
    def within_percent(self) -> Decimal | None:
        return _percent(Decimal(self.decided_within_term), Decimal(self.decided))


@dataclass(frozen=True)
class CountLine:
    label: str
    count: int


@dataclass(frozen=True)
class EnforcementSection:
    planned: int
    performed_of_planned: int
    performed: int
    by_type: list[CountLine]
    violations: int
    intentions: int
    measures: list[CountLine]
    first_inspections: int
    first_compliant: int
    reinspected_violations: int
    repaired_at_first_reinspection: int
    court_rulings: int
    court_upheld: int


@dataclass(frozen=True)
class SectionData:
    """The figures of one participant (or the region) beside the indicators, frozen with the
    snapshot: realisation, cases, enforcement and related work."""

    realisation: RealisationSection
    cases: list[CaseLine]
    enforcement: EnforcementSection
    related_work: list[RelatedLine]


@dataclass(frozen=True)
class ParticipantLine:
    """A row of the regional report's table of participants."""

    participant_id: int
    name: str
    realisation_percent: Decimal | None
    forecast_warning: bool
    indicators_met: int
    indicators_with_target: int


@dataclass(frozen=True)
class ReportContent:
    title: str
    participant_id: int | None  # None: the regional report
    participant_name: str
    kind: str
    kind_label: str
    year: int
    quarter: int
    period_label: str  # "1 januari t/m 30 september 2026"
    start: datetime.date
    end: datetime.date
    snapshot_id: int
    snapshot_label: str
    frozen_at: str  # when the snapshot was frozen, as the report prints it
    key_figures: list[KeyFigure]
    summary: list[str]  # sentences
    indicators: list[IndicatorLine]
    sections: SectionData
    participants: list[ParticipantLine] = field(default_factory=list)
    notable_items: str = ""
    # Beside the figures: definition, lineage and data quality per figure key (annotations.py),
    # as on ``annotated_at``; frozen with the content at publication.
    annotations: dict[str, Annotation] = field(default_factory=dict)
    annotated_at: str = ""

    @property
    def is_regional(self) -> bool:
        return self.participant_id is None


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- (de)serialisation --------------------------------------------------------------------------

_T = TypeVar("_T")


def dump(value: Any) -> Any:
    """Content to JSON-able data: Decimals as exact strings, dates as ISO strings."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: dump(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [dump(item) for item in value]
    if isinstance(value, dict):
        return {str(key): dump(item) for key, item in value.items()}
    return value


def load(cls: type[_T], data: Any) -> _T:
    """The inverse of :func:`dump` for a content dataclass."""
    return _load(cls, data)  # type: ignore[no-any-return]


def _load(hint: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [arg for arg in get_args(hint) if arg is not type(None)]
        return _load(options[0], data)
    if origin is list:
        (item,) = get_args(hint)
        return [_load(item, element) for element in data]
    if origin is dict:
        _key, item = get_args(hint)
        return {key: _load(item, element) for key, element in data.items()}
    if hint is Decimal:
        return Decimal(str(data))
    if hint is datetime.date:
        return datetime.date.fromisoformat(data)
    if isinstance(hint, type) and is_dataclass(hint):
        hints = get_type_hints(hint)
        return hint(
            **{f.name: _load(hints[f.name], data[f.name]) for f in fields(hint) if f.name in data}
        )
    return data
