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
from functools import partial
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
    extra: dict[str, Any] | None = None  # comparisons and goals, reported as they are


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


def _probe_after_demo(*probe: str, scale: str | None, collect_static: bool = False) -> Measurement:
    """Migrate a fresh database in a temporary directory, load this year's demo at ``scale``
    (none when None) and run this module with the ``probe`` arguments in a fresh process; the
    probe prints its figures as JSON on its last line."""
    year = datetime.date.today().year
    with tempfile.TemporaryDirectory() as directory:
        var_dir = Path(directory)
        _grip("migrate", "--no-input", var_dir=var_dir)
        if collect_static:
            _grip("collectstatic", "--no-input", var_dir=var_dir)  # a page's manifest
        if scale is not None:
            _grip("demo", "--scale", scale, "--seed", "1", "--year", str(year), var_dir=var_dir)
        result = subprocess.run(  # noqa: S603 - this module, with fixed arguments
            [sys.executable, "-m", "grip.bench", *probe],
            check=False,
            env=_environment(var_dir),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:  # the probe's own error, not just its exit status
            raise RuntimeError(f"The probe {' '.join(probe)} failed:\n{result.stderr[-3000:]}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return Measurement(
        figures["seconds"], figures.get("queries"), figures["measured"], figures.get("extra")
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
        year = str(datetime.date.today().year)
        return _probe_after_demo("--probe-overview", year, scale=scale, collect_static=True)

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


# --- realisation against DuckDB (issue 4) ------------------------------------------------------

REALISATION_TIMINGS = 5  # runs timed after one warm-up, for Grip and for DuckDB; medians count
REALISATION_GOAL_SECONDS = 1.0
REALISATION_GOAL_RATIO = 3.0
NATIONAL_PARTICIPANT = "GM0772"  # Eindhoven: the largest programme
REGION = "region"
# Task kinds of the comparison: products by their catalogue task kind, then related work and
# projects (TaskKind's values; repeated here so that this module imports nothing of Django).
TASK_KINDS = (
    "vergunningverlening",
    "toezicht",
    "handhaving",
    "advies",
    "gerelateerd",
    "collectief",
    "project",
)


def realisation_measurement(scale: str, scope: str) -> Callable[[], Measurement]:
    """Realisation of the demo year to date (``scope``: all participants, or one code) through
    Grip's selectors in a fresh process, against one hand-written DuckDB query over the same
    data exported to Parquet."""

    def run() -> Measurement:
        year = str(datetime.date.today().year)
        return _probe_after_demo("--probe-realisation", year, scope, scale=scale)

    return run


@dataclass(frozen=True)
class Figures:
    """What both sides compute per participant code, in hours and euros as text (exact)."""

    plan_year_hours: str
    realised_hours: str
    realised_amount: str
    by_task_kind: dict[str, str]


def _text(value: Any) -> str:
    from decimal import Decimal

    return str(Decimal(str(value)).quantize(Decimal("0.01")))


Tables = dict[str, tuple[str, dict[str, str]]]  # name -> (SQLite query, DuckDB column types)


def export_parquet(database: Path, directory: Path, year: int) -> dict[str, Path]:
    """The tables the realisation reads, from Grip's SQLite file (Python's sqlite3) to CSV and
    with DuckDB to Parquet. Hours and money as DECIMAL, as in Grip."""
    tables: Tables = {
        "entries": (
            "SELECT target_id, date, CAST(hours AS TEXT) FROM hours_hourentry "  # noqa: S608
            f"WHERE date >= '{year - 1:04d}-01-01' AND date <= '{year:04d}-12-31'",
            {"target_id": "BIGINT", "date": "DATE", "hours": "DECIMAL(9,2)"},
        ),
        "targets": (
            "SELECT id, participant_id, kind, year, product_id, related_work_kind "
            "FROM hours_bookingtarget",
            {
                "id": "BIGINT",
                "participant_id": "BIGINT",
                "kind": "VARCHAR",
                "year": "INTEGER",
                "product_id": "BIGINT",
                "related_work_kind": "VARCHAR",
            },
        ),
        "products": (
            "SELECT id, task_kind FROM frameworks_product",
            {"id": "BIGINT", "task_kind": "VARCHAR"},
        ),
        "tariffs": (
            "SELECT year, CAST(amount AS TEXT) FROM frameworks_hourlytariff",
            {"year": "INTEGER", "amount": "DECIMAL(9,2)"},
        ),
        "participants": (
            "SELECT id, code FROM participants_participant",
            {"id": "BIGINT", "code": "VARCHAR"},
        ),
        "plan": (  # the hours of the adopted versions' lines and related work, per programme
            "SELECT p.participant_id, p.year, CAST(l.hours AS TEXT) "
            "FROM programmes_programmeline l "
            "JOIN programmes_programmeversion v ON v.id = l.version_id "
            "JOIN programmes_programme p ON p.id = v.programme_id "
            "WHERE v.status = 'vastgesteld' AND p.participant_id IS NOT NULL "
            "UNION ALL "
            "SELECT p.participant_id, p.year, CAST(r.hours AS TEXT) "
            "FROM programmes_relatedworkline r "
            "JOIN programmes_programmeversion v ON v.id = r.version_id "
            "JOIN programmes_programme p ON p.id = v.programme_id "
            "WHERE v.status = 'vastgesteld' AND p.participant_id IS NOT NULL",
            {"participant_id": "BIGINT", "year": "INTEGER", "hours": "DECIMAL(9,2)"},
        ),
    }
    return _export(database, directory, tables)


def _export(database: Path, directory: Path, tables: Tables) -> dict[str, Path]:
    """Each query's rows from Grip's SQLite file (Python's sqlite3) to CSV, and with DuckDB to
    Parquet with the given column types."""
    import csv

    import duckdb

    source = sqlite3.connect(database)
    duck = duckdb.connect()
    paths = {}
    for name, (query, columns) in tables.items():
        dump = directory / f"{name}.csv"
        with dump.open("w", newline="") as stream:
            csv.writer(stream).writerows(source.execute(query))
        paths[name] = directory / f"{name}.parquet"
        types = ", ".join(f"'{column}': '{kind}'" for column, kind in columns.items())
        duck.execute(  # our own file names and types
            f"COPY (SELECT * FROM read_csv('{dump}', header = false, columns = {{{types}}})) "  # noqa: S608
            f"TO '{paths[name]}' (FORMAT parquet)"
        )
    source.close()
    duck.close()
    return paths


def duckdb_query(paths: dict[str, Path], *, code: str | None) -> str:
    """One query: per participant the plan of the year, the hours realised in the period (by
    task kind) and their euros at the year's tariff. $1 the year, $2/$3 the period."""
    kinds = ", ".join(
        f"SUM(hours) FILTER (WHERE bucket = '{kind}') AS \"{kind}\"" for kind in TASK_KINDS
    )
    only = f"WHERE pa.code = '{code}'" if code else ""
    # the names are our own files, the code a participant code from our own table
    return f"""
        WITH targets AS (
            SELECT t.id, t.participant_id,
                   CASE WHEN t.kind IN ('product', 'zaak') AND p.task_kind IS NOT NULL
                        THEN p.task_kind
                        WHEN t.kind = 'gerelateerd' THEN 'gerelateerd'
                        ELSE 'project' END AS bucket
            FROM read_parquet('{paths["targets"]}') t
            LEFT JOIN read_parquet('{paths["products"]}') p ON p.id = t.product_id
            WHERE t.participant_id IS NOT NULL AND (t.year = $1 OR t.year IS NULL)
        ),
        realised AS (
            SELECT t.participant_id, t.bucket, SUM(e.hours) AS hours
            FROM read_parquet('{paths["entries"]}') e JOIN targets t ON t.id = e.target_id
            WHERE e.date BETWEEN $2 AND $3
            GROUP BY ALL
        ),
        by_participant AS (
            SELECT participant_id, SUM(hours) AS hours, {kinds}
            FROM realised GROUP BY participant_id
        ),
        plan AS (
            SELECT participant_id, SUM(hours) AS hours
            FROM read_parquet('{paths["plan"]}') WHERE year = $1 GROUP BY participant_id
        )
        SELECT pa.code, COALESCE(plan.hours, 0), COALESCE(r.hours, 0),
               ROUND(COALESCE(r.hours, 0) * (
                   SELECT amount FROM read_parquet('{paths["tariffs"]}') WHERE year = $1
               ), 2),
               {", ".join(f'COALESCE(r."{kind}", 0)' for kind in TASK_KINDS)}
        FROM read_parquet('{paths["participants"]}') pa
        LEFT JOIN plan ON plan.participant_id = pa.id
        LEFT JOIN by_participant r ON r.participant_id = pa.id
        {only}
        ORDER BY pa.code
    """  # noqa: S608


def _median_seconds(action: Callable[[], object], times: int) -> float:
    action()  # warm-up
    timings = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def probe_realisation(year: int, scope: str) -> dict[str, Any]:
    """Inside the benchmark's process: time Grip's realisation selector(s), then DuckDB's query
    over a Parquet export of the same data; fail if their figures differ."""
    import django

    django.setup()
    import duckdb
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from grip.finance import selectors
    from grip.finance.periods import Period
    from grip.participants.models import Participant

    as_of = selectors.default_as_of(year)
    period = Period.year_to_date(year, as_of)
    if scope == REGION:
        user = get_user_model().objects.get(username=OVERVIEW_USER)

        def grip() -> list[Any]:
            return selectors.regional_realisation(user=user, year=year, as_of=as_of).rows

        measured = f"finance.selectors.regional_realisation({year}, ytd {as_of})"
    else:
        participant = Participant.objects.get(code=scope)

        def grip() -> list[Any]:
            return [selectors.realisation(participant=participant, period=period, as_of=as_of)]

        measured = f"finance.selectors.realisation({scope}, {year}, ytd {as_of})"

    seconds = _median_seconds(grip, REALISATION_TIMINGS)
    with CaptureQueriesContext(connection) as captured:
        rows = grip()
    grip_figures = {
        row.participant.code: Figures(
            _text(row.plan_year_hours),
            _text(row.realised_hours),
            _text(row.realised_amount),
            {
                kind: _text(sum((k.realised_hours for k in row.by_task_kind if k.key == kind), 0))
                for kind in TASK_KINDS
            },
        )
        for row in rows
    }
    entries = connection.cursor().execute("SELECT COUNT(*) FROM hours_hourentry").fetchone()[0]

    with tempfile.TemporaryDirectory() as directory:
        paths = export_parquet(Path(settings.DATABASES["default"]["NAME"]), Path(directory), year)
        query = duckdb_query(paths, code=None if scope == REGION else scope)
        duck = duckdb.connect()
        parameters = [year, period.start, period.end]
        duck_seconds = _median_seconds(
            lambda: duck.execute(query, parameters).fetchall(), REALISATION_TIMINGS
        )
        duck_rows = duck.execute(query, parameters).fetchall()
        duck.close()
    duck_figures = {
        code: Figures(
            _text(plan),
            _text(hours),
            _text(amount),
            dict(zip(TASK_KINDS, map(_text, kinds), strict=True)),
        )
        for code, plan, hours, amount, *kinds in duck_rows
    }
    if grip_figures != duck_figures:
        differences = [
            f"{code}: grip {grip_figures.get(code)} duckdb {duck_figures.get(code)}"
            for code in sorted(set(grip_figures) | set(duck_figures))
            if grip_figures.get(code) != duck_figures.get(code)
        ]
        raise RuntimeError("Grip and DuckDB differ:\n" + "\n".join(differences[:10]))
    ratio = seconds / duck_seconds
    return {
        "measured": measured,
        "seconds": seconds,
        "queries": len(captured),
        "extra": {
            "entries": entries,
            "participants": len(grip_figures),
            "realised_hours": _text(sum(float(f.realised_hours) for f in grip_figures.values())),
            "duckdb_seconds": round(duck_seconds, 4),
            "ratio_to_duckdb": round(ratio, 2),
            "goal": f"< {REALISATION_GOAL_SECONDS:g} s and <= {REALISATION_GOAL_RATIO:g}x DuckDB",
            "goal_met": seconds < REALISATION_GOAL_SECONDS and ratio <= REALISATION_GOAL_RATIO,
            "figures_equal": True,
        },
    }


# --- import throughput (issue 4) ---------------------------------------------------------------

IMPORT_ROWS = 400_000
IMPORT_GOAL_ROWS_PER_SECOND = 50_000


def import_measurement(scale: str) -> Callable[[], Measurement]:
    """`import_hours_file` of a CSV of IMPORT_ROWS rows made from the demo's own entries,
    into the same database emptied of entries, sheets and closed months."""

    def run() -> Measurement:
        return _probe_after_demo("--probe-import", str(IMPORT_ROWS), scale=scale)

    return run


def import_rows(entries: list[tuple[str, str, str, str]], wanted: int) -> list[list[str]]:
    """The time system's rows (bronsleutel, personeelsnummer, datum, uren, boekingscode,
    toelichting) for the entries (employee number, date, hours, code); entries are split in
    two (same day, same total) until there are ``wanted`` rows. Keys are unique."""
    from decimal import Decimal

    quarter = Decimal("0.25")
    rows: list[list[str]] = []
    missing = max(0, wanted - len(entries))
    for number, employee, day, hours_text, code in (
        (index, *entry) for index, entry in enumerate(entries)
    ):
        hours = Decimal(hours_text)
        if missing and hours >= 2 * quarter:
            half = (hours / 2 / quarter).to_integral_value() * quarter
            rows.append([f"TS-{number}-a", employee, day, str(half), code, ""])
            rows.append([f"TS-{number}-b", employee, day, str(hours - half), code, ""])
            missing -= 1
        else:
            rows.append([f"TS-{number}", employee, day, str(hours), code, ""])
    return rows[:wanted] if len(rows) > wanted else rows


def probe_import(wanted: int) -> dict[str, Any]:
    """Inside the benchmark's process: dump the demo's entries as a time system's CSV, empty
    the hours (entries, sheets, closings), import the file and time it."""
    import csv

    import django

    django.setup()
    from django.db import connection, transaction

    from grip.hours.imports import COLUMNS, import_hours_file
    from grip.hours.models import HourEntry, MonthClosing, WeekSheet

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT m.employee_number, e.date, CAST(e.hours AS TEXT), t.code "
            "FROM hours_hourentry e JOIN organisation_employee m ON m.id = e.employee_id "
            "JOIN hours_bookingtarget t ON t.id = e.target_id ORDER BY e.date, e.id"
        )
        entries = [(str(a), str(b), str(c), str(d)) for a, b, c, d in cursor.fetchall()]
    rows = import_rows(entries, wanted)
    with transaction.atomic():
        HourEntry.objects.filter(corrects__isnull=False).update(corrects=None)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM hours_hourentry")
        WeekSheet.objects.all().delete()
        MonthClosing.objects.all().delete()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "uren.csv"
        with path.open("w", newline="") as stream:
            writer = csv.writer(stream, delimiter=";")
            writer.writerow(COLUMNS)
            writer.writerows(rows)
        started = time.perf_counter()
        record = import_hours_file(actor=None, path_or_bytes=path)
        seconds = time.perf_counter() - started
    if record.created != len(rows) or HourEntry.objects.count() != len(rows):
        raise RuntimeError(f"Imported {record.created} of {len(rows)} rows.")
    rate = len(rows) / seconds
    return {
        "measured": f"hours.imports.import_hours_file, CSV of {len(rows)} rows",
        "seconds": seconds,
        "extra": {
            "rows": len(rows),
            "rows_per_second": round(rate),
            "goal": f">= {IMPORT_GOAL_ROWS_PER_SECOND} rows/s",
            "goal_met": rate >= IMPORT_GOAL_ROWS_PER_SECOND,
        },
    }


# --- the case list (issue 5) --------------------------------------------------------------------

CASE_LIST_USER = "bestuur"  # a demo log-in that sees every participant's cases
CASE_LIST_TIMINGS = 5  # runs timed after one warm-up; the median counts
CASE_LIST_PAGE = 25


def case_list_measurement(scale: str) -> Callable[[], Measurement]:
    """The case list of the demo's year of cases in a fresh process: the first page with the
    total and the traffic-light counts, then the overdue filter's first page and total."""

    def run() -> Measurement:
        return _probe_after_demo("--probe-case-list", scale=scale)

    return run


def probe_case_list() -> dict[str, Any]:
    """Inside the benchmark's process: as a staff user, the case list selector's first page,
    its total and ``case_counts_for``, then the same list filtered on overdue (first page and
    total). Both are timed together (median of CASE_LIST_TIMINGS after a warm-up) and apart."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from grip.cases import selectors

    user = get_user_model().objects.get(username=CASE_LIST_USER)
    figures: dict[str, int] = {}

    def first_page() -> None:
        cases = selectors.case_list_for(user=user)
        rows = list(cases[:CASE_LIST_PAGE])
        figures["cases"] = cases.count()
        figures["open"] = selectors.case_counts_for(user=user)["open"]
        figures["first_page_rows"] = len(rows)

    def overdue() -> None:
        cases = selectors.case_list_for(user=user, due=selectors.DueFilter.OVERDUE)
        rows = list(cases[:CASE_LIST_PAGE])
        figures["overdue"] = cases.count()
        figures["overdue_page_rows"] = len(rows)

    def both() -> None:
        first_page()
        overdue()

    seconds = _median_seconds(both, CASE_LIST_TIMINGS)
    first_seconds = _median_seconds(first_page, CASE_LIST_TIMINGS)
    overdue_seconds = _median_seconds(overdue, CASE_LIST_TIMINGS)
    with CaptureQueriesContext(connection) as captured:
        both()
    return {
        "measured": "cases.selectors.case_list_for: first page + count + case_counts_for, "
        "then due=verlopen: first page + count",
        "seconds": seconds,
        "queries": len(captured),
        "extra": {
            **figures,
            "first_page_seconds": round(first_seconds, 4),
            "overdue_seconds": round(overdue_seconds, 4),
        },
    }


# --- supervision and enforcement (issue 6) -----------------------------------------------------

ENFORCEMENT_STEP = "enforcement"
WORKLIST_TIMINGS = 5  # runs timed after one warm-up; the median counts
WORKLIST_ADVICES = 50  # open violations whose advice is computed with the work list


def enforcement_demo_measurement(scale: str) -> Callable[[], Measurement]:
    """The demo's enforcement step, timed inside a whole ``load_demo`` at ``scale`` (seed 1,
    the current year) in a fresh process on a fresh database: its own seconds and queries."""

    def run() -> Measurement:
        year = str(datetime.date.today().year)
        # The probe loads the demo itself, to count the enforcement step's queries.
        return _probe_after_demo("--probe-enforcement-demo", scale, year, scale=None)

    return run


def probe_enforcement_demo(scale: str, year: int) -> dict[str, Any]:
    """Inside the benchmark's process: load the demo with the enforcement step's queries
    counted (the step registered again, wrapped), then report its seconds and what it made."""
    import io

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from grip.core import demodata
    from grip.enforcement import demo, selectors
    from grip.enforcement.models import Inspection, Measure, Violation

    step = next(s for s in demodata.registered_steps() if s.name == ENFORCEMENT_STEP)
    counted = {"queries": 0}

    def counting(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        counted["queries"] += 1
        return execute(sql, params, many, context)

    def run(context: demodata.DemoContext) -> None:
        with connection.execute_wrapper(counting):
            step.run(context)

    demodata.demo_step(name=step.name, order=step.order, has_data=step.has_data, reset=step.reset)(
        run
    )
    result = demodata.load_demo(
        scale=scale, seed=1, year=year, progress=demodata.Progress(io.StringIO())
    )
    first, last = demo.window(year, timezone.localdate())
    user = get_user_model().objects.get(username=OVERVIEW_USER)
    figures = selectors.compliance_figures(user=user, start=first, end=last)
    return {
        "measured": f"enforcement step of load_demo({scale}, seed 1, {year})",
        "seconds": result.seconds_per_step[ENFORCEMENT_STEP],
        "queries": counted["queries"],
        "extra": {
            "demo_seconds": round(result.seconds, 2),
            "inspections": Inspection.objects.count(),
            "violations": Violation.objects.count(),
            "measures": Measure.objects.count(),
            "orders": Measure.objects.exclude(decision=None).count(),
            "first_compliance": round(figures.first_compliance_rate or 0.0, 3),
            "repair_rate": round(figures.repair_rate or 0.0, 3),
        },
    }


def worklist_measurement(scale: str) -> Callable[[], Measurement]:
    """The inspector's work list and the advice on open violations, demo at ``scale``."""

    def run() -> Measurement:
        return _probe_after_demo("--probe-worklist", scale=scale)

    return run


