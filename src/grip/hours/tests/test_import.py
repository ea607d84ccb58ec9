"""Reading hours from a time system: whole-file validation, re-import, mappings, the command."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from grip.core.audit import history_of
from grip.core.errors import NotAllowed
from grip.hours import services
from grip.hours.constants import EntrySource, WeekStatus
from grip.hours.imports import ImportRejected, import_hours_file, read_mapping
from grip.hours.models import HourEntry, HourImport, MonthClosing, WeekSheet

pytestmark = pytest.mark.django_db

HEADER = "bronsleutel;personeelsnummer;datum;uren;boekingscode;toelichting"


def number(user):
    return user.employee.employee_number


def csv_bytes(*lines, header=HEADER):
    return ("\n".join([header, *lines]) + "\n").encode()


def clean_file(hours):
    employee, colleague = number(hours.employee), number(hours.colleague)
    return csv_bytes(
        f"A-1;{employee};2026-03-02;7,5;{hours.inspection.code};controle",
        f"A-2;{employee};03-03-2026;0.25;{hours.related.code};",
        f"A-3;{colleague};2026-03-02;8;{hours.leave.code};",
    )


def run(data, **kwargs):
    kwargs.setdefault("actor", None)
    kwargs.setdefault("file_name", "uren.csv")
    return import_hours_file(path_or_bytes=data, **kwargs)


def problems_of(data, **kwargs):
    with pytest.raises(ImportRejected) as rejected:
        run(data, **kwargs)
    return [(problem.row, problem.column) for problem in rejected.value.problems]


def test_a_clean_csv_is_read_into_approved_weeks(hours, make_user):
    beheerder = make_user("beheerder")
    batch = run(clean_file(hours), actor=beheerder)
    assert (batch.rows, batch.created, batch.unchanged) == (3, 3, 0)
    assert batch.imported_by == beheerder
    assert len(batch.sha256) == 64
    entries = list(HourEntry.objects.order_by("source_key"))
    assert [(e.source_key, e.date, e.hours, e.target) for e in entries] == [
        ("A-1", datetime.date(2026, 3, 2), Decimal("7.50"), hours.inspection),
        ("A-2", datetime.date(2026, 3, 3), Decimal("0.25"), hours.related),
        ("A-3", datetime.date(2026, 3, 2), Decimal("8.00"), hours.leave),
    ]
    assert {e.source for e in entries} == {EntrySource.IMPORT}
    assert {e.import_batch_id for e in entries} == {batch.pk}
    assert entries[0].note == "controle"
    sheets = WeekSheet.objects.all()
    assert sheets.count() == 2
    assert all(s.status == WeekStatus.APPROVED and s.decided_at for s in sheets)
    assert [record.action for record in history_of(batch)] == ["create"]


def test_an_existing_week_keeps_its_status(hours):
    services.entry_create(
        actor=hours.employee, day=datetime.date(2026, 3, 4), hours="2", target=hours.inspection
    )
    run(clean_file(hours))
    sheet = WeekSheet.objects.get(employee__user=hours.employee)
    assert sheet.status == WeekStatus.OPEN
    assert sheet.entries.count() == 3


def test_an_xlsx_with_date_and_number_cells_is_read(hours):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Bronsleutel", "Personeelsnummer", "Datum", "Uren", "Boekingscode"])
    sheet.append(
        [101, number(hours.employee), datetime.datetime(2026, 3, 2), 7.25, hours.inspection.code]
    )
    sheet.append(["102", number(hours.employee), "2026-03-03", 4, hours.inspection.code])
    stream = io.BytesIO()
    workbook.save(stream)
    batch = run(stream.getvalue(), file_name="uren.xlsx")
    assert batch.created == 2
    assert sorted(HourEntry.objects.values_list("source_key", "hours")) == [
        ("101", Decimal("7.25")),
        ("102", Decimal("4.00")),
    ]


def test_reading_the_same_file_again_changes_nothing(hours):
    run(clean_file(hours))
    MonthClosing.objects.create(year=2026, month=3)  # not even a closed month stops a no-op
    again = run(clean_file(hours))
    assert (again.created, again.unchanged) == (0, 3)
    assert HourEntry.objects.count() == 3
    assert HourImport.objects.count() == 2


def test_a_key_read_before_with_other_values_is_refused(hours):
    run(clean_file(hours))
    changed = clean_file(hours).replace(b"7,5", b"6")
    assert problems_of(changed) == [(2, "bronsleutel")]


def test_every_problem_is_reported_and_nothing_is_written(hours):
    employee = number(hours.employee)
    leaver = hours.colleague.employee
    leaver.end_date = datetime.date(2026, 2, 28)
    leaver.save()
    hours.related.active = False
    hours.related.save()
    MonthClosing.objects.create(year=2026, month=1)
    code = hours.inspection.code
    data = csv_bytes(
        f"B-1;{employee};2026-03-02;8;{code};",  # fine
        f";{employee};2026-03-02;1;{code};",  # 3: empty key
        f"B-1;{employee};2026-03-02;1;{code};",  # 4: key twice
        f"B-4;X999;2026-03-02;1;{code};",  # 5: unknown employee
        f"B-5;{employee};2026-03-02;1;NOPE;",  # 6: unknown booking code
        f"B-6;{employee};31-02-2026;1;{code};",  # 7: bad date
        f"B-7;{employee};2026-03-03;acht;{code};",  # 8: bad number
        f"B-8;{employee};2026-03-03;1,1;{code};",  # 9: not a quarter
        f"B-9;{employee};2026-03-03;0;{code};",  # 10: zero
        f"B-10;{employee};2026-03-03;25;{code};",  # 11: above 24
        f"B-11;{employee};2025-12-31;1;{code};",  # 12: target of 2026, date of 2025
        f"B-12;{employee};2026-03-03;1;{hours.related.code};",  # 13: inactive target
        f"B-13;{number(hours.colleague)};2026-03-03;1;{code};",  # 14: no longer employed
        f"B-14;{employee};2026-01-05;1;{hours.leave.code};",  # 15: month closed
        "B-15;;;;;",  # 16: four empty values
        f"B-16;{employee};2026-03-02;16,25;{hours.leave.code};",  # 17: 8 + 16.25 > 24
    )
    assert problems_of(data) == [
        (3, "bronsleutel"),
        (4, "bronsleutel"),
        (5, "personeelsnummer"),
        (6, "boekingscode"),
        (7, "datum"),
        (8, "uren"),
        (9, "uren"),
        (10, "uren"),
        (11, "uren"),
        (12, "datum"),
        (13, "boekingscode"),
        (14, "datum"),
        (15, "datum"),
        (16, "personeelsnummer"),
        (16, "datum"),
        (16, "uren"),
        (16, "boekingscode"),
        (17, "uren"),
    ]
    assert not HourEntry.objects.exists()
    assert not HourImport.objects.exists()
    assert not WeekSheet.objects.exists()


def test_missing_and_unknown_columns_are_reported_at_the_header(hours):
    data = csv_bytes("1;x;2026-03-02;1", header="bronsleutel;medewerker;datum;uren")
    assert problems_of(data) == [
        (1, "personeelsnummer"),
        (1, "boekingscode"),
        (1, "medewerker"),
    ]


def test_problems_name_the_reason_in_dutch(hours):
    data = csv_bytes(f"C-1;{number(hours.employee)};2026-03-02;1;NOPE;")
    with pytest.raises(ImportRejected) as rejected:
        run(data)
    (problem,) = rejected.value.problems
    assert problem.message == "Boekingscode NOPE is onbekend."
    assert str(problem) == "uren.csv, regel 2, kolom boekingscode: Boekingscode NOPE is onbekend."


def test_the_day_total_counts_the_database_and_the_other_rows_of_the_file(hours):
    services.entry_create(
        actor=hours.employee, day=datetime.date(2026, 3, 2), hours="10", target=hours.inspection
    )
    employee, code = number(hours.employee), hours.leave.code
    within = csv_bytes(
        f"D-1;{employee};2026-03-02;8;{code};", f"D-2;{employee};2026-03-02;6;{code};"
    )
    over = csv_bytes(
        f"D-1;{employee};2026-03-02;8;{code};",
        f"D-2;{employee};2026-03-02;6,25;{code};",
        f"D-3;{employee};2026-03-03;24;{code};",  # another day: fine
    )
    assert problems_of(over) == [(3, "uren")]
    assert run(within).created == 2
    assert HourEntry.objects.filter(date=datetime.date(2026, 3, 2)).count() == 3


def test_mappings_translate_the_time_systems_numbers_and_codes(hours, tmp_path):
    mapping = tmp_path / "medewerkers.csv"
    mapping.write_text(f"extern;personeelsnummer\n0042;{number(hours.employee)}\n")
    employee_map = read_mapping(mapping, column="personeelsnummer")
    code_map = {"TH": hours.inspection.code}
    data = csv_bytes(
        "E-1;0042;2026-03-02;4;TH;",
        f"E-2;0042;2026-03-02;4;{hours.leave.code};",  # not in the code map: used as it is
    )
    batch = run(data, employee_map=employee_map, code_map=code_map)
    assert batch.created == 2
    assert set(HourEntry.objects.values_list("employee__user", "target")) == {
        (hours.employee.pk, hours.inspection.pk),
        (hours.employee.pk, hours.leave.pk),
    }


def test_a_mapping_file_without_its_columns_is_refused(tmp_path):
    mapping = tmp_path / "codes.csv"
    mapping.write_text("extern,code\nA,B\n")
    with pytest.raises(ImportRejected) as rejected:
        read_mapping(mapping, column="boekingscode")
    assert [(p.row, p.column) for p in rejected.value.problems] == [(1, "boekingscode")]


def test_only_a_holder_of_the_import_permission_imports(hours):
    with pytest.raises(NotAllowed):
        run(clean_file(hours), actor=hours.employee)
    assert not HourEntry.objects.exists()


def test_the_command_reads_a_file_and_summarises(hours, tmp_path, capsys):
    path = tmp_path / "uren.csv"
    path.write_bytes(clean_file(hours))
    call_command("import_hours", str(path))
    assert "uren.csv: 3 rows, 3 new, 0 already imported" in capsys.readouterr().out
    assert HourEntry.objects.count() == 3


def test_the_command_lists_every_problem_and_exits_with_1(hours, tmp_path, capsys):
    path = tmp_path / "fout.csv"
    path.write_bytes(csv_bytes(f"F-1;X1;2026-03-02;1;{hours.leave.code};", "F-2;X2;x;1;NOPE;"))
    with pytest.raises(SystemExit) as exit_:
        call_command("import_hours", str(path))
    assert exit_.value.code == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "fout.csv, regel 2, kolom personeelsnummer: Personeelsnummer X1 is onbekend.",
        "fout.csv, regel 3, kolom personeelsnummer: Personeelsnummer X2 is onbekend.",
        "fout.csv, regel 3, kolom datum: 'x' is geen datum; schrijf JJJJ-MM-DD of DD-MM-JJJJ.",
        "fout.csv, regel 3, kolom boekingscode: Boekingscode NOPE is onbekend.",
    ]
    assert not HourEntry.objects.exists()


def test_the_command_is_spelled_import_hours_with_a_dash(hours, tmp_path, monkeypatch, capsys):
    from grip import manage

    path = tmp_path / "uren.csv"
    path.write_bytes(clean_file(hours))
    manage.main(["grip", "import-hours", str(path)])
    assert "3 new" in capsys.readouterr().out
