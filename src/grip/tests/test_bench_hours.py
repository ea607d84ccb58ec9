"""The benchmark's helpers for issue 4: the import file and the DuckDB query (no timing)."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal
from pathlib import Path

import duckdb

from grip.bench import TASK_KINDS, duckdb_query, import_rows


def test_import_rows_split_entries_until_enough_keeping_day_totals():
    entries = [
        ("P00001", "2026-03-02", "8", "GM0772-2026-TH-01"),
        ("P00001", "2026-03-03", "0.25", "INDIRECT-VERLOF"),
        ("P00002", "2026-03-02", "1.75", "GM0794-2026-VV-04"),
    ]
    rows = import_rows(entries, 5)
    assert len(rows) == 5
    assert len({row[0] for row in rows}) == 5  # unique source keys
    totals: Counter[tuple[str, str, str]] = Counter()
    for _key, employee, day, hours, code, _note in rows:
        assert Decimal(hours) > 0
        assert Decimal(hours) % Decimal("0.25") == 0
        totals[employee, day, code] += Decimal(hours)
    assert totals == {
        ("P00001", "2026-03-02", "GM0772-2026-TH-01"): Decimal("8"),
        ("P00001", "2026-03-03", "INDIRECT-VERLOF"): Decimal("0.25"),
        ("P00002", "2026-03-02", "GM0794-2026-VV-04"): Decimal("1.75"),
    }


def test_import_rows_keep_entries_whole_when_there_are_enough():
    entries = [("P00001", "2026-03-02", "8", "X")]
    assert import_rows(entries, 1) == [["TS-0", "P00001", "2026-03-02", "8", "X", ""]]


def _parquet(directory: Path, name: str, select: str) -> Path:
    path = directory / f"{name}.parquet"
    duckdb.execute(f"COPY ({select}) TO '{path}' (FORMAT parquet)")
    return path


def test_duckdb_query_computes_plan_realised_euros_and_task_kinds(tmp_path):
    paths = {
        "participants": _parquet(
            tmp_path,
            "participants",
            "SELECT * FROM (VALUES (1, 'GM0772'), (2, 'GM0794')) v(id, code)",
        ),
        "products": _parquet(
            tmp_path,
            "products",
            "SELECT * FROM (VALUES (10, 'toezicht'), (11, 'advies')) v(id, task_kind)",
        ),
        "tariffs": _parquet(
            tmp_path,
            "tariffs",
            "SELECT year, CAST(amount AS DECIMAL(9,2)) AS amount "
            "FROM (VALUES (2025, 98.50), (2026, 101.65)) v(year, amount)",
        ),
        "targets": _parquet(
            tmp_path,
            "targets",
            "SELECT * FROM (VALUES "
            "(100, 1, 'product', 2026, 10, ''), (101, 1, 'gerelateerd', 2026, NULL, 'planning'), "
            "(102, 1, 'product', 2025, 10, ''), (103, NULL, 'indirect', NULL, NULL, ''), "
            "(104, 2, 'product', 2026, 11, '')"
            ") v(id, participant_id, kind, year, product_id, related_work_kind)",
        ),
        "entries": _parquet(
            tmp_path,
            "entries",
            "SELECT target_id, CAST(date AS DATE) AS date, CAST(hours AS DECIMAL(9,2)) AS hours "
            "FROM (VALUES "
            "(100, '2026-01-05', 7.5), (100, '2026-02-02', 1.25), (101, '2026-01-06', 2), "
            "(100, '2026-12-01', 4), (102, '2025-06-02', 8), (103, '2026-01-05', 8), "
            "(104, '2026-03-03', 0.75)"
            ") v(target_id, date, hours)",
        ),
        "plan": _parquet(
            tmp_path,
            "plan",
            "SELECT participant_id, year, CAST(hours AS DECIMAL(9,2)) AS hours FROM (VALUES "
            "(1, 2026, 100), (1, 2026, 20.5), (1, 2025, 90), (2, 2026, 50)"
            ") v(participant_id, year, hours)",
        ),
    }
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 11, 30)
    rows = duckdb.connect().execute(duckdb_query(paths, code=None), [2026, start, end]).fetchall()
    by_code = {row[0]: row for row in rows}
    eindhoven = by_code["GM0772"]
    kinds = dict(zip(TASK_KINDS, eindhoven[4:], strict=True))
    assert eindhoven[1] == Decimal("120.50")  # plan of 2026
    assert eindhoven[2] == Decimal("10.75")  # 7.5 + 1.25 + 2; December and 2025 outside
    assert eindhoven[3] == Decimal("1092.74")  # 10.75 × 101.65 = 1092.7375
    assert kinds["toezicht"] == Decimal("8.75")
    assert kinds["gerelateerd"] == Decimal("2")
    assert kinds["advies"] == 0
    only = duckdb.connect().execute(duckdb_query(paths, code="GM0794"), [2026, start, end])
    assert only.fetchall() == [
        (
            "GM0794",
            Decimal("50"),
            Decimal("0.75"),
            Decimal("76.24"),
            *[Decimal("0.75") if kind == "advies" else 0 for kind in TASK_KINDS],
        )
    ]