def probe_worklist() -> dict[str, Any]:
    """Inside the benchmark's process: as the inspector with the most planned inspections,
    ``worklist_for`` (its planned inspections, those still to record and the open count), then
    ``violation_advice`` (cell, proposal, recidivism, next step, ladder) for the first
    WORKLIST_ADVICES open violations of the service. Timed together and apart."""
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count, Q
    from django.test.utils import CaptureQueriesContext

    from grip.enforcement import selectors
    from grip.organisation.models import Employee

    inspector = (
        Employee.objects.filter(function__code="toezichthouder", user__isnull=False)
        .annotate(planned=Count("inspections", filter=Q(inspections__status="gepland")))
        .order_by("-planned", "employee_number")
        .select_related("user")
        .first()
    )
    if inspector is None or inspector.user is None:
        raise RuntimeError("The demo has no inspector with a log-in.")
    user = inspector.user
    open_ids = list(
        selectors.violation_list_for(user=user, open_only=True)
        .order_by("observed_on", "id")
        .values_list("pk", flat=True)[:WORKLIST_ADVICES]
    )
    figures: dict[str, int] = {}

    def worklist() -> None:
        found = selectors.worklist_for(user=user, inspector_id=inspector.pk)
        figures["planned"] = len(found.inspections)
        figures["to_record"] = len(found.to_record)
        figures["open_violations"] = found.open_violations

    def advices() -> None:
        violations = selectors.violation_list_for(user=user).filter(pk__in=open_ids)
        given = 0
        for violation in violations:
            selectors.violation_advice(violation)
            given += 1
        figures["advices"] = given

    def both() -> None:
        worklist()
        advices()

    seconds = _median_seconds(both, WORKLIST_TIMINGS)
    worklist_seconds = _median_seconds(worklist, WORKLIST_TIMINGS)
    advice_seconds = _median_seconds(advices, WORKLIST_TIMINGS)
    with CaptureQueriesContext(connection) as captured:
        both()
    return {
        "measured": "enforcement.selectors.worklist_for (busiest inspector) + violation_advice "
        f"for {len(open_ids)} open violations",
        "seconds": seconds,
        "queries": len(captured),
        "extra": {
            **figures,
            "worklist_seconds": round(worklist_seconds, 4),
            "advice_seconds": round(advice_seconds, 4),
        },
    }


