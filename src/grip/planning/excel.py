"""An inspection programme (or scenario) as a workbook: the programme, every site with why it
is in or out, the totals per participant, the inspectors' loads and the solver's answer.

Numbers go into the cells as numbers (hours and risks as floats, counts as ints); units are in
the headers, the number formats only decide how Excel shows them. Every sheet's first row is
its header, frozen; the two sheets of sites have a filter on it. The items come through
:func:`selectors.item_list_for`, so a user sees only the sites they may see.

A regional programme has some 35,000 sites, some 700,000 cells. openpyxl (even write-only,
without lxml) writes those in about 20 seconds, so the workbook is written here directly as
SpreadsheetML: a handful of XML parts in a zip, shared strings, a fixed style sheet. That takes
a second or two; the tests read the result back with openpyxl.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from grip.core.models import User
from grip.enforcement.constants import InspectionType
from grip.planning import selectors
from grip.planning.constants import ItemKind, PlanStatus, Reason, RuleKind
from grip.planning.models import Expertise, InspectionPlan
from grip.sites.validation import format_postcode

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HOURS = "#,##0.00"
RISK = "#,##0.000"
PRICE = "0.0000"
PERCENT = "0.00"
COUNT = "#,##0"
SECONDS = "0.000"
YEAR = "0"

# A column: (header, number format or None for text and general numbers, width).
Column = tuple[str, str | None, int]


def filename_for(plan: InspectionPlan) -> str:
    kind = "scenario" if plan.is_scenario else "toezichtprogramma"
    return f"{kind}-{plan.year}-{plan.pk}.xlsx"


def _yes_no(value: bool) -> str:
    return _("ja") if value else _("nee")


# --- a small streaming SpreadsheetML writer ----------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Built-in number formats keep their ids; the others are numbered from 164 (ECMA-376 18.8.30).
FORMAT_IDS = {YEAR: 1, PERCENT: 2, COUNT: 3, HOURS: 4, RISK: 164, PRICE: 165, SECONDS: 166}
FORMATS = list(FORMAT_IDS)
# Cell styles: 0 plain, 1 header (bold, filled, wrapped), 2 bold; then per number format
# a plain and a bold one.
HEADER_STYLE, BOLD_STYLE = 1, 2
BOLD_ATTRIBUTE = ' applyFont="1"'
SELECTED = ' tabSelected="1"'
CHUNK = 2000  # rows or strings per write into the zip
# Characters a worksheet cannot hold.
ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")


def _number_style(number_format: str, *, bold: bool) -> int:
    return 3 + 2 * FORMATS.index(number_format) + int(bold)


def _style(index: int) -> str:
    return f' s="{index}"' if index else ""


def _styles() -> str:
    custom = "".join(
        f'<numFmt numFmtId="{number}" formatCode={quoteattr(code)}/>'
        for code, number in FORMAT_IDS.items()
        if number >= 164
    )
    count = sum(number >= 164 for number in FORMAT_IDS.values())
    plain = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    xfs = [
        plain,
        '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" '
        'applyFill="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>',
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
    ]
    for code in FORMATS:
        for font in (0, 1):
            xfs.append(
                f'<xf numFmtId="{FORMAT_IDS[code]}" fontId="{font}" fillId="0" borderId="0" '
                f'xfId="0" applyNumberFormat="1"{BOLD_ATTRIBUTE if font else ""}/>'
            )
    return (
        f'{DECLARATION}<styleSheet xmlns="{MAIN}">'
        f'<numFmts count="{count}">{custom}</numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
        '<fills count="3"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill>'
        '<fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F0"/>'
        '<bgColor indexed="64"/></patternFill></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        f'<cellStyleXfs count="1">{plain}</cellStyleXfs>'
        f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


class _Book:
    """Sheets of rows, strings shared between them; ``save`` zips the parts."""

    def __init__(self) -> None:
        self.sheets: list[_Sheet] = []
        self.strings: dict[str, int] = {}
        self.texts: list[str] = []  # escaped, in the order of their index

    def sheet(self, title: str, columns: Sequence[Column], *, filtered: bool = False) -> _Sheet:
        sheet = _Sheet(self, title, columns, filtered=filtered)
        self.sheets.append(sheet)
        return sheet

    def string(self, text: str) -> int:
        """The index of ``text`` in the shared strings (added when new, without the
        characters a sheet cannot hold)."""
        index = self.strings.get(text)
        if index is None:
            index = self.strings[text] = len(self.strings)
            self.texts.append(escape(ILLEGAL.sub("", text)))
        return index

    def save(self) -> bytes:
        count = len(self.sheets)
        output = BytesIO()
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=5) as archive:
            sheet_types = "".join(
                f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for n in range(1, count + 1)
            )
            archive.writestr(
                "[Content_Types].xml",
                f'{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                'content-types"><Default Extension="rels" ContentType="application/'
                'vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                f"{sheet_types}"
                '<Override PartName="/xl/styles.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                "</Types>",
            )
            archive.writestr(
                "_rels/.rels",
                f'{DECLARATION}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
                f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" '
                'Target="xl/workbook.xml"/></Relationships>',
            )
            sheets = "".join(
                f'<sheet name={quoteattr(sheet.title)} sheetId="{n}" r:id="rId{n}"/>'
                for n, sheet in enumerate(self.sheets, start=1)
            )
            filters = "".join(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
                f"{escape(sheet.quoted_title)}!{sheet.filter_range(absolute=True)}</definedName>"
                for n, sheet in enumerate(self.sheets)
                if sheet.filtered
            )
            archive.writestr(
                "xl/workbook.xml",
                f'{DECLARATION}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
                f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{sheets}</sheets>'
                f"{f'<definedNames>{filters}</definedNames>' if filters else ''}</workbook>",
            )
            relations = "".join(
                f'<Relationship Id="rId{n}" Type="{RELATIONSHIPS}/worksheet" '
                f'Target="worksheets/sheet{n}.xml"/>'
                for n in range(1, count + 1)
            )
            archive.writestr(
                "xl/_rels/workbook.xml.rels",
                f'{DECLARATION}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{relations}'
                f'<Relationship Id="rId{count + 1}" Type="{RELATIONSHIPS}/styles" '
                'Target="styles.xml"/>'
                f'<Relationship Id="rId{count + 2}" Type="{RELATIONSHIPS}/sharedStrings" '
                'Target="sharedStrings.xml"/></Relationships>',
            )
            archive.writestr("xl/styles.xml", _styles())
            for n, sheet in enumerate(self.sheets, start=1):
                with archive.open(f"xl/worksheets/sheet{n}.xml", "w") as stream:
                    for part in sheet.xml(selected=n == 1):
                        stream.write(part.encode())
            with archive.open("xl/sharedStrings.xml", "w") as stream:
                stream.write(
                    f'{DECLARATION}<sst xmlns="{MAIN}" uniqueCount="{len(self.strings)}">'.encode()
                )
                for start in range(0, len(self.texts), CHUNK):
                    stream.write(
                        "".join(
                            f'<si><t xml:space="preserve">{text}</t></si>'
                            for text in self.texts[start : start + CHUNK]
                        ).encode()
                    )
                stream.write(b"</sst>")
        return output.getvalue()


class _Sheet:
    """A header row (bold, filled, frozen), then rows; a number gets its column's format."""

    def __init__(
        self, book: _Book, title: str, columns: Sequence[Column], *, filtered: bool
    ) -> None:
        self.book = book
        self.title = re.sub(r"[\[\]:*?/\\]", "", title)[:31]
        self.columns = columns
        self.letters = [get_column_letter(n) for n in range(1, len(columns) + 1)]
        # The style attribute of a number in each column, plain and bold, and of text.
        self.number_attributes = [
            (_style(_number_style(f, bold=False)), _style(_number_style(f, bold=True)))
            if f
            else ("", _style(BOLD_STYLE))
            for _header, f, _width in columns
        ]
        self.text_attributes = ("", _style(BOLD_STYLE), _style(HEADER_STYLE))
        self.filtered = filtered
        self.rows: list[str] = []
        self._row([header for header, _format, _width in columns], header=True)

    @property
    def quoted_title(self) -> str:
        return "'" + self.title.replace("'", "''") + "'"

    def filter_range(self, *, absolute: bool = False) -> str:
        last = self.letters[-1]
        if absolute:
            return f"$A$1:${last}${len(self.rows)}"
        return f"A1:{last}{len(self.rows)}"

    def append(self, values: Iterable[Any]) -> None:
        self._row(values)

    def bold(self, values: Iterable[Any]) -> None:
        """A row in bold: a section's title or a total."""
        self._row(values, bold=True)

    def _row(self, values: Iterable[Any], *, bold: bool = False, header: bool = False) -> None:
        number = len(self.rows) + 1
        cells: list[str] = []
        add = cells.append
        known, string = self.book.strings, self.book.string
        text = self.text_attributes[2 if header else int(bold)]
        for value, letter, numbers in zip(
            values, self.letters, self.number_attributes, strict=False
        ):
            kind = type(value)
            if kind is str:
                if value:
                    index = known.get(value)
                    if index is None:
                        index = string(value)
                    add(f'<c r="{letter}{number}"{text} t="s"><v>{index}</v></c>')
                continue
            if value is None:
                continue
            if kind is Decimal:
                value = float(value)
            elif kind is not int and kind is not float:
                raise TypeError(f"A cell holds text or a number, not {value!r}.")
            if kind is float and not math.isfinite(value):
                continue
            add(f'<c r="{letter}{number}"{numbers[bold]}><v>{value!r}</v></c>')
        self.rows.append(f'<row r="{number}">{"".join(cells)}</row>')

    def xml(self, *, selected: bool) -> Iterable[str]:
        widths = "".join(
            f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
            for n, (_header, _format, width) in enumerate(self.columns, start=1)
        )
        yield (
            f'{DECLARATION}<worksheet xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
            f'<dimension ref="{self.filter_range()}"/>'
            f'<sheetViews><sheetView workbookViewId="0"{SELECTED if selected else ""}>'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{widths}</cols><sheetData>'
        )
        for start in range(0, len(self.rows), CHUNK):
            yield "".join(self.rows[start : start + CHUNK])
        yield "</sheetData>"
        if self.filtered:
            yield f'<autoFilter ref="{self.filter_range()}"/>'
        yield (
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            'footer="0.3"/></worksheet>'
        )


