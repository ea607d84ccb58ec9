"""The indicator registry: every indicator Grip reports, defined once, here.

An indicator has a stable code, a Dutch name and a definition a board member can read, its
formula over the domain data (through the apps' selectors), unit, direction, the datasets it
reads (for lineage) and the province's norm as its default target. A formula answers for a set
of participants at once, in a fixed number of queries, and also for the region: the region's
figure is the sum of the counts, never an average of percentages.

Change a formula or its definition only with a new ``version``: frozen snapshots keep the
version (and the text) they were computed with.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from grip.cases import selectors as cases
from grip.enforcement import selectors as enforcement
from grip.finance import selectors as finance
from grip.finance.periods import Period
from grip.frameworks import selectors as frameworks
from grip.hours import selectors as hours_selectors
from grip.kpis.constants import Comparison, Direction, Scope, Unit
from grip.participants.models import Participant
from grip.programmes import selectors as programmes

ONE_PLACE = Decimal("0.1")
REGION = None  # the key of the region's figure among the participants' ids


@dataclass(frozen=True)
class Measurement:
    """One figure: its value and the counts behind it (numerator / denominator for a share)."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    details: dict[str, Any] = field(default_factory=dict)  # JSON-able breakdown


@dataclass
class Context:
    """The question a formula answers: these participants, over [start, end], seen at ``end``.

    ``shared`` lets indicators that read the same selector (realisation, compliance) load it
    once per computation.
    """

    participants: list[Participant]
    start: datetime.date
    end: datetime.date
    shared: dict[str, Any] = field(default_factory=dict)

    @property
    def ids(self) -> list[int]:
        return [participant.pk for participant in self.participants]

    @property
    def period(self) -> Period:
        return Period(self.end.year, self.start, self.end, "ytd")

    def once(self, key: str, load: Callable[[], Any]) -> Any:
        if key not in self.shared:
            self.shared[key] = load()
        return self.shared[key]


Figures = dict[int | None, Measurement]
Formula = Callable[[Context], Figures]


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str | Promise
    definition: str | Promise
    unit: Unit
    direction: Direction
    datasets: tuple[str, ...]  # "app_label.Model" of every table the formula reads
    formula: Formula
    version: int = 1
    scope: Scope = Scope.PARTICIPANT
    target: Decimal | None = None  # the default target (the province's norm), if any
    comparison: Comparison = Comparison.AT_LEAST
    numerator_label: str | Promise = ""
    denominator_label: str | Promise = ""

    def measure(self, context: Context) -> Figures:
        return self.formula(context)


def percentage(numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        ONE_PLACE, rounding=ROUND_HALF_UP
    )


def shares(
    counts: Mapping[int, tuple[Decimal | int, Decimal | int]], ids: Iterable[int]
) -> Figures:
    """Percentages per participant and for the region, from (numerator, denominator) counts."""
    figures: Figures = {}
    total_numerator, total_denominator = Decimal(0), Decimal(0)
    for pk in ids:
        numerator, denominator = counts.get(pk, (0, 0))
        total_numerator += Decimal(numerator)
        total_denominator += Decimal(denominator)
        figures[pk] = Measurement(
            percentage(numerator, denominator), Decimal(numerator), Decimal(denominator)
        )
    figures[REGION] = Measurement(
        percentage(total_numerator, total_denominator), total_numerator, total_denominator
    )
    return figures


# --- shared loads: selectors that several indicators (and the report sections) read -----------


def realisations(context: Context) -> dict[int, finance.Realisation]:
    def load() -> dict[int, finance.Realisation]:
        rows = finance.realisations(
            participants=context.participants, period=context.period, as_of=context.end
        )
        return {row.participant.pk: row for row in rows}

    return context.once("realisation", load)  # type: ignore[no-any-return]


def compliance(context: Context) -> dict[int, enforcement.ComplianceFigures]:
    return context.once(  # type: ignore[no-any-return]
        "compliance",
        lambda: enforcement.compliance_by_participant(
            participant_ids=context.ids, start=context.start, end=context.end
        ),
    )