# --- the board reports (issue 7) ----------------------------------------------------------------

REPORT_TIMINGS = 5  # runs timed after one warm-up, for Grip and for DuckDB; medians count
REPORT_GOAL_SECONDS = 1.0
REPORT_GOAL_RATIO = 3.0
PDF_TIMINGS = 3  # renderings timed after one warm-up, per report; the median counts
PDF_GOAL_SECONDS = 3.0
PDF_PARTICIPANT = "GM0772"  # Eindhoven: the largest participant report
REPORT_KEEPER = "kis"  # a demo log-in that may freeze a quarter and publish any report


def quarter_end(year: int, quarter: int) -> datetime.date:
    month, day = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}[quarter]
    return datetime.date(year, month, day)


def latest_ended_quarter(year: int, today: datetime.date) -> int | None:
    """The last quarter of ``year`` whose last day lies before ``today`` (as a freeze needs)."""
    ended = [quarter for quarter in range(1, 5) if quarter_end(year, quarter) < today]
    return ended[-1] if ended else None


def report_data_measurement(scale: str) -> Callable[[], Measurement]:
    """The data of the regional report (every indicator and report section of every
    participant, year to the end of the latest ended quarter) in a fresh process, against one
    hand-written DuckDB query over the same data exported to Parquet."""

    def run() -> Measurement:
        year = str(datetime.date.today().year)
        return _probe_after_demo("--probe-report-data", year, scale=scale)

    return run


def report_pdf_measurement(scale: str) -> Callable[[], Measurement]:
    """PDF rendering of a participant's report and of the regional one, from a quarter frozen
    in the benchmark's own database."""

    def run() -> Measurement:
        year = str(datetime.date.today().year)
        return _probe_after_demo("--probe-report-pdf", year, scale=scale, collect_static=True)

    return run


def export_report_parquet(database: Path, directory: Path, year: int) -> dict[str, Path]:
    """The realisation's tables (:func:`export_parquet`) and those of cases, supervision and
    enforcement and the ordered quantities, to Parquet."""
    paths = export_parquet(database, directory, year)
    tables: Tables = {
        "cases": (
            "SELECT id, participant_id, case_type_id, regime, received_on, decided_on, closed_on, "
            "due_on, notice_of_default_on FROM cases_case",
            {
                "id": "BIGINT",
                "participant_id": "BIGINT",
                "case_type_id": "BIGINT",
                "regime": "VARCHAR",
                "received_on": "DATE",
                "decided_on": "DATE",
                "closed_on": "DATE",
                "due_on": "DATE",
                "notice_of_default_on": "DATE",
            },
        ),
        "case_types": (
            "SELECT id, code, name, statutory, cim_object, plichttype, procedure, product_code "
            "FROM cases_casetype",
            {
                "id": "BIGINT",
                "code": "VARCHAR",
                "name": "VARCHAR",
                "statutory": "INTEGER",
                "cim_object": "VARCHAR",
                "plichttype": "VARCHAR",
                "procedure": "VARCHAR",
                "product_code": "VARCHAR",
            },
        ),
        "penalty_scales": (
            "SELECT valid_from, grace_days FROM cases_penaltyscale",
            {"valid_from": "DATE", "grace_days": "INTEGER"},
        ),
        "inspections": (
            "SELECT id, participant_id, inspection_type, status, planned_on, performed_on, "
            "cause_violation_id FROM enforcement_inspection",
            {
                "id": "BIGINT",
                "participant_id": "BIGINT",
                "inspection_type": "VARCHAR",
                "status": "VARCHAR",
                "planned_on": "DATE",
                "performed_on": "DATE",
                "cause_violation_id": "BIGINT",
            },
        ),
        "findings": (
            "SELECT inspection_id, result FROM enforcement_finding",
            {"inspection_id": "BIGINT", "result": "VARCHAR"},
        ),
        "violations": (
            "SELECT id, participant_id, observed_on FROM enforcement_violation",
            {"id": "BIGINT", "participant_id": "BIGINT", "observed_on": "DATE"},
        ),
        "intentions": (
            "SELECT violation_id, sent_on FROM enforcement_intention",
            {"violation_id": "BIGINT", "sent_on": "DATE"},
        ),
        "measures": (
            "SELECT m.id, m.participant_id, i.name, m.imposed_on FROM enforcement_measure m "
            "JOIN enforcement_instrument i ON i.id = m.instrument_id",
            {
                "id": "BIGINT",
                "participant_id": "BIGINT",
                "instrument": "VARCHAR",
                "imposed_on": "DATE",
            },
        ),
        "appeals": (
            "SELECT measure_id, stage, decided_on, outcome FROM enforcement_appeal",
            {
                "measure_id": "BIGINT",
                "stage": "VARCHAR",
                "decided_on": "DATE",
                "outcome": "VARCHAR",
            },
        ),
        "ordered": (  # the quantities of the adopted versions' lines, per product code
            "SELECT p.participant_id, p.year, f.code, CAST(l.quantity AS TEXT) "
            "FROM programmes_programmeline l "
            "JOIN programmes_programmeversion v ON v.id = l.version_id "
            "JOIN programmes_programme p ON p.id = v.programme_id "
            "JOIN frameworks_product f ON f.id = l.product_id "
            "WHERE v.status = 'vastgesteld' AND p.participant_id IS NOT NULL",
            {
                "participant_id": "BIGINT",
                "year": "INTEGER",
                "code": "VARCHAR",
                "quantity": "DECIMAL(12,2)",
            },
        ),
    }
    return {**paths, **_export(database, directory, tables)}


