"""The settlement of a participant's year as an xlsx file: Dutch headers, numbers as numbers."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from grip.finance.selectors import SettlementLine, SettlementStatement

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EUROS = '"€" #,##0.00'
HOURS = "#,##0.00"


def filename_for(statement: SettlementStatement) -> str:
    return f"afrekening-{statement.participant.code}-{statement.year}.xlsx"


def _headers() -> list[str]:
    return [
        _("Code"),
        _("Omschrijving"),
        _("Financiering"),
        _("Geplande hoeveelheid"),
        _("Gepland bedrag"),
        _("Gerealiseerde uren"),
        _("Gerealiseerde hoeveelheid"),
        _("Prijs per eenheid"),
        _("Af te rekenen bedrag"),
        _("Verschil met plan"),
    ]


def _row(line: SettlementLine) -> list[object]:
    return [
        line.key,
        line.label,
        line.method_label,
        line.planned_quantity,
        line.planned_amount,
        line.realised_hours,
        line.realised_quantity,
        line.price,
        line.amount,
        line.difference,
    ]


def export_settlement(statement: SettlementStatement) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if sheet is None:  # a new workbook always has one sheet
        sheet = workbook.create_sheet()
    sheet.title = _("Afrekening")
    sheet.append([_("Afrekening %(year)s") % {"year": statement.year}, statement.participant.name])
    sheet.append([_("Uurtarief"), statement.tariff])
    sheet.append([])
    sheet.append(_headers())
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    sheet["A1"].font = Font(bold=True)
    sheet["B2"].number_format = EUROS
    for line in statement.all_lines:
        sheet.append(_row(line))
        row = sheet.max_row
        for column in "EHIJ":
            sheet[f"{column}{row}"].number_format = EUROS
        for column in "DFG":
            sheet[f"{column}{row}"].number_format = HOURS
    sheet.append(
        [
            _("Totaal"),
            "",
            "",
            None,
            statement.planned_amount,
            None,
            None,
            None,
            statement.amount,
            statement.amount - statement.planned_amount,
        ]
    )
    total_row = sheet.max_row
    for column in "EIJ":
        sheet[f"{column}{total_row}"].number_format = EUROS
    for cell in sheet[total_row]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGHIJ", (14, 48, 28, 12, 14, 12, 12, 12, 16, 14), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = sheet[f"A{header_row + 1}"]
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