def enforcement_summary(context: Context) -> dict[int, enforcement.EnforcementSummary]:
    return context.once(  # type: ignore[no-any-return]
        "enforcement_summary",
        lambda: enforcement.enforcement_summary(
            participant_ids=context.ids, start=context.start, end=context.end
        ),
    )


def court(context: Context) -> dict[int, enforcement.CourtFigures]:
    return context.once(  # type: ignore[no-any-return]
        "court",
        lambda: enforcement.court_by_participant(
            participant_ids=context.ids, start=context.start, end=context.end
        ),
    )


def case_flow(context: Context) -> dict[int, list[cases.CaseFlow]]:
    return context.once(  # type: ignore[no-any-return]
        "case_flow",
        lambda: cases.case_flow(participant_ids=context.ids, start=context.start, end=context.end),
    )


def lead_times(context: Context) -> dict[int, list[cases.LeadTime]]:
    return cases.lead_times_of(case_flow(context))


def products_delivered(context: Context) -> dict[int, dict[str, int]]:
    return cases.products_of(case_flow(context))


def adopted_quantities(context: Context) -> dict[int, dict[str, tuple[str, Decimal]]]:
    return context.once(  # type: ignore[no-any-return]
        "adopted_quantities",
        lambda: programmes.adopted_quantities(participant_ids=context.ids, year=context.end.year),
    )


def realising_product_codes(context: Context) -> frozenset[str]:
    """Products whose delivery is counted: ordered per piece and realised by a case type (a
    product ordered in hours has no count to compare)."""

    def load() -> frozenset[str]:
        pieces = frameworks.piece_product_codes(year=context.end.year)
        return cases.realising_product_codes() & pieces

    return context.once("realising_codes", load)  # type: ignore[no-any-return]


# --- formulas -----------------------------------------------------------------------------------


def _decisions_within_term(context: Context) -> Figures:
    counts = cases.decisions_within_term(
        participant_ids=context.ids, start=context.start, end=context.end
    )
    return shares({pk: (c.within, c.total) for pk, c in counts.items()}, context.ids)


def _penalty_claims(context: Context) -> Figures:
    counts = cases.permit_penalty_claims(
        participant_ids=context.ids, start=context.start, end=context.end
    )
    return shares({pk: (c.with_claim, c.permit_decisions) for pk, c in counts.items()}, context.ids)


def _court(context: Context) -> Figures:
    counts = court(context)
    return shares({pk: (c.upheld, c.rulings) for pk, c in counts.items()}, context.ids)


def _first_compliance(context: Context) -> Figures:
    counts = compliance(context)
    return shares(
        {pk: (c.first_compliant, c.first_inspections) for pk, c in counts.items()}, context.ids
    )


def _repaired(context: Context) -> Figures:
    counts = compliance(context)
    return shares(
        {
            pk: (c.repaired_at_first_reinspection, c.reinspected_violations)
            for pk, c in counts.items()
        },
        context.ids,
    )


def _hours_realisation(context: Context) -> Figures:
    rows = realisations(context)
    figures = shares(
        {pk: (row.realised_hours, row.planned_hours) for pk, row in rows.items()}, context.ids
    )
    # The euros and the year-end forecast travel with the figure, for the board report.
    totals: dict[str, Decimal] = {}
    for pk, row in rows.items():
        details = {
            "planned_amount": row.planned_amount,
            "realised_amount": row.realised_amount,
            "plan_year_hours": row.plan_year_hours,
            "plan_year_amount": row.plan_year_amount,
            "forecast_hours": row.forecast.hours,
            "forecast_amount": row.forecast.amount,
            "forecast_warning": row.forecast.warning,
        }
        figures[pk] = Measurement(
            figures[pk].value, figures[pk].numerator, figures[pk].denominator, details
        )
        for key, value in details.items():
            if isinstance(value, Decimal):
                totals[key] = totals.get(key, Decimal(0)) + value
    region = figures[REGION]
    figures[REGION] = Measurement(region.value, region.numerator, region.denominator, totals)
    return figures


