"""The demo's board reports: every ended quarter frozen but the latest, and published half-year
reports with their files and the account managers' notable items.

The demo is loaded once for the class at scale small for a past year (2025), so that every
quarter has ended whatever the day the tests run: Q1-Q3 are frozen and Q4 is left for the
walkthrough. Every test reads it in its own savepoint.
"""

from __future__ import annotations

import datetime
import hashlib
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.test import TestCase
from django.utils import timezone

from grip.core.demodata import Progress, load_demo, registered_steps
from grip.kpis.constants import SnapshotKind
from grip.kpis.models import Snapshot, SnapshotValue, Target
from grip.participants.models import Participant
from grip.reporting import demo, services
from grip.reporting.constants import FileFormat, ReportKind, ReportStatus
from grip.reporting.models import FrozenSection, Report

YEAR = 2025
SEED = 4


@pytest.mark.parametrize(
    ("year", "today", "frozen"),
    [
        (2026, datetime.date(2026, 11, 29), [1, 2]),  # Q3 ended: left for the walkthrough
        (2026, datetime.date(2026, 10, 1), [1, 2]),
        (2026, datetime.date(2026, 9, 30), [1]),  # Q3's last day: not ended yet
        (2026, datetime.date(2026, 4, 1), []),  # Q1 just ended: it is the latest
        (2026, datetime.date(2026, 3, 31), []),
        (2025, datetime.date(2026, 11, 29), [1, 2, 3]),  # a past year: all but Q4
        (2027, datetime.date(2026, 11, 29), []),
    ],
)
def test_every_ended_quarter_is_frozen_except_the_latest(year, today, frozen):
    assert demo.quarters_to_freeze(year, today) == frozen


class DemoReportingTest(TestCase):
    output: io.StringIO

    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = io.StringIO()
        load_demo(scale="small", seed=SEED, year=YEAR, progress=Progress(cls.output))

    def test_the_step_runs_after_the_kpis_and_prints_its_summary(self):
        names = [step.name for step in registered_steps()]
        assert names.index("kpis") < names.index("reporting")
        step = next(step for step in registered_steps() if step.name == "reporting")
        assert step.order == 80
        assert step.has_data()
        # three quarters and, at scale small, Eindhoven's report
        assert "Kwartalen en rapportages: 4 in " in self.output.getvalue()

    def test_q1_to_q3_frozen_with_their_sections_and_q4_left(self):
        quarters = Snapshot.objects.filter(kind=SnapshotKind.QUARTER, year=YEAR)
        assert sorted(quarters.values_list("quarter", flat=True)) == [1, 2, 3]
        sections = dict(
            FrozenSection.objects.values_list("snapshot__quarter").annotate(n=Count("id"))
        )
        assert sections == {q: Participant.objects.count() + 1 for q in (1, 2, 3)}
        for snapshot in quarters:
            assert snapshot.frozen_by.username == "kis"
            assert (snapshot.start, snapshot.end) == (
                datetime.date(YEAR, 1, 1),
                datetime.date(YEAR, 3 * snapshot.quarter + 1, 1) - datetime.timedelta(days=1)
                if snapshot.quarter < 4
                else datetime.date(YEAR, 12, 31),
            )
            assert timezone.localtime(
                snapshot.frozen_at
            ).date() == snapshot.end + datetime.timedelta(days=demo.FROZEN_DAYS_AFTER)
        # the walkthrough: an account manager freezes the latest quarter
        manager = get_user_model().objects.get(username="accountmanager")
        q4 = services.quarter_freeze(actor=manager, year=YEAR, quarter=4)
        assert q4.values.filter(participant=None, indicator_code="realisatie-uren").exists()

    def test_half_year_reports_published_by_their_account_managers_and_kis(self):
        assert list(Report.objects.values_list("participant__code", flat=True)) == ["GM0772"]
        # as at scale odzob: Asten's and the regional one besides
        q2 = Snapshot.objects.get(kind=SnapshotKind.QUARTER, year=YEAR, quarter=2)
        kis = get_user_model().objects.get(username="kis")
        made = list(demo.publish_half_year(q2, kis, ("GM0743", demo.REGION)))
        assert [report.participant_id for report in made] == [
            Participant.objects.get(code="GM0743").pk,
            None,
        ]
        reports = Report.objects.select_related(
            "participant__account_manager__user", "published_by", "snapshot"
        )
        assert reports.count() == 3
        published = timezone.make_aware(datetime.datetime(YEAR, 9, 2, 15))
        for report in reports:
            assert report.kind == ReportKind.HALF_YEAR
            assert report.status == ReportStatus.PUBLISHED
            assert report.snapshot.quarter == 2
            assert report.published_at == published
            keeper = report.participant.account_manager.user if report.participant else None
            assert report.published_by.username == (keeper.username if keeper else "kis")
            assert report.content["participant_id"] == (
                report.participant.pk if report.participant else None
            )
            files = {file.format: file for file in report.files.all()}
            assert set(files) == {FileFormat.PDF, FileFormat.XLSX}
            pdf = bytes(files[FileFormat.PDF].content)
            assert pdf.startswith(b"%PDF")
            assert files[FileFormat.PDF].sha256 == hashlib.sha256(pdf).hexdigest()
            assert files[FileFormat.PDF].size == len(pdf)
            assert report.content["notable_items"] == report.notable_items

    def test_notable_items_follow_the_frozen_figures(self):
        eindhoven = Report.objects.get(participant__code="GM0772")
        frozen = SnapshotValue.objects.get(
            snapshot=eindhoven.snapshot,
            participant=eindhoven.participant,
            indicator_code="realisatie-uren",
        )
        percent = f"{frozen.value:.1f}".replace(".", ",")
        assert eindhoven.notable_items.startswith(
            f"In het eerste halfjaar is {percent} % van de tot 30 juni {YEAR} geplande uren "
            "gerealiseerd."
        )
        # Eindhoven's amendment of 23 June and its own target of 95 % are named
        assert f"Op 23 juni {YEAR} is het werkprogramma gewijzigd (B&W-besluit {YEAR}/412)." in (
            eindhoven.notable_items
        )
        assert "95,0 %" in eindhoven.notable_items
        assert demo.LOCAL_NOTES["GM0772"] in eindhoven.notable_items
        region_values = {
            v.indicator_code: v
            for v in SnapshotValue.objects.filter(snapshot=eindhoven.snapshot, participant=None)
        }
        region = demo.notable_items(None, region_values, {}, eindhoven.snapshot)
        court = region_values["handhaving-in-stand"]
        assert (
            f"De rechter deed {court.denominator:.0f} uitspraken over handhavingsbesluiten; "
            f"{court.numerator:.0f} daarvan bleven geheel in stand." in region
        )
        assert region.endswith(
            "De nulmeting over het eerste kwartaal is het vertrekpunt van de trends in deze "
            "rapportage."
        )


