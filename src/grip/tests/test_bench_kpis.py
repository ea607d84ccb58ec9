"""The board-report benchmarks' helpers: the quarter, the DuckDB query and the comparison of its
figures with Grip's, and how the results are printed (no timing)."""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from grip import bench

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)


def test_the_latest_ended_quarter_is_the_one_a_freeze_accepts():
    assert bench.latest_ended_quarter(2026, datetime.date(2026, 11, 29)) == 3
    assert bench.latest_ended_quarter(2026, datetime.date(2026, 9, 30)) == 2
    assert bench.latest_ended_quarter(2026, datetime.date(2026, 10, 1)) == 3
    assert bench.latest_ended_quarter(2025, datetime.date(2026, 1, 1)) == 4
    assert bench.latest_ended_quarter(2026, datetime.date(2026, 3, 31)) is None
    assert bench.quarter_end(2026, 2) == datetime.date(2026, 6, 30)


def _parquet(directory: Path, name: str, columns: str, rows: str) -> Path:
    path = directory / f"{name}.parquet"
    duckdb.execute(
        f"COPY (SELECT * FROM (VALUES {rows}) v({columns})) TO '{path}' (FORMAT parquet)"  # noqa: S608
    )
    return path


def _tables(directory: Path) -> dict[str, Path]:
    """Two participants with a few cases, inspections, appeals and hours (see the test)."""

    def d(day: str) -> str:
        return f"DATE '{day}'"

    null_date = "CAST(NULL AS DATE)"
    new, old, none = "'omgevingswet'", "'wabo'", null_date
    cases = [
        # id, participant, type, regime, received, decided, closed, due, notice of default
        (100, 1, 10, new, d("2026-01-05"), d("2026-02-20"), none, d("2026-03-02"), none),
        (101, 1, 10, new, d("2026-02-01"), d("2026-05-10"), none, d("2026-04-01"), d("2026-04-10")),
        (102, 1, 10, new, d("2026-06-01"), none, none, d("2026-06-20"), none),
        (103, 1, 11, new, d("2026-03-01"), none, d("2026-03-04"), d("2026-03-15"), none),
        (104, 1, 11, new, d("2026-06-25"), none, d("2026-07-02"), d("2026-07-10"), none),
        (105, 1, 10, new, d("2025-12-01"), d("2025-12-20"), none, d("2026-01-10"), none),
        (106, 1, 10, old, d("2026-01-10"), d("2026-05-20"), none, d("2026-03-01"), d("2026-03-10")),
        (200, 2, 11, new, d("2026-04-01"), none, d("2026-04-20"), d("2026-04-15"), none),
    ]
    inspections = [
        # id, participant, type, status, planned, performed, the violation it re-inspects
        (300, 1, "'periodiek'", "'uitgevoerd'", d("2026-02-01"), d("2026-02-03"), "NULL"),
        (301, 1, "'periodiek'", "'uitgevoerd'", d("2026-03-01"), d("2026-03-02"), "NULL"),
        (302, 1, "'hercontrole'", "'uitgevoerd'", d("2026-04-01"), d("2026-04-02"), "400"),
        (303, 1, "'hercontrole'", "'uitgevoerd'", d("2026-05-01"), d("2026-05-04"), "400"),
        (304, 1, "'themacontrole'", "'gepland'", d("2026-06-20"), null_date, "NULL"),
        (305, 1, "'periodiek'", "'uitgevoerd'", d("2025-12-20"), d("2026-01-10"), "NULL"),
        (310, 2, "'periodiek'", "'uitgevoerd'", d("2026-05-01"), d("2026-05-01"), "NULL"),
        (311, 2, "'hercontrole'", "'uitgevoerd'", d("2026-06-10"), d("2026-06-10"), "410"),
    ]

    def rows(items: Sequence[tuple[object, ...]]) -> str:
        return ", ".join("(" + ", ".join(str(value) for value in item) + ")" for item in items)

    hours = "CAST({} AS DECIMAL(9,2))".format
    tables = {
        "participants": ("id, code", "(1, 'GM0772'), (2, 'GM0794')"),
        "case_types": (
            "id, code, name, statutory, cim_object, plichttype, procedure, product_code",
            "(10, 'aanvraag', 'Aanvraag', 1, 'verzoek', 'aanvraag_vergunning', 'regulier', "
            "'VV-01'), (11, 'milieuklacht', 'Milieuklacht', 0, 'incident', '', 'geen', 'TH-09')",
        ),
        "penalty_scales": ("valid_from, grace_days", "(DATE '2024-01-01', 14)"),
        "cases": (
            "id, participant_id, case_type_id, regime, received_on, decided_on, closed_on, "
            "due_on, notice_of_default_on",
            rows(cases),
        ),
        "inspections": (
            "id, participant_id, inspection_type, status, planned_on, performed_on, "
            "cause_violation_id",
            rows(inspections),
        ),
        "findings": (
            "inspection_id, result",
            "(300, 'nageleefd'), (301, 'niet_akkoord'), (302, 'niet_akkoord'), "
            "(303, 'nageleefd'), (305, 'nageleefd'), (310, 'niet_akkoord'), (311, 'nageleefd')",
        ),
        "violations": (
            "id, participant_id, observed_on",
            "(400, 1, DATE '2026-03-02'), (410, 2, DATE '2026-05-01')",
        ),
        "intentions": ("violation_id, sent_on", "(400, DATE '2026-04-10')"),
        "measures": (
            "id, participant_id, instrument, imposed_on",
            "(500, 1, 'Waarschuwing', DATE '2026-03-05'), "
            "(501, 1, 'Last onder dwangsom', DATE '2026-04-20'), "
            "(510, 2, 'Waarschuwing', DATE '2026-05-03')",
        ),
        "appeals": (
            "measure_id, stage, decided_on, outcome",
            "(501, 'bezwaar', DATE '2026-05-20', 'in_stand'), "
            "(501, 'beroep', DATE '2026-06-15', 'in_stand'), "
            "(510, 'beroep', DATE '2026-07-15', 'vernietigd')",
        ),
        "products": ("id, task_kind", "(20, 'vergunningverlening'), (21, 'toezicht')"),
        "targets": (
            "id, participant_id, kind, year, product_id, related_work_kind",
            "(1000, 1, 'product', 2026, 20, ''), (1001, 1, 'gerelateerd', 2026, NULL, 'planning'), "
            "(1002, 1, 'product', 2025, 20, ''), (1003, NULL, 'indirect', NULL, NULL, ''), "
            "(1004, 2, 'product', 2026, 21, '')",
        ),
        "entries": (
            "target_id, date, hours",
            ", ".join(
                f"({target}, DATE '{day}', {hours(amount)})"
                for target, day, amount in (
                    (1000, "2026-01-05", 8),
                    (1000, "2026-03-03", 4.5),
                    (1001, "2026-02-02", 2),
                    (1000, "2026-07-01", 6),
                    (1003, "2026-01-06", 8),
                    (1004, "2026-06-30", 3.25),
                    (1002, "2025-02-10", 10),
                    (1002, "2025-08-10", 30),
                )
            ),
        ),
        "plan": (
            "participant_id, year, hours",
            f"(1, 2026, {hours(100)}), (1, 2026, {hours(20)}), (2, 2026, {hours(261)})",
        ),
        "tariffs": ("year, amount", f"(2026, {hours(100)})"),
        "ordered": (
            "participant_id, year, code, quantity",
            f"(1, 2026, 'VV-01', {hours(10)}), (2, 2026, 'TH-09', {hours(4)})",
        ),
    }
    return {name: _parquet(directory, name, *spec) for name, spec in tables.items()}