def _product_realisation(context: Context) -> Figures:
    """Products delivered against the quantity ordered, pro rata to the end of the period, over
    the products ordered per piece that cases realise."""
    counted = realising_product_codes(context)
    ordered = adopted_quantities(context)
    delivered = products_delivered(context)
    rows = realisations(context)
    counts: dict[int, tuple[Decimal, Decimal]] = {}
    details: dict[int, dict[str, Any]] = {}
    for pk in context.ids:
        share = rows[pk].share if pk in rows else Decimal(0)
        planned_total, delivered_total = Decimal(0), Decimal(0)
        lines = []
        for code, (name, quantity) in sorted(ordered.get(pk, {}).items()):
            if code not in counted:
                continue
            planned = (quantity * share).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
            done = Decimal(delivered.get(pk, {}).get(code, 0))
            planned_total += planned
            delivered_total += done
            lines.append(
                {"code": code, "name": name, "ordered": quantity, "due": planned, "delivered": done}
            )
        counts[pk] = (delivered_total, planned_total)
        details[pk] = {"products": lines}
    figures = shares(counts, context.ids)
    for pk in context.ids:
        m = figures[pk]
        figures[pk] = Measurement(m.value, m.numerator, m.denominator, details[pk])
    return figures


def _inspections_done(context: Context) -> Figures:
    summary = enforcement_summary(context)
    return shares(
        {pk: (row.performed_of_planned, row.planned) for pk, row in summary.items()}, context.ids
    )


def _declarable_share(context: Context) -> Figures:
    # Every entry is an employee's, so all of the service's hours are the month totals of all
    # targets; those of a target with a participant are declarable (finance.declarable_share).
    booked = hours_selectors.hours_by_month(start=context.start, end=context.end)
    with_participant = hours_selectors.targets_with_participant({pk for pk, _m in booked})
    total = sum(booked.values(), Decimal(0))
    declarable = sum(
        (value for (pk, _month), value in booked.items() if pk in with_participant), Decimal(0)
    )
    return {REGION: Measurement(percentage(declarable, total), declarable, total)}


def _related_share(context: Context) -> Figures:
    rows = realisations(context)
    return shares(
        {pk: (row.related_hours, row.realised_hours) for pk, row in rows.items()}, context.ids
    )


def _lead_time(context: Context) -> Figures:
    per_participant = lead_times(context)
    figures: Figures = {}
    region: dict[str, list[Any]] = {}
    for pk in context.ids:
        times = per_participant.get(pk, [])
        total_cases = sum(t.cases for t in times)
        total_days = sum(t.total_days for t in times)
        for t in times:
            slot = region.setdefault(t.case_type_code, [t.case_type_name, 0, 0])
            slot[1] += t.cases
            slot[2] += t.total_days
        figures[pk] = Measurement(
            _average(total_days, total_cases),
            Decimal(total_days),
            Decimal(total_cases),
            {
                "case_types": [
                    _lead_row(t.case_type_code, t.case_type_name, t.cases, t.total_days)
                    for t in times
                ]
            },
        )
    days = sum(slot[2] for slot in region.values())
    count = sum(slot[1] for slot in region.values())
    figures[REGION] = Measurement(
        _average(days, count),
        Decimal(days),
        Decimal(count),
        {"case_types": [_lead_row(code, *slot) for code, slot in sorted(region.items())]},
    )
    return figures


def _average(days: int, cases_: int) -> Decimal | None:
    if not cases_:
        return None
    return (Decimal(days) / cases_).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _lead_row(code: str, name: str, count: int, days: int) -> dict[str, Any]:
    return {"code": code, "name": name, "cases": count, "average_days": _average(days, count)}


def _complaints(context: Context) -> Figures:
    counts = cases.complaints_within_term(
        participant_ids=context.ids, start=context.start, end=context.end
    )
    return shares({pk: (c.within, c.total) for pk, c in counts.items()}, context.ids)


