"""`make bench`: timings of Grip's heavy operations as ratios against a baseline.

Absolute seconds depend on the machine; the baseline (a fixed SQLite insert workload) is
measured in the same run, so the ratio is comparable between machines and commits. Each
benchmark runs in a fresh process on a fresh SQLite database under a temporary directory.
Later issues add their benchmarks to BENCHMARKS.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BASELINE_ROWS = 200_000


def baseline_seconds() -> float:
    """Insert and sum BASELINE_ROWS rows in an on-disk SQLite table: the yardstick."""
    with tempfile.TemporaryDirectory() as directory:
        connection = sqlite3.connect(Path(directory) / "baseline.sqlite3")
        started = time.perf_counter()
        connection.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, team INTEGER, hours TEXT)")
        connection.executemany(
            "INSERT INTO entry (team, hours) VALUES (?, ?)",
            ((number % 10, f"{number % 8}.25") for number in range(BASELINE_ROWS)),
        )
        connection.commit()
        connection.execute("SELECT team, SUM(hours) FROM entry GROUP BY team").fetchall()
        elapsed = time.perf_counter() - started
        connection.close()
    return elapsed


def _grip(*args: str, var_dir: Path) -> None:
    grip = Path(sys.executable).parent / "grip"
    environment = {key: value for key, value in os.environ.items() if not key.startswith("GRIP_")}
    environment.update(GRIP_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="grip.settings.dev")
    subprocess.run(  # noqa: S603 - our own console script with fixed arguments
        [str(grip), *args],
        check=True,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def demo_seconds(scale: str) -> Callable[[], float]:
    def run() -> float:
        with tempfile.TemporaryDirectory() as directory:
            var_dir = Path(directory)
            _grip("migrate", "--no-input", var_dir=var_dir)
            started = time.perf_counter()
            _grip("demo", "--scale", scale, "--seed", "1", var_dir=var_dir)
            return time.perf_counter() - started

    return run


@dataclass(frozen=True)
class Benchmark:
    name: str
    description: str
    run: Callable[[], float]
    scales: tuple[str, ...]


BENCHMARKS = [
    Benchmark(
        "demo-odzob",
        "grip demo --scale odzob (ODZOB-sized staff, contacts, users), incl. process start",
        demo_seconds("odzob"),
        ("odzob",),
    ),
    Benchmark(
        "demo-national",
        "grip demo --scale national (about 30x ODZOB), incl. process start",
        demo_seconds("national"),
        ("national",),
    ),
]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per benchmark (median)")
    parser.add_argument("--scale", choices=["odzob", "national", "all"], default="all")
    parser.add_argument("--output", type=Path, default=Path("var/bench/report.json"))
    options = parser.parse_args(argv)

    baseline = statistics.median(baseline_seconds() for _ in range(options.repeat))
    results: list[dict[str, Any]] = []
    for benchmark in BENCHMARKS:
        if options.scale != "all" and options.scale not in benchmark.scales:
            continue
        seconds = statistics.median(benchmark.run() for _ in range(options.repeat))
        results.append(
            {
                "name": benchmark.name,
                "description": benchmark.description,
                "seconds": round(seconds, 3),
                "ratio_to_baseline": round(seconds / baseline, 2),
            }
        )

    report = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "baseline": f"SQLite insert+group-by of {BASELINE_ROWS} rows",
        "baseline_seconds": round(baseline, 3),
        "repeat": options.repeat,
        "results": results,
    }
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"baseline: {report['baseline']}: {baseline:.3f} s (median of {options.repeat})")
    print(f"{'benchmark':<16} {'seconds':>9} {'x baseline':>11}  what")
    for row in results:
        name, seconds, ratio = row["name"], row["seconds"], row["ratio_to_baseline"]
        print(f"{name:<16} {seconds:>9.3f} {ratio:>11.2f}  {row['description']}")
    print(f"report: {options.output}")


if __name__ == "__main__":  # pragma: no cover
    main()