def test_the_duckdb_query_computes_the_report_figures_per_participant(tmp_path):
    paths = _tables(tmp_path)
    rows = duckdb.connect().execute(bench.report_duckdb_query(paths), [2026, START, END])
    by_code = {row[0]: row for row in rows.fetchall()}
    figures = bench._headline_from_duckdb(list(by_code.values()))
    assert figures["GM0772"] == {
        "decisions": "3.00",  # 100 in time, 101 and 106 late; 105 decided the year before
        "decisions_within_term": "1.00",
        "complaints": "1.00",  # 103; 104 closed after the period
        "complaints_within_term": "1.00",
        "permit_decisions": "3.00",
        # 101: decided more than two weeks after the notice; 106 too, but a regular Wabo
        # procedure grants the permit by default instead
        "penalty_claims": "1.00",
        "court_rulings": "1.00",  # the beroep; the bezwaar is no ruling
        "court_upheld": "1.00",
        "first_inspections": "3.00",  # 300, 301 and 305 (planned the year before)
        "first_compliant": "2.00",
        "reinspected_violations": "1.00",
        "repaired_at_first_reinspection": "0.00",  # 302 found it; 303 is the second check
        "inspections_planned": "5.00",
        "performed_of_planned": "4.00",
        "inspections_performed": "5.00",
        "violations": "1.00",
        "intentions": "1.00",
        "realised_hours": "14.50",  # July, last year's target and the indirect hours outside
        "related_hours": "2.00",
        "plan_year_hours": "120.00",
        "planned_hours": "30.00",  # last year's profile: 10 of 40 hours by the end of June
        "realised_amount": "1450.00",
        "lead_time_days": "277.00",  # 46 + 98 + 130 + 3
        "cases_ended": "4.00",
    }
    helmond = figures["GM0794"]
    assert helmond["complaints"] == "1.00"
    assert helmond["complaints_within_term"] == "0.00"
    assert helmond["court_rulings"] == "0.00"  # its ruling falls after the period
    assert helmond["repaired_at_first_reinspection"] == "1.00"
    # no hours last year: the working days, 129 of 2026's 261 by the end of June
    assert helmond["planned_hours"] == "129.00"
    assert helmond["realised_amount"] == "325.00"
    eindhoven = by_code["GM0772"]
    flows = {flow["type_code"]: flow for flow in eindhoven[26]}
    assert flows["aanvraag"] == {
        "type_code": "aanvraag",
        "type_name": "Aanvraag",
        "received": 4,
        "ended": 3,
        "ended_days": 274,
        "decided": 3,
        "within": 1,
        "open_at_end": 1,
        "overdue_at_end": 1,
    }
    assert flows["milieuklacht"]["open_at_end"] == 1
    assert flows["milieuklacht"]["overdue_at_end"] == 0
    products = {item["code"]: item for item in eindhoven[29]}
    assert products["VV-01"] == {"code": "VV-01", "due": Decimal("2.5"), "delivered": 3}
    assert products["TH-09"]["delivered"] == 1
    assert by_code["GM0794"][29] == [{"code": "TH-09", "due": Decimal("2.0"), "delivered": 1}]
    assert {item["instrument"]: item["n"] for item in eindhoven[28]} == {
        "Last onder dwangsom": 1,
        "Waarschuwing": 1,
    }
    assert eindhoven[30:] == (Decimal("17.75"), Decimal("25.75"))  # declarable of booked


