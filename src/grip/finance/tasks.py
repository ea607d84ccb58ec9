"""Daily work of the finance app, through Django's tasks API (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from grip.finance import notifications


@task()
def warn_forecasts() -> int:
    """Signal forecasts that stray from the plan (registered as a daily job)."""
    return notifications.warn_forecasts()