# --- the items ---------------------------------------------------------------------------------

ITEM_FIELDS = (
    "participant__name",
    "site__identification",
    "site__name",
    "site__street",
    "site__house_number",
    "site__house_letter",
    "site__house_number_addition",
    "site__postcode",
    "site__city",
    "risk_class",
    "risk",
    "kind",
    "method",
    "inspection_type",
    "product_code",
    "expertise",
    "hours",
    "covered",
    "selected",
    "greedy_selected",
    "reason",
    "explanation",
    "inspector__first_name",
    "inspector__last_name",
)


def _address(
    street: str, number: int | None, letter: str, addition: str, postcode: str, city: str
) -> str:
    """As ``Site.address``: 'Kerkstraat 12a-2, 5611 AB Eindhoven', or what there is of it."""
    house = ""
    if number is not None:
        house = f"{number}{letter.lower()}"
        if addition:
            house = f"{house}-{addition}"
    first = " ".join(part for part in (street, house) if part)
    place = " ".join(part for part in (format_postcode(postcode), city) if part)
    return ", ".join(part for part in (first, place) if part)


def _item_columns(*, all_sites: bool) -> list[Column]:
    columns: list[Column] = [
        (_("Deelnemer"), None, 22),
        (_("Identificatie"), None, 18),
        (_("Naam"), None, 34),
        (_("Adres"), None, 36),
        (_("Risicoklasse"), None, 8),
        (_("Risico"), RISK, 10),
    ]
    if all_sites:
        columns += [(_("In het programma"), None, 10), (_("Gretig gekozen"), None, 10)]
    columns += [
        (_("Soort"), None, 12),
        (_("Methode"), None, 26),
        (_("Controletype"), None, 14),
        (_("Product"), None, 9),
        (_("Deskundigheid"), None, 18),
        (_("Uren (u)"), HOURS, 9),
        (_("Afgedekt risico"), RISK, 10),
        (_("Reden"), None, 34),
        (_("Uitleg"), None, 90),
        (_("Toezichthouder"), None, 22),
    ]
    return columns