def report_duckdb_query(paths: dict[str, Path]) -> str:
    """One query: per participant what the regional report shows, as Grip's indicators and
    sections compute it. $1 the year, $2/$3 the period (from 1 January to a quarter's end).

    Columns: code; decisions (total, within the term); complaints (total, within); permit
    decisions and those with a notice of default that went unanswered for two weeks; court
    rulings and those upheld; first inspections and those compliant; violations re-inspected
    and repaired at the first re-inspection; inspections planned, performed of those, performed;
    violations; notices of intent; realised hours, related-work hours, year plan, plan to date
    (the previous year's monthly hours as the profile, else working days), realised euros;
    the days from receipt to the end of the cases ended and their number (the lead time); then
    lists: hours by task kind, case flow per case type (received, ended, days, decided,
    within, open and overdue at the end), inspections by type, measures by instrument, products
    delivered against ordered; last the service's declarable and booked hours."""

    def parquet(name: str) -> str:
        return f"read_parquet('{paths[name]}')"

    # the names are our own files
    return f"""
        WITH
        types AS (SELECT * FROM {parquet("case_types")}),
        cases AS (
            SELECT c.*, COALESCE(c.decided_on, c.closed_on) AS ended, t.code AS type_code,
                   t.name AS type_name, COALESCE(t.product_code, '') AS product_code,
                   t.statutory, t.cim_object, t.plichttype, t.procedure
            FROM {parquet("cases")} c JOIN types t ON t.id = c.case_type_id
        ),
        grace AS (  -- Awb 4:17: the days after the notice of default, by the scale in force
            SELECT COALESCE(
                (SELECT grace_days FROM {parquet("penalty_scales")} WHERE valid_from <= $3
                 ORDER BY valid_from DESC LIMIT 1), 14) AS days
        ),
        decisions AS (
            SELECT participant_id, COUNT(*) AS total,
                   COUNT(*) FILTER (WHERE decided_on <= due_on) AS within
            FROM cases
            WHERE statutory = 1 AND decided_on BETWEEN $2 AND $3 AND due_on IS NOT NULL
            GROUP BY participant_id
        ),
        complaints AS (
            SELECT participant_id, COUNT(*) AS total,
                   COUNT(*) FILTER (WHERE ended <= due_on) AS within
            FROM cases
            WHERE cim_object = 'incident' AND ended BETWEEN $2 AND $3 AND due_on IS NOT NULL
            GROUP BY participant_id
        ),
        permits AS (
            SELECT participant_id, COUNT(*) AS total,
                   COUNT(*) FILTER (
                       WHERE notice_of_default_on > due_on
                         AND decided_on > notice_of_default_on + (SELECT days FROM grace) + 1
                         AND procedure IN ('regulier', 'uitgebreid', 'awb_4_13')
                         AND NOT (regime = 'wabo' AND procedure = 'regulier')
                   ) AS claims
            FROM cases
            WHERE cim_object = 'verzoek' AND plichttype = 'aanvraag_vergunning'
              AND decided_on BETWEEN $2 AND $3
            GROUP BY participant_id
        ),
        flow_rows AS (
            SELECT participant_id, type_code, type_name, product_code,
                   COUNT(*) FILTER (WHERE received_on BETWEEN $2 AND $3) AS received,
                   COUNT(*) FILTER (WHERE ended BETWEEN $2 AND $3) AS ended,
                   COALESCE(SUM(ended - received_on) FILTER (WHERE ended BETWEEN $2 AND $3), 0)
                       AS ended_days,
                   COUNT(*) FILTER (WHERE decided_on BETWEEN $2 AND $3) AS decided,
                   COUNT(*) FILTER (
                       WHERE decided_on BETWEEN $2 AND $3 AND decided_on <= due_on
                   ) AS within,
                   COUNT(*) FILTER (
                       WHERE received_on <= $3 AND (ended IS NULL OR ended > $3)
                   ) AS open_at_end,
                   COUNT(*) FILTER (
                       WHERE received_on <= $3 AND (ended IS NULL OR ended > $3) AND due_on < $3
                   ) AS overdue_at_end
            FROM cases
            WHERE received_on BETWEEN $2 AND $3 OR ended BETWEEN $2 AND $3
               OR (received_on <= $3 AND (ended IS NULL OR ended > $3))
            GROUP BY ALL
        ),
        flows AS (
            SELECT participant_id,
                   LIST(STRUCT_PACK(type_code, type_name, received, ended, ended_days, decided,
                                    within, open_at_end, overdue_at_end)
                        ORDER BY type_code) AS case_flow,
                   SUM(ended) AS ended, SUM(ended_days) AS ended_days
            FROM flow_rows GROUP BY participant_id
        ),
        delivered AS (
            SELECT participant_id, product_code AS code, SUM(ended) AS delivered
            FROM flow_rows WHERE product_code <> '' GROUP BY ALL
        ),
        ordered AS (
            SELECT participant_id, code, SUM(quantity) AS quantity
            FROM {parquet("ordered")} WHERE year = $1 GROUP BY ALL
        ),
        inspections AS (SELECT * FROM {parquet("inspections")}),
        not_met AS (
            SELECT DISTINCT inspection_id FROM {parquet("findings")} WHERE result = 'niet_akkoord'
        ),
        first_inspections AS (
            SELECT i.participant_id, COUNT(*) AS total,
                   COUNT(*) FILTER (WHERE n.inspection_id IS NULL) AS compliant
            FROM inspections i LEFT JOIN not_met n ON n.inspection_id = i.id
            WHERE i.status = 'uitgevoerd' AND i.performed_on BETWEEN $2 AND $3
              AND i.inspection_type <> 'hercontrole'
            GROUP BY i.participant_id
        ),
        violations AS (SELECT * FROM {parquet("violations")}),
        first_checks AS (
            SELECT v.participant_id, i.id AS inspection_id
            FROM inspections i JOIN violations v ON v.id = i.cause_violation_id
            WHERE i.status = 'uitgevoerd' AND v.observed_on BETWEEN $2 AND $3
            QUALIFY ROW_NUMBER() OVER (
                PARTITION BY i.cause_violation_id ORDER BY i.performed_on, i.id
            ) = 1
        ),
        rechecked AS (
            SELECT f.participant_id, COUNT(*) AS total,
                   COUNT(*) FILTER (WHERE n.inspection_id IS NULL) AS repaired
            FROM first_checks f LEFT JOIN not_met n ON n.inspection_id = f.inspection_id
            GROUP BY f.participant_id
        ),
        planned AS (
            SELECT participant_id, COUNT(*) AS planned,
                   COUNT(*) FILTER (WHERE status = 'uitgevoerd' AND performed_on <= $3) AS done
            FROM inspections WHERE planned_on BETWEEN $2 AND $3 GROUP BY participant_id
        ),
        performed AS (
            SELECT participant_id, SUM(n) AS performed,
                   LIST(STRUCT_PACK(inspection_type, n) ORDER BY inspection_type) AS by_type
            FROM (
                SELECT participant_id, inspection_type, COUNT(*) AS n FROM inspections
                WHERE status = 'uitgevoerd' AND performed_on BETWEEN $2 AND $3 GROUP BY ALL
            ) GROUP BY participant_id
        ),
        violation_counts AS (
            SELECT participant_id, COUNT(*) AS n FROM violations
            WHERE observed_on BETWEEN $2 AND $3 GROUP BY participant_id
        ),
        intentions AS (
            SELECT v.participant_id, COUNT(*) AS n
            FROM {parquet("intentions")} x JOIN violations v ON v.id = x.violation_id
            WHERE x.sent_on BETWEEN $2 AND $3 GROUP BY v.participant_id
        ),
        measures AS (SELECT * FROM {parquet("measures")}),
        measure_counts AS (
            SELECT participant_id, LIST(STRUCT_PACK(instrument, n) ORDER BY instrument) AS list
            FROM (
                SELECT participant_id, instrument, COUNT(*) AS n FROM measures
                WHERE imposed_on BETWEEN $2 AND $3 GROUP BY ALL
            ) GROUP BY participant_id
        ),
        court AS (
            SELECT m.participant_id, COUNT(*) AS rulings,
                   COUNT(*) FILTER (WHERE a.outcome = 'in_stand') AS upheld
            FROM {parquet("appeals")} a JOIN measures m ON m.id = a.measure_id
            WHERE a.stage IN ('beroep', 'hoger_beroep') AND a.decided_on BETWEEN $2 AND $3
            GROUP BY m.participant_id
        ),
        targets AS (
            SELECT t.id, t.participant_id,
                   CASE WHEN t.kind IN ('product', 'zaak') AND p.task_kind IS NOT NULL
                        THEN p.task_kind
                        WHEN t.kind = 'gerelateerd' THEN 'gerelateerd'
                        ELSE 'project' END AS bucket
            FROM {parquet("targets")} t
            LEFT JOIN {parquet("products")} p ON p.id = t.product_id
            WHERE t.participant_id IS NOT NULL AND (t.year = $1 OR t.year IS NULL)
        ),
        entries AS (SELECT * FROM {parquet("entries")}),
        realised_rows AS (
            SELECT t.participant_id, t.bucket, SUM(e.hours) AS hours
            FROM entries e JOIN targets t ON t.id = e.target_id
            WHERE e.date BETWEEN $2 AND $3
            GROUP BY ALL
        ),
        realised AS (
            SELECT participant_id, SUM(hours) AS hours,
                   SUM(hours) FILTER (WHERE bucket = 'gerelateerd') AS related,
                   LIST(STRUCT_PACK(bucket, hours) ORDER BY bucket) AS by_task_kind
            FROM realised_rows GROUP BY participant_id
        ),
        plan AS (
            SELECT participant_id, SUM(hours) AS hours
            FROM {parquet("plan")} WHERE year = $1 GROUP BY participant_id
        ),
        previous AS (  -- last year's hours per month: the seasonal profile
            SELECT t.participant_id, MONTH(e.date) AS month, GREATEST(SUM(e.hours), 0) AS hours
            FROM entries e JOIN {parquet("targets")} t ON t.id = e.target_id
            WHERE YEAR(e.date) = $1 - 1 AND t.participant_id IS NOT NULL
            GROUP BY ALL
        ),
        profile AS (
            SELECT participant_id,
                   SUM(hours) FILTER (WHERE month <= MONTH($3)) / NULLIF(SUM(hours), 0) AS share
            FROM previous GROUP BY participant_id
        ),
        working_days AS (  -- the even profile, for a participant without last year's hours
            SELECT COUNT(*) FILTER (WHERE d <= $3) / COUNT(*) AS share
            FROM (
                SELECT UNNEST(GENERATE_SERIES(MAKE_DATE($1, 1, 1), MAKE_DATE($1, 12, 31),
                                              INTERVAL 1 DAY))::DATE AS d
            ) WHERE ISODOW(d) <= 5
        ),
        declarable AS (
            SELECT SUM(e.hours) AS booked,
                   SUM(e.hours) FILTER (WHERE t.participant_id IS NOT NULL) AS declarable
            FROM entries e JOIN {parquet("targets")} t ON t.id = e.target_id
            WHERE e.date BETWEEN $2 AND $3
        ),
        tariff AS (SELECT amount FROM {parquet("tariffs")} WHERE year = $1),
        share AS (
            SELECT pa.id AS participant_id,
                   COALESCE(pr.share, (SELECT share FROM working_days)) AS share
            FROM {parquet("participants")} pa LEFT JOIN profile pr ON pr.participant_id = pa.id
        ),
        products AS (
            SELECT s.participant_id,
                   LIST(STRUCT_PACK(code := COALESCE(o.code, d.code),
                                    due := ROUND(COALESCE(o.quantity, 0) * s.share, 1),
                                    delivered := COALESCE(d.delivered, 0))
                        ORDER BY COALESCE(o.code, d.code)) AS list
            FROM ordered o
            FULL JOIN delivered d ON d.participant_id = o.participant_id AND d.code = o.code
            JOIN share s ON s.participant_id = COALESCE(o.participant_id, d.participant_id)
            GROUP BY s.participant_id
        )
        SELECT pa.code,
               COALESCE(dc.total, 0), COALESCE(dc.within, 0),
               COALESCE(cp.total, 0), COALESCE(cp.within, 0),
               COALESCE(pm.total, 0), COALESCE(pm.claims, 0),
               COALESCE(ct.rulings, 0), COALESCE(ct.upheld, 0),
               COALESCE(fi.total, 0), COALESCE(fi.compliant, 0),
               COALESCE(rc.total, 0), COALESCE(rc.repaired, 0),
               COALESCE(pl.planned, 0), COALESCE(pl.done, 0), COALESCE(pf.performed, 0),
               COALESCE(vc.n, 0), COALESCE(it.n, 0),
               COALESCE(r.hours, 0), COALESCE(r.related, 0), COALESCE(plan.hours, 0),
               ROUND(COALESCE(plan.hours, 0) * s.share, 2),
               ROUND(COALESCE(r.hours, 0) * (SELECT amount FROM tariff), 2),
               COALESCE(fl.ended_days, 0), COALESCE(fl.ended, 0),
               r.by_task_kind, fl.case_flow, pf.by_type, mc.list, pr.list,
               (SELECT declarable FROM declarable), (SELECT booked FROM declarable)
        FROM {parquet("participants")} pa
        JOIN share s ON s.participant_id = pa.id
        LEFT JOIN decisions dc ON dc.participant_id = pa.id
        LEFT JOIN complaints cp ON cp.participant_id = pa.id
        LEFT JOIN permits pm ON pm.participant_id = pa.id
        LEFT JOIN court ct ON ct.participant_id = pa.id
        LEFT JOIN first_inspections fi ON fi.participant_id = pa.id
        LEFT JOIN rechecked rc ON rc.participant_id = pa.id
        LEFT JOIN planned pl ON pl.participant_id = pa.id
        LEFT JOIN performed pf ON pf.participant_id = pa.id
        LEFT JOIN violation_counts vc ON vc.participant_id = pa.id
        LEFT JOIN intentions it ON it.participant_id = pa.id
        LEFT JOIN realised r ON r.participant_id = pa.id
        LEFT JOIN plan ON plan.participant_id = pa.id
        LEFT JOIN flows fl ON fl.participant_id = pa.id
        LEFT JOIN measure_counts mc ON mc.participant_id = pa.id
        LEFT JOIN products pr ON pr.participant_id = pa.id
        ORDER BY pa.code
    """  # noqa: S608