def test_a_difference_between_grip_and_duckdb_is_reported():
    same = {"GM0772": {"decisions": "2.00"}}
    bench._compare(same, {"GM0772": {"decisions": "2.00"}})
    with pytest.raises(RuntimeError, match="GM0772: grip"):
        bench._compare(same, {"GM0772": {"decisions": "3.00"}})


def test_the_report_benchmarks_print_their_comparisons_and_goals(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(bench, "baseline_seconds", lambda: 1.0)
    data = bench.Measurement(
        0.9,
        queries=30,
        measured="data",
        extra={
            "report_duckdb_seconds": 0.3,
            "report_ratio_to_duckdb": 3.0,
            "goal": "< 1 s and <= 3x DuckDB",
            "goal_met": True,
            "figures_equal": "24 figures x 22 participants",
            "freeze_seconds": 1.2,
            "build_regional_seconds": 0.25,
            "build_participant_seconds": 0.06,
        },
    )
    pdf = bench.Measurement(
        3.5,
        measured="pdf",
        extra={
            "pdf_participant_seconds": 2.5,
            "pdf_regional_seconds": 3.5,
            "pdf_goal": "< 3 s per report",
            "pdf_goal_met": False,
        },
    )
    monkeypatch.setattr(
        bench,
        "BENCHMARKS",
        [
            bench.Benchmark("data", "", lambda: data, ("odzob",)),
            bench.Benchmark("pdf", "", lambda: pdf, ("odzob",)),
        ],
    )
    output = tmp_path / "r.json"
    bench.main(["--repeat", "1", "--scale", "odzob", "--output", str(output)])
    printed = capsys.readouterr().out
    assert "duckdb 0.3000 s, ratio 3.00 (goal < 1 s and <= 3x DuckDB: met)" in printed
    assert "regional 0.250 s, participant 0.060 s" in printed
    assert "participant 2.50 s, regional 3.50 s (goal < 3 s per report: NOT met)" in printed
    results = json.loads(output.read_text())["results"]
    assert results[1]["pdf_goal_met"] is False


def test_both_benchmarks_are_in_the_table():
    names = {benchmark.name: benchmark for benchmark in bench.BENCHMARKS}
    assert names["regional-report-data-odzob"].scales == ("odzob",)
    assert names["report-pdf-odzob"].scales == ("odzob",)