def _items(book: _Book, plan: InspectionPlan, user: User) -> None:
    """The sheets "Programma" (the selected items) and "Alle locaties" (every item)."""
    model = plan.assessment.model
    methods = {m.code: m.name for m in selectors.methods_of(model)}
    methods["hercontrole"] = str(ItemKind.REINSPECTION.label)
    expertises = dict(Expertise.objects.values_list("code", "name"))
    reasons = {value: str(label) for value, label in Reason.choices}
    kinds = {value: str(label) for value, label in ItemKind.choices}
    types = {value: str(label) for value, label in InspectionType.choices}
    rows = (
        selectors.item_list_for(user=user, plan=plan)
        .order_by("participant__name", "-selected", "-risk", "site__identification", "pk")
        .values_list(*ITEM_FIELDS)
    )
    programme = book.sheet(_("Programma"), _item_columns(all_sites=False), filtered=True)
    everything = book.sheet(_("Alle locaties"), _item_columns(all_sites=True), filtered=True)
    yes, no = _yes_no(True), _yes_no(False)
    written = 0
    for (
        participant,
        identification,
        name,
        street,
        number,
        letter,
        addition,
        postcode,
        city,
        risk_class,
        risk,
        kind,
        method,
        inspection_type,
        product,
        expertise,
        hours,
        covered,
        selected,
        greedy_selected,
        reason,
        explanation,
        first_name,
        last_name,
    ) in rows.iterator(chunk_size=5000):
        site = [
            participant,
            identification,
            name,
            _address(street, number, letter, addition, postcode, city),
            risk_class,
            risk,
        ]
        work = [
            kinds.get(kind, kind),
            methods.get(method, method),
            types.get(inspection_type, inspection_type),
            product,
            expertises.get(expertise, expertise),
            float(hours),
            round(covered, 4),
            reasons.get(reason, reason),
            explanation,
            f"{first_name} {last_name}" if first_name is not None else "",
        ]
        if selected:
            programme.append(site + work)
        everything.append([*site, yes if selected else no, yes if greedy_selected else no, *work])
        written += 1
    if not written:
        why = (
            _("Geen programma: het past niet; zie het blad Oplossing.")
            if plan.status == PlanStatus.INFEASIBLE
            else _("Geen programma: %(status)s.") % {"status": plan.get_status_display()}
        )
        programme.append([why])
        everything.append([why])


