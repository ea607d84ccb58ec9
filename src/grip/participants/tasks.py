"""Daily work of the participants app, through Django's tasks API (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from grip.participants import notifications


@task()
def remind_follow_ups() -> int:
    """Mail the owners of follow-ups that fall due (registered as a daily job)."""
    return notifications.remind_follow_ups()
