"""The demo's indicators: the targets, the baseline over the first quarter and the BIG-8 cycles.

The demo is loaded once for the class at scale small for a past year (2025), so that every
quarter has ended whatever the day the tests run; every test reads it in its own savepoint.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from random import Random

from django.contrib.auth import get_user_model
from django.db.models import Count, Min
from django.test import TestCase
from django.utils import timezone

from grip.core.demodata import Progress, load_demo, registered_steps
from grip.kpis import demo, registry
from grip.kpis.constants import SnapshotKind, StepStatus
from grip.kpis.models import Cycle, CycleDocument, CycleStep, Snapshot, SnapshotValue, Target
from grip.participants.models import Participant
from grip.programmes.models import ProgrammeVersion

YEAR = 2025
SEED = 3
LATE = StepStatus.LATE
DONE = StepStatus.DONE
BUSY = StepStatus.IN_PROGRESS
IDLE = StepStatus.NOT_STARTED


def _statuses(cycle: Cycle) -> list[str]:
    return list(cycle.steps.order_by("number").values_list("status", flat=True))


class DemoKpisTest(TestCase):
    output: io.StringIO

    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = io.StringIO()
        load_demo(scale="small", seed=SEED, year=YEAR, progress=Progress(cls.output))

    def test_the_step_runs_after_the_hours_and_prints_its_summary(self):
        names = [step.name for step in registered_steps()]
        assert names.index("hours") < names.index("kpis") < names.index("reporting")
        step = next(step for step in registered_steps() if step.name == "kpis")
        assert step.order == 70
        assert step.has_data()
        # the baseline and 23 cycles (22 participants and the region)
        assert "Nulmeting en BIG-8-cycli: 24 in " in self.output.getvalue()

    def test_targets_differ_from_the_norm_with_their_notes(self):
        rows = {
            (t.indicator_code, t.participant.code if t.participant else None): (
                t.value,
                t.comparison,
            )
            for t in Target.objects.select_related("participant").filter(year=YEAR)
        }
        assert rows == {
            ("beslissingen-binnen-termijn", "GM0772"): (Decimal("95.0"), "ge"),
            ("herstel-bij-hercontrole", "GM0794"): (Decimal("65.0"), "gt"),
            ("naleving-eerste-controle", "PV30"): (Decimal("50.0"), "ge"),
            ("dwangsom-niet-tijdig", "GM0861"): (Decimal("0.5"), "lt"),
            ("realisatie-uren", None): (Decimal("95.0"), "ge"),
            ("controles-uitgevoerd", None): (Decimal("95.0"), "ge"),
            ("klachten-binnen-termijn", None): (Decimal("90.0"), "ge"),
            ("aandeel-gerelateerd-werk", None): (Decimal("15.0"), "le"),
        }
        assert not Target.objects.filter(note="").exists()
        for t in Target.objects.exclude(participant=None):
            norm = registry.get(t.indicator_code).target
            assert norm is not None
            assert t.value != norm

    def test_one_baseline_over_the_first_quarter_for_every_indicator(self):
        baseline = Snapshot.objects.get(kind=SnapshotKind.BASELINE)
        assert (baseline.start, baseline.end) == (
            datetime.date(YEAR, 1, 1),
            datetime.date(YEAR, 3, 31),
        )
        assert baseline.frozen_by.username == "kis"
        assert timezone.localtime(baseline.frozen_at) == timezone.make_aware(
            datetime.datetime(YEAR, 4, 9, 11)
        )
        assert set(baseline.definitions) == set(registry.BY_CODE)
        counts = dict(
            SnapshotValue.objects.filter(snapshot=baseline)
            .values_list("indicator_code")
            .annotate(n=Count("id"))
        )
        participants = Participant.objects.count()
        for indicator in registry.INDICATORS:
            expected = participants + 1 if indicator.scope == "deelnemer" else 1
            assert counts[indicator.code] == expected, indicator.code
        # the figures are real: the first quarter's decisions, inspections and hours
        region = {
            v.indicator_code: v
            for v in SnapshotValue.objects.filter(snapshot=baseline, participant=None)
        }
        for code in ("beslissingen-binnen-termijn", "naleving-eerste-controle", "realisatie-uren"):
            assert region[code].denominator, code
            assert region[code].value is not None, code

    def test_a_cycle_for_the_region_and_every_participant_with_eight_steps(self):
        cycles = Cycle.objects.filter(year=YEAR)
        assert cycles.count() == Participant.objects.count() + 1
        assert cycles.filter(participant=None).count() == 1
        for cycle in cycles.annotate(n=Count("steps")):
            assert cycle.n == 8
            assert list(cycle.steps.values_list("number", flat=True)) == list(range(1, 9))
        steps = CycleStep.objects.filter(cycle__year=YEAR)
        assert not steps.filter(status=DONE, completed_on=None).exists()
        assert not steps.exclude(status=DONE).exclude(completed_on=None).exists()
        assert not steps.filter(owner=None).exists()
        assert not steps.filter(planned_on=None).exists()

    def test_owners_are_the_account_managers_and_kis_for_the_region(self):
        for cycle in Cycle.objects.filter(year=YEAR).select_related("participant__account_manager"):
            owners = set(cycle.steps.values_list("owner__username", flat=True))
            if cycle.participant is None:
                assert owners == {"kis"}
            else:
                manager = cycle.participant.account_manager
                assert owners == {manager.user.username}

    def test_a_past_year_is_done_except_the_lagging_strategic_steps(self):
        lagging = {(code, number) for code, number, _note in demo.LAGGING if number <= 4}
        for cycle in Cycle.objects.filter(year=YEAR).select_related("participant"):
            code = cycle.participant.code if cycle.participant else None
            expected = [LATE if (code, n) in lagging else DONE for n in range(1, 9)]
            assert _statuses(cycle) == expected, code
        notes = dict(
            CycleStep.objects.filter(cycle__year=YEAR, status=LATE).values_list(
                "cycle__participant__code", "notes"
            )
        )
        assert notes["GM1706"].startswith("De geactualiseerde handhavingsstrategie")

    def test_step_five_is_the_programme_adoption_and_the_strategic_loop_comes_first(self):
        adopted = dict(
            ProgrammeVersion.objects.filter(
                programme__year=YEAR, adopted_on__isnull=False, programme__participant__isnull=False
            )
            .values("programme__participant_id")
            .annotate(first=Min("adopted_on"))
            .values_list("programme__participant_id", "first")
        )
        for cycle in Cycle.objects.filter(year=YEAR):
            days = dict(cycle.steps.values_list("number", "completed_on"))
            expected = (
                max(adopted.values())
                if cycle.participant_id is None
                else adopted[cycle.participant_id]
            )
            assert days[5] == expected
            strategic = [days[n] for n in range(1, 5) if days[n] is not None]
            assert strategic == sorted(strategic)
            assert all(day < days[5] for day in strategic)
            assert days[6] == datetime.date(YEAR, 12, 31)
            assert days[6] < days[7] < days[8]

    def test_documents_link_examples_on_odzob_nl(self):
        documents = CycleDocument.objects.filter(step__cycle__year=YEAR)
        region = documents.filter(step__cycle__participant=None)
        assert sorted(region.values_list("step__number", flat=True)) == [1, 3]
        per_participant = (
            documents.exclude(step__cycle__participant=None)
            .values("step__cycle_id")
            .annotate(n=Count("id"))
        )
        assert len(per_participant) == Participant.objects.count()
        assert {row["n"] for row in per_participant} == {1}
        assert set(
            documents.exclude(step__cycle__participant=None).values_list("step__number", flat=True)
        ) == {5}
        assert all(
            url.startswith(demo.EXAMPLE_SITE) for url in documents.values_list("url", flat=True)
        )
        eindhoven = documents.get(step__cycle__participant__code="GM0772")
        assert eindhoven.url.endswith(f"/{YEAR}/uitvoeringsprogramma-eindhoven.pdf")
        assert eindhoven.added_by == eindhoven.step.owner

    def test_during_the_year_execution_and_monitoring_are_in_progress(self):
        Cycle.objects.all().delete()  # the same year's cycles again, as on a day in November
        today = datetime.date(YEAR, 11, 29)
        kis = get_user_model().objects.get(username="kis")
        demo.write_cycles(Random(1), YEAR, today, kis)  # noqa: S311 - demo data
        behind = demo.behind_on_execution(YEAR)
        lowest = (
            SnapshotValue.objects.filter(
                snapshot__kind=SnapshotKind.BASELINE, indicator_code="realisatie-uren"
            )
            .exclude(participant=None)
            .order_by("value", "participant__code")
            .values_list("participant__code", flat=True)[:2]
        )
        assert set(behind) == set(lowest)
        lagging = {(code, number) for code, number, _note in demo.LAGGING}
        lagging |= {(code, 6) for code in behind}
        for cycle in Cycle.objects.filter(year=YEAR).select_related("participant"):
            code = cycle.participant.code if cycle.participant else None
            expected = [
                LATE if (code, n) in lagging else DONE if n <= 5 else BUSY if n <= 7 else IDLE
                for n in range(1, 9)
            ]
            assert _statuses(cycle) == expected, code
        late = CycleStep.objects.filter(status=LATE, number=6).select_related("cycle__participant")
        assert {step.cycle.participant.code: step.notes for step in late} == behind
        assert all(note.startswith("De uren blijven achter") for note in behind.values())
        idle = CycleStep.objects.filter(number=8).values_list("notes", flat=True)
        assert set(idle) == {""}


def test_a_step_is_done_late_busy_or_not_started_by_its_dates():
    planned = datetime.date(2026, 10, 15)
    state = demo.step_state
    on = datetime.date(2026, 10, 10)
    assert state(planned=planned, completed=on, today=on, work_days=45) == (DONE, on)
    assert state(
        planned=planned, completed=on, today=on - datetime.timedelta(days=1), work_days=45
    ) == (
        BUSY,
        None,
    )
    assert state(
        planned=planned, completed=None, today=datetime.date(2026, 10, 16), work_days=45
    ) == (
        LATE,
        None,
    )
    assert state(
        planned=planned, completed=None, today=datetime.date(2026, 8, 31), work_days=45
    ) == (
        BUSY,
        None,
    )
    assert state(
        planned=planned, completed=None, today=datetime.date(2026, 8, 30), work_days=45
    ) == (
        IDLE,
        None,
    )
    assert state(planned=planned, completed=on, today=on, work_days=45, lagging=True) == (
        LATE,
        None,
    )
