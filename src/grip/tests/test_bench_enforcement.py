"""The enforcement benchmarks' probes really time the demo step and the work list (no timing)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from grip import bench
from grip.core import demodata
from grip.enforcement import services
from grip.enforcement.models import Instrument


@pytest.mark.django_db
def test_the_worklist_probe_gives_the_advice_on_open_violations(enforcement):
    violation = enforcement.violation(position="2B")
    services.measure_impose(
        actor=enforcement.inspector,
        violations=[violation],
        instrument=Instrument.objects.get(code="waarschuwing"),
        imposed_on=violation.observed_on,
    )

    figures = bench.probe_worklist()

    assert figures["seconds"] > 0
    assert figures["queries"] >= 5
    assert figures["extra"]["planned"] == 1
    assert figures["extra"]["open_violations"] == 1
    assert figures["extra"]["advices"] == 1
    assert "worklist_for" in figures["measured"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_demo_probe_times_the_enforcement_step(monkeypatch):
    monkeypatch.setattr(demodata, "_steps", dict(demodata._steps))  # the probe wraps the step

    figures = bench.probe_enforcement_demo("small", timezone.localdate().year)

    assert figures["seconds"] > 0
    assert figures["queries"] > 100
    assert figures["extra"]["inspections"] >= 100
    assert 0.5 <= figures["extra"]["first_compliance"] <= 0.7
    assert figures["extra"]["demo_seconds"] >= figures["seconds"]
