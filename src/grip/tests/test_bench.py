"""`make bench` writes a report of ratios against the baseline measured in the same run."""

from __future__ import annotations

import json

from grip import bench


def test_bench_reports_ratios_against_the_baseline(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(bench, "BASELINE_ROWS", 1_000)
    monkeypatch.setattr(bench, "baseline_seconds", lambda: 0.5)
    monkeypatch.setattr(
        bench, "BENCHMARKS", [bench.Benchmark("fixed", "a fixed workload", lambda: 1.5, ("odzob",))]
    )
    output = tmp_path / "report.json"

    bench.main(["--repeat", "1", "--scale", "odzob", "--output", str(output)])

    report = json.loads(output.read_text())
    assert report["baseline_seconds"] == 0.5
    assert report["results"] == [
        {
            "name": "fixed",
            "description": "a fixed workload",
            "seconds": 1.5,
            "ratio_to_baseline": 3.0,
        }
    ]
    assert "fixed" in capsys.readouterr().out


def test_the_baseline_really_measures(monkeypatch):
    monkeypatch.setattr(bench, "BASELINE_ROWS", 2_000)
    assert bench.baseline_seconds() > 0


def test_national_benchmarks_are_skipped_for_odzob(monkeypatch, tmp_path):
    ran = []
    monkeypatch.setattr(bench, "baseline_seconds", lambda: 1.0)
    monkeypatch.setattr(
        bench,
        "BENCHMARKS",
        [
            bench.Benchmark("small", "", lambda: ran.append("small") or 1.0, ("odzob",)),
            bench.Benchmark("big", "", lambda: ran.append("big") or 1.0, ("national",)),
        ],
    )
    bench.main(["--repeat", "1", "--scale", "odzob", "--output", str(tmp_path / "r.json")])
    assert ran == ["small"]
