"""A work-programme version as an Excel workbook, both ways.

The template (docs/werkprogramma-excel.md) has four sheets with Dutch headers:

- ``Samenvatting``: participant, year, version, tariff and the totals (for reading; on import
  only the CBS code and the year are checked against the version imported into);
- ``Regels``: one row per product; the import reads *Productcode*, *Aantal* and *Toelichting*;
- ``Gerelateerd werk``: one row per kind; the import reads *Soort*, *Grondslag*, *Percentage*,
  *Vaste uren* and *Toelichting*;
- ``Toelichting``: what each column means and which ones the import reads.

Hours and euros in the file are derived figures: the import ignores them and recalculates from
the catalogue and tariff, as everywhere else. Columns are found by their header, so their order
may change. The import checks the whole file first, reports every problem with its sheet, row,
column and reason, and writes nothing when there is any; it then makes the version hold exactly
what the file holds, which is why importing the same file twice changes nothing.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from grip.core.audit import Actor
from grip.core.errors import ImportRejected
from grip.frameworks.constants import TaskKind, Unit
from grip.frameworks.models import Product
from grip.programmes import selectors, services
from grip.programmes.constants import RelatedWorkBasis, RelatedWorkKind
from grip.programmes.models import ProgrammeVersion

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 5 * 1024 * 1024  # a programme is a few hundred rows; anything larger is not one
MAX_ROWS = 2000

SUMMARY = "Samenvatting"
LINES = "Regels"
RELATED = "Gerelateerd werk"
GUIDE = "Toelichting"

COLLECTIVE_CODE = "COLLECTIEF"  # stands for the participant of the collective programme

# Header, what it holds, whether the import reads it.
LINE_COLUMNS = (
    ("Productcode", "Code uit de productencatalogus van het jaar.", True),
    ("Product", "Naam van het product (ter informatie).", False),
    ("Taaksoort", "Taaksoort van het product (ter informatie).", False),
    ("Eenheid", "per stuk, per uur of lumpsum (ter informatie).", False),
    ("Aantal", "Het bestelde aantal: niet negatief; een geheel getal bij 'per stuk'.", True),
    ("Kental", "Normuren per eenheid uit de catalogus (berekend).", False),
    ("Uren", "Aantal × kental (berekend).", False),
    ("Bedrag", "Uren × uurtarief van het jaar, in euro (berekend).", False),
    ("Toelichting", "Vrije tekst bij de regel.", True),
)
RELATED_COLUMNS = (
    ("Soort", "Code van de soort: " + ", ".join(RelatedWorkKind.values) + ".", True),
    ("Omschrijving", "Naam van de soort (ter informatie).", False),
    ("Grondslag", "'percentage' (van de directe uren) of 'uren' (vast aantal).", True),
    ("Percentage", "Bij grondslag percentage: 0 tot en met 100.", True),
    ("Vaste uren", "Bij grondslag uren: het aantal uren, niet negatief.", True),
    ("Uren", "De uren die daaruit volgen (berekend).", False),
    ("Bedrag", "Uren × uurtarief van het jaar, in euro (berekend).", False),
    ("Toelichting", "Vrije tekst bij de regel.", True),
)
HOURS_FORMAT = "#,##0.00"
MONEY_FORMAT = '"€" #,##0.00'


def filename_for(version: ProgrammeVersion) -> str:
    programme = version.programme
    who = programme.participant.code if programme.participant else "collectief"
    name = slugify(str(programme.participant or "collectief"))
    return f"werkprogramma-{programme.year}-{who}-{name}-v{version.number}.xlsx"


# --- export ----------------------------------------------------------------------------------


def _header(sheet: Worksheet, columns: tuple[tuple[str, str, bool], ...]) -> None:
    sheet.append([title for title, _help, _read in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, (title, _help, _read) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(title) + 4)


def _format(sheet: Worksheet, column: int, number_format: str) -> None:
    for row in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
        for cell in row:
            cell.number_format = number_format


def export_version(version: ProgrammeVersion) -> bytes:
    """The version as an xlsx workbook; numbers are stored as numbers, not as text."""
    programme = version.programme
    totals = selectors.version_totals(version)
    workbook = Workbook()
    summary = workbook.create_sheet(SUMMARY, 0)
    workbook.remove(workbook.worksheets[1])  # the empty sheet every new workbook starts with
    summary.append(["Werkprogramma"])
    summary["A1"].font = Font(bold=True, size=14)
    rows: list[tuple[str, Any]] = [
        (
            "Deelnemer (CBS-code)",
            programme.participant.code if programme.participant else COLLECTIVE_CODE,
        ),
        ("Deelnemer", str(programme.participant or _("Collectief programma"))),
        ("Jaar", programme.year),
        ("Versie", version.number),
        ("Status", version.get_status_display()),
        ("Uurtarief", version.tariff),
    ]
    for label, value in rows:
        summary.append([label, value])
    summary["B7"].number_format = MONEY_FORMAT
    summary.append([])
    summary.append(["Taaksoort", "Uren", "Bedrag"])
    for cell in summary[summary.max_row]:
        cell.font = Font(bold=True)
    for kind, kind_label in TaskKind.choices:
        figures = totals.by_task_kind.get(kind)
        if figures is not None:
            summary.append([str(kind_label), figures.hours, figures.amount])
    summary.append(["Directe uren", totals.direct.hours, totals.direct.amount])
    summary.append(["Gerelateerd werk", totals.related.hours, totals.related.amount])
    summary.append(["Totaal", totals.total_hours, totals.total_amount])
    summary.append(["Aandeel gerelateerd werk (%)", totals.related_share])
    for row in summary.iter_rows(min_row=10, min_col=2, max_col=3):
        row[0].number_format = HOURS_FORMAT
        row[1].number_format = MONEY_FORMAT
    summary.column_dimensions["A"].width = 32
    summary.column_dimensions["B"].width = 28
    summary.column_dimensions["C"].width = 16

    lines = workbook.create_sheet(LINES)
    _header(lines, LINE_COLUMNS)
    for line in selectors.lines_of(version):
        product = line.product
        lines.append(
            [
                product.code,
                product.name,
                product.get_task_kind_display(),
                product.get_unit_display(),
                line.quantity,
                line.norm_hours,
                line.hours,
                line.amount,
                line.note,
            ]
        )
    lines.column_dimensions["B"].width = 50
    for column in (5, 6, 7):
        _format(lines, column, HOURS_FORMAT)
    _format(lines, 8, MONEY_FORMAT)

    related = workbook.create_sheet(RELATED)
    _header(related, RELATED_COLUMNS)
    for item in selectors.related_work_of(version):
        related.append(
            [
                item.kind,
                item.get_kind_display(),
                item.basis,
                item.percentage,
                item.planned_hours,
                item.hours,
                item.amount,
                item.note,
            ]
        )
    related.column_dimensions["B"].width = 50
    for column in (4, 5, 6):
        _format(related, column, HOURS_FORMAT)
    _format(related, 7, MONEY_FORMAT)

    guide = workbook.create_sheet(GUIDE)
    guide.append(["Blad", "Kolom", "Betekenis", "Gelezen bij inlezen"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for sheet_name, columns in ((LINES, LINE_COLUMNS), (RELATED, RELATED_COLUMNS)):
        for title, help_text, read in columns:
            guide.append([sheet_name, title, help_text, "ja" if read else "nee"])
    guide.append([SUMMARY, "Deelnemer (CBS-code), Jaar", "Moeten passen bij de versie.", "ja"])
    guide.column_dimensions["B"].width = 26
    guide.column_dimensions["C"].width = 80

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# --- import ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong in the file, where a person can find it."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    @property
    def location(self) -> str:
        """Like Excel writes it: ``Regels!E7``; just the sheet when there is no cell."""
        if self.row is None:
            return self.sheet
        return f"{self.sheet}!{self.column or ''}{self.row}"

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass
class _Parsed:
    lines: dict[Product, tuple[Decimal, str]]
    related: dict[str, tuple[str, Decimal | None, Decimal | None, str]]


class _Reader:
    """Collects problems while reading cells, so that one pass reports them all."""

    def __init__(self) -> None:
        self.problems: list[ImportProblem] = []

    def problem(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(ImportProblem(sheet, row, column, message))

    def columns(
        self, sheet: Worksheet, expected: tuple[tuple[str, str, bool], ...]
    ) -> dict[str, int] | None:
        """Map each header the import reads to its column index; report the missing ones."""
        header = [str(cell.value).strip() if cell.value is not None else "" for cell in sheet[1]]
        found: dict[str, int] = {}
        for title, _help, read in expected:
            if not read:
                continue
            if title in header:
                found[title] = header.index(title)
            else:
                self.problem(
                    sheet.title, 1, None, _("De kolom '%(title)s' ontbreekt.") % {"title": title}
                )
        return found if len(found) == sum(1 for *_rest, read in expected if read) else None

    def number(
        self, value: Any, *, sheet: str, row: int, column: str, required: bool
    ) -> Decimal | None:
        """A cell's number as an exact Decimal with at most two decimals, or None + a problem."""
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(sheet, row, column, _("Vul een getal in."))
            return None
        if isinstance(value, bool):
            self.problem(sheet, row, column, _("'%(value)s' is geen getal.") % {"value": value})
            return None
        try:
            # A float cell is read through its shortest text, so 12.5 stays exactly 12.5.
            number = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
        except InvalidOperation:
            self.problem(sheet, row, column, _("'%(value)s' is geen getal.") % {"value": value})
            return None
        if not number.is_finite():
            self.problem(sheet, row, column, _("'%(value)s' is geen getal.") % {"value": value})
            return None
        if number < 0:
            self.problem(sheet, row, column, _("Een getal is hier nooit negatief."))
            return None
        if number != number.quantize(Decimal("0.01")):
            self.problem(sheet, row, column, _("Hoogstens twee decimalen."))
            return None
        return number.quantize(Decimal("0.01"))


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _rows(sheet: Worksheet, reader: _Reader) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The data rows with their Excel row number, skipping rows that are entirely empty."""
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if number > MAX_ROWS + 1:
            reader.problem(
                sheet.title,
                number,
                None,
                _("Meer dan %(max)s regels; dit is geen werkprogramma.") % {"max": MAX_ROWS},
            )
            return
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
            continue
        yield number, values


def _cell(values: tuple[Any, ...], index: int) -> Any:
    return values[index] if index < len(values) else None


def _letter(index: int) -> str:
    return get_column_letter(index + 1)


def _check_summary(sheet: Worksheet, version: ProgrammeVersion, reader: _Reader) -> None:
    programme = version.programme
    wanted = {
        "Deelnemer (CBS-code)": (
            programme.participant.code if programme.participant else COLLECTIVE_CODE
        ),
        "Jaar": programme.year,
    }
    seen: set[str] = set()
    for number, values in enumerate(sheet.iter_rows(max_row=40, values_only=True), start=1):
        label = _text(_cell(values, 0))
        if label not in wanted:
            continue
        seen.add(label)
        value = _cell(values, 1)
        expected = wanted[label]
        if label == "Jaar":
            matches = _text(value).removesuffix(".0") == str(expected)
        else:
            matches = _text(value).upper() == expected
        if not matches:
            reader.problem(
                SUMMARY,
                number,
                "B",
                _("Het bestand is van %(what)s %(value)s; deze versie is van %(expected)s.")
                % {
                    "what": _("jaar") if label == "Jaar" else _("deelnemer"),
                    "value": _text(value) or "-",
                    "expected": expected,
                },
            )
    for label in wanted.keys() - seen:
        reader.problem(SUMMARY, None, None, _("De regel '%(label)s' ontbreekt.") % {"label": label})


def _parse_lines(sheet: Worksheet, version: ProgrammeVersion, reader: _Reader) -> _Parsed:
    parsed = _Parsed(lines={}, related={})
    columns = reader.columns(sheet, LINE_COLUMNS)
    if columns is None:
        return parsed
    year = version.programme.year
    products = {product.code.upper(): product for product in Product.objects.filter(year=year)}
    other_years: dict[str, list[int]] = {}
    for code, other_year in (
        Product.objects.exclude(year=year).values_list("code", "year").order_by("year")
    ):
        other_years.setdefault(code.upper(), []).append(other_year)
    first_row: dict[str, int] = {}
    code_at, quantity_at, note_at = (
        columns["Productcode"],
        columns["Aantal"],
        columns["Toelichting"],
    )
    for number, values in _rows(sheet, reader):
        code = _text(_cell(values, code_at)).upper()
        quantity = reader.number(
            _cell(values, quantity_at),
            sheet=LINES,
            row=number,
            column=_letter(quantity_at),
            required=True,
        )
        if not code:
            reader.problem(LINES, number, _letter(code_at), _("De productcode ontbreekt."))
            continue
        product = products.get(code)
        if product is None:
            years = other_years.get(code)
            reader.problem(
                LINES,
                number,
                _letter(code_at),
                (
                    _("Product %(code)s staat niet in de catalogus van %(year)s, wel in %(other)s.")
                    % {"code": code, "year": year, "other": ", ".join(map(str, years))}
                )
                if years
                else _("Product %(code)s bestaat niet.") % {"code": code},
            )
            continue
        if code in first_row:
            reader.problem(
                LINES,
                number,
                _letter(code_at),
                _("Product %(code)s staat al op regel %(row)s.")
                % {"code": code, "row": first_row[code]},
            )
            continue
        first_row[code] = number
        problem = services.product_problem(version.programme, product)
        if problem is not None:
            reader.problem(LINES, number, _letter(code_at), problem)
            continue
        if quantity is None:
            continue
        if product.unit == Unit.PIECE and quantity != quantity.to_integral_value():
            reader.problem(
                LINES,
                number,
                _letter(quantity_at),
                _("%(code)s wordt per stuk geteld; geef een geheel getal.") % {"code": code},
            )
            continue
        parsed.lines[product] = (quantity, _text(_cell(values, note_at)))
    return parsed


def _parse_related(sheet: Worksheet, reader: _Reader, parsed: _Parsed) -> None:
    columns = reader.columns(sheet, RELATED_COLUMNS)
    if columns is None:
        return
    kind_at, basis_at = columns["Soort"], columns["Grondslag"]
    percentage_at, hours_at, note_at = (
        columns["Percentage"],
        columns["Vaste uren"],
        columns["Toelichting"],
    )
    first_row: dict[str, int] = {}
    for number, values in _rows(sheet, reader):
        kind = _text(_cell(values, kind_at)).lower()
        basis = _text(_cell(values, basis_at)).lower()
        problems_before = len(reader.problems)
        if kind not in RelatedWorkKind.values:
            reader.problem(
                RELATED,
                number,
                _letter(kind_at),
                _("'%(kind)s' is geen soort gerelateerd werk; kies uit %(kinds)s.")
                % {"kind": kind or "-", "kinds": ", ".join(RelatedWorkKind.values)},
            )
        elif kind in first_row:
            reader.problem(
                RELATED,
                number,
                _letter(kind_at),
                _("De soort %(kind)s staat al op regel %(row)s.")
                % {"kind": kind, "row": first_row[kind]},
            )
        else:
            first_row[kind] = number
        percentage = reader.number(
            _cell(values, percentage_at),
            sheet=RELATED,
            row=number,
            column=_letter(percentage_at),
            required=False,
        )
        planned = reader.number(
            _cell(values, hours_at),
            sheet=RELATED,
            row=number,
            column=_letter(hours_at),
            required=False,
        )
        if basis == RelatedWorkBasis.PERCENTAGE:
            if percentage is None or planned is not None:
                reader.problem(
                    RELATED,
                    number,
                    _letter(percentage_at),
                    _("Bij grondslag percentage: vul het percentage in en laat de uren leeg."),
                )
            elif percentage > 100:
                reader.problem(
                    RELATED,
                    number,
                    _letter(percentage_at),
                    _("Een percentage ligt tussen 0 en 100."),
                )
        elif basis == RelatedWorkBasis.HOURS:
            if planned is None or percentage is not None:
                reader.problem(
                    RELATED,
                    number,
                    _letter(hours_at),
                    _("Bij grondslag uren: vul de vaste uren in en laat het percentage leeg."),
                )
        else:
            reader.problem(
                RELATED,
                number,
                _letter(basis_at),
                _("'%(basis)s' is geen grondslag; kies percentage of uren.")
                % {"basis": basis or "-"},
            )
        if len(reader.problems) == problems_before:
            parsed.related[kind] = (basis, percentage, planned, _text(_cell(values, note_at)))


def parse(version: ProgrammeVersion, data: bytes) -> _Parsed:
    """Read and check the whole file against ``version``; ImportRejected lists every problem."""
    reader = _Reader()
    if len(data) > MAX_BYTES:
        raise ImportRejected(
            [ImportProblem(_("bestand"), None, None, _("Het bestand is groter dan 5 MB."))]
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportRejected(
            [
                ImportProblem(
                    _("bestand"),
                    None,
                    None,
                    _("Dit is geen Excel-werkmap (.xlsx) die te lezen is."),
                )
            ]
        ) from None
    try:
        missing = [name for name in (SUMMARY, LINES, RELATED) if name not in workbook.sheetnames]
        for name in missing:
            reader.problem(name, None, None, _("Het blad '%(name)s' ontbreekt.") % {"name": name})
        if SUMMARY not in missing:
            _check_summary(workbook[SUMMARY], version, reader)
        parsed = (
            _parse_lines(workbook[LINES], version, reader)
            if LINES not in missing
            else _Parsed(lines={}, related={})
        )
        if RELATED not in missing:
            _parse_related(workbook[RELATED], reader, parsed)
    finally:
        workbook.close()
    if reader.problems:
        raise ImportRejected(reader.problems)
    return parsed


def import_version(*, actor: Actor, version: ProgrammeVersion, data: bytes) -> bool:
    """Make a concept version hold what the file holds; True when anything changed.

    Who may and whether the version may still change are checked before the file is read, so
    that a refusal says the real reason rather than listing problems in a file that could never
    be imported anyway.
    """
    services.require_drafter(actor, version.programme)
    services.require_editable(version)
    parsed = parse(version, data)
    return services.version_replace_content(
        actor=actor, version=version, lines=parsed.lines, related_work=parsed.related
    )
