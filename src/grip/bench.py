"""`make bench`: timings of Grip's heavy operations as ratios against a baseline.

Absolute seconds depend on the machine; the baseline (a fixed SQLite insert workload) is
measured in the same run, so the ratio is comparable between machines and commits. Each
benchmark runs in a fresh process on a fresh SQLite database under a temporary directory.
A benchmark returns seconds, or a :class:`Measurement` that also counts the queries run.
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


@dataclass(frozen=True)
class Measurement:
    seconds: float
    queries: int | None = None  # database queries of the timed operation, where counted
    measured: str = ""  # what exactly was timed, where a benchmark can time one of several


def _environment(var_dir: Path) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("GRIP_")}
    environment.update(GRIP_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="grip.settings.dev")
    return environment


def _grip(*args: str, var_dir: Path) -> None:
    grip = Path(sys.executable).parent / "grip"
    subprocess.run(  # noqa: S603 - our own console script with fixed arguments
        [str(grip), *args],
        check=True,
        env=_environment(var_dir),
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


OVERVIEW_USER = "bestuur"  # a demo log-in that reads every participant's programme
OVERVIEW_TIMINGS = 5  # requests timed after one warm-up; the median counts


def overview_measurement(scale: str) -> Callable[[], Measurement]:
    """The regional overview of the demo year's 22 programmes, in a fresh process."""

    def run() -> Measurement:
        year = datetime.date.today().year
        with tempfile.TemporaryDirectory() as directory:
            var_dir = Path(directory)
            _grip("migrate", "--no-input", var_dir=var_dir)
            _grip("collectstatic", "--no-input", var_dir=var_dir)  # the page's manifest
            _grip("demo", "--scale", scale, "--seed", "1", "--year", str(year), var_dir=var_dir)
            probe = subprocess.run(  # noqa: S603 - this module, with fixed arguments
                [sys.executable, "-m", "grip.bench", "--probe-overview", str(year)],
                check=True,
                env=_environment(var_dir),
                capture_output=True,
                text=True,
            )
        figures = json.loads(probe.stdout.strip().splitlines()[-1])
        return Measurement(figures["seconds"], figures["queries"], figures["measured"])

    return run


def probe_overview(year: int) -> dict[str, Any]:
    """Inside the benchmark's process: GET the overview page (or call the selector if the page
    does not exist) as a staff user, once to warm up, then time it; count its queries."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from grip.programmes import selectors

    user = get_user_model().objects.get(username=OVERVIEW_USER)
    try:
        url: str | None = reverse("web:programme-overview") + f"?jaar={year}"
    except NoReverseMatch:
        url = None
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)

    def once() -> None:
        if url is None:
            overview = selectors.regional_overview(user=user, year=year)
            if len(overview.rows) != 22:
                raise RuntimeError(f"The overview shows {len(overview.rows)} participants.")
            return
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}.")

    once()
    timings, queries = [], 0
    for _ in range(OVERVIEW_TIMINGS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            once()
            timings.append(time.perf_counter() - started)
        queries = len(captured)
    return {
        "measured": f"GET {url}" if url else "selectors.regional_overview (no page yet)",
        "seconds": statistics.median(timings),
        "queries": queries,
    }


@dataclass(frozen=True)
class Benchmark:
    name: str
    description: str
    run: Callable[[], float | Measurement]
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
    Benchmark(
        "overview-odzob",
        "regional overview page of 22 programmes, demo at odzob scale (warm request)",
        overview_measurement("odzob"),
        ("odzob",),
    ),
    Benchmark(
        "overview-national",
        "regional overview page of 22 programmes, demo at national scale (warm request)",
        overview_measurement("national"),
        ("national",),
    ),
]


def _measure(benchmark: Benchmark) -> Measurement:
    result = benchmark.run()
    return result if isinstance(result, Measurement) else Measurement(seconds=result)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per benchmark (median)")
    parser.add_argument("--scale", choices=["odzob", "national", "all"], default="all")
    parser.add_argument("--output", type=Path, default=Path("var/bench/report.json"))
    parser.add_argument("--probe-overview", type=int, metavar="YEAR", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.probe_overview:  # the child process of an overview benchmark
        print(json.dumps(probe_overview(options.probe_overview)))
        return

    baseline = statistics.median(baseline_seconds() for _ in range(options.repeat))
    results: list[dict[str, Any]] = []
    for benchmark in BENCHMARKS:
        if options.scale != "all" and options.scale not in benchmark.scales:
            continue
        measurements = [_measure(benchmark) for _ in range(options.repeat)]
        seconds = statistics.median(measurement.seconds for measurement in measurements)
        result: dict[str, Any] = {
            "name": benchmark.name,
            "description": benchmark.description,
            "seconds": round(seconds, 3),
            "ratio_to_baseline": round(seconds / baseline, 2),
        }
        counted = [m.queries for m in measurements if m.queries is not None]
        if counted:
            result["queries"] = max(counted)  # the same in every run unless something varies
        if measurements[-1].measured:
            result["measured"] = measurements[-1].measured
        results.append(result)

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
    print(f"{'benchmark':<18} {'seconds':>9} {'x baseline':>11} {'queries':>8}  what")
    for row in results:
        name, seconds, ratio = row["name"], row["seconds"], row["ratio_to_baseline"]
        queries = str(row.get("queries", "-"))
        print(f"{name:<18} {seconds:>9.3f} {ratio:>11.2f} {queries:>8}  {row['description']}")
    print(f"report: {options.output}")


if __name__ == "__main__":  # pragma: no cover
    main()