@pytest.mark.django_db
def test_notable_items_weigh_decisions_against_the_agreed_target(eindhoven):
    snapshot = Snapshot(
        kind=SnapshotKind.QUARTER, year=2026, quarter=2, end=datetime.date(2026, 6, 30)
    )

    def value(code: str, figure: str, **details: object) -> SnapshotValue:
        return SnapshotValue(indicator_code=code, value=Decimal(figure), details=details)

    values = {
        "realisatie-uren": value("realisatie-uren", "93.4", forecast_warning=True),
        "beslissingen-binnen-termijn": value("beslissingen-binnen-termijn", "91.2"),
        "naleving-eerste-controle": value("naleving-eerste-controle", "58"),
        "herstel-bij-hercontrole": value("herstel-bij-hercontrole", "71.5"),
    }
    target = Target(indicator_code="beslissingen-binnen-termijn", year=2026, value=Decimal(95))
    text = demo.notable_items(eindhoven, values, {"beslissingen-binnen-termijn": target}, snapshot)
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == (
        "In het eerste halfjaar is 93,4 % van de tot 30 juni 2026 geplande uren gerealiseerd. "
        "De prognose voor het hele jaar wijkt af van het programma; bijsturing staat op de "
        "agenda van het ambtelijk overleg."
    )
    assert paragraphs[1].startswith(
        "91,2 % van de besluiten is binnen de wettelijke termijn genomen: onder de afspraak met "
        "de gemeente van 95,0 %."
    )
    assert paragraphs[2] == (
        "Bij de eerste controle leefde 58,0 % van de gecontroleerde bedrijven alle voorschriften "
        "na; van de overtredingen was 71,5 % bij de hercontrole hersteld."
    )
    assert paragraphs[3] == demo.LOCAL_NOTES["GM0772"]
    within = demo.notable_items(eindhoven, values, {}, snapshot)
    assert (
        "91,2 % van de besluiten is binnen de wettelijke termijn genomen, binnen de provinciale "
        "norm van 90,0 %." in within
    )
