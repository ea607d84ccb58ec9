"""The report figures beside the indicators, computed for a snapshot and frozen with it.

Per participant and for the region: realisation (hours, euros, products, months, forecast),
cases per case type, enforcement, and related work. Everything comes from the domain apps'
grouped selectors, so the whole region costs a fixed number of queries; the computation reuses
what the indicators already loaded for the same snapshot (the context's shared loads).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from grip.cases import selectors as cases
from grip.enforcement import selectors as enforcement
from grip.finance import selectors as finance
from grip.finance.periods import MONTH_NAMES
from grip.kpis import registry
from grip.kpis.registry import Context
from grip.reporting.content import (
    CaseLine,
    CountLine,
    EnforcementSection,
    MonthPoint,
    ProductLine,
    RealisationSection,
    RelatedLine,
    SectionData,
)

ZERO = Decimal(0)
ONE_PLACE = Decimal("0.1")


# --- what each figure of the report means and which tables it comes from ------------------------


@dataclass(frozen=True)
class SectionSource:
    """A group of report figures (the prefix of their ``data-figure``): what they mean, the
    tables (``app_label.Model``) the computation reads, and the indicators it uses."""

    title: str | Promise
    definition: str | Promise
    datasets: tuple[str, ...]
    indicators: tuple[str, ...] = ()


# What ``section_data`` reads through the registry's shared loads: ``realisations`` (finance:
# programme versions and lines, related work, booking targets, hour entries and month totals,
# the hourly tariff), ``adopted_quantities`` (programme lines and products),
# ``realising_product_codes`` (products, case types), ``case_flow``/``lead_times`` (cases, case
# types), ``compliance``/``enforcement_summary``/``court`` (inspections, findings, violations,
# intentions, measures with their instrument, appeals).
_HOURS = ("hours.BookingTarget", "hours.HourEntry", "hours.MonthTotal")
_PLAN = ("programmes.Programme", "programmes.ProgrammeVersion", "programmes.ProgrammeLine")
_CASE_TABLES = ("cases.Case", "cases.CaseType")
_ENFORCEMENT = (
    "enforcement.Inspection",
    "enforcement.Finding",
    "enforcement.Violation",
    "enforcement.Intention",
    "enforcement.Measure",
    "enforcement.Instrument",
    "enforcement.Appeal",
)
_FROZEN_INDICATORS = ("kpis.Snapshot", "kpis.SnapshotValue", "kpis.Target")
_ALL_INDICATORS = tuple(indicator.code for indicator in registry.INDICATORS)

SECTION_DATASETS: dict[str, SectionSource] = {
    "key": SectionSource(
        title=_("Kerncijfers"),
        definition=_(
            "De kerncijfers van de samenvatting: de realisatie van het programma in uren en "
            "euro's, de prognose voor het jaar, en twee indicatoren (besluiten binnen de "
            "termijn, naleving bij de eerste controle) uit de bevroren meting."
        ),
        datasets=(*_PLAN, "programmes.RelatedWorkLine", *_HOURS, "frameworks.HourlyTariff"),
        indicators=("beslissingen-binnen-termijn", "naleving-eerste-controle"),
    ),
    "realisation": SectionSource(
        title=_("Realisatie van het programma"),
        definition=_(
            "Geplande uren en bedragen volgens het vastgestelde werkprogramma (naar rato van "
            "het verloop van vorig jaar tot het einde van de periode), de geschreven uren op het "
            "programma, het uurtarief en de prognose voor het hele jaar."
        ),
        datasets=(*_PLAN, "programmes.RelatedWorkLine", *_HOURS, "frameworks.HourlyTariff"),
    ),
    "month": SectionSource(
        title=_("Uren per maand"),
        definition=_(
            "Per maand de cumulatief geplande uren van het vastgestelde programma en de "
            "cumulatief geschreven uren (hele maanden uit de maandtotalen)."
        ),
        datasets=(*_PLAN, *_HOURS),
    ),
    "product": SectionSource(
        title=_("Producten"),
        definition=_(
            "Per product de geplande en geschreven uren, het bestelde aantal in het vastgestelde "
            "programma, dat aantal naar rato van de periode, en het aantal afgeronde zaken van "
            "het product."
        ),
        datasets=(*_PLAN, "frameworks.Product", *_HOURS, *_CASE_TABLES),
    ),
    "indicator": SectionSource(
        title=_("Indicatoren en normen"),
        definition=_(
            "De waarden van de indicatoren uit de bevroren meting, met de norm (van de "
            "deelnemer, de regio of de provincie), de nulmeting en het verloop per kwartaal."
        ),
        datasets=_FROZEN_INDICATORS,
        indicators=_ALL_INDICATORS,
    ),
    "cases": SectionSource(
        title=_("Zaken en termijnen"),
        definition=_(
            "Per zaaktype de zaken ontvangen en afgerond in de periode, de besluiten en het deel "
            "binnen de wettelijke termijn, de zaken die aan het eind nog open waren (en daarvan "
            "over de termijn), en de gemiddelde doorlooptijd van ontvangst tot afronding."
        ),
        datasets=_CASE_TABLES,
    ),
    "enforcement": SectionSource(
        title=_("Toezicht en handhaving"),
        definition=_(
            "Geplande en uitgevoerde controles (per soort), eerste controles en naleving, "
            "overtredingen en hun herstel bij de hercontrole, voornemens, opgelegde maatregelen "
            "per instrument en de uitspraken van de rechter, in de periode."
        ),
        datasets=_ENFORCEMENT,
    ),
    "related": SectionSource(
        title=_("Gerelateerde werkzaamheden"),
        definition=_(
            "Per soort gerelateerde werkzaamheid de geplande uren in het vastgestelde programma "
            "(naar rato tot het einde van de periode) en de daarop geschreven uren."
        ),
        datasets=("programmes.ProgrammeVersion", "programmes.RelatedWorkLine", *_HOURS),
    ),
    "participant": SectionSource(
        title=_("Deelnemers"),
        definition=_(
            "Per deelnemer de programmarealisatie in uren en het aantal indicatoren dat de norm "
            "haalt, uit de bevroren meting."
        ),
        datasets=("participants.Participant", *_FROZEN_INDICATORS),
        indicators=_ALL_INDICATORS,
    ),
}


def _realisation(
    row: finance.Realisation,
    ordered: dict[str, tuple[str, Decimal]],
    delivered: dict[str, int],
    counted: frozenset[str],
) -> RealisationSection:
    products = []
    for product in row.by_product:
        quantity = ordered.get(product.key, (product.label, None))[1]
        counts = product.key in counted
        products.append(
            ProductLine(
                code=product.key,
                name=product.label,
                planned_hours=product.planned_hours,
                realised_hours=product.realised_hours,
                ordered=quantity,
                due=(quantity * row.share).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
                if quantity is not None
                else None,
                delivered=delivered.get(product.key, 0) if counts else None,
            )
        )
    return RealisationSection(
        has_programme=row.version is not None,
        tariff=row.tariff,
        plan_year_hours=row.plan_year_hours,
        plan_year_amount=row.plan_year_amount,
        planned_hours=row.planned_hours,
        planned_amount=row.planned_amount,
        realised_hours=row.realised_hours,
        realised_amount=row.realised_amount,
        forecast_hours=row.forecast.hours,
        forecast_amount=row.forecast.amount,
        forecast_deviation_percent=row.forecast.deviation_percent,
        forecast_warning=row.forecast.warning,
        months=[
            MonthPoint(
                month=month.month,
                label=MONTH_NAMES[month.month - 1],
                planned_cumulative=month.planned_cumulative,
                realised_cumulative=month.realised_cumulative,
            )
            for month in row.months
        ],
        products=products,
    )


def _cases(flows: list[cases.CaseFlow], averages: dict[str, Decimal | None]) -> list[CaseLine]:
    return [
        CaseLine(
            case_type=flow.case_type_name,
            received=flow.received,
            ended=flow.ended,
            decided=flow.decided,
            decided_within_term=flow.decided_within_term,
            open_at_end=flow.open_at_end,
            overdue_at_end=flow.overdue_at_end,
            average_days=averages.get(flow.case_type_code),
        )
        for flow in flows
    ]


def _enforcement(
    summary: enforcement.EnforcementSummary,
    compliance: enforcement.ComplianceFigures,
    court: enforcement.CourtFigures,
) -> EnforcementSection:
    return EnforcementSection(
        planned=summary.planned,
        performed_of_planned=summary.performed_of_planned,
        performed=summary.performed,
        by_type=[CountLine(label, n) for label, n in summary.performed_by_type.items()],
        violations=summary.violations,
        intentions=summary.intentions,
        measures=[CountLine(label, n) for label, n in summary.measures_by_instrument.items()],
        first_inspections=compliance.first_inspections,
        first_compliant=compliance.first_compliant,
        reinspected_violations=compliance.reinspected_violations,
        repaired_at_first_reinspection=compliance.repaired_at_first_reinspection,
        court_rulings=court.rulings,
        court_upheld=court.upheld,
    )


def section_data(context: Context) -> dict[int | None, SectionData]:
    """Every participant's sections and the region's (key None), for the context's period."""
    ids = context.ids
    realisations = registry.realisations(context)
    compliance = registry.compliance(context)
    summaries = registry.enforcement_summary(context)
    court = registry.court(context)
    flows = registry.case_flow(context)
    times = registry.lead_times(context)
    ordered = registry.adopted_quantities(context)
    delivered = registry.products_delivered(context)
    counted = registry.realising_product_codes(context)

    result: dict[int | None, SectionData] = {}
    for pk in ids:
        row = realisations[pk]
        result[pk] = SectionData(
            realisation=_realisation(row, ordered.get(pk, {}), delivered.get(pk, {}), counted),
            cases=_cases(
                flows.get(pk, []), {t.case_type_code: t.average_days for t in times.get(pk, [])}
            ),
            enforcement=_enforcement(summaries[pk], compliance[pk], court[pk]),
            related_work=[
                RelatedLine(r.key, r.label, r.planned_hours, r.realised_hours)
                for r in row.related_work
            ],
        )
    result[None] = _region([result[pk] for pk in ids], times)
    return result


