"""Excel both ways: the template, the round trip, and an import that checks everything first."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from grip.core.errors import Conflict, NotAllowed
from grip.core.models import AuditRecord
from grip.programmes import excel, services
from grip.programmes.models import ProgrammeLine, RelatedWorkLine

pytestmark = pytest.mark.django_db


def _version(world):
    version = services.programme_create(
        actor=world.account_manager, participant=world.participant, year=world.year
    )
    for code, quantity in (("TH-01", 12), ("VV-01", 3), ("AD-01", "7.5")):
        services.line_set(
            actor=world.account_manager,
            version=version,
            product=world.products[code],
            quantity=quantity,
            note=f"regel {code}" if code == "TH-01" else None,
        )
    services.related_work_set(
        actor=world.account_manager,
        version=version,
        kind="planning",
        basis="percentage",
        percentage="7.5",
    )
    services.related_work_set(
        actor=world.account_manager,
        version=version,
        kind="instrumenten",
        basis="uren",
        planned_hours="40",
    )
    return version


def _content(version):
    return (
        sorted(version.lines.values_list("product__code", "quantity", "note", "hours", "amount")),
        sorted(
            version.related_work.values_list(
                "kind", "basis", "percentage", "planned_hours", "note", "hours", "amount"
            )
        ),
    )


def _workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def _save(workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def test_the_export_has_dutch_sheets_and_numbers_stored_as_numbers(world):
    version = _version(world)
    workbook = _workbook(excel.export_version(version))

    assert workbook.sheetnames == ["Samenvatting", "Regels", "Gerelateerd werk", "Toelichting"]
    lines = workbook["Regels"]
    assert [cell.value for cell in lines[1]][:5] == [
        "Productcode",
        "Product",
        "Taaksoort",
        "Eenheid",
        "Aantal",
    ]
    first = [cell.value for cell in lines[2]]
    assert first[0] == "AD-01"
    assert isinstance(first[4], float | int)
    assert first[6] == 7.5
    assert first[7] == pytest.approx(762.38)  # 7.5 h x EUR 101.65
    summary = {row[0].value: row[1].value for row in workbook["Samenvatting"].iter_rows(min_row=2)}
    assert summary["Deelnemer (CBS-code)"] == "GM0772"
    assert summary["Jaar"] == 2026
    # 7.5 + 12 x 6 + 3 x 40 = 199.5 direct hours, 7.5 % of them (14.96) and 40 fixed hours.
    assert summary["Totaal"] == pytest.approx(254.46)


def test_export_then_import_gives_an_identical_programme(world):
    version = _version(world)
    before = _content(version)
    data = excel.export_version(version)
    records = AuditRecord.objects.count()

    assert excel.import_version(actor=world.account_manager, version=version, data=data) is False
    assert _content(version) == before
    assert AuditRecord.objects.count() == records  # nothing written, not even an audit record


def test_an_edited_file_is_imported_and_a_second_import_changes_nothing(world):
    version = _version(world)
    workbook = _workbook(excel.export_version(version))
    lines = workbook["Regels"]
    lines["E2"] = 10  # AD-01: 7.5 -> 10 hours
    lines.delete_rows(3)  # drop TH-01
    lines.append(["HH-01", None, None, None, 2, None, None, None, "nieuw"])
    related = workbook["Gerelateerd werk"]
    related.append(["bestuursinformatie", None, "uren", None, 16])
    data = _save(workbook)

    assert excel.import_version(actor=world.account_manager, version=version, data=data) is True
    assert sorted(version.lines.values_list("product__code", "quantity", "note")) == [
        ("AD-01", Decimal("10.00"), ""),
        ("HH-01", Decimal("2.00"), "nieuw"),
        ("VV-01", Decimal("3.00"), ""),
    ]
    # Derived again from the catalogue: 10 + 32 + 120 direct hours; planning is 7.5 % of them.
    assert RelatedWorkLine.objects.get(version=version, kind="planning").hours == Decimal("12.15")
    after = _content(version)
    assert excel.import_version(actor=world.account_manager, version=version, data=data) is False
    assert _content(version) == after


def test_a_file_with_ten_errors_reports_all_ten_and_writes_nothing(world, asten):
    version = _version(world)
    before = _content(version)
    records = AuditRecord.objects.count()
    workbook = _workbook(excel.export_version(version))
    summary = workbook["Samenvatting"]
    summary["B2"] = asten.code  # 1 wrong participant
    summary["B4"] = 2025  # 2 wrong year
    lines = workbook["Regels"]
    lines.append(["XX-99", None, None, None, 1])  # 3 unknown product
    lines.append(["HH-01", None, None, None, -2])  # 4 negative quantity
    lines.append(["VV-04", None, None, None, "veel"])  # 5 not a number
    lines.append(["VV-01", None, None, None, 1])  # 6 duplicate of row 4
    lines.append(["TH-02", None, None, None, "2.5"])  # 7 not whole for a per-piece product
    lines.append([None, None, None, None, 4])  # 8 no product code
    related = workbook["Gerelateerd werk"]
    related.append(["koffie", None, "uren", None, 3])  # 9 unknown kind
    related.append(["afstemming", None, "percentage", 140, None])  # 10 percentage above 100
    data = _save(workbook)
    # 11: a product of another year's catalogue
    from grip.frameworks.models import Product

    Product.objects.filter(code="AD-01", year=2025).update(code="OUD-01")
    workbook = _workbook(data)
    workbook["Regels"].append(["OUD-01", None, None, None, 1])
    data = _save(workbook)

    with pytest.raises(excel.ImportRejected) as rejected:
        excel.import_version(actor=world.account_manager, version=version, data=data)

    locations = [problem.location for problem in rejected.value.problems]
    assert locations == [
        "Samenvatting!B2",
        "Samenvatting!B4",
        "Regels!A5",
        "Regels!E6",
        "Regels!E7",
        "Regels!A8",
        "Regels!E9",
        "Regels!A10",
        "Regels!A11",
        "Gerelateerd werk!A4",
        "Gerelateerd werk!D5",
    ]
    messages = " | ".join(str(problem) for problem in rejected.value.problems)
    assert "XX-99 bestaat niet" in messages
    assert "wel in 2025" in messages
    assert "staat al op regel 4" in messages
    assert "per stuk" in messages
    assert _content(version) == before
    assert AuditRecord.objects.count() == records


def test_missing_sheets_and_columns_are_named(world):
    version = _version(world)
    workbook = Workbook()
    workbook.active.title = "Regels"
    workbook["Regels"].append(["Productcode", "Aantallen"])
    with pytest.raises(excel.ImportRejected) as rejected:
        excel.import_version(actor=world.account_manager, version=version, data=_save(workbook))
    assert [str(problem) for problem in rejected.value.problems] == [
        "Samenvatting: Het blad 'Samenvatting' ontbreekt.",
        "Gerelateerd werk: Het blad 'Gerelateerd werk' ontbreekt.",
        "Regels!1: De kolom 'Aantal' ontbreekt.",
        "Regels!1: De kolom 'Toelichting' ontbreekt.",
    ]


def test_a_file_that_is_no_workbook_is_refused(world):
    version = _version(world)
    with pytest.raises(excel.ImportRejected, match="niet ingelezen"):
        excel.import_version(actor=world.account_manager, version=version, data=b"kolom;aantal\n")


def test_an_adopted_version_is_not_imported_into(world):
    version = _version(world)
    data = excel.export_version(version)
    services.version_submit(actor=world.account_manager, version=version)
    with pytest.raises(Conflict):
        excel.import_version(actor=world.account_manager, version=version, data=data)


def test_only_the_drafter_imports(world, make_user):
    version = _version(world)
    data = excel.export_version(version)
    with pytest.raises(NotAllowed):
        excel.import_version(actor=world.participant_user, version=version, data=data)
    assert ProgrammeLine.objects.filter(version=version).count() == 3


def test_the_file_name_says_whose_programme_it_is(world):
    version = _version(world)
    assert excel.filename_for(version) == "werkprogramma-2026-GM0772-eindhoven-v1.xlsx"


def test_a_related_work_product_on_the_lines_sheet_is_refused(world):
    version = _version(world)
    workbook = _workbook(excel.export_version(version))
    workbook["Regels"].append(["GW-01", None, None, None, 10])
    with pytest.raises(excel.ImportRejected) as rejected:
        excel.import_version(actor=world.account_manager, version=version, data=_save(workbook))
    [problem] = rejected.value.problems
    assert problem.location == "Regels!A5"
    assert "gerelateerde werkzaamheden" in problem.message