# --- totals, inspectors, scenario --------------------------------------------------------------


def _participants(book: _Book, plan: InspectionPlan, user: User) -> None:
    table = book.sheet(
        _("Per deelnemer"),
        [
            (_("Deelnemer"), None, 28),
            (_("Uren in het programma (u)"), HOURS, 12),
            (_("Programma van (jaar)"), YEAR, 10),
            (_("Verplichte uren (u)"), HOURS, 12),
            (_("Geplande uren (u)"), HOURS, 12),
            (_("Verplichte controles"), COUNT, 11),
            (_("Geplande controles"), COUNT, 11),
            (_("Locaties aan de beurt"), COUNT, 11),
            (_("Afgedekt risico"), RISK, 12),
            (_("Risico van de locaties aan de beurt"), RISK, 14),
            (_("Geplande uren gretig (u)"), HOURS, 12),
            (_("Afgedekt risico gretig"), RISK, 12),
            (_("Winst ten opzichte van gretig (risico)"), RISK, 14),
            (_("Prijs van een uur (risico per uur)"), PRICE, 14),
        ],
    )
    totals = list(selectors.totals_for(user=user, plan=plan))
    for total in totals:
        table.append(
            [
                total.participant.name,
                total.capacity_hours,
                total.capacity_year,
                total.mandatory_hours,
                total.selected_hours,
                total.mandatory_count,
                total.selected_count,
                total.candidate_count,
                round(total.risk_covered, 4),
                round(total.risk_due, 4),
                total.greedy_hours,
                round(total.greedy_risk, 4),
                round(total.risk_covered - total.greedy_risk, 4),
                round(total.hour_price, 4) if total.hour_price is not None else None,
            ]
        )
    if totals:

        def hours(name: str) -> Decimal:
            return sum((getattr(total, name) for total in totals), Decimal("0"))

        def count(name: str) -> int:
            return sum(getattr(total, name) for total in totals)

        def risk(name: str) -> float:
            return round(float(sum(getattr(total, name) for total in totals)), 4)

        table.bold(
            [
                _("Totaal"),
                hours("capacity_hours"),
                None,
                hours("mandatory_hours"),
                hours("selected_hours"),
                count("mandatory_count"),
                count("selected_count"),
                count("candidate_count"),
                risk("risk_covered"),
                risk("risk_due"),
                hours("greedy_hours"),
                risk("greedy_risk"),
                round(risk("risk_covered") - risk("greedy_risk"), 4),
                None,
            ]
        )


