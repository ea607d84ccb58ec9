"""A board report as a workbook: one sheet per section, numbers as numbers, units in the headers.

The workbook is rendered from the same content as the page and the PDF. Each sheet starts with
the report's title and snapshot; each table has a bold title row above a bold header row, and
the first table's header stays frozen. Exact values go into the cells (a Decimal as a float, a
count as an int); the number formats only decide how Excel shows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from grip.reporting.annotations import INDICATOR_KEY_PREFIX
from grip.reporting.content import ReportContent
from grip.reporting.rendering import case_total, enforcement_rows, related_total
from grip.reporting.sections import SECTION_DATASETS

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HOURS = "#,##0.00"
EUROS = '"€" #,##0.00'
PERCENT = "0.0"  # a percentage as a number (89.0), the "%" is in the header
DECIMAL = "#,##0.0"
COUNT = "#,##0"
TEXT = "@"

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
WRAP = Alignment(wrap_text=True, vertical="top")

# A column: (header, number format or TEXT, width).
Column = tuple[str, str, int]


def filename_for(content: ReportContent) -> str:
    who = "regio" if content.is_regional else f"deelnemer-{content.participant_id}"
    return f"bestuursrapportage-{content.year}-q{content.quarter}-{content.kind}-{who}.xlsx"


def _cell(value: Any) -> Any:
    """A content value as a cell value: Decimals as floats (numbers, not text)."""
    if isinstance(value, Decimal):
        return float(value)
    return value


class _Sheet:
    """Writes the title rows and tables of one sheet."""

    def __init__(self, workbook: Workbook, title: str, content: ReportContent) -> None:
        self.sheet: Worksheet = workbook.create_sheet(title=title[:31])
        self.widths: dict[int, int] = {}
        self.frozen = False
        self.sheet.append([content.title])
        self.sheet["A1"].font = TITLE
        self.sheet.append(
            [
                _("Meting %(snapshot)s, bevroren op %(frozen)s; periode %(period)s")
                % {
                    "snapshot": content.snapshot_label,
                    "frozen": content.frozen_at,
                    "period": content.period_label,
                }
            ]
        )

    def table(self, title: str, columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> None:
        sheet = self.sheet
        sheet.append([])
        sheet.append([title])
        sheet.cell(row=sheet.max_row, column=1).font = BOLD
        sheet.append([header for header, _format, _width in columns])
        header_row = sheet.max_row
        for index, (_header, _format, width) in enumerate(columns, start=1):
            cell = sheet.cell(row=header_row, column=index)
            cell.font = BOLD
            cell.fill = HEADER_FILL
            cell.alignment = WRAP
            self.widths[index] = max(self.widths.get(index, 0), width)
        if not self.frozen:
            sheet.freeze_panes = f"A{header_row + 1}"  # a coordinate: creates no cell
            self.frozen = True
        for values in rows:
            sheet.append([_cell(value) for value in values])
            row = sheet.max_row
            for index, (_header, number_format, _width) in enumerate(columns, start=1):
                cell = sheet.cell(row=row, column=index)
                if number_format == TEXT:
                    cell.alignment = WRAP
                elif isinstance(cell.value, int | float):
                    cell.number_format = number_format

    def paragraphs(self, title: str, texts: Sequence[str], width: int = 100) -> None:
        sheet = self.sheet
        sheet.append([])
        sheet.append([title])
        sheet.cell(row=sheet.max_row, column=1).font = BOLD
        for text in texts:
            sheet.append([text])
            sheet.cell(row=sheet.max_row, column=1).alignment = WRAP
        self.widths[1] = max(self.widths.get(1, 0), width)

    def finish(self) -> None:
        for index, width in self.widths.items():
            self.sheet.column_dimensions[get_column_letter(index)].width = width


def _summary(workbook: Workbook, content: ReportContent) -> None:
    sheet = _Sheet(workbook, _("Samenvatting"), content)
    sheet.table(
        _("Kerncijfers"),
        [(_("Kerncijfer"), TEXT, 44), (_("Waarde"), DECIMAL, 16), (_("Eenheid"), TEXT, 10)],
        [(figure.label, figure.value, figure.unit) for figure in content.key_figures],
    )
    sheet.paragraphs(_("Samenvatting"), content.summary)
    sheet.finish()


def _realisation(workbook: Workbook, content: ReportContent) -> None:
    r = content.sections.realisation
    sheet = _Sheet(workbook, _("Realisatie"), content)
    sheet.table(
        _("Uren en bedragen"),
        [(_("Onderdeel"), TEXT, 44), (_("Uren"), HOURS, 14), (_("Bedrag (€)"), EUROS, 16)],
        [
            (
                _("Plan heel %(year)s") % {"year": content.year},
                r.plan_year_hours,
                r.plan_year_amount,
            ),
            (_("Plan tot en met de periode"), r.planned_hours, r.planned_amount),
            (_("Gerealiseerd"), r.realised_hours, r.realised_amount),
            (_("Prognose einde jaar"), r.forecast_hours, r.forecast_amount),
            (_("Uurtarief"), None, r.tariff),
        ],
    )
    sheet.table(
        _("Realisatie en prognose"),
        [(_("Onderdeel"), TEXT, 44), (_("Waarde (%)"), PERCENT, 14), (_("Toelichting"), TEXT, 16)],
        [
            (_("Realisatie tot en met de periode"), r.percent, ""),
            (
                _("Afwijking prognose van het jaarplan"),
                r.forecast_deviation_percent,
                _("vraagt aandacht") if r.forecast_warning else "",
            ),
        ],
    )
    sheet.table(
        _("Cumulatieve uren per maand"),
        [
            (_("Maand"), TEXT, 44),
            (_("Plan cumulatief (uren)"), HOURS, 14),
            (_("Gerealiseerd cumulatief (uren)"), HOURS, 16),
        ],
        [(m.label, m.planned_cumulative, m.realised_cumulative) for m in r.months],
    )
    sheet.table(
        _("Producten"),
        [
            (_("Code"), TEXT, 12),
            (_("Product"), TEXT, 48),
            (_("Gepland (uren)"), HOURS, 16),
            (_("Gerealiseerd (uren)"), HOURS, 14),
            (_("Besteld (aantal)"), DECIMAL, 14),
            (_("Naar rato (aantal)"), DECIMAL, 14),
            (_("Geleverd (aantal)"), COUNT, 14),
        ],
        [
            (p.code, p.name, p.planned_hours, p.realised_hours, p.ordered, p.due, p.delivered)
            for p in r.products
        ],
    )
    sheet.finish()


def _indicators(workbook: Workbook, content: ReportContent) -> None:
    sheet = _Sheet(workbook, _("Indicatoren"), content)

    def met(value: bool | None) -> str:
        return {True: _("ja"), False: _("nee")}.get(value, "") if value is not None else ""

    sheet.table(
        _("Indicatoren tegenover hun norm"),
        [
            (_("Code"), TEXT, 28),
            (_("Indicator"), TEXT, 40),
            (_("Eenheid"), TEXT, 10),
            (_("Waarde"), DECIMAL, 10),
            (_("Vergelijking"), TEXT, 12),
            (_("Norm"), DECIMAL, 10),
            (_("Bron norm"), TEXT, 14),
            (_("Gehaald"), TEXT, 10),
            (_("Nulmeting"), DECIMAL, 10),
            (_("Periode nulmeting"), TEXT, 24),
            (_("Teller"), DECIMAL, 10),
            (_("Noemer"), DECIMAL, 10),
            (_("Definitieversie"), COUNT, 10),
            (_("Meting"), TEXT, 12),
        ],
        [
            (
                line.code,
                line.name,
                line.unit,
                line.value,
                line.comparison,
                line.target,
                line.target_source,
                met(line.met),
                line.baseline,
                line.baseline_period,
                line.numerator,
                line.denominator,
                line.definition_version,
                line.snapshot_label,
            )
            for line in content.indicators
        ],
    )
    points: list[str] = []
    for line in content.indicators:
        for point in line.trend:
            if point.label not in points:
                points.append(point.label)
    sheet.table(
        _("Verloop sinds de nulmeting"),
        [(_("Code"), TEXT, 28), *[(label, DECIMAL, 10) for label in points]],
        [
            (line.code, *[{p.label: p.value for p in line.trend}.get(label) for label in points])
            for line in content.indicators
        ],
    )
    sheet.table(
        _("Definities"),
        [
            (_("Code"), TEXT, 28),
            (_("Indicator"), TEXT, 40),
            (_("Definitie"), TEXT, 80),
            (_("Teller"), TEXT, 24),
            (_("Noemer"), TEXT, 24),
        ],
        [
            (line.code, line.name, line.definition, line.numerator_label, line.denominator_label)
            for line in content.indicators
        ],
    )
    sheet.finish()


def _cases(workbook: Workbook, content: ReportContent) -> None:
    sheet = _Sheet(workbook, _("Zaken"), content)
    lines = [*content.sections.cases, case_total(content)] if content.sections.cases else []
    sheet.table(
        _("Zaken per zaaktype"),
        [
            (_("Zaaktype"), TEXT, 48),
            (_("Ontvangen"), COUNT, 11),
            (_("Afgerond"), COUNT, 11),
            (_("Besloten"), COUNT, 11),
            (_("Binnen termijn"), COUNT, 11),
            (_("Binnen termijn (%)"), PERCENT, 11),
            (_("Open aan het eind"), COUNT, 11),
            (_("Daarvan over termijn"), COUNT, 11),
            (_("Doorlooptijd (dagen)"), DECIMAL, 11),
        ],
        [
            (
                line.case_type,
                line.received,
                line.ended,
                line.decided,
                line.decided_within_term,
                line.within_percent,
                line.open_at_end,
                line.overdue_at_end,
                line.average_days,
            )
            for line in lines
        ],
    )
    if lines:
        sheet.sheet.cell(row=sheet.sheet.max_row, column=1).font = BOLD
    sheet.finish()


def _enforcement(workbook: Workbook, content: ReportContent) -> None:
    e = content.sections.enforcement
    sheet = _Sheet(workbook, _("Handhaving"), content)
    columns: list[Column] = [(_("Onderdeel"), TEXT, 44), (_("Aantal"), COUNT, 12)]
    sheet.table(
        _("Toezicht en handhaving"),
        columns,
        [(label, value) for _key, label, value in enforcement_rows(content)],
    )
    sheet.table(
        _("Uitgevoerde controles per soort"),
        [(_("Soort controle"), TEXT, 44), (_("Aantal"), COUNT, 12)],
        [(line.label, line.count) for line in e.by_type],
    )
    sheet.table(
        _("Opgelegde maatregelen per instrument"),
        [(_("Maatregel"), TEXT, 44), (_("Aantal"), COUNT, 12)],
        [(line.label, line.count) for line in e.measures],
    )
    sheet.finish()


def _related(workbook: Workbook, content: ReportContent) -> None:
    sheet = _Sheet(workbook, _("Gerelateerd werk"), content)
    lines = content.sections.related_work
    rows = [*lines, related_total(content)] if lines else []
    sheet.table(
        _("Gerelateerde werkzaamheden"),
        [
            (_("Soort"), TEXT, 24),
            (_("Werkzaamheid"), TEXT, 56),
            (_("Gepland (uren)"), HOURS, 14),
            (_("Gerealiseerd (uren)"), HOURS, 14),
            (_("Realisatie (%)"), PERCENT, 12),
        ],
        [
            (line.kind, line.label, line.planned_hours, line.realised_hours, line.percent)
            for line in rows
        ],
    )
    sheet.finish()


def _participants(workbook: Workbook, content: ReportContent) -> None:
    sheet = _Sheet(workbook, _("Deelnemers"), content)
    sheet.table(
        _("Deelnemers"),
        [
            (_("Deelnemer"), TEXT, 36),
            (_("Realisatie uren (%)"), PERCENT, 14),
            (_("Prognose wijkt af"), TEXT, 14),
            (_("Normen gehaald"), COUNT, 12),
            (_("Indicatoren met norm"), COUNT, 12),
        ],
        [
            (
                line.name,
                line.realisation_percent,
                _("ja") if line.forecast_warning else _("nee"),
                line.indicators_met,
                line.indicators_with_target,
            )
            for line in content.participants
        ],
    )
    sheet.finish()


def _notable(workbook: Workbook, content: ReportContent) -> None:
    sheet = _Sheet(workbook, _("Opvallende zaken"), content)
    paragraphs = [part.strip() for part in content.notable_items.split("\n\n") if part.strip()]
    sheet.paragraphs(
        _("Opvallende zaken"),
        paragraphs or [_("De accountmanager heeft geen opvallende zaken vermeld.")],
    )
    sheet.finish()


def _provenance(workbook: Workbook, content: ReportContent) -> None:
    """What the page shows beside each figure group and the PDF prints below it."""
    # The page puts each annotation under its heading; the sheet names the figures instead.
    titles = {key: str(source.title) for key, source in SECTION_DATASETS.items()}
    titles.update((f"{INDICATOR_KEY_PREFIX}{line.code}", line.name) for line in content.indicators)
    sheet = _Sheet(workbook, _("Herkomst en kwaliteit"), content)
    sheet.table(
        _("Definitie, herkomst en datakwaliteit (gemeten op %(date)s)")
        % {"date": content.annotated_at},
        [
            (_("Cijfers"), TEXT, 30),
            (_("Definitie"), TEXT, 60),
            (_("Herkomst (datasets)"), TEXT, 50),
            (_("Datakwaliteit (%)"), COUNT, 14),
            (_("Zwakste dataset"), TEXT, 30),
        ],
        [
            (
                titles.get(key, key),
                note.definition,
                ", ".join(f"{d.title} ({d.identifier})" for d in note.datasets)
                or _("niet vastgelegd"),
                note.score.percent if note.score else None,
                note.score.weakest_title if note.score else _("nog geen controles"),
            )
            for key, note in content.annotations.items()
        ],
    )
    sheet.finish()


def render_xlsx(content: ReportContent) -> bytes:
    """The report as an xlsx workbook with one sheet per section."""
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    _summary(workbook, content)
    _realisation(workbook, content)
    _indicators(workbook, content)
    _cases(workbook, content)
    _enforcement(workbook, content)
    _related(workbook, content)
    if content.is_regional:
        _participants(workbook, content)
    _notable(workbook, content)
    if content.annotations:
        _provenance(workbook, content)
    workbook.properties.title = content.title
    workbook.properties.creator = "Grip"
    workbook.properties.language = "nl-NL"
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