def _sum_lines(lines: list[CountLine]) -> list[CountLine]:
    totals: dict[str, int] = defaultdict(int)
    for line in lines:
        totals[line.label] += line.count
    return [CountLine(label, count) for label, count in totals.items()]


_Line = TypeVar("_Line", ProductLine, CaseLine, RelatedLine)


def _sum_by(lines: list[_Line], key: str) -> list[_Line]:
    """Lines with the same ``key`` merged: their numbers added (None counts as absent), their
    texts and flags taken from the first."""
    merged: dict[str, _Line] = {}
    for line in lines:
        name = getattr(line, key)
        first = merged.get(name)
        if first is None:
            merged[name] = line
            continue
        changes: dict[str, Any] = {}
        for item in fields(line):
            a, b = getattr(first, item.name), getattr(line, item.name)
            numeric = (int, Decimal)
            if isinstance(a, bool) or (not isinstance(a, numeric) and not isinstance(b, numeric)):
                continue
            changes[item.name] = b if a is None else a if b is None else a + b
        merged[name] = replace(first, **changes)
    return [merged[name] for name in sorted(merged)]


def _region(parts: list[SectionData], times: dict[int, list[cases.LeadTime]]) -> SectionData:
    """The region's sections: sums of the participants' figures (percentages recomputed)."""
    realisations = [part.realisation for part in parts]

    def total(name: str) -> Decimal:
        return sum((getattr(r, name) for r in realisations), ZERO)

    def optional_total(name: str) -> Decimal | None:
        values = [getattr(r, name) for r in realisations if getattr(r, name) is not None]
        return sum(values, ZERO) if values else None

    months = []
    for index, label in enumerate(MONTH_NAMES):
        realised = [r.months[index].realised_cumulative for r in realisations if r.months]
        known = [value for value in realised if value is not None]
        months.append(
            MonthPoint(
                month=index + 1,
                label=label,
                planned_cumulative=sum(
                    (r.months[index].planned_cumulative for r in realisations if r.months), ZERO
                ),
                realised_cumulative=sum(known, ZERO) if known else None,
            )
        )
    forecast_hours = optional_total("forecast_hours")
    plan_year = total("plan_year_hours")
    deviation = (
        ((forecast_hours - plan_year) * 100 / plan_year).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
        if forecast_hours is not None and plan_year
        else None
    )
    realisation = RealisationSection(
        has_programme=any(r.has_programme for r in realisations),
        tariff=next((r.tariff for r in realisations if r.tariff is not None), None),
        plan_year_hours=plan_year,
        plan_year_amount=total("plan_year_amount"),
        planned_hours=total("planned_hours"),
        planned_amount=total("planned_amount"),
        realised_hours=total("realised_hours"),
        realised_amount=total("realised_amount"),
        forecast_hours=forecast_hours,
        forecast_amount=optional_total("forecast_amount"),
        forecast_deviation_percent=deviation,
        forecast_warning=any(r.forecast_warning for r in realisations),
        months=months,
        products=_sum_by([p for r in realisations for p in r.products], "code"),
    )
    lead: dict[str, tuple[int, int]] = {}
    for rows in times.values():
        for t in rows:
            cases_, days = lead.get(t.case_type_name, (0, 0))
            lead[t.case_type_name] = (cases_ + t.cases, days + t.total_days)
    # Averages do not add up: the region's is recomputed from the summed days.
    case_lines = [
        replace(
            line,
            average_days=(
                (Decimal(lead[line.case_type][1]) / lead[line.case_type][0]).quantize(
                    ONE_PLACE, rounding=ROUND_HALF_UP
                )
                if lead.get(line.case_type, (0, 0))[0]
                else None
            ),
        )
        for line in _sum_by([line for part in parts for line in part.cases], "case_type")
    ]
    sections = [part.enforcement for part in parts]

    def count(name: str) -> int:
        return sum(getattr(s, name) for s in sections)

    enforcement_section = EnforcementSection(
        planned=count("planned"),
        performed_of_planned=count("performed_of_planned"),
        performed=count("performed"),
        by_type=_sum_lines([line for s in sections for line in s.by_type]),
        violations=count("violations"),
        intentions=count("intentions"),
        measures=_sum_lines([line for s in sections for line in s.measures]),
        first_inspections=count("first_inspections"),
        first_compliant=count("first_compliant"),
        reinspected_violations=count("reinspected_violations"),
        repaired_at_first_reinspection=count("repaired_at_first_reinspection"),
        court_rulings=count("court_rulings"),
        court_upheld=count("court_upheld"),
    )
    return SectionData(
        realisation=realisation,
        cases=case_lines,
        enforcement=enforcement_section,
        related_work=_sum_by([line for part in parts for line in part.related_work], "kind"),
    )