def _inspectors(book: _Book, plan: InspectionPlan) -> None:
    table = book.sheet(
        _("Toezichthouders"),
        [
            (_("Toezichthouder"), None, 26),
            (_("Deskundigheden"), None, 36),
            (_("Uren beschikbaar (u)"), HOURS, 12),
            (_("Uren toegewezen (u)"), HOURS, 12),
            (_("Controles"), COUNT, 10),
            (_("Benutting (%)"), PERCENT, 10),
        ],
    )
    loads = sorted(selectors.inspector_loads(plan=plan), key=lambda load: load.name)
    for load in loads:
        table.append(
            [
                load.name,
                load.expertises,
                load.capacity,
                load.assigned,
                load.inspections,
                round(float(load.assigned / load.capacity * 100), 2) if load.capacity else None,
            ]
        )
    if loads:
        capacity = sum((load.capacity for load in loads), Decimal("0"))
        assigned = sum((load.assigned for load in loads), Decimal("0"))
        table.bold(
            [
                _("Totaal"),
                "",
                capacity,
                assigned,
                sum(load.inspections for load in loads),
                round(float(assigned / capacity * 100), 2) if capacity else None,
            ]
        )


def _scenario(book: _Book, plan: InspectionPlan, user: User) -> None:
    table = book.sheet(
        _("Scenario"),
        [
            (_("Deelnemer"), None, 28),
            (_("Geplande uren basis (u)"), HOURS, 12),
            (_("Geplande uren scenario (u)"), HOURS, 12),
            (_("Verschil uren (u)"), HOURS, 12),
            (_("Afgedekt risico basis"), RISK, 12),
            (_("Afgedekt risico scenario"), RISK, 12),
            (_("Verschil afgedekt risico"), RISK, 12),
            (_("Extra risico per uur (risico per uur)"), PRICE, 14),
        ],
    )
    for row in selectors.scenario_rows(user=user, scenario=plan):
        per_hour = row.risk_per_hour
        table.append(
            [
                row.name,
                row.base_hours,
                row.hours,
                row.extra_hours,
                round(row.base_risk, 4),
                round(row.risk, 4),
                round(row.extra_risk, 4),
                round(per_hour, 4) if per_hour is not None else None,
            ]
        )


# --- the solver's answer -----------------------------------------------------------------------


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 6)


def _rounded(value: Any, digits: int = 4) -> Any:
    return round(value, digits) if isinstance(value, int | float) else value


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M") if moment else ""