# The figures both sides must agree on: name -> (the query's column, where Grip has it: an
# indicator's numerator or denominator, or a report section's field). The lists (hours by task
# kind, case flow, inspections by type, measures, products) are computed, not compared.
HEADLINE: dict[str, tuple[int, str]] = {
    "decisions": (1, "beslissingen-binnen-termijn.denominator"),
    "decisions_within_term": (2, "beslissingen-binnen-termijn.numerator"),
    "complaints": (3, "klachten-binnen-termijn.denominator"),
    "complaints_within_term": (4, "klachten-binnen-termijn.numerator"),
    "permit_decisions": (5, "dwangsom-niet-tijdig.denominator"),
    "penalty_claims": (6, "dwangsom-niet-tijdig.numerator"),
    "court_rulings": (7, "handhaving-in-stand.denominator"),
    "court_upheld": (8, "handhaving-in-stand.numerator"),
    "first_inspections": (9, "naleving-eerste-controle.denominator"),
    "first_compliant": (10, "naleving-eerste-controle.numerator"),
    "reinspected_violations": (11, "herstel-bij-hercontrole.denominator"),
    "repaired_at_first_reinspection": (12, "herstel-bij-hercontrole.numerator"),
    "inspections_planned": (13, "enforcement.planned"),
    "performed_of_planned": (14, "enforcement.performed_of_planned"),
    "inspections_performed": (15, "enforcement.performed"),
    "violations": (16, "enforcement.violations"),
    "intentions": (17, "enforcement.intentions"),
    "realised_hours": (18, "realisatie-uren.numerator"),
    "related_hours": (19, "aandeel-gerelateerd-werk.numerator"),
    "plan_year_hours": (20, "realisation.plan_year_hours"),
    "planned_hours": (21, "realisatie-uren.denominator"),
    "realised_amount": (22, "realisation.realised_amount"),
    "lead_time_days": (23, "doorlooptijd.numerator"),
    "cases_ended": (24, "doorlooptijd.denominator"),
}


def _headline_from_grip(
    measured: dict[str, Any], sections: dict[Any, Any], participants: list[Any]
) -> dict[str, dict[str, str]]:
    """The headline figures of Grip's indicators and report sections, per participant code,
    as exact text."""

    def figure(where: str, pk: int) -> str:
        source, part = where.split(".")
        if source == "enforcement":
            value = getattr(sections[pk].enforcement, part)
        elif source == "realisation":
            value = getattr(sections[pk].realisation, part)
        else:
            value = getattr(measured[source][pk], part)
        return _text(value if value is not None else 0)

    return {
        p.code: {name: figure(where, p.pk) for name, (_column, where) in HEADLINE.items()}
        for p in participants
    }


def _headline_from_duckdb(rows: list[tuple[Any, ...]]) -> dict[str, dict[str, str]]:
    return {
        row[0]: {name: _text(row[column]) for name, (column, _where) in HEADLINE.items()}
        for row in rows
    }


def _compare(grip: dict[str, dict[str, str]], duck: dict[str, dict[str, str]]) -> None:
    if grip != duck:
        differences = [
            f"{code}: grip {grip.get(code)} duckdb {duck.get(code)}"
            for code in sorted(set(grip) | set(duck))
            if grip.get(code) != duck.get(code)
        ]
        raise RuntimeError("Grip and DuckDB differ:\n" + "\n".join(differences[:10]))


def probe_report_data(year: int) -> dict[str, Any]:
    """Inside the benchmark's process: time what a quarter freeze computes (every indicator and
    every report section, all participants and the region; nothing written), then the DuckDB
    query over a Parquet export of the same data; fail if the headline figures differ. Then
    freeze that quarter and time building the regional report (and one participant's) from
    it: what a reader waits for."""
    from decimal import Decimal

    import django

    django.setup()
    import duckdb
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from grip.kpis import registry
    from grip.participants.models import Participant
    from grip.reporting import building, services
    from grip.reporting.constants import ReportKind
    from grip.reporting.sections import section_data

    quarter = latest_ended_quarter(year, timezone.localdate())
    if quarter is None:
        raise RuntimeError(f"No quarter of {year} has ended yet.")
    start = datetime.date(year, 1, 1)
    end = quarter_end(year, quarter)
    participants = list(Participant.objects.order_by("kind", "name"))
    measured: dict[str, Any] = {}
    sections: dict[Any, Any] = {}

    def grip() -> None:
        context = registry.Context(participants=participants, start=start, end=end)
        measured.update(registry.measure_all(context))
        sections.update(section_data(context))

    seconds = _median_seconds(grip, REPORT_TIMINGS)
    with CaptureQueriesContext(connection) as captured:
        grip()
    grip_figures = _headline_from_grip(measured, sections, participants)

    with tempfile.TemporaryDirectory() as directory:
        paths = export_report_parquet(
            Path(settings.DATABASES["default"]["NAME"]), Path(directory), year
        )
        query = report_duckdb_query(paths)
        duck = duckdb.connect()
        parameters = [year, start, end]
        duck_seconds = _median_seconds(
            lambda: duck.execute(query, parameters).fetchall(), REPORT_TIMINGS
        )
        duck_rows = duck.execute(query, parameters).fetchall()
        duck.close()
    _compare(grip_figures, _headline_from_duckdb(duck_rows))

    keeper = get_user_model().objects.get(username=REPORT_KEEPER)
    started = time.perf_counter()
    snapshot = services.quarter_freeze(actor=keeper, year=year, quarter=quarter)
    freeze_seconds = time.perf_counter() - started
    eindhoven = Participant.objects.get(code=PDF_PARTICIPANT)

    def regional() -> None:
        building.build(snapshot=snapshot, kind=ReportKind.QUARTER, participant=None)

    def participant() -> None:
        building.build(snapshot=snapshot, kind=ReportKind.QUARTER, participant=eindhoven)

    build_seconds = _median_seconds(regional, REPORT_TIMINGS)
    build_participant_seconds = _median_seconds(participant, REPORT_TIMINGS)
    with CaptureQueriesContext(connection) as built:
        regional()
    ratio = seconds / duck_seconds
    totals = {
        name: str(sum(Decimal(figures[name]) for figures in grip_figures.values()))
        for name in ("decisions", "first_inspections", "court_rulings", "realised_hours")
    }
    return {
        "measured": f"kpis.registry.measure_all + reporting.sections.section_data, "
        f"{len(participants)} participants, {start} to {end} (Q{quarter} {year})",
        "seconds": seconds,
        "queries": len(captured),
        "extra": {
            "participants": len(participants),
            "headline_totals": totals,
            "report_duckdb_seconds": round(duck_seconds, 4),
            "report_ratio_to_duckdb": round(ratio, 2),
            "freeze_seconds": round(freeze_seconds, 3),
            "build_regional_seconds": round(build_seconds, 4),
            "build_regional_queries": len(built),
            "build_participant_seconds": round(build_participant_seconds, 4),
            "goal": f"< {REPORT_GOAL_SECONDS:g} s and <= {REPORT_GOAL_RATIO:g}x DuckDB",
            "goal_met": seconds < REPORT_GOAL_SECONDS and ratio <= REPORT_GOAL_RATIO,
            "figures_equal": f"{len(HEADLINE)} figures x {len(grip_figures)} participants",
        },
    }


