"""Build a board report's content from a frozen snapshot.

Every figure comes from what was frozen: the indicator values of the snapshot (with the
baseline and the year's earlier quarters for the trend) and the report sections frozen with
it. Only the targets and the account manager's notable items are read at build time, and both
are stored with the published report.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from grip.kpis import registry
from grip.kpis import selectors as kpis
from grip.kpis.constants import Comparison, Scope, Unit
from grip.kpis.models import Snapshot, SnapshotValue
from grip.participants.models import Participant
from grip.reporting.constants import ReportKind
from grip.reporting.content import (
    IndicatorLine,
    KeyFigure,
    ParticipantLine,
    ReportContent,
    SectionData,
    TrendPoint,
    load,
)
from grip.reporting.models import FrozenSection

UNIT_LABELS = {Unit.PERCENT: "%", Unit.DAYS: "dagen", Unit.COUNT: "aantal", Unit.HOURS: "uren"}


def period_label(start: datetime.date, end: datetime.date) -> str:
    return _("%(start)s t/m %(end)s") % {
        "start": formats.date_format(start, "j F"),
        "end": formats.date_format(end, "j F Y"),
    }


def title_of(kind: str, snapshot: Snapshot, participant: Participant | None) -> str:
    who = participant.name if participant else _("Regio (alle deelnemers)")
    if kind == ReportKind.YEAR:
        what = _("Jaarrapportage %(year)s") % {"year": snapshot.year}
    elif kind == ReportKind.HALF_YEAR:
        what = _("Halfjaarrapportage %(year)s") % {"year": snapshot.year}
    else:
        what = _("Kwartaalrapportage Q%(quarter)s %(year)s") % {
            "quarter": snapshot.quarter,
            "year": snapshot.year,
        }
    return f"{what} — {who}"


def frozen_sections(
    snapshot: Snapshot, participant_ids: list[int | None]
) -> dict[int | None, SectionData]:
    where = Q(participant_id__in=[pk for pk in participant_ids if pk is not None])
    if None in participant_ids:
        where |= Q(participant__isnull=True)
    return {
        row.participant_id: load(SectionData, row.data)
        for row in FrozenSection.objects.filter(where, snapshot=snapshot)
    }


def _indicator_lines(
    snapshot: Snapshot,
    participant_id: int | None,
    values: dict[tuple[str, int | None], SnapshotValue],
    book: kpis.TargetBook,
    baselines: dict[tuple[str, int | None], SnapshotValue],
    quarters: dict[tuple[str, int | None], list[SnapshotValue]],
) -> list[IndicatorLine]:
    lines = []
    definitions = snapshot.definitions
    for indicator in registry.INDICATORS:
        frozen_definition = definitions.get(indicator.code)
        if frozen_definition is None:
            continue
        # An organisation-wide figure is shown as it is in every report (the service's own).
        key = None if indicator.scope == Scope.ORGANISATION else participant_id
        value = values.get((indicator.code, key))
        if value is None:
            continue
        norm = book.norm(indicator, key)
        baseline = baselines.get((indicator.code, key))
        trend = []
        if baseline is not None:
            trend.append(TrendPoint(_("Nulmeting"), baseline.value))
        for earlier in quarters.get((indicator.code, key), []):
            trend.append(TrendPoint(f"Q{earlier.snapshot.quarter}", earlier.value))
        lines.append(
            IndicatorLine(
                code=indicator.code,
                name=frozen_definition["name"],
                definition=frozen_definition["definition"],
                definition_version=value.definition_version,
                unit=frozen_definition["unit"],
                direction=frozen_definition["direction"],
                scope=frozen_definition.get("scope", Scope.PARTICIPANT),
                value=value.value,
                numerator=value.numerator,
                denominator=value.denominator,
                numerator_label=str(indicator.numerator_label),
                denominator_label=str(indicator.denominator_label),
                target=norm.value if norm else None,
                comparison=Comparison(norm.comparison).label if norm else "",
                target_source=norm.source if norm else "",
                met=norm.met_by(value.value) if norm else None,
                baseline=baseline.value if baseline else None,
                baseline_period=(
                    period_label(baseline.snapshot.start, baseline.snapshot.end) if baseline else ""
                ),
                trend=trend,
                snapshot_id=snapshot.pk,
                snapshot_label=snapshot.label,
            )
        )
    return lines


def _key_figures(lines: list[IndicatorLine], sections: SectionData) -> list[KeyFigure]:
    realisation = sections.realisation
    by_code = {line.code: line for line in lines}
    figures = [
        KeyFigure(_("Realisatie programma (uren)"), realisation.percent, "%"),
        KeyFigure(_("Gerealiseerde uren"), realisation.realised_hours, "uren"),
        KeyFigure(_("Gerealiseerd bedrag"), realisation.realised_amount, "€"),
        KeyFigure(_("Prognose einde jaar (uren)"), realisation.forecast_hours, "uren"),
    ]
    for code in ("beslissingen-binnen-termijn", "naleving-eerste-controle"):
        if code in by_code:
            figures.append(KeyFigure(by_code[code].name, by_code[code].value, "%"))
    return figures


def _whole(value: Decimal) -> str:
    """Hours in a sentence: rounded half up to whole hours (number_format cuts, not rounds)."""
    return formats.number_format(value.quantize(Decimal(1), rounding=ROUND_HALF_UP), 0, True, True)


def _number(value: Decimal | None, unit: str = "") -> str:
    if value is None:
        return _("geen waarde")
    text = formats.number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)
    return f"{text}{' %' if unit == '%' else ''}"


def _summary(lines: list[IndicatorLine], sections: SectionData) -> list[str]:
    realisation = sections.realisation
    sentences = []
    if realisation.has_programme:
        sentences.append(
            _(
                "Van de uren die tot het einde van de periode gepland waren, is %(percent)s "
                "gerealiseerd (%(realised)s van %(planned)s uur)."
            )
            % {
                "percent": _number(realisation.percent, "%"),
                "realised": _whole(realisation.realised_hours),
                "planned": _whole(realisation.planned_hours),
            }
        )
        if realisation.forecast_hours is not None:
            sentences.append(
                _(
                    "De prognose voor het hele jaar is %(forecast)s uur tegen %(plan)s "
                    "gepland%(warn)s."
                )
                % {
                    "forecast": _whole(realisation.forecast_hours),
                    "plan": _whole(realisation.plan_year_hours),
                    "warn": _(": een afwijking die aandacht vraagt")
                    if realisation.forecast_warning
                    else "",
                }
            )
    else:
        sentences.append(_("Er is voor dit jaar geen vastgesteld werkprogramma."))
    with_target = [line for line in lines if line.met is not None]
    met = [line for line in with_target if line.met]
    if with_target:
        sentences.append(
            _("%(met)s van de %(total)s indicatoren met een streefwaarde halen die.")
            % {"met": len(met), "total": len(with_target)}
        )
        missed = [line.name for line in with_target if not line.met]
        if missed:
            sentences.append(_("Niet gehaald: %(names)s.") % {"names": "; ".join(missed)})
    return sentences


def build(
    *,
    snapshot: Snapshot,
    kind: str,
    participant: Participant | None,
    notable_items: str = "",
) -> ReportContent:
    """The content of one report. The snapshot must be a frozen quarter with its sections."""
    book = kpis.TargetBook(snapshot.year)
    if participant is None:
        participants = list(Participant.objects.order_by("kind", "name"))
        ids: list[int | None] = [None, *(p.pk for p in participants)]
    else:
        participants = [participant]
        ids = [participant.pk, None]  # None for the organisation-wide indicators
    values = {
        (value.indicator_code, value.participant_id): value
        for value in SnapshotValue.objects.filter(snapshot=snapshot).filter(
            participant_id__in=[pk for pk in ids if pk is not None]
        )
        | SnapshotValue.objects.filter(snapshot=snapshot, participant__isnull=True)
    }
    baselines = kpis.baselines(participant_ids=ids)
    quarters = kpis.quarter_values(
        participant_ids=ids, year=snapshot.year, up_to_quarter=snapshot.quarter or 4
    )
    sections = frozen_sections(snapshot, [participant.pk if participant else None])
    key = participant.pk if participant else None
    if key not in sections:
        raise LookupError(f"Snapshot {snapshot.pk} has no frozen report figures for {key}.")
    lines = _indicator_lines(snapshot, key, values, book, baselines, quarters)
    participant_lines = []
    if participant is None:
        for other in participants:
            own = _indicator_lines(snapshot, other.pk, values, book, {}, {})
            realisation = values.get(("realisatie-uren", other.pk))
            details = realisation.details if realisation else {}
            participant_lines.append(
                ParticipantLine(
                    participant_id=other.pk,
                    name=other.name,
                    realisation_percent=realisation.value if realisation else None,
                    forecast_warning=bool(details.get("forecast_warning")),
                    indicators_met=sum(1 for line in own if line.met),
                    indicators_with_target=sum(1 for line in own if line.met is not None),
                )
            )
    return ReportContent(
        title=title_of(kind, snapshot, participant),
        participant_id=key,
        participant_name=participant.name if participant else _("Regio"),
        kind=kind,
        kind_label=str(ReportKind(kind).label),
        year=snapshot.year,
        quarter=snapshot.quarter or 4,
        period_label=period_label(snapshot.start, snapshot.end),
        start=snapshot.start,
        end=snapshot.end,
        snapshot_id=snapshot.pk,
        snapshot_label=snapshot.label,
        frozen_at=formats.date_format(snapshot.frozen_at, "j F Y"),
        key_figures=_key_figures(lines, sections[key]),
        summary=_summary(lines, sections[key]),
        indicators=lines,
        sections=sections[key],
        participants=participant_lines,
        notable_items=notable_items,
    )