def solution_rows(plan: InspectionPlan) -> list[tuple[str, Any, str]]:
    """The figures of the sheet "Oplossing": (what, value, unit)."""
    statistics: dict[str, Any] = plan.statistics or {}
    risk, seconds, hours = _("risico"), _("s"), _("u")
    rows: list[tuple[str, Any, str]] = [
        (_("Titel"), plan.title, ""),
        (_("Jaar"), plan.year, ""),
    ]
    if plan.is_scenario:
        base = plan.based_on
        rows += [
            (_("Scenario op"), base.title if base else "", ""),
            (
                _("Deelnemer van het scenario"),
                plan.scenario_participant.name if plan.scenario_participant else "",
                "",
            ),
            (_("Uren erbij of eraf"), plan.scenario_hours, hours),
        ]
    mandatory = statistics.get("mandatory_value")
    guided = statistics.get("lp_guided_objective")
    gain = gain_percent = None
    if plan.objective is not None and plan.greedy_objective is not None:
        gain = plan.objective - plan.greedy_objective
        if plan.greedy_objective > 0:
            gain_percent = gain / plan.greedy_objective * 100
    rows += [
        (_("Risicobeoordeling"), str(plan.assessment), ""),
        (_("Status"), plan.get_status_display(), ""),
        (_("Tijdslimiet"), plan.time_limit, seconds),
        (_("Gevraagde marge"), _percent(plan.gap_target), "%"),
        (_("Afgedekt risico"), _rounded(plan.objective), risk),
        (_("Bovengrens"), _rounded(plan.bound), risk),
        (_("Optimaliteitsmarge"), _percent(plan.gap), "%"),
        (_("Afgedekt risico gretig"), _rounded(plan.greedy_objective), risk),
        (_("Winst ten opzichte van gretig"), _rounded(gain), risk),
        (_("Winst ten opzichte van gretig"), _rounded(gain_percent), "%"),
        (_("Bovengrens van de LP-relaxatie"), statistics.get("lp_bound"), risk),
        (_("Afgedekt risico van de verplichte controles"), mandatory, risk),
        (
            _("Afgedekt risico gretig langs de LP-oplossing"),
            _rounded(guided + mandatory) if guided is not None and mandatory is not None else None,
            risk,
        ),
        (_("Risico van alle locaties"), _rounded(plan.total_risk), risk),
        (_("Rekentijd oplossen"), plan.solve_seconds, seconds),
        (_("Locaties"), statistics.get("sites"), _("aantal")),
        (_("Keuzemogelijkheden (opties)"), statistics.get("options"), _("aantal")),
        (_("Vastgezet door de LP-grens"), statistics.get("fixed"), _("aantal")),
        (_("Vrij voor de MIP"), statistics.get("free"), _("aantal")),
        (_("Tijd opbouwen uit de database"), statistics.get("build_seconds"), seconds),
        (_("Tijd gretige heuristiek"), statistics.get("greedy_seconds"), seconds),
        (_("Tijd LP-relaxatie"), statistics.get("lp_seconds"), seconds),
        (_("Tijd MIP"), statistics.get("mip_seconds"), seconds),
        (_("Tijd wegschrijven"), statistics.get("write_seconds"), seconds),
    ]
    if "themes_met_by_greedy" in statistics:
        rows.append(
            (
                _("Gretig haalt de themaminima"),
                _yes_no(bool(statistics["themes_met_by_greedy"])),
                "",
            )
        )
    names = dict(Expertise.objects.values_list("code", "name"))
    for code, price in sorted((statistics.get("expertise_prices") or {}).items()):
        rows.append(
            (
                _("Prijs van een uur toezichthouders %(expertise)s")
                % {"expertise": names.get(code, code)},
                price,
                _("risico per uur"),
            )
        )
    rows += [
        (_("Gemaakt door"), str(plan.created_by) if plan.created_by else "", ""),
        (_("Gemaakt op"), _when(plan.created_at), ""),
        (_("Klaar op"), _when(plan.finished_at), ""),
    ]
    return rows


def _solution(book: _Book, plan: InspectionPlan) -> None:
    table = book.sheet(
        _("Oplossing"),
        [(_("Gegeven"), None, 48), (_("Waarde"), None, 24), (_("Eenheid"), None, 16)],
    )
    for row in solution_rows(plan):
        table.append(row)
    kinds = {value: str(label) for value, label in RuleKind.choices}
    themes = list(plan.themes.all())
    if themes:
        table.append([])
        table.bold([_("Thema's"), _("Minimaal"), ""])
        for theme in themes:
            table.append([f"{kinds.get(theme.kind, theme.kind)} {theme.key}", theme.minimum, ""])
    statistics: dict[str, Any] = plan.statistics or {}
    for title, texts in (
        (_("Wat niet past"), list(plan.problems or [])),
        (_("Opmerkingen"), list(statistics.get("notes") or [])),
        (_("Fout"), [plan.error] if plan.error else []),
    ):
        if texts:
            table.append([])
            table.bold([title])
            for text in texts:
                table.append([text])


def plan_workbook(*, plan: InspectionPlan, user: User) -> bytes:
    """The workbook of ``plan`` as ``user`` may see it. The inspectors' sheet needs the
    permission to view their capacity."""
    book = _Book()
    _items(book, plan, user)
    _participants(book, plan, user)
    if user.has_perm("planning.view_inspectorcapacity"):
        _inspectors(book, plan)
    _solution(book, plan)
    if plan.is_scenario:
        _scenario(book, plan, user)
    return book.save()