def probe_report_pdf(year: int) -> dict[str, Any]:
    """Inside the benchmark's process: freeze the latest ended quarter, build Eindhoven's and
    the regional report's content from it, and time each PDF rendering (median of
    PDF_TIMINGS after a warm-up). The slower of the two is the benchmark's figure."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from grip.participants.models import Participant
    from grip.reporting import building, rendering, services
    from grip.reporting.constants import ReportKind

    quarter = latest_ended_quarter(year, timezone.localdate())
    if quarter is None:
        raise RuntimeError(f"No quarter of {year} has ended yet.")
    keeper = get_user_model().objects.get(username=REPORT_KEEPER)
    snapshot = services.quarter_freeze(actor=keeper, year=year, quarter=quarter)
    eindhoven = Participant.objects.get(code=PDF_PARTICIPANT)
    contents = {
        "participant": building.build(
            snapshot=snapshot, kind=ReportKind.QUARTER, participant=eindhoven
        ),
        "regional": building.build(snapshot=snapshot, kind=ReportKind.QUARTER, participant=None),
    }
    seconds: dict[str, float] = {}
    sizes: dict[str, int] = {}
    for name, content in contents.items():
        seconds[name] = _median_seconds(partial(rendering.render_pdf, content), PDF_TIMINGS)
        pdf = rendering.render_pdf(content)
        if not pdf.startswith(b"%PDF"):
            raise RuntimeError(f"The {name} report did not render as a PDF.")
        sizes[name] = len(pdf)
    slowest = max(seconds.values())
    return {
        "measured": f"reporting.rendering.render_pdf, Q{quarter} {year}: {PDF_PARTICIPANT} "
        "and the regional report",
        "seconds": slowest,
        "extra": {
            "pdf_participant_seconds": round(seconds["participant"], 3),
            "pdf_regional_seconds": round(seconds["regional"], 3),
            "pdf_participant_bytes": sizes["participant"],
            "pdf_regional_bytes": sizes["regional"],
            "pdf_goal": f"< {PDF_GOAL_SECONDS:g} s per report",
            "pdf_goal_met": slowest < PDF_GOAL_SECONDS,
        },
    }


# --- the risk-based inspection programme (issue 8) ----------------------------------------------

PLANNING_USER = "programmamanager"  # the demo's programme manager plans
PLANNING_GOAL_GAP = 0.001  # within 0.1 % of optimal ...
PLANNING_GOAL_SECONDS = 10.0  # ... in under 10 s of solving, at odzob scale
PLANNING_GOAL = "gap <= 0.1 % and solve < 10 s"
SOLVER_SITES = 35_000  # a synthetic instance the size of the odzob demo
SOLVER_PARTICIPANTS = 22
SOLVER_SEED = 1
NATIONAL_SERVICES = 29  # the Dutch environment services
NATIONAL_SITES_EACH = 35_000
NATIONAL_SITES = 300_000  # one instance for the whole country
NATIONAL_PARTICIPANTS = 200
NATIONAL_TIME_LIMIT = 300.0


def _probe(*probe: str) -> Measurement:
    """Run this module with the ``probe`` arguments in a fresh process without a database (a
    pure computation); the probe prints its figures as JSON on its last line."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("GRIP_")}
    result = subprocess.run(  # noqa: S603 - this module, with fixed arguments
        [sys.executable, "-m", "grip.bench", *probe],
        check=False,
        env=environment,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"The probe {' '.join(probe)} failed:\n{result.stderr[-3000:]}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return Measurement(
        figures["seconds"], figures.get("queries"), figures["measured"], figures.get("extra")
    )


def _gain_percent(objective: float, greedy: float | None) -> float | None:
    """How much more risk the optimum covers than greedy, in % of greedy's (None: greedy
    found no programme that meets the themes)."""
    if greedy is None or greedy <= 0:
        return None
    return round((objective - greedy) / greedy * 100, 3)


def _with_mandatory(mandatory_value: float, value: float | None) -> float | None:
    """A solver's figure with the mandatory inspections' risk, as a programme reports it."""
    return None if value is None else round(mandatory_value + value, 3)


def planning_measurement(scale: str) -> Callable[[], Measurement]:
    """After the demo at ``scale``: a new risk assessment and next year's programme for all
    participants, solved through the services, in a fresh process."""

    def run() -> Measurement:
        return _probe_after_demo("--probe-planning", scale=scale)

    return run


def probe_planning() -> dict[str, Any]:
    """Inside the benchmark's process: as the programme manager, time ``assessment_run`` (every
    site, as of today) and then ``run_plan`` of a new programme for next year with the themes
    of the latest programme (the demo's); the task that ``plan_create`` would queue is not
    queued, the probe runs it. Then the programme's workbook is timed too."""
    from unittest import mock

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from grip.planning import excel, selectors, services

    planner = get_user_model().objects.get(username=PLANNING_USER)
    today = timezone.localdate()
    latest = selectors.plan_list().filter(based_on__isnull=True).first()
    themes = [(t.kind, t.key, t.minimum) for t in latest.themes.all()] if latest else []

    started = time.perf_counter()
    assessment = services.assessment_run(actor=planner, as_of=today)
    assessment_seconds = time.perf_counter() - started
    with mock.patch.object(services, "_enqueue"):  # the probe runs the task itself
        plan = services.plan_create(
            actor=planner,
            year=today.year + 1,
            assessment=assessment,
            title="Benchmark",
            themes=themes,
            time_limit=PLANNING_GOAL_SECONDS,
            gap_target=PLANNING_GOAL_GAP,
        )
    plan.refresh_from_db()
    if plan.status != "wachtrij":  # the task ran already: run_plan would do nothing
        raise RuntimeError(f"The new programme is {plan.status}, not queued.")
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        plan = services.run_plan(plan.pk)
        seconds = time.perf_counter() - started
    started = time.perf_counter()
    workbook = excel.plan_workbook(plan=plan, user=planner)
    workbook_seconds = time.perf_counter() - started

    figures = plan.statistics
    solve_seconds = plan.solve_seconds or 0.0
    met = (
        plan.status == "optimaal"
        and plan.gap is not None
        and plan.gap <= PLANNING_GOAL_GAP
        and solve_seconds < PLANNING_GOAL_SECONDS
    )
    objective, greedy = plan.objective or 0.0, plan.greedy_objective
    return {
        "measured": f"planning.services.run_plan: programme {plan.year}, all participants "
        f"({assessment.site_count} sites assessed as of {today})",
        "seconds": seconds,
        "queries": len(captured),
        "extra": {
            "planning_assessment_seconds": round(assessment_seconds, 3),
            "status": plan.status,
            "sites": figures.get("sites"),
            "options": figures.get("options"),
            "fixed": figures.get("fixed"),
            "free": figures.get("free"),
            "build_seconds": figures.get("build_seconds"),
            "solve_seconds": solve_seconds,
            "greedy_seconds": figures.get("greedy_seconds"),
            "lp_seconds": figures.get("lp_seconds"),
            "mip_seconds": figures.get("mip_seconds"),
            "write_seconds": figures.get("write_seconds"),
            "gap": plan.gap,
            "objective": round(objective, 3),
            "bound": round(plan.bound or 0.0, 3),
            "greedy_objective": None if greedy is None else round(greedy, 3),
            "gain_percent": _gain_percent(objective, greedy),
            "themes": len(themes),
            "xlsx_seconds": round(workbook_seconds, 3),
            "xlsx_bytes": len(workbook),
            "goal": PLANNING_GOAL,
            "goal_met": met,
        },
    }


def planning_solver_measurement() -> Measurement:
    return _probe("--probe-planning-solver", str(SOLVER_SITES), str(SOLVER_PARTICIPANTS))


def probe_planning_solver(sites: int, participants: int) -> dict[str, Any]:
    """Inside the benchmark's process: the synthetic instance of ``sites`` sites (seed
    SOLVER_SEED, with a theme) solved as a programme is, within the goal's time and gap."""
    from grip.planning import optimiser, synthetic

    made = synthetic.instance(sites, participants=participants, seed=SOLVER_SEED, theme=True)
    started = time.perf_counter()
    solution = optimiser.solve(
        made.problem, time_limit=PLANNING_GOAL_SECONDS, gap_target=PLANNING_GOAL_GAP
    )
    seconds = time.perf_counter() - started
    # The optimum and greedy with the mandatory inspections, as a programme reports them.
    objective = made.mandatory_value + solution.objective
    greedy = _with_mandatory(made.mandatory_value, solution.greedy_objective)
    met = (
        solution.status == "optimal"
        and solution.gap is not None
        and solution.gap <= PLANNING_GOAL_GAP
        and seconds < PLANNING_GOAL_SECONDS
    )
    return {
        "measured": f"planning.optimiser.solve: synthetic instance, {sites} sites, "
        f"{participants} participants (seed {SOLVER_SEED})",
        "seconds": seconds,
        "extra": {
            "solver_options": made.problem.size,
            "sites": sites,
            "mandatory_sites": made.mandatory_sites,
            "status": solution.status,
            "gap": solution.gap,
            "objective": round(objective, 3),
            "greedy_objective": greedy,
            "gain_percent": _gain_percent(objective, greedy),
            "lp_bound": round(made.mandatory_value + solution.lp_bound, 3),
            "statistics": solution.statistics,
            "goal": PLANNING_GOAL,
            "goal_met": met,
        },
    }


def planning_national_measurement() -> Measurement:
    return _probe(
        "--probe-planning-national",
        str(NATIONAL_SERVICES),
        str(NATIONAL_SITES_EACH),
        str(NATIONAL_SITES),
        str(NATIONAL_PARTICIPANTS),
        str(NATIONAL_TIME_LIMIT),
    )


