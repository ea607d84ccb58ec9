"""``grip.core.schedule`` and `grip scheduler`: each daily job enqueued once a day, from its
hour on, however often (and by however many schedulers) it is asked."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from grip.core import schedule
from grip.core.models import ScheduledRun

pytestmark = pytest.mark.django_db


class FakeTask:
    """Stands in for a django-tasks Task: counts its enqueues."""

    def __init__(self) -> None:
        self.enqueued = 0

    def enqueue(self) -> None:
        self.enqueued += 1


@pytest.fixture
def jobs(monkeypatch: pytest.MonkeyPatch) -> dict[str, FakeTask]:
    """Two fake jobs, at six and at nine, instead of the apps' own."""
    monkeypatch.setattr(schedule, "_jobs", {})
    tasks = {"early": FakeTask(), "late": FakeTask()}
    schedule.register("late", tasks["late"], hour=9)
    schedule.register("early", tasks["early"], hour=6)
    return tasks


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment in March 2026, local time (Europe/Amsterdam)."""
    return timezone.make_aware(datetime.datetime(2026, 3, day, hour, minute))


def test_a_job_is_not_due_before_its_hour(jobs):
    assert schedule.run_due(at(2, 5, 59)) == []
    assert schedule.run_due(at(2, 6, 0)) == ["early"]
    assert schedule.run_due(at(2, 9, 0)) == ["late"]
    assert (jobs["early"].enqueued, jobs["late"].enqueued) == (1, 1)


def test_two_calls_the_same_day_enqueue_once(jobs):
    assert schedule.run_due(at(2, 10)) == ["early", "late"]
    assert schedule.run_due(at(2, 10, 1)) == []
    assert schedule.run_due(at(2, 23, 59)) == []

    assert (jobs["early"].enqueued, jobs["late"].enqueued) == (1, 1)
    assert ScheduledRun.objects.count() == 2


def test_each_day_has_its_own_run(jobs):
    schedule.run_due(at(2, 10))
    assert schedule.run_due(at(3, 6, 30)) == ["early"]
    assert schedule.run_due(at(3, 9, 30)) == ["late"]

    assert jobs["early"].enqueued == jobs["late"].enqueued == 2
    assert sorted(ScheduledRun.objects.values_list("job", "slot")) == [
        ("early", datetime.date(2026, 3, 2)),
        ("early", datetime.date(2026, 3, 3)),
        ("late", datetime.date(2026, 3, 2)),
        ("late", datetime.date(2026, 3, 3)),
    ]


def test_the_hour_is_local_time(jobs):
    # 05:30 UTC is 06:30 in Amsterdam in winter: the early job is due.
    utc = datetime.datetime(2026, 3, 2, 5, 30, tzinfo=datetime.UTC)
    assert schedule.run_due(utc) == ["early"]


def test_a_run_another_scheduler_recorded_is_not_enqueued_again(jobs):
    ScheduledRun.objects.create(job="early", slot=datetime.date(2026, 3, 2))
    assert schedule.run_due(at(2, 10)) == ["late"]
    assert jobs["early"].enqueued == 0


def test_jobs_are_listed_by_hour_and_a_wrong_hour_is_refused(jobs):
    assert [job.name for job in schedule.jobs()] == ["early", "late"]
    with pytest.raises(ValueError, match="hour 24"):
        schedule.register("never", FakeTask(), hour=24)


def test_the_scheduler_command_checks_once(jobs, monkeypatch):
    monkeypatch.setattr(schedule, "_jobs", {})
    task = FakeTask()
    schedule.register("always", task, hour=0)  # due whatever the hour the test runs
    out = io.StringIO()

    call_command("scheduler", "--once", stdout=out)
    call_command("scheduler", "--once", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines.count("Daily jobs: always (0:00)") == 2
    assert lines.count("Enqueued always") == 1
    assert task.enqueued == 1


class BrokenTask:
    def enqueue(self) -> None:
        raise RuntimeError("the queue is gone")


def test_a_job_that_cannot_be_enqueued_does_not_stop_the_others(jobs, caplog):
    schedule.register("broken", BrokenTask(), hour=6)

    assert schedule.run_due(at(2, 10)) == ["early", "late"]
    assert "broken" in caplog.text
    # Its run was rolled back, so a later check tries it again.
    assert not ScheduledRun.objects.filter(job="broken").exists()
