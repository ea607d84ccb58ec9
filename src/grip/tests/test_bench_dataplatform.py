"""The data platform benchmark's probe runs every shipped check, appends to the access log and
verifies it, and exports the analytics tables (no timing asserted)."""

from __future__ import annotations

import pytest

from grip import bench
from grip.dataplatform.models import AccessLogLine, Check, CheckResult


@pytest.mark.django_db
def test_the_probe_runs_the_checks_the_log_and_the_export(world, monkeypatch) -> None:
    monkeypatch.setattr(bench, "ACCESS_LOG_APPENDS", 5)
    scheduled = Check.objects.filter(active=True, scheduled=True).count()
    assert scheduled >= 15  # the shipped checks, synced after migrate

    figures = bench.probe_dataplatform()

    assert figures["seconds"] > 0
    assert "run_checks" in figures["measured"]
    extra = figures["extra"]
    assert extra["checks"] == scheduled
    assert CheckResult.objects.count() == scheduled
    assert extra["access_log_lines_verified"] == 5
    assert AccessLogLine.objects.count() > 5  # the export logged what personal data it took
    assert extra["export_tables"] > 50
    assert extra["export_rows"] > 0


def test_the_dataplatform_benchmark_is_in_the_table() -> None:
    names = {benchmark.name: benchmark for benchmark in bench.BENCHMARKS}
    assert names["dataplatform-odzob"].scales == ("odzob",)