def probe_planning_national(
    services: int, sites_each: int, sites: int, participants: int, time_limit: float
) -> dict[str, Any]:
    """Inside the benchmark's process, the national picture two ways: (a) ``services``
    independent services of ``sites_each`` sites, each solved as its own programme, one after
    the other (the benchmark's seconds: all of them); (b) one instance of ``sites`` sites over
    ``participants`` participants, solved within ``time_limit``: what it reached."""
    from grip.planning import optimiser, synthetic

    timings: list[float] = []
    gaps: list[float] = []
    statuses: list[str] = []
    options = 0
    for made in synthetic.services(services, sites_each, seed=SOLVER_SEED):
        started = time.perf_counter()
        solution = optimiser.solve(
            made.problem, time_limit=PLANNING_GOAL_SECONDS, gap_target=PLANNING_GOAL_GAP
        )
        timings.append(time.perf_counter() - started)
        gaps.append(solution.gap if solution.gap is not None else float("inf"))
        statuses.append(solution.status)
        options += made.problem.size

    whole = synthetic.instance(sites, participants=participants, seed=SOLVER_SEED, theme=True)
    started = time.perf_counter()
    solution = optimiser.solve(whole.problem, time_limit=time_limit, gap_target=PLANNING_GOAL_GAP)
    whole_seconds = time.perf_counter() - started
    objective = whole.mandatory_value + solution.objective
    greedy = _with_mandatory(whole.mandatory_value, solution.greedy_objective)
    return {
        "measured": f"planning.optimiser.solve: {services} services x {sites_each} sites one "
        f"after the other; then one instance of {sites} sites",
        "seconds": sum(timings),
        "extra": {
            "national_services": services,
            "sites_each": sites_each,
            "services_options": options,
            "services_max_seconds": round(max(timings), 3),
            "services_median_seconds": round(statistics.median(timings), 3),
            "services_worst_gap": max(gaps),
            "services_all_optimal": all(status == "optimal" for status in statuses),
            "services_goal_met": sum(
                status == "optimal" and gap <= PLANNING_GOAL_GAP and spent < PLANNING_GOAL_SECONDS
                for status, gap, spent in zip(statuses, gaps, timings, strict=True)
            ),
            "monolithic": {
                "sites": sites,
                "participants": participants,
                "options": whole.problem.size,
                "time_limit": time_limit,
                "status": solution.status,
                "seconds": round(whole_seconds, 3),
                "gap": solution.gap,
                "objective": round(objective, 3),
                "greedy_objective": greedy,
                "gain_percent": _gain_percent(objective, greedy),
                "statistics": solution.statistics,
            },
        },
    }


def _print_planning(row: dict[str, Any], indent: str) -> None:
    """The planning benchmarks' lines under their row of ``make bench``."""

    def met(value: bool) -> str:
        return "met" if value else "NOT met"

    def gap(value: float | None) -> str:
        return "-" if value is None else f"{value * 100:.3f} %"

    def gain(value: float | None) -> str:
        return "-" if value is None else f"{value:+.2f} %"

    def number(value: float | None) -> str:
        return "- (themes not met)" if value is None else f"{value:.1f}"

    if "planning_assessment_seconds" in row:
        print(
            f"{indent} assessment {row['planning_assessment_seconds']:.1f} s; run_plan: build "
            f"{row['build_seconds']:.1f} s, solve {row['solve_seconds']:.2f} s, write "
            f"{row['write_seconds']:.1f} s; {row['status']}, gap {gap(row['gap'])} "
            f"(goal {row['goal']}: {met(row['goal_met'])})"
        )
        print(
            f"{indent} {row['sites']} sites, {row['options']} options ({row['fixed']} fixed, "
            f"{row['free']} free); optimum {row['objective']:.1f} vs greedy "
            f"{number(row['greedy_objective'])} ({gain(row['gain_percent'])}); xlsx "
            f"{row['xlsx_seconds']:.1f} s"
        )
    if "solver_options" in row:
        figures = row["statistics"]
        print(
            f"{indent} {row['sites']} sites, {row['solver_options']} options "
            f"({figures.get('fixed')} fixed); {row['status']}, gap {gap(row['gap'])}, LP "
            f"{figures.get('lp_seconds', 0):.2f} s, MIP {figures.get('mip_seconds', 0):.2f} s "
            f"(goal {row['goal']}: {met(row['goal_met'])}); optimum vs greedy "
            f"{gain(row['gain_percent'])}"
        )
    if "national_services" in row:
        whole = row["monolithic"]
        figures = whole["statistics"]
        print(
            f"{indent} {row['national_services']} services x {row['sites_each']} sites: "
            f"{row['seconds']:.1f} s in all, slowest {row['services_max_seconds']:.2f} s, worst "
            f"gap {gap(row['services_worst_gap'])}, all optimal: "
            f"{'yes' if row['services_all_optimal'] else 'no'} "
            f"({row['services_goal_met']} within the odzob goal)"
        )
        print(
            f"{indent} one instance, {whole['sites']} sites, {whole['participants']} "
            f"participants, {whole['options']} options: {whole['status']} after "
            f"{whole['seconds']:.1f} s (limit {whole['time_limit']:g} s; LP "
            f"{figures.get('lp_seconds', 0):.1f} s, MIP {figures.get('mip_seconds', 0):.1f} s), "
            f"gap {gap(whole['gap'])}, optimum vs greedy {gain(whole['gain_percent'])}"
        )


# --- the account manager's cockpit (issue 9) -----------------------------------------------------

COCKPIT_TIMINGS = 5  # cockpits timed after one warm-up; the median counts


def cockpit_measurement(scale: str) -> Callable[[], Measurement]:
    """The cockpit of the demo's busiest account manager, demo at ``scale``."""

    def run() -> Measurement:
        return _probe_after_demo("--probe-cockpit", scale=scale)

    return run


def probe_cockpit() -> dict[str, Any]:
    """Inside the benchmark's process: ``cockpit_for`` of the account manager with a log-in who
    manages the most participants (as account manager or deputy; ties by employee number),
    once cold (the first call of the process), then warm: the median of COCKPIT_TIMINGS."""
    from collections import Counter

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from grip.organisation.models import Employee
    from grip.participants.models import Participant
    from grip.reporting.cockpit import cockpit_for

    managed: Counter[int] = Counter()
    deputy: Counter[int] = Counter()
    for manager_id, deputy_id in Participant.objects.values_list(
        "account_manager_id", "deputy_account_manager_id"
    ):
        if manager_id is not None:
            managed[manager_id] += 1
        if deputy_id is not None and deputy_id != manager_id:
            managed[deputy_id] += 1
            deputy[deputy_id] += 1
    candidates = sorted(
        Employee.objects.filter(pk__in=managed, user__isnull=False).select_related("user"),
        key=lambda employee: (-managed[employee.pk], employee.employee_number),
    )
    busiest = candidates[0] if candidates else None
    user = busiest.user if busiest is not None else None
    if busiest is None or user is None:
        raise RuntimeError("The demo has no account manager with a log-in and participants.")
    figures: dict[str, int] = {}

    def cockpit() -> None:
        found = cockpit_for(user=user)
        figures["accounts"] = len(found)
        figures["warnings"] = sum(account.warnings for account in found)
        figures["needing_attention"] = sum(account.warnings > 0 for account in found)

    started = time.perf_counter()
    cockpit()
    cold = time.perf_counter() - started
    seconds = _median_seconds(cockpit, COCKPIT_TIMINGS)
    with CaptureQueriesContext(connection) as captured:
        cockpit()
    if figures["accounts"] != managed[busiest.pk]:
        raise RuntimeError(
            f"The cockpit shows {figures['accounts']} participants, not {managed[busiest.pk]}."
        )
    return {
        "measured": "reporting.cockpit.cockpit_for (busiest account manager, warm)",
        "seconds": seconds,
        "queries": len(captured),
        "extra": {
            **figures,
            "cockpit_participants": managed[busiest.pk],
            "as_deputy": deputy[busiest.pk],
            "cold_seconds": round(cold, 4),
        },
    }


# --- the data platform (issue 10) ---------------------------------------------------------------

ACCESS_LOG_APPENDS = 2_000  # lines appended, each in its own transaction as a page view does


def dataplatform_measurement(scale: str) -> Callable[[], Measurement]:
    """The daily quality run, access-log appends and verification, and the analytics export
    over the demo at ``scale``."""

    def run() -> Measurement:
        return _probe_after_demo("--probe-dataplatform", scale=scale)

    return run


