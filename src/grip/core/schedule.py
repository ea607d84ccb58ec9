"""Daily jobs, enqueued through Django's tasks API by `grip scheduler`.

Apps register their daily jobs in ``AppConfig.ready``. The scheduler asks :func:`run_due` every
minute; a job runs once per day from its hour on. ``ScheduledRun`` is unique per job and day,
so any number of schedulers on any number of machines enqueue each run exactly once.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from grip.core.models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    task: Any  # a django-tasks Task taking no arguments
    hour: int  # local hour from which the day's run is due


_jobs: dict[str, Job] = {}


def register(name: str, task: Any, *, hour: int) -> None:
    if not 0 <= hour <= 23:
        raise ValueError(f"Job {name!r}: hour {hour} is not 0-23.")
    _jobs[name] = Job(name=name, task=task, hour=hour)


def jobs() -> list[Job]:
    return sorted(_jobs.values(), key=lambda job: (job.hour, job.name))


def run_due(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue each job that is due today and not yet enqueued; the names enqueued."""
    local = timezone.localtime(now or timezone.now())
    enqueued = []
    for job in jobs():
        if local.hour < job.hour:
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=job.name, slot=local.date())
                job.task.enqueue()
        except IntegrityError:
            continue  # another scheduler (or an earlier minute) already enqueued today's run
        except Exception:
            # One job that cannot be enqueued must not stop the others; its run was rolled
            # back, so the next check tries it again.
            logger.exception("Could not enqueue the daily job %s", job.name)
            continue
        enqueued.append(job.name)
    return enqueued
