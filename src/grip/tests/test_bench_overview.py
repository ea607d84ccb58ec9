"""The overview benchmark: it reports a query count, and its probe really renders the page."""

from __future__ import annotations

import json

import pytest

from grip import bench


def test_a_measurement_reports_its_query_count(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(bench, "baseline_seconds", lambda: 0.5)
    measurements = iter(
        [bench.Measurement(0.2, 14, "GET /x"), bench.Measurement(0.1, 14, "GET /x")]
    )
    monkeypatch.setattr(
        bench,
        "BENCHMARKS",
        [
            bench.Benchmark("page", "a page", lambda: next(measurements), ("odzob",)),
            bench.Benchmark("plain", "seconds only", lambda: 1.0, ("odzob",)),
        ],
    )
    output = tmp_path / "report.json"

    bench.main(["--repeat", "2", "--scale", "odzob", "--output", str(output)])

    page, plain = json.loads(output.read_text())["results"]
    assert page == {
        "name": "page",
        "description": "a page",
        "seconds": 0.15,
        "ratio_to_baseline": 0.3,
        "queries": 14,
        "measured": "GET /x",
    }
    assert "queries" not in plain
    printed = capsys.readouterr().out
    assert "queries" in printed
    assert " 14 " in printed


@pytest.mark.django_db
def test_the_probe_times_the_overview_as_a_staff_user(world, make_user):
    make_user("bestuur", username=bench.OVERVIEW_USER)

    figures = bench.probe_overview(2026)

    assert figures["seconds"] > 0
    assert figures["queries"] > 0
    assert figures["measured"] in (
        "GET /werkprogrammas/?jaar=2026",
        "selectors.regional_overview (no page yet)",
    )