def probe_dataplatform() -> dict[str, Any]:
    """Inside the benchmark's process: one scheduled run of every active check (the timed
    figure), then ACCESS_LOG_APPENDS appends to the hash chain, verifying the whole chain, and
    ``export_analytics`` of every table to Parquet and DuckDB."""
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from grip.dataplatform import accesslog, quality
    from grip.dataplatform.export import export_analytics
    from grip.dataplatform.models import AccessOutcome, Check

    checks = list(Check.objects.filter(active=True, scheduled=True).select_related("dataset"))
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        results = quality.run_checks(checks)
        seconds = time.perf_counter() - started
    errors = [result.check_rule.code for result in results if result.error]
    if errors:
        raise RuntimeError(f"Checks ended in an error: {', '.join(errors)}")

    started = time.perf_counter()
    for number in range(ACCESS_LOG_APPENDS):
        with transaction.atomic():
            accesslog.record(
                actor="bench",
                name="zaak.inzien",
                activity_code="vth-vergunningverlening",
                dataset="cases.case",
                object_pk=number,
                data_subject=f"case:{number}:person",
                outcome=AccessOutcome.SHOWN,
            )
    append_seconds = time.perf_counter() - started
    lines = accesslog.line_count()
    started = time.perf_counter()
    problems = accesslog.verify()
    verify_seconds = time.perf_counter() - started
    if problems:
        raise RuntimeError(f"The access log does not verify: {problems[:3]}")

    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        exported = export_analytics(Path(directory) / "analytics", actor="bench")
        export_seconds = time.perf_counter() - started
        rows = sum(file["rows"] for file in exported.files)
        size = sum(
            (Path(directory) / "analytics" / file["file"]).stat().st_size for file in exported.files
        )
    return {
        "measured": "dataplatform.quality.run_checks (every active scheduled check)",
        "seconds": seconds,
        "queries": len(captured),
        "extra": {
            "checks": len(checks),
            "checks_failing": sum(not result.passed for result in results),
            "rows_checked": sum(result.rows_checked for result in results),
            "access_log_append_ms": round(append_seconds / ACCESS_LOG_APPENDS * 1000, 3),
            "access_log_lines_verified": lines,
            "access_log_verify_seconds": round(verify_seconds, 3),
            "export_seconds": round(export_seconds, 3),
            "export_tables": len(exported.files),
            "export_rows": rows,
            "export_megabytes": round(size / 1_000_000, 1),
        },
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
    Benchmark(
        "realisation-odzob",
        "regional realisation, 22 participants, year to date, odzob scale, vs DuckDB/Parquet",
        realisation_measurement("odzob", REGION),
        ("odzob",),
    ),
    Benchmark(
        "realisation-national",
        f"realisation of one participant ({NATIONAL_PARTICIPANT}), national scale, vs DuckDB",
        realisation_measurement("national", NATIONAL_PARTICIPANT),
        ("national",),
    ),
    Benchmark(
        "case-list-odzob",
        "case list: first page with counts, and the overdue filter, demo cases at odzob scale",
        case_list_measurement("odzob"),
        ("odzob",),
    ),
    Benchmark(
        "enforcement-demo",
        "demo step 'enforcement' (inspections, violations, measures) in load_demo at odzob",
        enforcement_demo_measurement("odzob"),
        ("odzob",),
    ),
    Benchmark(
        "worklist-odzob",
        f"inspector's work list + advice for {WORKLIST_ADVICES} open violations, odzob demo",
        worklist_measurement("odzob"),
        ("odzob",),
    ),
    Benchmark(
        "regional-report-data-odzob",
        "data of the regional report (indicators + sections, 22 participants), odzob, vs DuckDB",
        report_data_measurement("odzob"),
        ("odzob",),
    ),
    Benchmark(
        "report-pdf-odzob",
        f"PDF rendering of a report ({PDF_PARTICIPANT} and the regional one), odzob demo",
        report_pdf_measurement("odzob"),
        ("odzob",),
    ),
    Benchmark(
        "hours-import",
        f"import_hours_file of a {IMPORT_ROWS}-row CSV (the odzob demo's entries)",
        import_measurement("odzob"),
        ("odzob",),
    ),
    Benchmark(
        "planning-odzob",
        "risk assessment + next year's inspection programme (run_plan), odzob demo",
        planning_measurement("odzob"),
        ("odzob",),
    ),
    Benchmark(
        "planning-solver-odzob",
        f"optimiser on a synthetic {SOLVER_SITES}-site instance, {SOLVER_PARTICIPANTS} "
        "participants, limit 10 s",
        planning_solver_measurement,
        ("odzob",),
    ),
    Benchmark(
        "planning-national",
        f"optimiser: {NATIONAL_SERVICES} services x {NATIONAL_SITES_EACH} sites in turn; one "
        f"{NATIONAL_SITES}-site instance",
        planning_national_measurement,
        ("national",),
    ),
    Benchmark(
        "cockpit-odzob",
        "account manager's cockpit (cockpit_for) of the busiest account manager, odzob demo",
        cockpit_measurement("odzob"),
        ("odzob",),
    ),
    Benchmark(
        "dataplatform-odzob",
        "daily quality run of every shipped check; access-log appends and verify; analytics "
        "export, odzob demo",
        dataplatform_measurement("odzob"),
        ("odzob",),
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
    parser.add_argument(
        "--only", nargs="+", metavar="NAME", help="run only these benchmarks (by name)"
    )
    parser.add_argument("--probe-overview", type=int, metavar="YEAR", help=argparse.SUPPRESS)
    parser.add_argument("--probe-realisation", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--probe-import", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--probe-case-list", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--probe-enforcement-demo", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--probe-worklist", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--probe-report-data", type=int, metavar="YEAR", help=argparse.SUPPRESS)
    parser.add_argument("--probe-report-pdf", type=int, metavar="YEAR", help=argparse.SUPPRESS)
    parser.add_argument("--probe-planning", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--probe-planning-solver", nargs=2, type=int, help=argparse.SUPPRESS)
    parser.add_argument("--probe-planning-national", nargs=5, help=argparse.SUPPRESS)
    parser.add_argument("--probe-cockpit", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--probe-dataplatform", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.probe_overview:  # the child process of an overview benchmark
        print(json.dumps(probe_overview(options.probe_overview)))
        return
    if options.probe_realisation:  # the child process of a realisation benchmark
        year, scope = options.probe_realisation
        print(json.dumps(probe_realisation(int(year), scope)))
        return
    if options.probe_import:  # the child process of the import benchmark
        print(json.dumps(probe_import(options.probe_import)))
        return
    if options.probe_case_list:  # the child process of the case-list benchmark
        print(json.dumps(probe_case_list()))
        return
    if options.probe_enforcement_demo:  # the child process of the enforcement demo benchmark
        scale, year = options.probe_enforcement_demo
        print(json.dumps(probe_enforcement_demo(scale, int(year))))
        return
    if options.probe_worklist:  # the child process of the work-list benchmark
        print(json.dumps(probe_worklist()))
        return
    if options.probe_report_data:  # the child process of the report data benchmark
        print(json.dumps(probe_report_data(options.probe_report_data)))
        return
    if options.probe_report_pdf:  # the child process of the PDF benchmark
        print(json.dumps(probe_report_pdf(options.probe_report_pdf)))
        return
    if options.probe_planning:  # the child process of the programme benchmark
        print(json.dumps(probe_planning()))
        return
    if options.probe_planning_solver:  # the child process of the solver benchmark
        print(json.dumps(probe_planning_solver(*options.probe_planning_solver)))
        return
    if options.probe_cockpit:  # the child process of the cockpit benchmark
        print(json.dumps(probe_cockpit()))
        return
    if options.probe_dataplatform:  # the child process of the data platform benchmark
        print(json.dumps(probe_dataplatform()))
        return
    if options.probe_planning_national:  # the child process of the national benchmark
        count, each, sites, participants, limit = options.probe_planning_national
        print(
            json.dumps(
                probe_planning_national(
                    int(count), int(each), int(sites), int(participants), float(limit)
                )
            )
        )
        return

    baseline = statistics.median(baseline_seconds() for _ in range(options.repeat))
    results: list[dict[str, Any]] = []
    for benchmark in BENCHMARKS:
        if options.scale != "all" and options.scale not in benchmark.scales:
            continue
        if options.only and benchmark.name not in options.only:
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
        median_run = min(measurements, key=lambda m: abs(m.seconds - seconds))
        if median_run.extra:
            result.update(median_run.extra)
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
    width = max([18, *(len(row["name"]) for row in results)])
    print(f"{'benchmark':<{width}} {'seconds':>9} {'x baseline':>11} {'queries':>8}  what")
    for row in results:
        name, seconds, ratio = row["name"], row["seconds"], row["ratio_to_baseline"]
        queries = str(row.get("queries", "-"))
        print(f"{name:<{width}} {seconds:>9.3f} {ratio:>11.2f} {queries:>8}  {row['description']}")
        if "ratio_to_duckdb" in row:
            met = "met" if row["goal_met"] else "NOT met"
            print(
                f"{'':<18} grip {seconds:.3f} s, duckdb {row['duckdb_seconds']:.4f} s, "
                f"ratio {row['ratio_to_duckdb']:.2f} (goal {row['goal']}: {met}); "
                f"{row['entries']} entries, figures equal"
            )
        if "overdue_seconds" in row:
            print(
                f"{'':<18} first page {row['first_page_seconds']:.4f} s, overdue "
                f"{row['overdue_seconds']:.4f} s; {row['cases']} cases, {row['overdue']} overdue"
            )
        if "first_compliance" in row:
            print(
                f"{'':<18} whole demo {row['demo_seconds']:.1f} s; {row['inspections']} "
                f"inspections, {row['violations']} violations, {row['orders']} orders; "
                f"compliant at first inspection {row['first_compliance']:.0%}, repaired at "
                f"first re-inspection {row['repair_rate']:.0%}"
            )
        if "advice_seconds" in row:
            print(
                f"{'':<18} work list {row['worklist_seconds']:.4f} s ({row['planned']} planned, "
                f"{row['to_record']} to record, {row['open_violations']} open); "
                f"{row['advices']} advices {row['advice_seconds']:.4f} s"
            )
        if "report_ratio_to_duckdb" in row:
            met = "met" if row["goal_met"] else "NOT met"
            print(
                f"{'':<18} grip {seconds:.3f} s, duckdb {row['report_duckdb_seconds']:.4f} s, "
                f"ratio {row['report_ratio_to_duckdb']:.2f} (goal {row['goal']}: {met}); "
                f"figures equal ({row['figures_equal']})"
            )
            print(
                f"{'':<18} freeze {row['freeze_seconds']:.2f} s; the report built from the "
                f"snapshot: regional {row['build_regional_seconds']:.3f} s, participant "
                f"{row['build_participant_seconds']:.3f} s"
            )
        if "pdf_goal" in row:
            met = "met" if row["pdf_goal_met"] else "NOT met"
            print(
                f"{'':<18} participant {row['pdf_participant_seconds']:.2f} s, regional "
                f"{row['pdf_regional_seconds']:.2f} s (goal {row['pdf_goal']}: {met})"
            )
        if "rows_per_second" in row:
            met = "met" if row["goal_met"] else "NOT met"
            print(
                f"{'':<18} {row['rows']} rows in {seconds:.2f} s = {row['rows_per_second']} "
                f"rows/s (goal {row['goal']}: {met})"
            )
        if "cockpit_participants" in row:
            print(
                f"{'':<18} {row['cockpit_participants']} participants ({row['as_deputy']} as "
                f"deputy), {row['needing_attention']} asking attention, {row['warnings']} "
                f"warnings; first call {row['cold_seconds']:.3f} s"
            )
        _print_planning(row, f"{'':<18}")
    print(f"report: {options.output}")


if __name__ == "__main__":  # pragma: no cover
    main()
