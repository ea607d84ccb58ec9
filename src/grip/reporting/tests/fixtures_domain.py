"""A small world for the report's domain tests, counted by hand (first quarter of 2026).

Programmes and hours (``kpi_world.two_programmes``): Eindhoven plans 100 h (TH-01 10, VV-04 5,
AD-01 12, planning 8 h) and books 20 h in Q1 (TH-01 14, VV-04 4, planning 2); Asten plans
TH-01 5 (30 h) and books 15 h (TH-01 12, planning 3, which it did not plan). 64/261 of the
year is due in Q1; tariff EUR 101.65.

Cases (``kpi_world.lead_times``): Eindhoven permits of 1 Dec 2025 decided 10 Jan (in time,
40 days), of 5 Jan decided 3 Mar (late, 57 days) and of 2 Feb still open (due 30 Mar:
overdue); an environmental complaint of 2 Mar closed 10 Mar (8 days). Asten: a permit of
5 Jan decided 27 Feb (in time, 53 days).

Enforcement: Eindhoven on 2 March a compliant inspection (its case closes that day, 0 days)
and one with a violation (2B), warned on 3 March (its re-inspection planned 24 March, so
that case stays open); Asten a compliant inspection on 2 February (its case closes, 0 days).
"""

from __future__ import annotations

import datetime
from typing import Any

from grip.enforcement.tests.factories import EnforcementWorld
from grip.hours.tests.factories import HoursWorld
from grip.kpis.models import Snapshot
from grip.kpis.tests import kpi_world
from grip.reporting import services

D = datetime.date
AFTER = {1: D(2026, 4, 1), 2: D(2026, 7, 1), 3: D(2026, 10, 1), 4: D(2027, 1, 4)}


def report_world(hours: HoursWorld, enforcement: EnforcementWorld) -> None:
    kpi_world.two_programmes(hours, enforcement.cases.asten)
    kpi_world.lead_times(enforcement.cases)
    enforcement.performed()
    enforcement.warn(enforcement.violation(position="2B"))
    enforcement.performed(site=enforcement.asten_site, performed_on=D(2026, 2, 2))


def freeze(actor: Any, quarter: int = 1, year: int = 2026) -> Snapshot:
    """Freeze a quarter with its report figures, the day after it ended."""
    return services.quarter_freeze(actor=actor, year=year, quarter=quarter, today=AFTER[quarter])


def fake_pdf(content: Any) -> bytes:
    return f"%PDF-1.7 fake {content.title}".encode()


def fake_xlsx(content: Any) -> bytes:
    return f"PK fake workbook {content.title}".encode()