# --- the registry -------------------------------------------------------------------------------

_CASES = ("cases.Case", "cases.CaseType")
_PROGRAMME = (
    "programmes.Programme",
    "programmes.ProgrammeVersion",
    "programmes.ProgrammeLine",
    "programmes.RelatedWorkLine",
    "hours.BookingTarget",
    "hours.HourEntry",
    "hours.MonthTotal",
    "frameworks.Product",
    "frameworks.HourlyTariff",
)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        code="beslissingen-binnen-termijn",
        name=_("Besluiten binnen de wettelijke termijn"),
        definition=_(
            "Van de besluiten op zaken met een wettelijke beslistermijn die in de periode zijn "
            "genomen: het deel dat uiterlijk op de laatste dag van de termijn is genomen "
            "(opschorting en verlenging meegerekend)."
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        datasets=(*_CASES, "cases.Suspension", "cases.Extension"),
        formula=_decisions_within_term,
        target=Decimal("90"),
        comparison=Comparison.AT_LEAST,
        numerator_label=_("binnen termijn"),
        denominator_label=_("besluiten"),
    ),
    Indicator(
        code="dwangsom-niet-tijdig",
        name=_("Vergunningprocedures met een dwangsom wegens niet tijdig beslissen"),
        definition=_(
            "Van de aanvragen om een vergunning waarop in de periode is besloten: het deel "
            "waarvoor een dwangsom verschuldigd werd (Awb 4:17: ingebrekestelling na de "
            "termijn en geen besluit binnen twee weken daarna)."
        ),
        unit=Unit.PERCENT,
        direction=Direction.LOWER,
        datasets=(*_CASES, "cases.PenaltyScale"),
        formula=_penalty_claims,
        target=Decimal("1"),
        comparison=Comparison.LESS_THAN,
        numerator_label=_("met dwangsom"),
        denominator_label=_("vergunningbesluiten"),
    ),
    Indicator(
        code="handhaving-in-stand",
        name=_("Handhavingsbesluiten in stand bij de rechter"),
        definition=_(
            "Van de uitspraken van een rechter (beroep en hoger beroep) "
            "in de periode over handhavingsbesluiten: het deel waarin het besluit geheel in "
            "stand bleef."
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        datasets=("enforcement.Appeal", "enforcement.Measure"),
        formula=_court,
        target=Decimal("90"),
        comparison=Comparison.AT_LEAST,
        numerator_label=_("in stand"),
        denominator_label=_("uitspraken"),
    ),
    Indicator(
        code="naleving-eerste-controle",
        name=_("Naleving bij de eerste controle"),
        definition=_(
            "Van de controles in de periode die geen hercontrole waren: het deel zonder één "
            "bevinding 'niet akkoord'. De norm is laag met opzet: risicogericht toezicht zoekt "
            "de overtredingen op."
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        datasets=("enforcement.Inspection", "enforcement.Finding"),
        formula=_first_compliance,
        target=Decimal("60"),
        comparison=Comparison.AT_LEAST,
        numerator_label=_("zonder overtreding"),
        denominator_label=_("eerste controles"),
    ),
    Indicator(
        code="herstel-bij-hercontrole",
        name=_("Overtredingen hersteld bij de hercontrole"),
        definition=_(
            "Van de overtredingen die in de periode zijn vastgesteld en al opnieuw gecontroleerd "
            "zijn: het deel dat bij de eerste hercontrole hersteld was."
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        datasets=("enforcement.Violation", "enforcement.Inspection", "enforcement.Finding"),
        formula=_repaired,
        target=Decimal("55"),
        comparison=Comparison.MORE_THAN,
        numerator_label=_("hersteld"),
        denominator_label=_("hergecontroleerde overtredingen"),
    ),
    Indicator(
        code="realisatie-uren",
        name=_("Programmarealisatie in uren"),
        definition=_(
            "De geschreven uren op het programma van de deelnemer tegenover de uren die volgens "
            "het vastgestelde werkprogramma tot het einde van de periode gepland waren."
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        datasets=_PROGRAMME,
        formula=_hours_realisation,
        numerator_label=_("gerealiseerde uren"),
        denominator_label=_("geplande uren"),
    ),
    Indicator(
        code="realisatie-producten",
        name=_("Programmarealisatie in producten"),
        definition=_(
            "Het aantal afgeronde zaken per product tegenover het bestelde aantal naar rato van "
            "de periode, over de producten die per stuk worden besteld en met zaken worden "
            "geleverd."
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        datasets=(*_PROGRAMME, *_CASES),
        formula=_product_realisation,
        numerator_label=_("geleverd"),
        denominator_label=_("besteld naar rato"),
    ),
    Indicator(
        code="controles-uitgevoerd",
        name=_("Controles gepland en uitgevoerd"),
        definition=_(
            "Van de controles die in de periode gepland stonden: het deel dat uiterlijk aan het "
            "einde van de periode is uitgevoerd."
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        datasets=("enforcement.Inspection",),
        formula=_inspections_done,
        numerator_label=_("uitgevoerd"),
        denominator_label=_("gepland"),
    ),
    Indicator(
        code="declarabel-aandeel",
        name=_("Declarabel aandeel van de uren"),
        definition=_(
            "Van alle geschreven uren van de medewerkers van de omgevingsdienst: het deel dat "
            "op een deelnemer is geschreven (programma, zaak of project)."
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        datasets=("hours.HourEntry", "hours.MonthTotal", "hours.BookingTarget"),
        formula=_declarable_share,
        scope=Scope.ORGANISATION,
        numerator_label=_("declarabele uren"),
        denominator_label=_("geschreven uren"),
    ),
    Indicator(
        code="aandeel-gerelateerd-werk",
        name=_("Aandeel gerelateerde werkzaamheden"),
        definition=_(
            "Van de geschreven uren op het programma van de deelnemer: het deel voor "
            "gerelateerde werkzaamheden (planning, bestuurlijke informatie, afstemming, "
            "strategie, alternatieve instrumenten)."
        ),
        unit=Unit.PERCENT,
        direction=Direction.LOWER,
        datasets=_PROGRAMME,
        formula=_related_share,
        numerator_label=_("uren gerelateerd werk"),
        denominator_label=_("gerealiseerde uren"),
    ),
    Indicator(
        code="doorlooptijd",
        name=_("Gemiddelde doorlooptijd"),
        definition=_(
            "Het gemiddelde aantal kalenderdagen van ontvangst tot besluit (of tot afsluiten, "
            "voor een zaak zonder besluit) van de zaken die in de periode zijn afgerond; per "
            "zaaktype in de toelichting."
        ),
        unit=Unit.DAYS,
        direction=Direction.LOWER,
        datasets=_CASES,
        formula=_lead_time,
        comparison=Comparison.AT_MOST,
        numerator_label=_("dagen samen"),
        denominator_label=_("afgeronde zaken"),
    ),
    Indicator(
        code="klachten-binnen-termijn",
        name=_("Klachten afgehandeld binnen de afgesproken termijn"),
        definition=_(
            "Van de klachten en incidentmeldingen die in de periode zijn afgehandeld: het deel "
            "dat binnen de termijn is afgehandeld (Awb 9:11 voor klachten over een gedraging, "
            "de werkafspraak voor milieuklachten)."
        ),
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        datasets=_CASES,
        formula=_complaints,
        numerator_label=_("binnen termijn"),
        denominator_label=_("afgehandeld"),
    ),
)

BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in INDICATORS}


def get(code: str) -> Indicator:
    try:
        return BY_CODE[code]
    except KeyError:
        raise LookupError(f"Unknown indicator '{code}'.") from None


def measure_all(
    context: Context, indicators: Iterable[Indicator] = INDICATORS
) -> dict[str, Figures]:
    """Every indicator for the context's participants and the region."""
    return {indicator.code: indicator.measure(context) for indicator in indicators}
